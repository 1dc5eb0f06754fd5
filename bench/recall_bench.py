"""Recall at size: getLotExposure, getInventoryAsOf and holdExposure over the generated plant's history
grown to about 100k / 1M lot records, with the query plans of every statement.

    .venv/bin/python bench/recall_bench.py [--db sqlite|postgres|mariadb|JDBC-URL] [--sizes 100000,1000000]
                                           [--repeat 5] [--out FILE.md]

For each size N, a fresh harness gateway (fresh scratch database, schema by the library): N / 30,500
days of the plant of tests/recall_plant.py (a day: six levels, 10,000 new lots, about 30,500
records: receipts, consumptions merging one to three inputs, productions, splits, merges,
shipments, scrap, a rework cycle), bulk-inserted, so 1M records hold 33 days and 330,000 lots and
one lot's genealogy stays the size of one day's; the planner statistics are refreshed (PostgreSQL
ANALYZE, MariaDB ANALYZE TABLE: what autovacuum or a DBA does after a load).

Timed (median of `repeat` calls after one warm-up), on day 0's lots: getLotExposure OUTPUT from a
supplier lot (level 0, reaching six levels), INPUT from a case lot (level 5); getInventoryAsOf at an
early moment (the first 200 receipts), in the middle of the history and now, for one location (the
tanker area) and for the whole plant; one holdExposure of the supplier lot (a write:
every exposed lot held, one STATUS_CHANGE record each), run once. Statements per call from
system.db.stats. Every statement one call runs is EXPLAINed with its arguments and printed.
"""
from __future__ import print_function

import argparse
import os
import sys
import time

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
for _path in (ROOT, os.path.join(ROOT, "jython_lib"), os.path.join(ROOT, "tests"), os.path.dirname(__file__)):
    if _path not in sys.path:
        sys.path.insert(0, _path)

import recall_plant  # noqa: E402
from history_bench import _Capture  # noqa: E402

RECORDS_PER_DAY = 30500  # what one day of the generated plant writes


def _median(values):
    ordered = sorted(values)
    middle = len(ordered) // 2
    return ordered[middle] if len(ordered) % 2 else (ordered[middle - 1] + ordered[middle]) / 2.0


def _timed(system, call, repeat):
    """(median ms, statements per call, last result)."""
    result = call()
    system.db.stats.reset()
    times = []
    for _ in range(repeat):
        began = time.perf_counter()
        result = call()
        times.append((time.perf_counter() - began) * 1000.0)
    return _median(times), system.db.stats.snapshot()["statements"] / float(repeat), result


def _plans(system, call):
    """[(sql, plan lines)] of every statement one call runs."""
    with _Capture(system) as seen:
        call()
    return [(sql, recall_plant.explain(system, sql, args)) for sql, args in seen.seen if sql.lstrip().upper()
            .startswith(("SELECT", "WITH"))]


def run_one(records, db, repeat, say):
    import harness
    lines = []
    with harness.gateway(db=db) as system:
        began = time.perf_counter()
        plant = recall_plant.generate(system, seed=18, days=max(1, int(round(records / float(RECORDS_PER_DAY)))))
        recall_plant.analyze(system)
        generated = time.perf_counter() - began
        count = int(system.db.runScalarQuery("SELECT COUNT(*) FROM inventory_lot_records"))
        say("%s: %d records generated in %.0f s" % (db, count, generated))
        tt, inv = system.mes.trackandtrace, system.mes.inventory
        root, leaf = plant.levels[0][0], plant.levels[5][11]
        last = recall_plant.BASE_MILLIS + (count + 1) * 1000
        calls = [
            ("getLotExposure OUTPUT (supplier lot)", lambda: tt.getLotExposure(root)),
            ("getLotExposure INPUT (case lot)", lambda: tt.getLotExposure(leaf, direction="INPUT")),
            ("getInventoryAsOf early", lambda: inv.getInventoryAsOf(recall_plant.BASE_MILLIS + 200 * 1000)),
            ("getInventoryAsOf middle, one location",
             lambda: inv.getInventoryAsOf((recall_plant.BASE_MILLIS + last) // 2, plant.locations[1])),
            ("getInventoryAsOf middle, whole plant",
             lambda: inv.getInventoryAsOf((recall_plant.BASE_MILLIS + last) // 2)),
            ("getInventoryAsOf now, whole plant", lambda: inv.getInventoryAsOf(last)),
        ]
        lines.append("## %s, %d lot records\n" % (db, count))
        lines.append("| call | median ms | statements | result size |")
        lines.append("|---|---:|---:|---:|")
        plans = []
        for name, call in calls:
            median, statements, result = _timed(system, call, repeat)
            size = len(result["lots"]) if hasattr(result, "get") and "lots" in result else len(result)
            lines.append("| %s | %.0f | %g | %d |" % (name, median, statements, size))
            say("  %-40s %8.0f ms  %g statements  %d rows" % (name, median, statements, size))
            plans.append((name, _plans(system, call)))
        began = time.perf_counter()
        system.db.stats.reset()
        held = inv.holdExposure(root, notes="bench")
        hold_ms = (time.perf_counter() - began) * 1000.0
        lines.append("| holdExposure (supplier lot, once) | %.0f | %d | %d |" % (
            hold_ms, system.db.stats.snapshot()["statements"], len(held["hold"]["changed"])))
        say("  %-40s %8.0f ms" % ("holdExposure (once)", hold_ms))
        lines.append("")
        for name, statements in plans:
            lines.append("### plans: %s\n" % name)
            for sql, plan in statements:
                lines.append("```\n%s\n--\n%s\n```" % (sql[:400] + ("..." if len(sql) > 400 else ""), "\n".join(plan)))
        lines.append("")
    return lines


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--db", default="sqlite")
    parser.add_argument("--sizes", default="100000,1000000")
    parser.add_argument("--repeat", type=int, default=5)
    parser.add_argument("--out", help="also write the results (markdown) to this file")
    args = parser.parse_args(argv)
    lines = ["# Recall benchmark (bench/recall_bench.py)\n"]
    for size in [int(s) for s in args.sizes.split(",")]:
        lines.extend(run_one(size, args.db, args.repeat, print))
    text = "\n".join(lines)
    print(text)
    if args.out:
        with open(args.out, "w") as handle:
            handle.write(text + "\n")


if __name__ == "__main__":
    main()
