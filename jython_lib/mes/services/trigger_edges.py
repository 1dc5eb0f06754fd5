"""Store and forward of triggered starts and stops (docs/faults.md#store-and-forward).

An edge is written in one transaction (the start or stop, and the samples taken at the edge). When
that fails for a reason a later try can cure (the database unavailable, a deadlock, a lock
timeout), the edge stays pending, in edge order per operation, with the edge's time and what was
sampled at it (the tag values, so material, lot and DIRECT quantity come out as at the edge, and
the DELTA count frozen at the stop edge), and every following tick tries again until it is
written with the edge's time as its start or end date. The first failure of an outage is logged as
a warning naming the operation and what is pending, the recovery as information. A failure no
retry can cure leaves the operation FAULTED, logged (docs/rules.md#inventory-operation-runtime).
"""
from __future__ import absolute_import

from mes.core import dates, errors, platform
from mes.persistence import db
from mes.services import inventory_operation_runtime, permissions, trigger_memory

LOGGER = "inventory.operation.triggers"


def new_edge(entry, which, at_millis, values):
    """An edge as the engine saw it: which, when, the tag values read, the samples after it and,
    for a stop, the DELTA counter frozen at the edge."""
    return {"which": which, "at": at_millis, "tags": values, "samples": (entry["last_start"], entry["last_stop"]),
            "counter": entry["counter"] if which == "stop" else None}


def forward(entry):
    """Write the entry's pending edges in order, stopping at the first one that must wait.

    Returns:
        "written" when nothing is pending any more, "waiting" when the database is still
        unavailable, or "stale" / "faulted" when an edge failed for good (it is dropped).
    """
    outcome, done = "written", []
    while entry["pending"]:
        edge = entry["pending"][0]
        try:
            # The run the edge leaves behind is noted only once its transaction committed: a
            # commit in doubt must retry against the run it was about.
            entry["record"] = db.write(lambda session: _write_in(session, entry, edge))
        except errors.MesError as failed:
            if db.is_retryable(failed):
                _note_outage(entry, failed)
                return "waiting"
            entry["pending"].pop(0)
            outcome = _failed_for_good(entry, edge, failed)
            continue
        done.append(_describe_edge(entry["pending"].pop(0)))
    _note_recovery(entry, done)
    return outcome


def _write_in(session, entry, edge):
    """Write one edge; returns the id of the running record it leaves (None after a stop)."""
    permissions.require("INVENTORY_OPERATION.EXECUTE")  # as the gateway principal: docs/permissions.md
    running = None
    if edge["which"] == "start":
        record = inventory_operation_runtime.start_in(session, entry["id"], tags=edge["tags"],
                                                      start_millis=edge["at"])
        running = record["id"] if record else None
    else:
        inventory_operation_runtime.stop_in(session, entry["id"], tags=edge["tags"], counter=edge["counter"],
                                            end_millis=edge["at"], expected_record=entry.get("record"))
    trigger_memory.write_samples_in(session, entry, edge["samples"])
    return running


def _failed_for_good(entry, edge, failed):
    """A state conflict means another call or gateway changed the operation first: reload it, no
    fault. Anything else (validation, insufficient inventory, not ready) faults it."""
    if isinstance(failed, errors.ConflictError):
        return "stale"
    try:
        inventory_operation_runtime.fault(entry["id"], "triggered %s failed (edge at %s): %s"
                                          % (edge["which"], dates.to_iso(edge["at"]), failed))
    except errors.MesError as not_written:
        platform.logger(LOGGER).error("inventory operation '%s': triggered %s failed (%s) and its FAULTED state "
                                      "could not be written: %s" % (entry["name"], edge["which"], failed, not_written))
    entry["status"], entry["counter"] = "FAULTED", None
    del entry["pending"][:]  # what followed the failed edge assumed it had been written
    return "faulted"


def describe(entry):
    """What is pending, in words: 'stop at 2026-12-01T10:00:00.000Z (quantity 195.0)'."""
    return ", ".join(_describe_edge(edge) for edge in entry["pending"])


def _describe_edge(edge):
    text = "%s at %s" % (edge["which"], dates.to_iso(edge["at"]))
    if edge["counter"] is not None and edge["counter"][0] is not None:
        text += " (quantity %s counted)" % edge["counter"][0]
    return text


def _note_outage(entry, failed):
    if entry.get("outage") is not None:
        return
    entry["outage"] = dates.now_millis()
    platform.logger(LOGGER).warn(
        "inventory operation '%s' (%s): could not write its triggered %s (%s); kept pending and retried every tick "
        "until the database takes it: %s" % (entry["name"], entry["id"], entry["pending"][0]["which"],
                                             db.reason_of(failed), describe(entry)))


def _note_recovery(entry, done):
    since = entry.get("outage")
    if since is None:
        return
    entry["outage"] = None
    platform.logger(LOGGER).info(
        "inventory operation '%s' (%s): the database is back (unavailable since %s); wrote the pending %s"
        % (entry["name"], entry["id"], dates.to_iso(since), ", ".join(done) or "edges"))
