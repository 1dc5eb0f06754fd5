"""getLotHistory and getLotTraceGraph over 10k / 100k / 1M bulk-generated lot records, with query plans.

    .venv/bin/python bench/history_bench.py [--db sqlite|postgres|JDBC-URL] [--sizes 10000,100000,1000000] [--repeat 20]

For each size N, a fresh harness gateway (fresh scratch database, schema by the library): master
data through the API (unit ea, material Bottle, location Pack), then N / 100 lots and N lot records
generated in bulk by the database itself (one INSERT ... SELECT over a number series: PostgreSQL
generate_series, SQLite a recursive CTE), in one transaction each, with the schema's indexes and
foreign keys in place (nothing dropped and rebuilt). The records are interleaved in time the way
a plant writes them: record r (start date base + r seconds) belongs to lot r mod L (L = N / 100),
so every lot has a history of 100 records spread across the whole table, not stored together.
Record j (= r div L) of lot k:
- j = 0: RECEIVE of lot k (no second lot);
- j = 1, 2: CONSUME of lot k into lot 2k + j (when that lot exists): a genealogy edge
  k -> 2k + j, so the lots form a binary tree and every lot but lot 0 also appears once as the
  secondary lot (of its parent's CONSUME);
- otherwise a MOVE of lot k (no edge).
So getLotHistory of a lot returns 100 + 1 records (primary and secondary), and the trace graph
depth 3 OUTPUT of lot 1 reaches 2 + 4 + 8 = 14 lots, INPUT of lot 15 its 3 ancestors.

PostgreSQL is ANALYZEd after the load (what autovacuum does after a bulk load); SQLite is not
(nobody runs ANALYZE on an embedded gateway database; the plans are SQLite's defaults).

Timed (median of `repeat` calls, after 3 warm-up calls): getLotHistory(lotId=lot 1), and
getLotTraceGraph(lot 1, 'OUTPUT', 3) and (lot 15, 'INPUT', 3). Statements per call from
system.db.stats. Query plans: every statement one call of each runs against
inventory_lot_records is captured with its arguments and EXPLAINed (PostgreSQL `EXPLAIN`, SQLite
`EXPLAIN QUERY PLAN`) with the same bound arguments; a sequential scan of inventory_lot_records
(PostgreSQL 'Seq Scan on inventory_lot_records', SQLite 'SCAN <alias>' without an index) is flagged.
"""
from __future__ import print_function

import json
import os
import re
import sys
import time

_ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
for _p in (_ROOT, os.path.join(_ROOT, "jython_lib")):
    if _p not in sys.path:
        sys.path.insert(0, _p)

from tick_bench import median, percentile  # noqa: E402

PER_LOT = 100
BASE_MILLIS = 1735689600000  # 2025-01-01T00:00:00Z
ROOT_LOT, DEEP_LOT, DEPTH = 1, 15, 3


def lot_id(k):
    return "BLOT%08d" % k


def _master(system):
    m = system.mes
    ea = m.unitOfMeasure.saveUnitOfMeasure(**dict(m.unitOfMeasure.newUnitOfMeasure(), name="Each", symbol="ea"))
    bottle = m.material.saveMaterial(**dict(m.material.newMaterial(), name="Bottle", unitOfMeasureId=ea.id))
    pack = m.location.saveLocation(**dict(m.location.newLocation(), name="Pack", lotStorageStrategy="ALLOW_MULTIPLE"))
    return ea.id, bottle.id, pack.id


def _dialect(system):
    ds = system.db._datasources[system.db._default_name]
    return ds.db_type.lower()


def _series(dialect, count):
    """(prefix, from) of a query over n = 0 .. count-1."""
    if dialect == "postgres" or dialect == "postgresql":
        return "", "generate_series(0, %d) AS s(n)" % (count - 1)
    return ("WITH RECURSIVE s(n) AS (SELECT 0 UNION ALL SELECT n + 1 FROM s WHERE n < %d) " % (count - 1)), "s"


def generate(system, records):
    """N / 100 lots and N records (see the module docstring), by INSERT ... SELECT. Returns seconds per part."""
    from mes.persistence import db
    unit, material, location = _master(system)
    dialect = _dialect(system)
    pg = dialect.startswith("postgres")
    lots = max(records // PER_LOT, DEEP_LOT + 1)
    # Timestamps as each driver stores a java.sql.Timestamp: PostgreSQL a TIMESTAMP, the Xerial
    # SQLite driver milliseconds since the epoch (an INTEGER).
    if pg:
        ts = lambda expr: "(TIMESTAMP '2025-01-01 00:00:00' + (%s) * INTERVAL '1 second')" % expr
        pad = lambda prefix, expr: "'%s' || lpad((%s)::text, 8, '0')" % (prefix, expr)
        div = lambda a, b: "((%s) / %d)" % (a, b)
        true = "TRUE"
    else:
        ts = lambda expr: "(%d + (%s) * 1000)" % (BASE_MILLIS, expr)
        pad = lambda prefix, expr: "'%s' || substr('00000000' || (%s), -8, 8)" % (prefix, expr)
        div = lambda a, b: "((%s) / %d)" % (a, b)
        true = "1"
    j, k = div("n", lots), "(n %% %d)" % lots
    child = "(2 * %s + %s)" % (k, j)
    timings = {}
    with db.transaction() as session:
        t0 = time.perf_counter()
        prefix, source = _series(dialect, lots)
        session.update(prefix + "INSERT INTO inventory_lots (id, enabled, created_date, name, material_id, status, "
                       "total_quantity, unit_of_measure_id) SELECT %s, %s, %s, %s, '%s', 'OPEN', 100, '%s' FROM %s"
                       % (pad("BLOT", "n"), true, ts("n"), pad("Lot ", "n"), material, unit, source))
        timings["lots_seconds"] = time.perf_counter() - t0
    with db.transaction() as session:
        t0 = time.perf_counter()
        prefix, source = _series(dialect, records)
        linked = "(%s IN (1, 2) AND %s < %d)" % (j, child, lots)
        sql = ("INSERT INTO inventory_lot_records (id, enabled, created_date, created_by, lot_record_type, "
               "inventory_lot_id, secondary_inventory_lot_id, source_location_id, destination_location_id, lot_status, "
               "quantity, unit_of_measure_id, start_date, end_date, status, moves_inventory) "
               "SELECT %(id)s, %(true)s, %(ts)s, 'bench', "
               "CASE WHEN %(j)s = 0 THEN 'RECEIVE' WHEN %(linked)s THEN 'CONSUME' ELSE 'MOVE' END, "
               "%(lot)s, CASE WHEN %(linked)s THEN %(child)s ELSE NULL END, "
               "CASE WHEN %(j)s = 0 THEN NULL ELSE '%(loc)s' END, '%(loc)s', 'OPEN', 1, '%(unit)s', %(ts)s, %(ts)s, "
               "'COMPLETED', %(true)s FROM %(source)s"
               % {"id": pad("BREC", "n"), "true": true, "ts": ts("n"), "j": j, "linked": linked,
                  "lot": pad("BLOT", k), "child": pad("BLOT", child), "loc": location, "unit": unit, "source": source})
        session.update(prefix + sql)
        timings["records_seconds"] = time.perf_counter() - t0
    t0 = time.perf_counter()
    if pg:
        with db.transaction() as session:
            session.update("ANALYZE inventory_lots")
            session.update("ANALYZE inventory_lot_records")
    timings["analyze_seconds"] = time.perf_counter() - t0
    timings["lots"] = lots
    return timings


class _Capture(object):
    """Records (sql, args) of every statement system.db runs while active (harness-side hook)."""

    def __init__(self, system):
        self.db, self.seen = system.db, []

    def __enter__(self):
        original = self.original = self.db._execute

        def execute(sql, args, database, tx, kind, get_key=False):
            self.seen.append((sql, list(args or [])))
            return original(sql, args, database, tx, kind, get_key)
        self.db._execute = execute
        return self

    def __exit__(self, *exc):
        self.db._execute = self.original


def explain(system, sql, args):
    """The plan lines of one statement, with its arguments bound."""
    pg = _dialect(system).startswith("postgres")
    ds = system.db.runPrepQuery(("EXPLAIN " if pg else "EXPLAIN QUERY PLAN ") + sql, args)
    if pg:
        return [str(row[0]) for row in ds]
    return [str(row[ds.getColumnCount() - 1] if hasattr(ds, "getColumnCount") else row[3]) for row in ds]


def full_scans(system, sql, plan):
    """Plan lines that read inventory_lot_records whole."""
    if _dialect(system).startswith("postgres"):
        return [line for line in plan if "Seq Scan on inventory_lot_records" in line]
    aliases = set(re.findall(r"inventory_lot_records\s+(?:AS\s+)?(\w+)", sql, re.I)) | set(["inventory_lot_records"])
    aliases.discard("WHERE")
    out = []
    for line in plan:
        m = re.match(r"\s*SCAN (?:TABLE )?(\w+)(.*)", line)
        if m and m.group(1) in aliases and "INDEX" not in m.group(2).upper():
            out.append(line)
    return out


def _timed(call, repeat, stats):
    for _ in range(3):
        result = call()
    stats.reset()
    times = []
    for _ in range(repeat):
        t0 = time.perf_counter()
        result = call()
        times.append((time.perf_counter() - t0) * 1000.0)
    snap = stats.snapshot()
    return times, snap["statements"] / float(repeat), result


def run_one(records, db="sqlite", repeat=20):
    import harness
    with harness.gateway(db=db) as system:
        t0 = time.perf_counter()
        timings = generate(system, records)
        generated_s = time.perf_counter() - t0
        count = system.db.runScalarQuery("SELECT COUNT(*) FROM inventory_lot_records")
        if int(count) != records:
            raise AssertionError("generated %s records, wanted %d" % (count, records))
        inv, tt = system.mes.inventory, system.mes.trackandtrace
        root, deep = lot_id(ROOT_LOT), lot_id(DEEP_LOT)
        history = lambda: inv.getLotHistory(lotId=root)
        out_graph = lambda: tt.getLotTraceGraph(root, "OUTPUT", DEPTH)
        in_graph = lambda: tt.getLotTraceGraph(deep, "INPUT", DEPTH)
        parts = {}
        for name, call in (("history", history), ("trace_output", out_graph), ("trace_input", in_graph)):
            times, statements, result = _timed(call, repeat, system.db.stats)
            parts[name] = {"ms_median": median(times), "ms_p95": percentile(times, 0.95), "ms_min": min(times),
                           "statements_per_call": statements, "calls": repeat}
            if name == "history":
                parts[name]["records_returned"] = len(result)
            else:
                parts[name]["nodes"], parts[name]["edges"] = len(result["nodes"]), len(result["edges"])
        # Plans of what one call of each runs against inventory_lot_records.
        plans = []
        for name, call in (("history", history), ("trace_output", out_graph)):
            with _Capture(system) as captured:
                call()
            for sql, args in captured.seen:
                shape = re.sub(r"\?(, \?)+", "?", sql)  # the same statement with another number of ids
                if "inventory_lot_records" not in sql or any(shape == p["shape"] for p in plans):
                    continue
                plan = explain(system, sql, args)
                plans.append({"call": name, "sql": sql, "shape": shape, "arguments": len(args), "plan": plan, "full_scans": full_scans(system, sql, plan)})
    problems = []
    if parts["history"]["records_returned"] != PER_LOT + 1:
        problems.append("getLotHistory returned %d records, expected %d" % (parts["history"]["records_returned"],
                                                                            PER_LOT + 1))
    if (parts["trace_output"]["nodes"], parts["trace_input"]["nodes"]) != (15, 4):
        problems.append("trace graph nodes %d (OUTPUT) / %d (INPUT), expected 15 / 4"
                        % (parts["trace_output"]["nodes"], parts["trace_input"]["nodes"]))
    for p in plans:
        if p["full_scans"]:
            problems.append("%s: sequential scan of inventory_lot_records: %s" % (p["call"], "; ".join(p["full_scans"])))
    return dict(records=records, generate_seconds=generated_s, problems=problems, plans=plans, **dict(
        timings, **dict((k + "_" + f, v) for k, d in parts.items() for f, v in d.items())))


def _options(argv):
    import argparse
    p = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    p.add_argument("--db", default="sqlite")
    p.add_argument("--sizes", default="10000,100000,1000000")
    p.add_argument("--repeat", type=int, default=20)
    p.add_argument("--json", action="store_true")
    return p.parse_args(argv)


if __name__ == "__main__":
    o = _options(sys.argv[1:])
    for n in [int(x) for x in o.sizes.split(",")]:
        r = run_one(n, o.db, o.repeat)
        if o.json:
            print("BENCH_JSON " + json.dumps(r), flush=True)
        print("%9d records (generated in %.1f s): history %.2f ms (%d records, %g statements), trace OUTPUT %.2f ms "
              "(%d nodes, %g statements), INPUT %.2f ms" % (
                  n, r["generate_seconds"], r["history_ms_median"], r["history_records_returned"],
                  r["history_statements_per_call"], r["trace_output_ms_median"], r["trace_output_nodes"],
                  r["trace_output_statements_per_call"], r["trace_input_ms_median"]), flush=True)
        for p in r["plans"]:
            print("  plan of %s: %s" % (p["call"], p["sql"][:160]))
            for line in p["plan"]:
                print("      " + line)
        for problem in r["problems"]:
            print("  PROBLEM: " + problem)
