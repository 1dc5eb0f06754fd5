"""Database errors classified by their codes, deadlocks run again, one lock order (docs/faults.md):
the classification per dialect, the cause chain a gateway wraps the driver's error in, real
errors on every back-end, a real deadlock retried, and consume/receive/move/produce interleaved on
one lot by two threads without a single deadlock."""
import threading

import pytest

from fault_fixtures import FakeSQLException, JavaWrapper, outage
from mes.core import errors, ids
from mes.persistence import db, dialects, mapping, tables

pytestmark = pytest.mark.usefixtures("audited")

RERUN_LOG = "transaction aborted by the database"


# -- classification from codes ------------------------------------------------------------------------------

@pytest.mark.parametrize("dialect,state,code,kind", [
    (dialects.POSTGRES, "40P01", 0, "deadlock"),
    (dialects.POSTGRES, "40001", 0, "serialization"),
    (dialects.POSTGRES, "55P03", 0, "lock_timeout"),
    (dialects.POSTGRES, "08006", 0, "unavailable"),
    (dialects.POSTGRES, "57P01", 0, "unavailable"),
    (dialects.POSTGRES, "23505", 0, "duplicate"),
    (dialects.POSTGRES, "23503", 0, "foreign_key"),
    (dialects.POSTGRES, "22001", 0, "too_long"),
    (dialects.POSTGRES, "42P01", 0, None),
    (dialects.MYSQL, "40001", 1213, "deadlock"),
    (dialects.MYSQL, "HY000", 1205, "lock_timeout"),
    (dialects.MYSQL, "23000", 1062, "duplicate"),
    (dialects.MYSQL, "23000", 1452, "foreign_key"),
    (dialects.MYSQL, "22001", 1406, "too_long"),
    (dialects.MYSQL, "22003", 1264, "out_of_range"),
    (dialects.MYSQL, "08S01", 0, "unavailable"),
    (dialects.MYSQL, "HY000", 1927, "unavailable"),
    (dialects.SQLITE, None, 5, "busy"),
    (dialects.SQLITE, None, 2067, "duplicate"),
    (dialects.SQLITE, None, 787, "foreign_key"),
    (dialects.SQLITE, None, 1, None),
])
def test_an_error_is_classified_from_its_codes(dialect, state, code, kind):
    assert dialect.error_kind(state, code) == kind


def test_the_sql_exception_is_found_down_the_cause_chain():
    driver = FakeSQLException("40P01")
    assert db.classify(JavaWrapper(JavaWrapper(driver)), dialects.POSTGRES) == "deadlock"
    assert db.classify(ValueError("deadlock detected"), dialects.POSTGRES) is None  # words count for nothing


def test_a_message_quoting_on_duplicate_key_is_not_a_duplicate(system):
    """MariaDB's upsert says ON DUPLICATE KEY in its SQL; a too-long value there is not a duplicate."""
    wrapped = JavaWrapper(FakeSQLException("22001", 1406))
    wrapped.args = ("Data too long for column 'name' -- INSERT ... ON DUPLICATE KEY UPDATE",)
    with pytest.raises(errors.DatabaseError) as raised:
        try:
            raise wrapped
        except JavaWrapper:
            db._reraise_as_library_error("INSERT ... ON DUPLICATE KEY UPDATE ...", dialects.MYSQL)
    assert not isinstance(raised.value, errors.ConflictError)
    assert db.reason_of(raised.value) == "too_long"


def _unit(session, name, symbol):
    mapping.insert(session, tables.UNITS_OF_MEASURE, {"id": ids.new_id(), "name": name, "symbol": symbol})


def test_a_real_duplicate_is_a_conflict_on_every_database(system):
    db.write(lambda session: _unit(session, "Each", "ea"))
    with pytest.raises(errors.ConflictError) as raised:
        db.write(lambda session: _unit(session, "Each", "ea"))
    assert db.reason_of(raised.value) == "duplicate" and "duplicate" in str(raised.value)


def test_a_real_broken_reference_is_in_use_on_every_database(system):
    row = {"id": ids.new_id(), "name": "Bottle", "path": "Bottle", "unit_of_measure_id": ids.new_id()}
    with pytest.raises(errors.InUseError) as raised:
        db.write(lambda session: mapping.insert(session, tables.MATERIALS, row))
    assert db.reason_of(raised.value) == "foreign_key"


def test_a_too_long_value_in_an_upsert_is_not_reported_as_a_duplicate(system, backend):
    if backend.name == "sqlite":
        pytest.skip("SQLite does not limit text lengths (the library's own limits are docs/limits.md)")
    upsert = {"mysql": "INSERT INTO unit_of_measure (id, enabled, name, symbol) VALUES (?, ?, ?, ?) "
                       "ON DUPLICATE KEY UPDATE name = VALUES(name)",
              "postgres": "INSERT INTO unit_of_measure (id, enabled, name, symbol) VALUES (?, ?, ?, ?) "
                          "ON CONFLICT (id) DO UPDATE SET name = excluded.name"}
    with pytest.raises(errors.DatabaseError) as raised:
        db.write(lambda session: session.update(upsert[session.dialect.name], [ids.new_id(), True, "x" * 300, "x"]))
    assert db.reason_of(raised.value) == "too_long"


def test_an_unavailable_database_is_a_retryable_database_error(system):
    with outage(system):
        with pytest.raises(errors.DatabaseError) as raised:
            system.mes.location.saveLocation(**dict(system.mes.location.newLocation(), name="Line"))
    assert db.reason_of(raised.value) == "unavailable" and db.is_retryable(raised.value)
    assert "unavailable" in str(raised.value)


# -- a real deadlock is run again ------------------------------------------------------------------------------

def test_a_deadlocked_call_is_run_again_and_both_calls_succeed(system, backend):
    if backend.name == "sqlite":
        pytest.skip("SQLite serialises writers: no row locks, no deadlocks")
    first, second = ids.new_id(), ids.new_id()
    db.write(lambda session: [_unit_row(session, first, "A"), _unit_row(session, second, "B")])
    barrier = threading.Barrier(2, timeout=30)
    attempts, outcomes = [], []

    def crossing(one, other):
        def work(session):
            attempts.append(one)
            _lock_unit(session, one)
            if attempts.count(one) == 1:
                barrier.wait()  # both hold their first row: the second lock closes the circle
            _lock_unit(session, other)
            return "done"

        def run():
            try:
                outcomes.append(db.write(work))
            except Exception as failed:  # recorded so the assertion names it
                outcomes.append(repr(failed))
        return threading.Thread(target=run)

    threads = [crossing(first, second), crossing(second, first)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(120)
    assert outcomes == ["done", "done"]
    assert len(attempts) == 3  # one of the two was aborted by the database and ran again
    assert len([m for m in system.util.records_for("mes.db", "info") if RERUN_LOG in m]) == 1


def _unit_row(session, unit_id, name):
    mapping.insert(session, tables.UNITS_OF_MEASURE, {"id": unit_id, "name": name, "symbol": name.lower()})


def _lock_unit(session, unit_id):
    session.query("SELECT id FROM unit_of_measure WHERE id = ? " + session.dialect.lock_rows, [unit_id])


# -- one lock order: interleaved calls on one lot never deadlock -------------------------------------------------

STEPS_PER_THREAD = 60


def _plant(mes):
    each = mes.unitOfMeasure.saveUnitOfMeasure(**dict(mes.unitOfMeasure.newUnitOfMeasure(), name="Each", symbol="ea"))
    mes.material.saveMaterial(**dict(mes.material.newMaterial(), name="Cap", unitOfMeasureId=each.id))
    for name in ("Line", "Store"):
        mes.location.saveLocation(**dict(mes.location.newLocation(), name=name, lotStorageStrategy="ALLOW_MULTIPLE",
                                         allowNegativeInventory=False))
    request = dict(mes.inventory.newReceiveRequest(), quantity=1000, materialIdOrPath="Cap",
                   destinationLocationIdOrPath="Line", lotIdOrName="C-1", createIfNotExists=True)
    mes.inventory.receive(**request)


def _step(mes, kind):
    inv = mes.inventory
    if kind == "consume":
        inv.consume(**dict(inv.newConsumeRequest(), quantity=1, materialIdOrPath="Cap", sourceLocationIdOrPath="Line",
                           lotIdOrName="C-1"))
    elif kind == "receive":
        inv.receive(**dict(inv.newReceiveRequest(), quantity=1, materialIdOrPath="Cap",
                           destinationLocationIdOrPath="Line", lotIdOrName="C-1"))
    elif kind == "produce":
        inv.produce(**dict(inv.newProduceRequest(), quantity=1, materialIdOrPath="Cap",
                           destinationLocationIdOrPath="Store", lotIdOrName="C-1"))
    else:
        inv.move(**dict(inv.newMoveRequest(), quantity=1, materialIdOrPath="Cap", sourceLocationIdOrPath="Line",
                        destinationLocationIdOrPath="Store", lotIdOrName="C-1"))


def test_interleaved_calls_on_one_lot_from_two_threads_never_deadlock(system, backend):
    _plant(system.mes)
    kinds = ("consume", "receive", "move", "produce")
    failures, done = [], []

    def worker(offset):
        for i in range(STEPS_PER_THREAD):
            kind = kinds[(i + offset) % len(kinds)]
            try:
                _step(system.mes, kind)
                done.append(kind)
            except Exception as failed:  # any failure is wrong here: the stock never runs out
                failures.append("%s: %r" % (kind, failed))

    threads = [threading.Thread(target=worker, args=(offset,)) for offset in (0, 1)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(600)
    assert not any(t.is_alive() for t in threads), "a worker did not finish"
    assert failures == []
    assert len(done) == 2 * STEPS_PER_THREAD
    # Every deadlock the server detects aborts one of these calls, which the library logs before
    # running it again: none were logged.
    assert [m for m in system.util.records_for("mes.db", "info") if RERUN_LOG in m] == []


# -- a connection lost at the commit leaves the call in doubt -------------------------------------------

@pytest.mark.parametrize("committed", [True, False], ids=["server-committed", "server-rolled-back"])
def test_a_connection_lost_at_the_commit_is_reported_in_doubt_and_never_rerun(system, monkeypatch, committed):
    """The driver cannot tell whether the server committed before the connection went, so the
    library says so (reason commit_unknown, "may or may not have been written") instead of "nothing
    was written", and does not run the call again by itself (docs/faults.md#error-classification)."""
    from harness.portable.db import DatabaseError
    import inventory_fixtures as fx
    each = fx.make_unit("Each", "ea")
    fx.make_material("Cap", unit=each)
    fx.make_location("Plant/Line", lot_storage_strategy="ALLOW_MULTIPLE")
    real_commit, commits = system.db.commitTransaction, []

    def commit(tx):
        commits.append(tx)
        if committed:
            real_commit(tx)
        else:
            system.db.rollbackTransaction(tx)
        raise DatabaseError("I/O error: connection reset (simulated)",
                            java_exception=JavaWrapper(FakeSQLException("08006", 0)))

    monkeypatch.setattr(system.db, "commitTransaction", commit)
    request = dict(system.mes.inventory.newReceiveRequest(), quantity=1, materialIdOrPath="Cap",
                   destinationLocationIdOrPath="Plant/Line", lotIdOrName="C-1", createIfNotExists=True)
    with pytest.raises(errors.MesError) as caught:
        system.mes.inventory.receive(**request)
    monkeypatch.setattr(system.db, "commitTransaction", real_commit)
    assert db.reason_of(caught.value) == "commit_unknown" and db.is_retryable(caught.value)
    assert "may or may not have been written" in str(caught.value)
    assert len(commits) == 1  # not rerun: a second receive would count the delivery twice
    stored = system.mes.inventory.getAllInventoryAtLocation("Plant/Line")
    assert [row["quantity"] for row in stored] == ([1.0] if committed else [])
