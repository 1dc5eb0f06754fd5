"""The library on the runtime that runs this script, CPython or Jython 2.7, against its floors.

    python3 build.py jython bench/runtime_bench.py --db sqlite -- [--quick] [--ticks]     # Jython 2.7
    .venv/bin/python harness/portable/script_runner.py --db sqlite bench/runtime_bench.py [--quick]  # CPython

Run by bench/run_bench.py through harness/portable/script_runner.py on both runtimes, inside the
gateway the runner serves (one scratch database). Everything is measured in this one process:
- executeInventoryOperation CONSUME and PRODUCE of 1 ea of an existing lot (the execute benchmark's
  plant), against floor (a): raw JDBC on a connection of its own making the same writes, and floor
  (b): the minimal sequence of system.db calls (begin, the same UPDATEs and INSERT, commit, close)
  through the same fake `system.db` the library uses;
- library Python per call: the same execute with system.db replaced by a stub that hands back what
  the real one returned for the same call (record and replay), so only the library's own work counts;
- warm-up: the first call, then the median of the calls around 10 s and 30 s of calling (the JVM's
  JIT compiles Jython's bytecode meanwhile; --quick: 2 s and 5 s);
- with --ticks: the trigger tick (bench/tick_bench.py) idle and with 1% edges at 100 / 1,000 /
  10,000 operations, each size in a fresh gateway, engine time without the tag read reported apart.
Prints one line `BENCH_JSON {...}`. Valid Python 2.7 and 3.11.
"""
from __future__ import absolute_import, print_function

import gc
import json
import os
import sys

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))  # the other benchmarks; they add the library
import execute_bench  # noqa: E402
import tick_bench  # noqa: E402
from tick_bench import clock, median  # noqa: E402
from harness.portable import gateway as portable_gateway  # noqa: E402
from mes.core import dates, ids  # noqa: E402
from mes.persistence import db as mes_db, dialects  # noqa: E402

PROFILES = {
    "full": {"calls": 300, "blocks": 6, "warmup_calls": 30, "checkpoints": (10.0, 30.0), "stub_calls": 2000,
             "tick_ops": (100, 1000, 10000), "ticks": {100: 50, 1000: 20, 10000: 10},
             "edge_ticks": {100: 20, 1000: 10, 10000: 6}},
    "quick": {"calls": 40, "blocks": 2, "warmup_calls": 10, "checkpoints": (2.0, 5.0), "stub_calls": 300,
              "tick_ops": (100, 1000, 10000), "ticks": {100: 5, 1000: 3, 10000: 2},
              "edge_ticks": {100: 4, 1000: 2, 10000: 2}},
}
CHECKPOINT_CALLS = 20  # calls timed around each warm-up checkpoint


def runtime_name():
    if sys.platform.startswith("java"):
        return "Jython %s" % sys.version.split()[0]
    return "CPython %s" % sys.version.split()[0]


def _active():
    """The gateway object the runner serves (it is `system` in sys.modules while it is active)."""
    return portable_gateway._active[-1]


_times = execute_bench._time  # milliseconds of n calls, one at a time


# -- floor (b): the minimal system.db sequence making the same writes ----------------------------------

def system_db_floor(system, plant, kind, lock_lot=False):
    """One transaction through the fake system.db: the library's UPDATEs and INSERT, nothing else.

    With lock_lot (floor (c)): first the one lookup the library cannot skip, the lot named by the call
    read by name and material and locked until the commit (its id only), as the lock order requires
    (a lot before its inventory rows; docs/faults.md#lock-order)."""
    sysdb = system.db
    op_id = plant["ops"][kind]["id"]
    lot_id = plant["lots"]["C1" if kind == "CONSUME" else "P1"]["id"]
    location, unit = plant["location"], plant["unit"]
    source, destination = (location, None) if kind == "CONSUME" else (None, location)

    def statements():
        now = dates.to_database(dates.now_millis())
        found = [(execute_bench.MARK_IDLE, ["IDLE", op_id, "RUNNING", True])]
        if kind == "CONSUME":
            found.append((execute_bench.TAKE, [1.0, location, lot_id, 1.0]))
        else:
            found.append((execute_bench.ADD, [1.0, location, lot_id]))
            found.append((execute_bench.GROW_TOTAL, [1.0, lot_id]))
        found.append((execute_bench.INSERT_RECORD, [ids.new_id(), True, now, "admin", kind, lot_id, op_id, source,
                                                    destination, "OPEN", 1.0, unit, now, now, "COMPLETED", True]))
        return found

    lot_name = "C1" if kind == "CONSUME" else "P1"
    lock_sql = dialects.for_db_type(sysdb._datasources[sysdb._default_name].db_type, "").for_update(
        "SELECT id FROM inventory_lots WHERE name = ? AND material_id = ?")

    def call():
        tx = sysdb.beginTransaction("", mes_db.READ_COMMITTED, mes_db.IDLE_TIMEOUT_MS)
        try:
            if lock_lot and len(sysdb.runPrepQuery(lock_sql, [lot_name, plant["material"]], "", tx)) != 1:
                raise AssertionError("floor (c) found no lot '%s'" % lot_name)
            for sql, args in statements():
                if sysdb.runPrepUpdate(sql, args, "", tx) != 1:
                    raise AssertionError("a floor (b) %s statement changed no row: %s" % (kind, sql))
            sysdb.commitTransaction(tx)
        except Exception:
            sysdb.rollbackTransaction(tx)
            raise
        finally:
            sysdb.closeTransaction(tx)
    return call


# -- library Python per call: system.db stubbed by record and replay -----------------------------------

class _Recorder(object):
    """Forwards to the real system.db and keeps (method, result) of every call, in order."""

    def __init__(self, real):
        self._real, self.calls = real, []

    def __getattr__(self, name):
        attribute = getattr(self._real, name)
        if not callable(attribute):
            return attribute

        def call(*args, **kwargs):
            result = attribute(*args, **kwargs)
            self.calls.append((name, result))
            return result
        return call


class _Replayer(object):
    """Hands back the recorded results in order, touching no database."""

    def __init__(self, calls):
        self._calls, self._next = calls, 0

    def __getattr__(self, name):
        def call(*args, **kwargs):
            recorded, result = self._calls[self._next % len(self._calls)]
            self._next += 1
            if recorded != name:
                raise AssertionError("the stubbed call diverged: %s instead of %s" % (name, recorded))
            return result
        return call


def library_python(system, library, n):
    """Median ms of the library call with system.db replaced by a replay of one real call."""
    active = _active()
    real = active.db
    recorder = active.db = _Recorder(real)
    try:
        library()
    finally:
        active.db = real
    active.db = _Replayer(recorder.calls)
    try:
        _times(library, max(10, n // 10))
        return median(_times(library, n)), len(recorder.calls)
    finally:
        active.db = real


# -- the parts -------------------------------------------------------------------------------------------

def execute_part(system, plant, p):
    connection = execute_bench._raw_connection(system)
    out = {}
    try:
        for kind in execute_bench.KINDS:
            library = execute_bench._library_call(system, plant, kind)
            floor_a = execute_bench._floor_call(connection, plant, kind)[0]
            floor_b = system_db_floor(system, plant, kind)
            floor_c = system_db_floor(system, plant, kind, lock_lot=True)
            for call in (library, floor_a, floor_b, floor_c):
                _times(call, p["warmup_calls"])
            lib, a, b, c = [], [], [], []
            per_block = max(1, p["calls"] // p["blocks"])
            for _ in range(p["blocks"]):
                gc.collect()
                lib += _times(library, per_block)
                gc.collect()
                a += _times(floor_a, per_block)
                gc.collect()
                b += _times(floor_b, per_block)
                gc.collect()
                c += _times(floor_c, per_block)
            system.db.stats.reset()
            library()
            statements = system.db.stats.snapshot()["statements"]
            python_ms, db_calls = library_python(system, library, p["stub_calls"])
            r = {"library_ms_median": median(lib), "floor_a_ms_median": median(a), "floor_b_ms_median": median(b),
                 "floor_c_ms_median": median(c),
                 "library_statements_per_call": statements,
                 "library_python_ms": python_ms, "system_db_calls_per_call": db_calls, "calls": len(lib)}
            r["ratio_floor_a"] = r["library_ms_median"] / r["floor_a_ms_median"]
            r["ratio_floor_b"] = r["library_ms_median"] / r["floor_b_ms_median"]
            r["ratio_floor_c"] = r["library_ms_median"] / r["floor_c_ms_median"]
            out[kind] = r
    finally:
        connection.close()
    return out


def warmup_part(system, plant, p, first_ms):
    """The first call (measured by the caller before anything else ran) and the calls around each checkpoint."""
    library = execute_bench._library_call(system, plant, "CONSUME")
    started = clock()
    points = []
    for checkpoint in p["checkpoints"]:
        while clock() - started < checkpoint:
            library()
        points.append({"seconds": checkpoint, "ms_median": median(_times(library, CHECKPOINT_CALLS))})
    return {"first_call_ms": first_ms, "checkpoints": points}


def _portable_gateway(db):
    return portable_gateway.gateway(db)


def tick_part(db, p):
    out = {"idle": [], "edges": []}
    for n in p["tick_ops"]:
        for mode, fraction, ticks in (("idle", 0.0, p["ticks"][n]), ("edges", 0.01, p["edge_ticks"][n])):
            r = tick_bench.run_one(n, ticks, db, fraction, gateway=_portable_gateway)
            out[mode].append(dict((k, v) for k, v in r.items() if not k.endswith("_all")))
    return out


def main(argv):
    profile = PROFILES["quick" if "--quick" in argv else "full"]
    db = sys.modules["system"].backend or "sqlite"
    system = sys.modules["system"]
    plant = execute_bench._plant(system)
    first = _times(execute_bench._library_call(system, plant, "CONSUME"), 1)[0]
    report = {"runtime": runtime_name(), "db": db, "warmup": warmup_part(system, plant, profile, first),
              "execute": execute_part(system, plant, profile)}
    if "--ticks" in argv:
        report["tick"] = tick_part(db, profile)
    print("BENCH_JSON " + json.dumps(report))
    sys.stdout.flush()


if __name__ == "__main__":
    main(sys.argv[1:])
