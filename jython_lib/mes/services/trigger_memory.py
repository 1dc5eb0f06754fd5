"""The trigger engine's memory in the database (docs/faults.md#the-engines-memory).

What the engine remembers of each EXPRESSION-triggered inventory operation -- the last good sample
of its start and stop expressions and, for a RUNNING DELTA run, the total counted so far and the
last good counter sample -- is written at every edge (inside the edge's own transaction), at every
counter wrap or reset, and at most every `flushIntervalMillis` while anything changed. A restarted
gateway compares its first sample with what was written, exactly as the next tick would have.
"""
from __future__ import absolute_import

import hashlib

from mes.persistence import runtime_store, trigger_store
from mes.services import inventory_operation_runtime

DEFAULT_FLUSH_MILLIS = 10000  # flushIntervalMillis 0 (or none): the library's default


def fingerprint(entry):
    """What the written samples belong to: the trigger expressions and edge types. A changed
    trigger makes the written samples meaningless, so the first sample primes again."""
    text = u"\x00".join(u"%s" % (entry[k],) for k in ("start", "stop", "start_type", "stop_type"))
    return hashlib.sha1(text if isinstance(text, bytes) else text.encode("utf-8")).hexdigest()


def written(session, ids=None):
    """{operation id: (fingerprint, start sample, stop sample)} as last written."""
    return trigger_store.memories(session, ids)


def snapshot(entry):
    """What the engine would write now, to tell whether anything changed since the last write."""
    return entry["last_start"], entry["last_stop"], entry["counter"]


def interval(entry):
    """The entry's flush interval in milliseconds (flushIntervalMillis; 0 or none: the default)."""
    return entry["flush"] or DEFAULT_FLUSH_MILLIS


def write_samples_in(session, entry, samples):
    """The samples (start, stop) taken at an edge, in the edge's transaction."""
    trigger_store.write_samples(session, entry["id"], fingerprint(entry), samples[0], samples[1])


def flush_in(session, entry):
    """Write the samples and, for a running DELTA run, its counter and the count so far on its
    RUNNING record (in the lot's unit; nothing moves until the stop)."""
    trigger_store.write_samples(session, entry["id"], fingerprint(entry), entry["last_start"], entry["last_stop"])
    counter = entry["counter"]
    if entry["status"] != "RUNNING" or not entry["delta"] or counter is None or counter[1] is None:
        return
    runtime_store.save_counter(session, entry["id"], counter[1], counter[0])
    factor = entry.get("factor")
    if factor is None or factor[0] != entry["record"]:
        factor = entry["factor"] = inventory_operation_runtime.lot_unit_factor_in(session, entry["id"])
    if factor is not None:
        trigger_store.show_running_quantity(session, factor[0], counter[0] * factor[1])


def restore_samples(entry, memory):
    """Take the written samples where they belong to the entry's current triggers ("the first
    sample primes" then applies only where nothing was written)."""
    if memory is not None and memory[0] == fingerprint(entry):
        entry["last_start"], entry["last_stop"] = memory[1], memory[2]

