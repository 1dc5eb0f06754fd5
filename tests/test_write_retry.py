"""Every writing call is one transaction through db.write, so a transaction the database aborts for
a deadlock is run again (docs/faults.md#deadlocks-and-retries): master-data saves and deletes,
startOperation / stopOperation / pauseOperation, setInventoryMetadata and the audit's repair. The
deadlock is simulated at the commit (the driver's error with the back-end's own deadlock codes), so
the test runs the same on every database; tests/test_faults_db.py provokes a real one."""
import os

import pytest

from fault_fixtures import FakeSQLException, JavaWrapper
from harness.portable.db import DatabaseError
from mes.persistence import db, dialects, tables

import inventory_fixtures as fx

RERUN_LOG = "transaction aborted by the database (deadlock)"
# The codes each driver reports a deadlock with; SQLite serialises writers and never reports one,
# so for it the test teaches its dialect a code.
DEADLOCK_CODES = {"postgres": ("40P01", 0), "mysql": ("40001", 1213), "sqlite": ("40001", 0)}


@pytest.fixture
def deadlock_at_next_commit(system, monkeypatch):
    """The next commit fails as a deadlock victim's does (the database rolled the transaction back)."""
    dialect = db.dialect_for(db.database_name())
    if dialect is dialects.SQLITE:
        monkeypatch.setattr(dialects.SQLITE, "sqlstates", dict(dialects.SQLITE.sqlstates, **{"40001": "deadlock"}))
    state, code = DEADLOCK_CODES[dialect.name]
    real_commit, aborted = system.db.commitTransaction, []

    def commit(tx):
        if not aborted:
            aborted.append(tx)
            system.db.rollbackTransaction(tx)
            raise DatabaseError("deadlock detected (simulated)", java_exception=JavaWrapper(FakeSQLException(state, code)))
        return real_commit(tx)

    monkeypatch.setattr(system.db, "commitTransaction", commit)
    return aborted


@pytest.fixture
def line(system):
    each = fx.make_unit("Each", "ea")
    lot = fx.make_lot("L1", fx.make_material("Cap", unit=each))
    location = fx.make_location("Plant/Line")
    row = fx.make_inventory(lot, location, 4.0)
    operation = fx.make_operation("Filler", location=location, trigger_source="MANUAL")
    return {"operation": operation["id"], "row": row["id"]}


def _save_location(mes, line):
    return mes.location.saveLocation(**dict(mes.location.newLocation(), name="Store"))["path"]


def _delete_location(mes, line):
    mes.location.saveLocation(**dict(mes.location.newLocation(), name="Spare"))
    return mes.location.deleteLocation("Spare")["success"]


def _start(mes, line):
    return mes.operation.startOperation(line["operation"])["status"]


def _stop(mes, line):
    mes.operation.startOperation(line["operation"])
    return mes.operation.stopOperation(line["operation"])["status"]


def _pause(mes, line):
    mes.operation.startOperation(line["operation"])
    return mes.operation.pauseOperation(line["operation"])["status"]


def _metadata(mes, line):
    return mes.inventory.setInventoryMetadata(line["row"], notes="checked")["notes"]


def _repair(mes, line):
    return len(mes.inventory.auditInventoryLedger(repair=True))


# (the call, what it returns once run again, the rows a user checks afterwards)
CALLS = [
    (_save_location, "Store", lambda: len(fx.rows(tables.LOCATIONS))),
    (_delete_location, True, lambda: len(fx.rows(tables.LOCATIONS))),
    (_start, "RUNNING", lambda: [r["status"] for r in fx.rows(tables.OPERATION_RECORDS)]),
    (_stop, "COMPLETED", lambda: [r["status"] for r in fx.rows(tables.OPERATION_RECORDS)]),
    (_pause, "PAUSED", lambda: [r["status"] for r in fx.rows(tables.OPERATION_RECORDS)]),
    (_metadata, "checked", lambda: [r["notes"] for r in fx.rows(tables.INVENTORY)]),
    (_repair, 1, lambda: [r["quantity"] for r in fx.rows(tables.INVENTORY)]),
]
EXPECTED_ROWS = {"_save_location": 3, "_delete_location": 2, "_start": ["RUNNING"], "_stop": ["COMPLETED"],
                 "_pause": ["PAUSED"], "_metadata": ["checked"], "_repair": [0.0]}


@pytest.mark.parametrize("call,returned,rows", CALLS, ids=[c[0].__name__ for c in CALLS])
def test_a_deadlock_aborted_writing_call_is_run_again_once(system, line, deadlock_at_next_commit, call, returned, rows):
    assert call(system.mes, line) == returned
    assert len(deadlock_at_next_commit) == 1  # the first commit was aborted ...
    assert rows() == EXPECTED_ROWS[call.__name__]  # ... and the call's rows are there exactly once
    reruns = [m for m in system.util.records_for("mes.db", "info") if RERUN_LOG in m]
    assert len(reruns) == 1
    assert system.db.open_transaction_ids() == []


def test_no_service_opens_a_plain_transaction():
    """db.write is the one way a service or facade writes; a plain `with db.transaction()` would not
    be run again after a deadlock (persistence keeps it for the schema migrations' DDL)."""
    services = os.path.join(os.path.dirname(os.path.dirname(os.path.abspath(__file__))), "jython_lib", "mes")
    plain = []
    for folder, _, names in os.walk(services):
        for name in names:
            path = os.path.join(folder, name)
            if name.endswith(".py") and os.sep + "persistence" + os.sep not in path:
                with open(path) as handle:
                    if "db.transaction(" in handle.read():
                        plain.append(os.path.relpath(path, services))
    assert plain == []
