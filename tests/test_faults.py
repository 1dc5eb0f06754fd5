"""Counts survive the plant's faults (docs/faults.md): the trigger engine through database outages
(store and forward) and gateway restarts (its memory in the database), and the running record
showing the count so far. The outages here are simulated at system.db (every call fails as on a
lost connection, on any back-end); real server stops are in tests/reliability/test_outages.py."""
import pytest

from fault_fixtures import outage
from mes.core import dates
from mes.services import triggers
from trigger_fixtures import COUNT, RUNNING, Line

pytestmark = pytest.mark.usefixtures("audited")

TRIGGERS_LOGGER = "mes.inventory.operation.triggers"


@pytest.fixture
def line(system):
    return Line(system)


def engine_logs(system, level):
    return system.util.records_for(TRIGGERS_LOGGER, level)


def millis(value):
    return dates.to_millis(value)


def restart(line):
    """A gateway restart: every global gone, then the startup script's
    updateInventoryOperationStatesFromDatabase."""
    line.system.util.getGlobals().clear()
    line.refresh()


def run_to(line, clock, values, step_ms=1000):
    for value in values:
        clock.advance(step_ms)
        line.set_and_tick(COUNT, value)


# -- store and forward: an outage at a stop edge -----------------------------------------------------------

def test_outage_at_a_stop_edge_writes_the_stop_when_the_database_is_back(line, system, clock):
    op = line.op()
    line.tick()
    line.set_and_tick(RUNNING, True)
    run_to(line, clock, [100, 195])
    system.util.clear_log()
    with outage(system) as refused:
        clock.advance(1000)
        edge_time = clock.now_millis()
        assert line.set_and_tick(RUNNING, False) == 1  # the edge fires; its write waits
        for value in (200, 230):  # the line goes on while the database is down: not this run's
            clock.advance(1000)
            assert line.set_and_tick(COUNT, value) == 0
    assert refused, "the outage refused nothing: the test did not test an outage"
    [warning] = engine_logs(system, "warn")
    assert "'Fill'" in warning and "stop at %s" % dates.to_iso(edge_time) in warning
    assert "quantity 195.0 counted" in warning and "unavailable" in warning
    assert line.status(op) == "RUNNING"  # the database has not heard of the stop yet
    clock.advance(5000)
    assert line.tick() == 0  # back: the pending stop is written
    [record] = line.records(op)
    assert record["status"] == "COMPLETED" and record["quantity"] == 195.0
    assert millis(record["end_date"]) == edge_time
    assert line.status(op) == "IDLE"
    [recovery] = engine_logs(system, "info")
    assert "'Fill'" in recovery and "back" in recovery and dates.to_iso(edge_time) in recovery
    assert engine_logs(system, "error") == []
    # The next run is a record of its own.
    line.set_and_tick(RUNNING, True)
    run_to(line, clock, [260])
    line.set_and_tick(RUNNING, False)
    assert [r["quantity"] for r in line.records(op)] == [195.0, 30.0]


def test_outage_at_a_start_edge_starts_the_run_at_the_edge_time(line, system, clock):
    op = line.op()
    line.write(COUNT, 100)
    line.tick()
    system.util.clear_log()
    with outage(system):
        clock.advance(1000)
        edge_time = clock.now_millis()
        assert line.set_and_tick(RUNNING, True) == 1
        run_to(line, clock, [110, 130])  # counted from the edge's sample, not from the recovery
    [warning] = engine_logs(system, "warn")
    assert "'Fill'" in warning and "start at %s" % dates.to_iso(edge_time) in warning
    assert line.status(op) == "IDLE"
    clock.advance(1000)
    line.set_and_tick(COUNT, 150)
    [running] = line.records(op)
    assert running["status"] == "RUNNING" and millis(running["start_date"]) == edge_time
    assert line.status(op) == "RUNNING"
    line.set_and_tick(RUNNING, False)
    [record] = line.records(op)
    assert record["status"] == "COMPLETED" and record["quantity"] == 50.0
    assert len(engine_logs(system, "info")) == 1


def test_start_and_stop_both_during_an_outage_are_written_in_edge_order(line, system, clock):
    op = line.op()
    line.tick()
    with outage(system):
        clock.advance(1000)
        started = clock.now_millis()
        line.set_and_tick(RUNNING, True)
        run_to(line, clock, [40, 90])
        clock.advance(1000)
        stopped = clock.now_millis()
        line.set_and_tick(RUNNING, False)
        run_to(line, clock, [120])
    assert len(engine_logs(line.system, "warn")) == 1  # once per outage, not per tick or edge
    line.tick()
    [record] = line.records(op)
    assert (record["status"], record["quantity"]) == ("COMPLETED", 90.0)
    assert (millis(record["start_date"]), millis(record["end_date"])) == (started, stopped)
    assert line.status(op) == "IDLE"


def test_a_failure_no_retry_cures_faults_the_operation_and_drops_the_edge(line, system, clock):
    op = line.op()
    line.tick()
    line.set_and_tick(RUNNING, True)
    run_to(line, clock, [12])
    loc = line.mes.location
    loc.saveLocation(**dict(loc.getLocation(line.pack["id"]), lotStorageStrategy="NO_STORAGE"))
    with outage(system):
        line.set_and_tick(RUNNING, False)
    system.util.clear_log()
    line.tick()  # the pending stop reaches the database, which refuses it for good
    assert line.status(op) == "FAULTED"
    [(_, _, message)] = line.logs(level="error")
    assert "triggered stop failed" in message and "NO_STORAGE" in message
    line.tick()
    assert len(line.logs(level="error")) == 1  # logged once; the dropped edge is not retried


def test_no_tick_raises_while_the_database_is_down_at_startup(line, system):
    op = line.op()
    system.util.getGlobals().clear()
    with outage(system):
        assert line.tick() == 0
        assert line.tick() == 0
    [warning] = engine_logs(system, "warn")
    assert "could not load" in warning
    line.tick()  # loads (and primes)
    assert line.set_and_tick(RUNNING, True) == 1
    assert line.status(op) == "RUNNING"


# -- restarts: the engine's memory in the database ---------------------------------------------------------

def test_line_stopped_while_the_gateway_was_down_stops_on_the_first_tick(line, clock):
    op = line.op()
    line.tick()
    line.set_and_tick(RUNNING, True)
    run_to(line, clock, [25, 60])
    line.system.util.getGlobals().clear()  # the gateway goes down ...
    line.write(RUNNING, False)  # ... the line stops meanwhile ...
    line.write(COUNT, 64)
    line.refresh()  # ... and the gateway comes back
    clock.advance(1000)
    assert line.tick() == 1  # the edge that happened while down fires
    [record] = line.records(op)
    assert (record["status"], record["quantity"]) == ("COMPLETED", 64.0)
    assert line.status(op) == "IDLE"


def test_the_next_run_after_such_a_restart_is_a_record_of_its_own(line, clock):
    op = line.op()
    line.tick()
    line.set_and_tick(RUNNING, True)
    run_to(line, clock, [30])
    restart_while(line, lambda: line.write(RUNNING, False))
    line.tick()
    line.set_and_tick(RUNNING, True)
    run_to(line, clock, [50])
    line.set_and_tick(RUNNING, False)
    assert [r["quantity"] for r in line.records(op)] == [30.0, 20.0]


def restart_while(line, happen):
    line.system.util.getGlobals().clear()
    happen()
    line.refresh()


def test_one_wrap_while_the_gateway_was_down_is_counted(line, clock):
    op = line.op(quantityOverflowValue=100.0)
    line.tick()
    line.write(COUNT, 10)
    line.set_and_tick(RUNNING, True)
    run_to(line, clock, [80], step_ms=20000)  # written at the flush (default 10 s)
    restart_while(line, lambda: line.write(COUNT, 20))  # 80 -> 99 -> 0 -> 20 while down: +40
    line.tick()
    line.set_and_tick(RUNNING, False)
    assert [r["quantity"] for r in line.records(op)] == [110.0]


def test_one_reset_while_the_gateway_was_down_is_counted(line, clock):
    op = line.op()  # no overflow value: a drop is a reset
    line.tick()
    line.set_and_tick(RUNNING, True)
    run_to(line, clock, [50], step_ms=20000)
    restart_while(line, lambda: line.write(COUNT, 7))  # reset to 0, then 7 counted while down
    line.tick()
    line.set_and_tick(RUNNING, False)
    assert [r["quantity"] for r in line.records(op)] == [57.0]


def test_several_wraps_while_nothing_samples_count_as_one(line, clock):
    """The documented limit: a counter read only before and after cannot tell how often it wrapped."""
    op = line.op(quantityOverflowValue=100.0)
    line.tick()
    line.set_and_tick(RUNNING, True)
    run_to(line, clock, [90], step_ms=20000)
    restart_while(line, lambda: line.write(COUNT, 10))  # really 90 -> 100 -> 200 -> 210: +120
    line.tick()
    line.set_and_tick(RUNNING, False)
    assert [r["quantity"] for r in line.records(op)] == [90.0 + 20.0]  # one wrap seen, not two


def test_steps_since_the_last_flush_are_counted_after_a_restart(line, clock):
    """Nothing counted between flushes is lost: the restart compares with the written sample."""
    op = line.op(flushIntervalMillis=60000)
    line.tick()
    line.set_and_tick(RUNNING, True)
    run_to(line, clock, [10, 20, 30])  # not flushed yet (60 s)
    restart_while(line, lambda: line.write(COUNT, 45))
    line.tick()
    line.set_and_tick(RUNNING, False)
    assert [r["quantity"] for r in line.records(op)] == [45.0]


def test_a_changed_trigger_primes_after_a_restart(line, clock):
    other = "[default]Line2/Running"
    line.tag(other, True, "Boolean")
    op = line.op()
    line.tick()
    line.set_and_tick(RUNNING, True)
    line.set_and_tick(RUNNING, False)  # samples written with the old trigger
    line.update_elsewhere(op, start_trigger_expression="{%s}" % other)
    restart_while(line, lambda: None)
    assert line.tick() == 0  # Line2/Running is true, but nothing was written for this trigger
    assert line.status(op) == "IDLE"


# -- the running record shows the count so far --------------------------------------------------------------

def running_quantity(line, op):
    [record] = line.records(op)
    assert record["status"] == "RUNNING"
    return record["quantity"]


def test_running_record_quantity_follows_the_flush_interval(line, system, clock):
    op = line.op(flushIntervalMillis=2000)
    line.tick()
    line.set_and_tick(RUNNING, True)
    assert running_quantity(line, op) is None
    system.db.stats.reset()
    run_to(line, clock, [5], step_ms=1000)  # 1 s after the start: not yet
    assert system.db.stats.snapshot()["statements"] == 0
    assert running_quantity(line, op) is None
    run_to(line, clock, [9], step_ms=1000)  # 2 s: flushed
    assert running_quantity(line, op) == 9.0
    assert line.state(op)["counter_total"] == 9.0 and line.state(op)["counter_last_value"] == 9.0
    run_to(line, clock, [12], step_ms=1000)
    assert running_quantity(line, op) == 9.0
    run_to(line, clock, [12], step_ms=1000)  # nothing new since 12 was sampled: flushed once more
    assert running_quantity(line, op) == 12.0
    system.db.stats.reset()
    run_to(line, clock, [12, 12, 12], step_ms=5000)  # nothing changed: no writes
    assert system.db.stats.snapshot()["statements"] == 0
    system.db.stats.reset()
    run_to(line, clock, [13], step_ms=5000)  # a flush: samples (2), counter (1), record (1)
    assert system.db.stats.snapshot()["statements"] == 4
    line.set_and_tick(RUNNING, False)
    [record] = line.records(op)
    assert (record["status"], record["quantity"]) == ("COMPLETED", 13.0)


def test_flush_interval_zero_means_ten_seconds(line, clock):
    op = line.op(flushIntervalMillis=0)
    line.tick()
    line.set_and_tick(RUNNING, True)
    run_to(line, clock, [5], step_ms=9999)
    assert running_quantity(line, op) is None
    run_to(line, clock, [6], step_ms=1)
    assert running_quantity(line, op) == 6.0


def test_a_wrap_is_written_at_once(line, clock):
    op = line.op(quantityOverflowValue=100.0, flushIntervalMillis=3600000)
    line.tick()
    line.write(COUNT, 90)
    line.set_and_tick(RUNNING, True)
    run_to(line, clock, [95, 3], step_ms=1)
    assert running_quantity(line, op) == 13.0
    assert line.state(op)["counter_last_value"] == 3.0


def test_interval_flushes_are_spread_over_ticks(line, system, clock):
    """After a load every operation's samples change at once: a tick writes at most
    FLUSHES_PER_TICK of them (2 statements each), the next ticks the rest."""
    count = triggers.FLUSHES_PER_TICK + 20
    line.bulk_ops(count)
    line.tick()  # loads and primes every one
    clock.advance(10000)
    system.db.stats.reset()
    line.tick()
    assert system.db.stats.snapshot()["statements"] == 2 * triggers.FLUSHES_PER_TICK
    system.db.stats.reset()
    line.tick()
    assert system.db.stats.snapshot()["statements"] == 2 * 20
    system.db.stats.reset()
    line.tick()
    assert system.db.stats.snapshot()["statements"] == 0


def test_a_stop_in_doubt_is_never_applied_to_a_run_started_since(line, system, clock):
    """A stop whose commit was in doubt (the connection went during COMMIT, the server had
    committed) stays pending; if the operation was started again meanwhile (another gateway, a
    script), the retried stop is refused for that new run instead of completing it with the old
    edge's count: the first run is counted once, the new run keeps running."""
    from harness.portable.db import DatabaseError
    from fault_fixtures import FakeSQLException, JavaWrapper
    op = line.op()
    line.tick()
    line.set_and_tick(RUNNING, True)
    run_to(line, clock, [100, 195])
    real_commit, in_doubt = system.db.commitTransaction, []

    def commit_then_lose_the_connection(tx):
        real_commit(tx)
        if not in_doubt:
            in_doubt.append(tx)
            raise DatabaseError("connection reset after COMMIT (simulated)",
                                java_exception=JavaWrapper(FakeSQLException("08006")))

    system.db.commitTransaction = commit_then_lose_the_connection
    try:
        clock.advance(1000)
        line.set_and_tick(RUNNING, False)  # the stop is written, but the engine cannot know it
    finally:
        system.db.commitTransaction = real_commit
    assert in_doubt and line.status(op) == "IDLE"
    system.mes.inventory.operation.startInventoryOperation(op["id"])  # someone starts it again
    clock.advance(1000)
    line.tick()  # the pending stop is retried, and refused for the new run
    records = line.records(op)
    assert [(r["status"], r["quantity"]) for r in records if r["status"] == "COMPLETED"] == [("COMPLETED", 195.0)]
    assert line.status(op) == "RUNNING" and [r["status"] for r in records].count("RUNNING") == 1
