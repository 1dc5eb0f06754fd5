"""The object type every API call returns (docs/rules.md#objects-ids-and-dates).

A dict (so `obj['id']`, `**obj` into the matching save, and Ignition's jsonEncode work) that
also answers attribute access (`obj.id`) and prints as JSON, like the reference product's objects.
"""
from __future__ import absolute_import
import json


class MesObject(dict):
    __slots__ = ()

    def __getattr__(self, name):
        try:
            return self[name]
        except KeyError:
            raise AttributeError("%s has no key '%s'; known keys: %s"
                                 % (self.__class__.__name__, name, ", ".join(sorted(self))))

    def __setattr__(self, name, value):
        self[name] = value

    def __str__(self):
        return to_json(self)

    __repr__ = __str__

    def copy(self):
        return MesObject(self)


def to_json(value):
    return json.dumps(value, sort_keys=True, default=_json_default)


def _json_default(value):
    # Java values that may slip through (dates, BigDecimal) print by their string form.
    return str(value)


def wrap(value):
    """Turn dicts (also inside lists) into MesObjects; other values pass through."""
    if isinstance(value, MesObject):
        return value
    if isinstance(value, dict):
        return MesObject(value)
    if isinstance(value, list):
        return [wrap(v) for v in value]
    return value
