"""Each gateway's cache of inventory operations' configuration (docs/rules.md#inventory-operation-runtime).

An entry is what the runtime reads once per operation: the operation's configuration with its
material, source and destination locations, the material's unit and the reason code, under the
operation's `config_version`. It lives in the gateway globals, so a project save (which re-imports
the library) keeps it. Every save of the operation bumps the version in the database; the runtime's
compare-and-set updates check it, so an entry another gateway made stale is detected by the update's
row count, dropped and reloaded, and the call goes on with the fresh configuration.
"""
from __future__ import absolute_import
from mes.core import ids, platform

_KEY = "inventory_operation_configs"


def _entries():
    state = platform.runtime_state()
    entries = state.get(_KEY)
    if entries is None:
        entries = state.setdefault(_KEY, {})
    return entries


def get(op_id):
    """The cached entry of one operation, or None.

    Args:
        op_id: the inventory operation's canonical id.

    Returns:
        the entry stored by `put`, or None when there is none.
    """
    return _entries().get(op_id)


def put(op_id, entry):
    """Keep one operation's entry (replacing an older one).

    Args:
        op_id: the inventory operation's canonical id.
        entry: the configuration as the runtime loads it (it must not be changed afterwards).
    """
    _entries()[op_id] = entry


def forget(op_ids=None):
    """Drop the entries of some operations, or every entry (None): the next call reloads them.

    Args:
        op_ids: a list of inventory operation ids, or None for all.
    """
    entries = _entries()
    if op_ids is None:
        entries.clear()
        return
    for op_id in op_ids:
        entries.pop(ids.normalize_id(op_id) or op_id, None)


def size():
    """How many operations are cached (for tests and diagnostics)."""
    return len(_entries())
