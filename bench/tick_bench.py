"""Time per idle tick of the trigger engine (system.mes.inventory.operation.tick) on CPython.

    .venv/bin/python bench/tick_bench.py [--db sqlite] [--ops 100,1000,10000] [--ticks 50]

For each operation count N, in a fresh harness gateway: N enabled, ready, EXPRESSION-triggered
PRODUCE operations are inserted in one transaction (mapping.insert, bypassing the API's per-save
checks so 10,000 take seconds), each with its own two tags, so one tick reads 2N distinct paths.
The start trigger is the typical `{Running} && {Count} > 0` (RISING_EDGE), the stop trigger
`{Running}` (FALLING_EDGE) and the DELTA quantity `{Count}`; every Running tag is False, so no
edge ever fires (idle ticks). One tick primes (loads the operations, compiles the expressions,
takes the first samples); then `ticks` ticks are timed one by one. Returns the per-tick times
and the harness counters (readBlocking calls, tags read, SQL statements) over the timed ticks,
and the time of the harness's readBlocking of the same paths on its own (the fake tag provider's
share of a tick, which a real gateway replaces by its own tag system).
"""
from __future__ import print_function

import gc
import json
import os
import sys
import time

_ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
for _p in (_ROOT, os.path.join(_ROOT, "jython_lib")):
    if _p not in sys.path:
        sys.path.insert(0, _p)

def _clock():
    """Seconds for timing: time.perf_counter on CPython; on Jython 2.7 (bench/runtime_bench.py),
    whose time.time ticks in whole milliseconds, the JVM's System.nanoTime."""
    if hasattr(time, "perf_counter"):
        return time.perf_counter
    from java.lang import System
    return lambda: System.nanoTime() / 1e9


clock = _clock()

START = "{%s/Running} && {%s/Count} > 0"
STOP = "{%s/Running}"
QUANTITY = "{%s/Count}"


def percentile(values, fraction):
    """Nearest-rank percentile (fraction 0..1) of a non-empty list."""
    ordered = sorted(values)
    rank = max(1, int(-(-fraction * len(ordered) // 1)))  # ceil
    return ordered[min(rank, len(ordered)) - 1]


def median(values):
    ordered = sorted(values)
    n = len(ordered)
    mid = n // 2
    return ordered[mid] if n % 2 else (ordered[mid - 1] + ordered[mid]) / 2.0


def _master_data(system):
    m = system.mes
    ea = m.unitOfMeasure.saveUnitOfMeasure(**dict(m.unitOfMeasure.newUnitOfMeasure(), name="Each", symbol="ea"))
    m.material.saveMaterial(**dict(m.material.newMaterial(), name="Bottle", unitOfMeasureId=ea.id))
    m.location.saveLocation(**dict(m.location.newLocation(), name="Pack", lotStorageStrategy="ALLOW_MULTIPLE"))
    # One operation through the API: its stored row is the template of the bulk copies.
    io = m.inventory.operation
    op = io.newInventoryOperation()
    op.update(name="Template", operationType="PRODUCE", destinationLocationPath="Pack", materialPath="Bottle",
              unitOfMeasureName="Each", startTriggerExpression="{[default]Bench/Template/Running}",
              stopTriggerExpression="{[default]Bench/Template/Running}",
              quantityExpression="{[default]Bench/Template/Count}", quantityOverflowValue=100000.0)
    return io.saveInventoryOperation(**op).id


def create_operations(system, count):
    """Tags and N operations (one transaction); the API-made template is disabled."""
    from mes.core import ids
    from mes.persistence import db, mapping, tables
    table = tables.INVENTORY_OPERATIONS
    template_id = _master_data(system)
    with db.transaction() as session:
        template = mapping.select_by_id(session, table, template_id)
    template = dict((k, v) for k, v in template.items() if v is not None)
    for key in ("created_date", "modified_date", "counter_last_value", "counter_total", "current_record_id"):
        template.pop(key, None)
    tag = system.tag
    with db.transaction() as session:
        mapping.update_by_id(session, table, template_id, {"enabled": False})
        for i in range(count):
            base = "[default]Bench/Line%05d" % i
            tag.create_tag(base + "/Running", False, data_type="Boolean")
            tag.create_tag(base + "/Count", 10 + i % 50, data_type="Int4")
            row = dict(template, id=ids.new_id(), name="Fill %05d" % i, start_trigger_expression=START % (base, base),
                       stop_trigger_expression=STOP % base, quantity_expression=QUANTITY % base)
            mapping.insert(session, table, row)


def edge_writes(count, fraction, tick_index):
    """The tag writes before timed tick `tick_index` so that `fraction` of the operations see an
    edge in it: groups of round(count * fraction) consecutive operations (at least 1); even ticks
    raise Running of the next group (a start), odd ticks lower it again and add 5 to its Count (a
    stop that writes a DELTA quantity of 5), so every run completes within two ticks.
    Returns (paths, values, edges expected)."""
    size = max(1, int(round(count * fraction)))
    group, stop = tick_index // 2, tick_index % 2 == 1
    paths, values = [], []
    for k in range(size):
        i = (group * size + k) % count
        base = "[default]Bench/Line%05d" % i
        paths.append(base + "/Running")
        values.append(not stop)
        if stop:
            paths.append(base + "/Count")
            values.append(10 + i % 50 + 5 * (1 + group * size // count))
    return paths, values, size


class _ReadTimer(object):
    """Times the tag provider's readBlocking inside each tick, so the engine's own time is the
    tick's minus the read it made (one number per tick, not a separate, noisier measurement)."""

    def __init__(self, tag):
        self._tag, self._real, self.spent = tag, tag.readBlocking, 0.0
        tag.readBlocking = self._read

    def _read(self, *args, **kwargs):
        t0 = clock()
        try:
            return self._real(*args, **kwargs)
        finally:
            self.spent += clock() - t0

    def restore(self):
        del self._tag.readBlocking


def _harness_gateway(db):
    import harness
    return harness.gateway(db=db)


def run_one(count, ticks, db="sqlite", edge_fraction=0.0, gateway=None):
    """edge_fraction 0: idle ticks. 0.01: 1% of the operations see an edge in every timed tick
    (alternately a start and a stop, see edge_writes); the writes happen before the timer starts.
    gateway: db -> a context manager giving `system` (default the CPython harness's)."""
    with (gateway or _harness_gateway)(db) as system:
        t0 = clock()
        create_operations(system, count)
        setup_s = clock() - t0
        tick = system.mes.inventory.operation.tick
        t0 = clock()
        fired = tick()  # prime: load, compile, first samples
        prime_s = clock() - t0
        status = system.mes.inventory.operation.getInventoryOperationStatus
        system.db.stats.reset()
        system.tag.stats.reset()
        times, engine = [], []
        expected = 0
        reading = _ReadTimer(system.tag)
        gc.collect()
        for i in range(ticks):
            if edge_fraction:
                paths, values, edges = edge_writes(count, edge_fraction, i)
                system.tag.writeBlocking(paths, values)
                expected += edges
            reading.spent = 0.0
            t0 = clock()
            fired += tick()
            times.append(clock() - t0)
            engine.append(times[-1] - reading.spent)
        reading.restore()
        dbs, tags = system.db.stats.snapshot(), system.tag.stats.snapshot()
        records = None
        if edge_fraction:
            from mes.persistence import db as mesdb
            with mesdb.transaction() as session:
                records = session.query("SELECT status, COUNT(*) AS n, SUM(quantity) AS q FROM inventory_lot_records "
                                        "GROUP BY status", [])
            records = dict((r["status"], (int(r["n"]), float(str(r["q"] or 0)))) for r in records)
        from mes.services import triggers
        state = triggers._state()
        loaded, paths = len(state["ops"]), len(state["paths"])
        sample = status(sorted(state["ops"])[0]) if state["ops"] else None
        # The harness's readBlocking alone (a CPython fake, not Ignition's tag system): timed on
        # the same paths, so the engine's own share of a tick can be told apart.
        read_times = []
        for _ in range(ticks):
            t0 = clock()
            system.tag.readBlocking(list(state["paths"]))
            read_times.append(clock() - t0)
    med = median(times)
    return {
        "operations": count, "ticks": ticks, "operations_loaded": loaded, "paths_per_read": paths,
        "setup_seconds": setup_s, "prime_tick_ms": prime_s * 1000.0,
        "tick_ms_median": med * 1000.0, "tick_ms_p95": percentile(times, 0.95) * 1000.0,
        "tick_ms_min": min(times) * 1000.0, "tick_ms_max": max(times) * 1000.0,
        "us_per_operation": med * 1e6 / count,
        "read_ms_median": median(read_times) * 1000.0,
        "engine_ms_median": median(engine) * 1000.0,
        "read_ms_all": [t * 1000.0 for t in read_times],
        "read_calls_per_tick": tags["read_calls"] / float(ticks), "tags_read_per_tick": tags["tags_read"] / float(ticks),
        "sql_statements_per_tick": dbs["statements"] / float(ticks),
        "db_round_trips_per_tick": dbs["round_trips"] / float(ticks),
        "edges_fired": fired, "edges_expected": expected, "edge_fraction": edge_fraction,
        "records_by_status": records, "first_operation_status": sample,
        "tick_ms_all": [t * 1000.0 for t in times],
        "engine_ms_all": [t * 1000.0 for t in engine],
    }


def _options(argv):
    import argparse
    p = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    p.add_argument("--db", default="sqlite")
    p.add_argument("--ops", default="100,1000,10000", help="comma-separated operation counts")
    p.add_argument("--ticks", type=int, default=50, help="timed ticks per count")
    p.add_argument("--edges", type=float, default=0.0, help="fraction of operations with an edge per tick (0.01 = 1%%)")
    p.add_argument("--json", action="store_true", help="print one BENCH_JSON line per count")
    return p.parse_args(argv)


if __name__ == "__main__":
    o = _options(sys.argv[1:])
    for n in [int(x) for x in o.ops.split(",")]:
        r = run_one(n, o.ticks, o.db, o.edges)
        if o.json:
            print("BENCH_JSON " + json.dumps(r), flush=True)
        else:
            print("%6d ops: median %.2f ms, p95 %.2f ms, %.1f us/op, %g reads/tick (%d tags), %g SQL/tick, setup %.1f s, "
                  "edges %d of %d expected"
                  % (n, r["tick_ms_median"], r["tick_ms_p95"], r["us_per_operation"], r["read_calls_per_tick"],
                     r["tags_read_per_tick"], r["sql_statements_per_tick"], r["setup_seconds"], r["edges_fired"],
                     r["edges_expected"]), flush=True)
