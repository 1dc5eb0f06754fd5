"""Real outages (docs/faults.md): a PRIVATE PostgreSQL or MariaDB instance (harness/servers.py; the
shared servers are never stopped) taken down and brought back while the trigger engine runs and
while a loop of calls runs.

The harness's connection pool validates a connection before lending it, as Ignition's pool does, so
the dead connections a restart leaves in the pool are replaced when next borrowed; nothing here
touches a connection another thread may be using. `up()` renews the back-end's admin connection
(Backend.close()) so the scratch schema can be dropped afterwards."""
import threading
import time

import pytest

import rel_common
from harness import backends, fake_gateway, servers
from mes.core import dates, errors
from mes.persistence import db
from trigger_fixtures import COUNT, RUNNING, Line

RESTART_CALLS = rel_common.env_int("MES_RELIABILITY_RESTART_CALLS", 1000)
RESTART_AT_CALL = rel_common.env_int("MES_RELIABILITY_RESTART_AT", 300)
DOWN_SECONDS = float(rel_common.env_int("MES_RELIABILITY_DOWN_MILLIS", 1500)) / 1000.0
TRIGGERS_LOGGER = "mes.inventory.operation.triggers"


@pytest.fixture
def private(backend):
    if backend.name not in servers.KINDS:
        pytest.skip("outages need a server back-end (--db postgres or mariadb), not %s" % backend.name)
    try:
        server = servers.private_server(backend.name)
    except servers.ServerUnavailable as why:
        pytest.skip("no private %s server on this machine: %s" % (backend.name, why))
    with server:
        yield server


class Outage(object):
    """down() stops the private server, up() starts it again (same data, same port)."""

    def __init__(self, server, backend):
        self.server, self.backend = server, backend

    def down(self):
        self.server.stop()

    def up(self):
        """Start the server again. The pool is left as the restart left it: closing its connections from
        this thread rolled back the transaction the loop of calls was inside, and the loop's commit,
        landing before the close, then wrote only what ran after that rollback (a record returned but
        never stored)."""
        self.server.start()
        self.backend.close()


@pytest.fixture
def private_system(private):
    backend = backends.select_backend(private.url)
    try:
        with fake_gateway.gateway(db=backend) as system:
            system.outage = Outage(private, backend)
            yield system
    finally:
        backend.close()


def _ticks_until(line, done, most=5):
    for tick in range(1, most + 1):
        line.tick()
        if done():
            return tick
    raise AssertionError("not written after %d ticks with the database back" % most)


def test_a_real_outage_at_a_stop_edge(private, private_system):
    system, clock = private_system, private_system.clock
    line = Line(system)
    op = line.op()
    line.tick()
    line.set_and_tick(RUNNING, True)
    for value in (100, 195):
        clock.advance(1000)
        line.set_and_tick(COUNT, value)
    system.util.clear_log()
    system.outage.down()
    clock.advance(1000)
    edge = clock.now_millis()
    assert line.set_and_tick(RUNNING, False) == 1  # no tick raises
    for value in (200, 230):
        clock.advance(1000)
        assert line.set_and_tick(COUNT, value) == 0
    system.outage.up()
    clock.advance(1000)
    ticks = _ticks_until(line, lambda: line.status(op) == "IDLE")
    [record] = line.records(op)
    assert (record["status"], record["quantity"]) == ("COMPLETED", 195.0)
    assert dates.to_millis(record["end_date"]) == edge
    [warning] = system.util.records_for(TRIGGERS_LOGGER, "warn")
    assert "'Fill'" in warning and "stop at %s" % dates.to_iso(edge) in warning and "unavailable" in warning
    [recovery] = system.util.records_for(TRIGGERS_LOGGER, "info")
    assert "'Fill'" in recovery and "back" in recovery
    rel_common.add_figure("outage at a stop edge: ticks to write it once back (%s)" % private.kind, ticks)
    line.set_and_tick(RUNNING, True)
    line.set_and_tick(COUNT, 260)
    line.set_and_tick(RUNNING, False)
    assert [r["quantity"] for r in line.records(op)] == [195.0, 30.0]
    assert system.mes.inventory.auditInventoryLedger() == []


def test_a_real_outage_at_a_start_edge(private, private_system):
    system, clock = private_system, private_system.clock
    line = Line(system)
    op = line.op()
    line.write(COUNT, 100)
    line.tick()
    system.util.clear_log()
    system.outage.down()
    clock.advance(1000)
    edge = clock.now_millis()
    assert line.set_and_tick(RUNNING, True) == 1
    for value in (110, 130):
        clock.advance(1000)
        assert line.set_and_tick(COUNT, value) == 0
    system.outage.up()
    clock.advance(1000)
    _ticks_until(line, lambda: line.status(op) == "RUNNING")
    [running] = line.records(op)
    assert running["status"] == "RUNNING" and dates.to_millis(running["start_date"]) == edge
    line.set_and_tick(COUNT, 150)
    line.set_and_tick(RUNNING, False)
    [record] = line.records(op)
    assert (record["status"], record["quantity"]) == ("COMPLETED", 50.0)
    assert len(system.util.records_for(TRIGGERS_LOGGER, "warn")) == 1
    assert system.mes.inventory.auditInventoryLedger() == []


def test_a_server_restart_during_a_loop_of_calls(private, private_system):
    """Every failed call raised a library error, every successful call's record is in the database,
    the audit is clean, and the calls after the restart succeed (no burst of failures)."""
    system = private_system
    mes = system.mes
    each = mes.unitOfMeasure.saveUnitOfMeasure(**dict(mes.unitOfMeasure.newUnitOfMeasure(), name="Each", symbol="ea"))
    mes.material.saveMaterial(**dict(mes.material.newMaterial(), name="Cap", unitOfMeasureId=each.id))
    mes.location.saveLocation(**dict(mes.location.newLocation(), name="Line", lotStorageStrategy="ALLOW_MULTIPLE"))
    written, failed, back = [], [], {}
    position = [0]

    def restart_once_under_way():
        while position[0] < RESTART_AT_CALL:
            time.sleep(0.005)
        system.outage.down()
        time.sleep(DOWN_SECONDS)
        system.outage.up()
        back["at_call"] = position[0]

    restarter = threading.Thread(target=restart_once_under_way)
    restarter.start()
    started = time.time()
    for call in range(RESTART_CALLS):
        position[0] = call
        request = dict(mes.inventory.newReceiveRequest(), quantity=1, materialIdOrPath="Cap",
                       destinationLocationIdOrPath="Line", lotIdOrName="C-1", createIfNotExists=True)
        try:
            written.append(mes.inventory.receive(**request)["id"])
        except errors.MesError as error:  # anything else fails the test as it is raised
            failed.append((call, db.reason_of(error), str(error)[:200]))
            time.sleep(0.01)  # as a timer script would: the next try comes a little later
    elapsed = time.time() - started
    restarter.join(120)
    assert not restarter.is_alive(), "the restart did not finish within 120 s"
    rows = rel_common.rows(system, "SELECT id FROM inventory_lot_records WHERE lot_record_type = ?", ["RECEIVE"])
    stored = set(str(r["id"]) for r in rows)
    assert set(written) <= stored, "calls that returned a record whose record is not stored: %s" % (
        sorted(set(written) - stored))
    # A connection lost while committing leaves the call in doubt (the server may have committed):
    # only such calls may have written a record that no caller was handed.
    in_doubt = [f for f in failed if f[1] == "commit_unknown"]
    assert len(stored) - len(written) <= len(in_doubt), (len(stored) - len(written), in_doubt)
    assert mes.inventory.auditInventoryLedger() == []
    after_back = [f for f in failed if f[0] > back["at_call"]]
    assert after_back == [], "calls failed after the server was back: %s" % after_back
    assert all(reason in ("unavailable", "commit_unknown") for _, reason, _ in failed), failed
    assert len(written) + len(failed) == RESTART_CALLS
    assert failed, "no call ran while the server was down: the test did not test an outage"
    assert back["at_call"] < RESTART_CALLS - 100, "too few calls after the restart to tell"
    rel_common.add_figure("restart in %d calls (%s): failed while down" % (RESTART_CALLS, private.kind), len(failed))
    rel_common.add_figure("restart in %d calls (%s): calls/s" % (RESTART_CALLS, private.kind),
                          round(RESTART_CALLS / elapsed, 1))
