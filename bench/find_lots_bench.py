"""findLots over 100,000 lots: statements per page and the query plan of each (docs/queries.md).

    .venv/bin/python bench/find_lots_bench.py [--db sqlite|postgres|mariadb|JDBC-URL] [--lots 100000] [--repeat 20]

A fresh harness gateway; one material and unit through the API, then N lots generated in bulk by
the database (one INSERT ... SELECT over a number series), created one every 10 minutes from
2024-07-01, so about half of them fall in 2025. PostgreSQL is ANALYZEd after the load. It then runs
the findLots page's own request (created in 2025, sorted by name, first 10) and the same request
for page 500, prints the statements each page cost, every statement with its EXPLAIN plan (an
index used, or the table read whole), and the median time of `repeat` calls. Not part of the tests;
tests/test_queries.py asserts the two statements on small tables.
"""
from __future__ import print_function

import argparse
import json
import os
import sys
import time

_ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
for _p in (_ROOT, os.path.join(_ROOT, "jython_lib"), os.path.join(_ROOT, "bench")):
    if _p not in sys.path:
        sys.path.insert(0, _p)

from history_bench import _Capture, _dialect, _series  # noqa: E402
from history_bench import explain as _explain_pg_or_sqlite  # noqa: E402
from tick_bench import median  # noqa: E402

START_MILLIS = 1719792000000  # 2024-07-01T00:00:00Z
STEP_SECONDS = 600


def load_lots(system, count):
    """`count` lots of one material in one INSERT ... SELECT; returns seconds taken."""
    from mes.persistence import db
    m = system.mes
    ea = m.unitOfMeasure.saveUnitOfMeasure(**dict(m.unitOfMeasure.newUnitOfMeasure(), name="Each", symbol="ea"))
    bottle = m.material.saveMaterial(**dict(m.material.newMaterial(), name="Bottle", unitOfMeasureId=ea.id))
    dialect = _dialect(system)
    pg, maria = dialect.startswith("postgres"), dialect in ("mariadb", "mysql")
    if pg:
        ts = "(TIMESTAMP '2024-07-01 00:00:00' + n * INTERVAL '%d second')" % STEP_SECONDS
        name, true = "'Lot ' || lpad(((n * 7919) %% %d)::text, 8, '0') || '-' || n" % count, "TRUE"
    elif maria:
        ts = "TIMESTAMPADD(SECOND, n * %d, TIMESTAMP '2024-07-01 00:00:00')" % STEP_SECONDS
        name, true = "CONCAT('Lot ', LPAD((n * 7919) %% %d, 8, '0'), '-', n)" % count, "1"
    else:
        ts = "(%d + n * %d)" % (START_MILLIS, STEP_SECONDS * 1000)
        name, true = "'Lot ' || substr('00000000' || ((n * 7919) %% %d), -8, 8) || '-' || n" % count, "1"
    ident = ("'BLOT' || lpad(n::text, 8, '0')" if pg else
             "CONCAT('BLOT', LPAD(n, 8, '0'))" if maria else "'BLOT' || substr('00000000' || n, -8, 8)")
    prefix, source = _series(dialect if not maria else "sqlite", count)
    t0 = time.perf_counter()
    insert = ("INSERT INTO inventory_lots (id, enabled, created_date, name, material_id, status, total_quantity, "
              "unit_of_measure_id) ")
    select = "SELECT %s, %s, %s, %s, '%s', 'OPEN', 100, '%s' FROM %s" % (ident, true, ts, name, bottle.id, ea.id, source)
    with db.transaction() as session:
        if maria:  # MariaDB puts the WITH after INSERT, and caps recursion at 1000 by default
            session.update("SET SESSION max_recursive_iterations = %d" % (count + 1))
            session.update(insert + prefix + select)
        else:
            session.update(prefix + insert + select)
    if pg or maria:  # fresh statistics, as autovacuum / InnoDB's background recalculation give
        with db.transaction() as session:
            session.query("ANALYZE TABLE inventory_lots") if maria else session.update("ANALYZE inventory_lots")
    return time.perf_counter() - t0


def explain(system, sql, args):
    """Plan lines; MariaDB's as the table, access type, key and rows of each step of EXPLAIN FORMAT=JSON
    (the tabular EXPLAIN has an unsigned BIGINT column the harness's dataset cannot read)."""
    if _dialect(system) not in ("mariadb", "mysql"):
        return _explain_pg_or_sqlite(system, sql, args)
    plan = json.loads(str(system.db.runPrepQuery("EXPLAIN FORMAT=JSON " + sql, args)[0][0]))
    return ["%s: access_type=%s key=%s rows=%s%s" % (t.get("table_name"), t.get("access_type"), t.get("key"),
                                                     t.get("rows"), " (filesort)" if sorted_ else "")
            for t, sorted_ in _tables(plan, False)]


def _tables(node, sorted_):
    """(table step, under a filesort) of every table step in a MariaDB JSON plan."""
    found = []
    if isinstance(node, dict):
        if "table_name" in node and "access_type" in node:
            found.append((node, sorted_))
        for key, value in node.items():
            found.extend(_tables(value, sorted_ or key == "filesort"))
    elif isinstance(node, list):
        for value in node:
            found.extend(_tables(value, sorted_))
    return found


def example_request(system, page_index=0):
    """The findLots page's request: created in 2025, sorted by name, 10 per page."""
    query = system.mes.query.newQueryRequest()
    query.update(pageSize=10, pageIndex=page_index, sortFields=["name"], sortDirection="Ascending")
    f = system.mes.query.newFilterRequest()
    f.update(field="createdDate", condition="between", minDateValue="2025-01-01T00:00:00Z",
             maxDateValue="2026-01-01T00:00:00Z")
    query["filters"] = [f]
    return query


def measure(system, page_index, repeat):
    request = example_request(system, page_index)
    with _Capture(system) as captured:
        result = system.mes.inventory.findLots(**request)
    times = []
    for _ in range(repeat):
        t0 = time.perf_counter()
        system.mes.inventory.findLots(**request)
        times.append((time.perf_counter() - t0) * 1000.0)
    print("\npage %d: %d statements, %d of %d matching lots shown, median %.1f ms over %d calls"
          % (page_index, len(captured.seen), len(result["content"]), result["totalElements"], median(times), repeat))
    for sql, args in captured.seen:
        print("  SQL:", sql[:160] + ("..." if len(sql) > 160 else ""))
        for line in explain(system, sql, args):
            print("    plan:", line)
    return len(captured.seen)


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--db", default="sqlite")
    parser.add_argument("--lots", type=int, default=100000)
    parser.add_argument("--repeat", type=int, default=20)
    options = parser.parse_args(argv)
    import harness
    with harness.gateway(db=options.db) as system:
        seconds = load_lots(system, options.lots)
        print("findLots bench on %s: %d lots loaded in %.1f s" % (options.db, options.lots, seconds))
        counts = [measure(system, page, options.repeat) for page in (0, 500)]
    return 0 if counts == [2, 2] else 1


if __name__ == "__main__":
    sys.exit(main())
