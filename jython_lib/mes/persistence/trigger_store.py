"""SQL of the trigger engine's memory (docs/faults.md#the-engines-memory): the last good samples
of each EXPRESSION-triggered inventory operation's start and stop expressions, and the count so
far shown on a running DELTA record."""
from __future__ import absolute_import

from mes.core import dates
from mes.persistence import mapping, tables

MEMORY = tables.TRIGGER_MEMORY
_BOOL = MEMORY.column("start_sample")


def memories(session, ids=None):
    """{inventory operation id: (triggers fingerprint, start sample, stop sample)} as written."""
    sql = "SELECT id, triggers, start_sample, stop_sample FROM %s" % MEMORY.name
    args = []
    if ids:
        sql += " WHERE id IN (%s)" % ", ".join("?" * len(ids))
        args = list(ids)
    return dict((r["id"], (r["triggers"], mapping.python_value(_BOOL, r["start_sample"]),
                           mapping.python_value(_BOOL, r["stop_sample"]))) for r in session.query(sql, args))


def write_samples(session, op_id, triggers, start_sample, stop_sample):
    """Replace the operation's written samples (two statements, correct on every dialect)."""
    session.update("DELETE FROM %s WHERE id = ?" % MEMORY.name, [op_id])
    mapping.insert(session, MEMORY, {"id": op_id, "triggers": triggers, "start_sample": start_sample,
                                     "stop_sample": stop_sample, "created_date": dates.now_millis()})


def show_running_quantity(session, record_id, quantity):
    """The count so far on a RUNNING record (it moves nothing until the stop)."""
    session.update("UPDATE inventory_lot_records SET quantity = ? WHERE id = ? AND status = ?",
                   [quantity, record_id, "RUNNING"])
