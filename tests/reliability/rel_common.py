"""Helpers of the reliability suite (issue 10): a gateway attached to an EXISTING datasource (several
processes share one scratch database), the shared plant every part seeds, readers of what the ledger
holds, and the figures the suite prints at the end.

    with attach(jdbc_url, db_type) as system:      # no scratch database, no schema creation
        system.mes.inventory.getAllLots()
"""
import contextlib
import hashlib
import os
import sys

HERE = os.path.dirname(os.path.abspath(__file__))
REPO = os.path.dirname(os.path.dirname(HERE))
for _path in (REPO, os.path.join(REPO, "jython_lib")):
    if _path not in sys.path:
        sys.path.insert(0, _path)

from harness import fake_gateway  # noqa: E402
from harness.portable.db import Datasource  # noqa: E402

# Figures printed at the end of the run (conftest.pytest_terminal_summary).
FIGURES = {}

# Record types by what they do to the sum of all balances (docs/rules.md#the-ledger). MOVE takes from one
# location and puts into another (nets zero); EDIT holds the signed difference.
INCREASES = ("RECEIVE", "PRODUCE", "UNCONSUME")
DECREASES = ("CONSUME", "SHIP", "SCRAP", "RETURN")

LOCATIONS = ("Plant", "Plant/A", "Plant/B")
LOTS = ("L1", "L2", "L3", "L4")
PRODUCED_LOTS = ("P1", "P2")
INITIAL_STOCK = 200


@contextlib.contextmanager
def attach(jdbc_url, db_type, name="mes"):
    """A harness gateway over an existing database (the schema must already be there)."""
    datasource = Datasource(name, jdbc_url, db_type, description="shared reliability database")
    with fake_gateway.serving(datasource, schema=False) as system:
        yield system


def _save(api, new, save, **fields):
    obj = getattr(api, new)()
    obj.update(fields)
    return getattr(api, save)(**obj)


def seed(system, with_operations=True):
    """The shared plant: unit ea, material Bottle/Milk, locations Plant/A and Plant/B (ALLOW_MULTIPLE),
    lots L1..L4 with INITIAL_STOCK each at Plant/A, lots P1, P2 (empty) for producing, and inventory
    operations: CONSUME at A (Consume A1, Consume A2), PRODUCE into B (Produce B1, Produce B2), all
    MANUAL trigger, MANUAL quantity and MANUAL primary lot. Returns a dict of ids."""
    m = system.mes
    ea = _save(m.unitOfMeasure, "newUnitOfMeasure", "saveUnitOfMeasure", name="Each", symbol="ea")
    bottle = _save(m.material, "newMaterialClass", "saveMaterialClass", name="Bottle")
    milk = _save(m.material, "newMaterial", "saveMaterial", name="Milk", materialClassId=bottle["id"],
                 unitOfMeasureId=ea["id"])
    locations = {}
    for path in LOCATIONS:
        parent, _, name = path.rpartition("/")
        locations[path] = _save(m.location, "newLocation", "saveLocation", name=name,
                                parentId=locations[parent]["id"] if parent else None,
                                lotStorageStrategy="ALLOW_MULTIPLE")
    lots = {}
    for name in LOTS + PRODUCED_LOTS:
        lots[name] = _save(m.inventory, "newLot", "saveLot", name=name, materialId=milk["id"])
    for name in LOTS:
        request = m.inventory.newReceiveRequest()
        request.update(materialIdOrPath=milk["id"], lotIdOrName=name, quantity=INITIAL_STOCK,
                       destinationLocationIdOrPath="Plant/A")
        m.inventory.receive(**request)
    ops = {}
    if with_operations:
        common = dict(triggerSource="MANUAL", quantitySource="MANUAL", materialId=milk["id"],
                      unitOfMeasureId=ea["id"], primaryLotResolutionStrategy="MANUAL")
        for name in ("Consume A1", "Consume A2"):
            ops[name] = _save(m.inventory.operation, "newInventoryOperation", "saveInventoryOperation", name=name,
                              operationType="CONSUME", sourceLocationId=locations["Plant/A"]["id"], **common)
        for name in ("Produce B1", "Produce B2"):
            ops[name] = _save(m.inventory.operation, "newInventoryOperation", "saveInventoryOperation", name=name,
                              operationType="PRODUCE", destinationLocationId=locations["Plant/B"]["id"], **common)
    return {"unit": ea["id"], "material": milk["id"], "class": bottle["id"],
            "locations": dict((k, v["id"]) for k, v in locations.items()),
            "lots": dict((k, v["id"]) for k, v in lots.items()),
            "ops": dict((k, v["id"]) for k, v in ops.items())}


def number(value):
    if value is None:
        return 0.0
    if hasattr(value, "doubleValue"):
        return float(value.doubleValue())
    return float(value)


def rows(system, sql, args=()):
    data = system.db.runPrepQuery(sql, list(args))
    names = [str(n).lower() for n in data.getColumnNames()]
    return [dict(zip(names, [data.getValueAt(r, c) for c in range(len(names))]))
            for r in range(data.getRowCount())]


def ledger_by_type(system):
    """{record type: (count, sum of quantity)} of the completed records that moved inventory."""
    found = {}
    for row in rows(system, "SELECT lot_record_type AS t, COUNT(*) AS n, SUM(quantity) AS q "
                            "FROM inventory_lot_records WHERE moves_inventory = ? AND status = ? "
                            "GROUP BY lot_record_type", [True, "COMPLETED"]):
        found[str(row["t"])] = (int(number(row["n"])), number(row["q"]))
    return found


def balance_sum(system):
    return number(system.db.runScalarQuery("SELECT SUM(quantity) FROM inventory"))


def table_names():
    from mes.persistence import tables
    return sorted(t.name for t in vars(tables).values() if isinstance(t, tables.Table))


def _plain(value):
    if value is None:
        return None
    if hasattr(value, "getTime"):
        return "t%d" % int(value.getTime())
    if hasattr(value, "doubleValue"):
        return "n%r" % float(value.doubleValue())
    if isinstance(value, bool):
        return "b%d" % value
    if isinstance(value, (int, float)):
        return "n%r" % float(value)
    return "s" + str(value)


def snapshot(system):
    """{table: (row count, sha1 of its rows)} over every table of the data model."""
    result = {}
    for name in table_names():
        data = system.db.runQuery("SELECT * FROM %s" % name)
        digest = hashlib.sha1()
        lines = []
        for r in range(data.getRowCount()):
            lines.append("|".join(repr(_plain(data.getValueAt(r, c))) for c in range(data.getColumnCount())))
        for line in sorted(lines):
            digest.update(line.encode("utf-8", "surrogatepass"))
        result[name] = (len(lines), digest.hexdigest())
    return result


def add_figure(key, value):
    FIGURES[key] = FIGURES.get(key, 0) + value if isinstance(value, int) else value


# -- sizes, private servers, server-side deadlock counts (docs/faults.md) -------------------------------

def env_int(name, default):
    """A size of the suite from the environment (every size has one), with its default."""
    return int(os.environ.get(name, str(default)))


PROCESSES = env_int("MES_RELIABILITY_PROCESSES", 8)
STEPS = env_int("MES_RELIABILITY_STEPS", 500)
SEED = env_int("MES_RELIABILITY_SEED", 20250314)
# How long the parent waits for its workers: a run that has not finished by then FAILS (it never
# passes with work undone). Generous: it is a hang detector, not a speed requirement.
WORKER_TIMEOUT_SECONDS = env_int("MES_RELIABILITY_TIMEOUT", 3600)


@contextlib.contextmanager
def private_or_shared(backend):
    """A scratch datasource on a PRIVATE server of the backend's kind (harness/servers.py), where the
    server's own counters (deadlocks) belong to this test alone; on the shared server (counters not
    exact: printed as such) where a private one cannot run, and for SQLite. Yields (datasource, how)."""
    from harness import backends, servers
    if backend.name not in servers.KINDS:
        with backend.scratch_datasource() as datasource:
            yield datasource, "embedded"
        return
    try:
        server = servers.private_server(backend.name)
    except servers.ServerUnavailable as why:
        print("\nno private %s server (%s): measured on the shared server, whose deadlock counter other "
              "tests also move" % (backend.name, why))
        with backend.scratch_datasource() as datasource:
            yield datasource, "shared"
        return
    with server:
        private = backends.select_backend(server.url)
        try:
            with private.scratch_datasource() as datasource:
                yield datasource, "private %s on port %d" % (backend.name, server.port)
        finally:
            private.close()


def server_deadlocks(system, db_type):
    """The server's count of deadlocks it detected (PostgreSQL: this database's; MariaDB: the
    server's InnoDB count), None for SQLite."""
    if db_type == "POSTGRES":
        system.db.runQuery("SELECT pg_stat_clear_snapshot()")
        return int(number(system.db.runScalarQuery(
            "SELECT deadlocks FROM pg_stat_database WHERE datname = current_database()")))
    if db_type == "MYSQL":
        data = system.db.runQuery("SHOW GLOBAL STATUS LIKE 'Innodb_deadlocks'")
        return int(number(data.getValueAt(0, 1))) if data.getRowCount() else None
    return None


def run_workers(datasource, ids, processes, steps, seed, mix="all"):
    """Start `processes` worker processes and wait for all of them; returns their reports. A worker
    that fails, or that has not finished within WORKER_TIMEOUT_SECONDS, fails the test."""
    import json
    import subprocess
    env = dict(os.environ, PYTHONPATH=os.pathsep.join([HERE, REPO, os.path.join(REPO, "jython_lib")]))
    workers = []
    for index in range(processes):
        config = {"url": datasource.jdbc_url, "db_type": datasource.db_type, "seed": seed + index,
                  "worker": index, "steps": steps, "ids": ids, "mix": mix}
        workers.append(subprocess.Popen([sys.executable, os.path.join(HERE, "worker.py"), json.dumps(config)],
                                        cwd=HERE, env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                                        universal_newlines=True))
    reports = []
    for worker in workers:
        try:
            out, err = worker.communicate(timeout=WORKER_TIMEOUT_SECONDS)
        except subprocess.TimeoutExpired:
            for other in workers:
                if other.poll() is None:
                    other.kill()  # our own children, by their process ids
            raise AssertionError("a worker had not finished its %d steps after %d s (MES_RELIABILITY_TIMEOUT): "
                                 "the run is incomplete" % (steps, WORKER_TIMEOUT_SECONDS))
        lines = [l for l in out.splitlines() if l.startswith("REPORT:")]
        assert worker.returncode == 0 and lines, "worker failed (rc %s):\n%s\n%s" % (
            worker.returncode, out[-3000:], err[-3000:])
        report = json.loads(lines[-1][len("REPORT:"):])
        assert report["steps"] == steps, "worker %d ran %d of its %d steps" % (report["worker"], report["steps"], steps)
        reports.append(report)
    return reports


def run_measured(system, datasource, ids, mix="all"):
    """run_workers with PROCESSES x STEPS, timed and with the server's deadlock counter read before and
    after; returns (reports, seconds, deadlocks the server detected meanwhile or None)."""
    import time
    before = server_deadlocks(system, datasource.db_type)
    started = time.time()
    reports = run_workers(datasource, ids, PROCESSES, STEPS, SEED, mix)
    elapsed = time.time() - started
    time.sleep(1.5)  # PostgreSQL publishes its statistics about once a second
    after = server_deadlocks(system, datasource.db_type)
    return reports, elapsed, (None if before is None else after - before)


def check_deadlocks(label, deadlocks, where):
    """Record the figure; on a private server (the counter is this test's alone) it must be zero."""
    if deadlocks is None:
        return
    add_figure("%s: deadlocks reported by the server (%s)" % (label, where), deadlocks)
    if where.startswith("private"):
        assert deadlocks == 0, "the server detected %d deadlocks" % deadlocks
