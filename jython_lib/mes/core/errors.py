"""The library's one exception family (docs/rules.md#errors-and-atomicity).

Every error raised to a caller is a MesError. Messages name the object (type and id, path or name)
and say what would fix the problem. ValidationError carries the same {field: [messages]} map the
matching validate...() call returns, so a script can show it next to the fields.
"""
from __future__ import absolute_import


class MesError(Exception):
    """Base of every error the library raises."""

    def __init__(self, message):
        Exception.__init__(self, message)
        self.message = message

    def __str__(self):
        return self.message


class ValidationError(MesError):
    """The input cannot be stored or run; `errors` maps field names to lists of messages."""

    def __init__(self, message, errors=None):
        MesError.__init__(self, message)
        self.errors = dict(errors or {})

    @classmethod
    def from_map(cls, what, errors, verdict="is not valid"):
        parts = []
        for field in sorted(errors):
            parts.append("%s: %s" % (field, "; ".join(errors[field])))
        return cls("%s %s: %s" % (what, verdict, " | ".join(parts)), errors)

    @classmethod
    def for_field(cls, field, message):
        return cls(message, {field: [message]})


class NotFoundError(MesError):
    """A referenced object does not exist."""


class InUseError(MesError):
    """A delete is blocked because other rows reference the object; `references` lists them."""

    def __init__(self, message, references=None):
        MesError.__init__(self, message)
        self.references = list(references or [])


class ConflictError(MesError):
    """The object is in the wrong state for the call, or another writer changed it first."""


class PermissionDeniedError(MesError):
    """The calling user lacks a permission key; `permission` names it."""

    def __init__(self, message, permission=None):
        MesError.__init__(self, message)
        self.permission = permission


class InsufficientInventoryError(MesError):
    """A decrease would take a (lot, location) balance below zero where that is not allowed."""


class DatabaseError(MesError):
    """The database refused a statement; the original driver message is kept in `cause`."""

    def __init__(self, message, cause=None):
        MesError.__init__(self, message)
        self.cause = cause
