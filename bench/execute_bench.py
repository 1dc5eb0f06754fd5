"""executeInventoryOperation against the floor: the same writes by a minimal hand-written JDBC sequence.

    .venv/bin/python bench/execute_bench.py [--db sqlite|postgres|JDBC-URL] [--calls 200] [--blocks 5]

In one harness gateway (one scratch database): master data through the API (unit ea, material
Bottle, location Pack with ALLOW_MULTIPLE), two inventory operations with a MANUAL trigger, MANUAL
quantity and MANUAL primary lot:
- CONSUME of 1 ea of lot C1 from Pack, where C1 already has 10^9 ea (an existing inventory row);
- PRODUCE of 1 ea into lot P1 at Pack, where P1 already has a row there (existing lot, existing row).

Library: `system.mes.inventory.operation.executeInventoryOperation(opId, lotName, 1)`, one call
timed at a time, statements and round trips counted by the harness (`system.db.stats`).

Floor: on a raw java.sql.Connection opened with DriverManager on the same database (same driver,
same connection properties as the harness pool), one transaction per call that writes exactly the
rows the library changes, with the same values, and nothing else:
    UPDATE inventory_operations SET status = 'IDLE' WHERE id = ? AND status <> 'RUNNING' AND enabled = ?
    CONSUME: UPDATE inventory SET quantity = quantity - ? WHERE location_id = ? AND inventory_lot_id = ? AND quantity >= ?
    PRODUCE: UPDATE inventory SET quantity = quantity + ? WHERE location_id = ? AND inventory_lot_id = ?
             UPDATE inventory_lots SET total_quantity = total_quantity + ? WHERE id = ?
    INSERT INTO inventory_lot_records (the same 16 columns the library sets)
    COMMIT
Each statement is prepared, bound, executed and closed, as Ignition's system.db does for every
call (no statement cache on either side), and the affected-row counts are checked (the floor is
not allowed to skip the conditions). Both sides run from this CPython process through JPype, so
the bridge costs are on both sides. Library and floor alternate in blocks (library block, floor
block, ...) so machine noise lands on both.
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

from tick_bench import clock, median, percentile  # noqa: E402

KINDS = ("CONSUME", "PRODUCE")
RECORD_COLUMNS = ("id", "enabled", "created_date", "created_by", "lot_record_type", "inventory_lot_id",
                  "inventory_operation_id", "source_location_id", "destination_location_id", "lot_status",
                  "quantity", "unit_of_measure_id", "start_date", "end_date", "status", "moves_inventory")
INSERT_RECORD = "INSERT INTO inventory_lot_records (%s) VALUES (%s)" % (
    ", ".join(RECORD_COLUMNS), ", ".join("?" * len(RECORD_COLUMNS)))
MARK_IDLE = "UPDATE inventory_operations SET status = ? WHERE id = ? AND status <> ? AND enabled = ?"
TAKE = "UPDATE inventory SET quantity = quantity - ? WHERE location_id = ? AND inventory_lot_id = ? AND quantity >= ?"
ADD = "UPDATE inventory SET quantity = quantity + ? WHERE location_id = ? AND inventory_lot_id = ?"
GROW_TOTAL = "UPDATE inventory_lots SET total_quantity = total_quantity + ? WHERE id = ?"


def _plant(system):
    """Master data, two stocked lots and the two operations through the public API."""
    m = system.mes
    ea = m.unitOfMeasure.saveUnitOfMeasure(**dict(m.unitOfMeasure.newUnitOfMeasure(), name="Each", symbol="ea"))
    bottle = m.material.saveMaterial(**dict(m.material.newMaterial(), name="Bottle", unitOfMeasureId=ea.id))
    pack = m.location.saveLocation(**dict(m.location.newLocation(), name="Pack", lotStorageStrategy="ALLOW_MULTIPLE"))
    lots = {}
    for name, stock in (("C1", 1e9), ("P1", 1.0)):
        lot = m.inventory.saveLot(**dict(m.inventory.newLot(), name=name, materialId=bottle.id))
        m.inventory.receive(**dict(m.inventory.newReceiveRequest(), materialIdOrPath=bottle.id, lotIdOrName=lot.id,
                                   quantity=stock, destinationLocationIdOrPath=pack.id))
        lots[name] = lot
    io = m.inventory.operation
    ops = {}
    for kind, location_field in (("CONSUME", "sourceLocationId"), ("PRODUCE", "destinationLocationId")):
        op = io.newInventoryOperation()
        op.update(name="Bench " + kind, operationType=kind, triggerSource="MANUAL", quantitySource="MANUAL",
                  materialId=bottle.id, unitOfMeasureId=ea.id, primaryLotResolutionStrategy="MANUAL")
        op[location_field] = pack.id
        ops[kind] = io.saveInventoryOperation(**op)
    return {"unit": ea.id, "material": bottle.id, "location": pack.id, "lots": lots, "ops": ops}


def _library_call(system, plant, kind):
    lot = "C1" if kind == "CONSUME" else "P1"
    op_id = plant["ops"][kind]["id"]
    execute = system.mes.inventory.operation.executeInventoryOperation
    return lambda: execute(op_id, lot, 1)


def _raw_connection(system):
    """A java.sql.Connection of its own to the gateway's database (the harness pool's settings)."""
    from harness.portable import db as system_db
    from harness.portable.javabridge import jclass
    ds = system.db._datasources[system.db._default_name]
    properties = jclass("java.util.Properties")()
    settings = dict(system_db.SQLITE_DEFAULT_PROPERTIES) if ds.db_type == "SQLITE" else {}
    settings.update(ds.properties)
    for key, value in settings.items():
        properties.setProperty(key, str(value))
    return jclass("java.sql.DriverManager").getConnection(ds.jdbc_url, properties)


def _floor_call(connection, plant, kind):
    """The floor's call: one transaction writing the library's rows, statements counted in `count`."""
    from harness.portable.javabridge import jclass
    from mes.core import ids
    from mes.core.compat import is_string
    Timestamp = jclass("java.sql.Timestamp")
    System = jclass("java.lang.System")
    op_id = plant["ops"][kind]["id"]
    lot_id = plant["lots"]["C1" if kind == "CONSUME" else "P1"]["id"]
    location, unit = plant["location"], plant["unit"]
    source, destination = (location, None) if kind == "CONSUME" else (None, location)
    count = {"statements": 0}

    def update(sql, binder):
        statement = connection.prepareStatement(sql)
        try:
            binder(statement)
            count["statements"] += 1
            return statement.executeUpdate()
        finally:
            statement.close()

    def mark_idle(s):
        s.setString(1, "IDLE"); s.setString(2, op_id); s.setString(3, "RUNNING"); s.setBoolean(4, True)

    def move(s):
        s.setDouble(1, 1.0); s.setString(2, location); s.setString(3, lot_id)
        if kind == "CONSUME":
            s.setDouble(4, 1.0)

    def grow(s):
        s.setDouble(1, 1.0); s.setString(2, lot_id)

    def record(s, now):
        values = (ids.new_id(), True, now, "admin", kind, lot_id, op_id, source, destination, "OPEN", 1.0, unit,
                  now, now, "COMPLETED", True)
        for i, v in enumerate(values, 1):
            if v is None:
                s.setNull(i, 0)  # java.sql.Types.NULL
            elif isinstance(v, bool):
                s.setBoolean(i, v)
            elif isinstance(v, float):
                s.setDouble(i, v)
            elif is_string(v):
                s.setString(i, v)
            else:
                s.setTimestamp(i, v)

    def call():
        now = Timestamp(System.currentTimeMillis())
        # Autocommit off for the call only: with SQLite's IMMEDIATE transaction mode an open
        # transaction holds the write lock, exactly as a system.db transaction does.
        connection.setAutoCommit(False)
        try:
            ok = update(MARK_IDLE, mark_idle) == 1
            ok = update(TAKE if kind == "CONSUME" else ADD, move) == 1 and ok
            if kind == "PRODUCE":
                ok = update(GROW_TOTAL, grow) == 1 and ok
            ok = update(INSERT_RECORD, lambda s: record(s, now)) == 1 and ok
            if not ok:
                raise AssertionError("a floor %s statement changed no row" % kind)
            connection.commit()
        except Exception:
            connection.rollback()
            raise
        finally:
            connection.setAutoCommit(True)
    return call, count


def _short(sql):
    """'SELECT materials', 'UPDATE inventory', 'INSERT inventory_lot_records': the table each statement hits."""
    import re
    verb = sql.split(None, 1)[0].upper()
    found = re.search(r"\b(?:FROM|UPDATE|INTO)\s+(\w+)", sql, re.I)
    return "%s %s" % (verb, found.group(1) if found else "?")


def _time(call, n):
    times = []
    for _ in range(n):
        t0 = clock()
        call()
        times.append((clock() - t0) * 1000.0)
    return times


def run(db="sqlite", calls=200, blocks=5, warmup=20):
    """{kind: {...}} for CONSUME and PRODUCE: library and floor per-call times (ms) and statement counts."""
    import harness
    out = {}
    with harness.gateway(db=db) as system:
        plant = _plant(system)
        connection = _raw_connection(system)
        try:
            for kind in KINDS:
                library = _library_call(system, plant, kind)
                floor, floor_count = _floor_call(connection, plant, kind)
                _time(library, warmup)
                _time(floor, warmup)
                lib_times, floor_times = [], []
                per_block = max(1, calls // blocks)
                system.db.stats.reset()
                floor_count["statements"] = 0
                for _ in range(blocks):
                    gc.collect()
                    lib_times += _time(library, per_block)
                    gc.collect()
                    floor_times += _time(floor, per_block)
                stats = system.db.stats.snapshot()
                n = len(lib_times)
                # What one library call runs (a listing, for the report): one more call, logged.
                system.db.statements_log.clear()
                last = library()
                listing = [_short(s) for s in system.db.statements_log]
                if last is None or last["quantity"] != 1.0 or last["lotRecordType"] != kind:
                    raise AssertionError("the library's %s wrote %r" % (kind, last))
                out[kind] = {
                    "calls": n, "blocks": blocks,
                    "library_ms_median": median(lib_times), "library_ms_p95": percentile(lib_times, 0.95),
                    "floor_ms_median": median(floor_times), "floor_ms_p95": percentile(floor_times, 0.95),
                    "library_statements_per_call": stats["statements"] / float(n),
                    "library_queries_per_call": stats["queries"] / float(n),
                    "library_updates_per_call": stats["updates"] / float(n),
                    "library_round_trips_per_call": stats["round_trips"] / float(n),
                    "library_commits_per_call": stats["commits"] / float(n),
                    "floor_statements_per_call": floor_count["statements"] / float(len(floor_times)),
                    "floor_round_trips_per_call": floor_count["statements"] / float(len(floor_times)) + 1,
                    "library_statements": listing,
                    "library_ms_all": lib_times, "floor_ms_all": floor_times,
                }
                r = out[kind]
                r["time_ratio"] = r["library_ms_median"] / r["floor_ms_median"]
                r["statement_ratio"] = r["library_statements_per_call"] / r["floor_statements_per_call"]
                r["round_trip_ratio"] = r["library_round_trips_per_call"] / r["floor_round_trips_per_call"]
        finally:
            connection.close()
    return out


def _options(argv):
    import argparse
    p = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    p.add_argument("--db", default="sqlite")
    p.add_argument("--calls", type=int, default=200)
    p.add_argument("--blocks", type=int, default=5)
    p.add_argument("--json", action="store_true")
    return p.parse_args(argv)


if __name__ == "__main__":
    o = _options(sys.argv[1:])
    result = run(o.db, o.calls, o.blocks)
    if o.json:
        print("BENCH_JSON " + json.dumps(result), flush=True)
    for kind, r in result.items():
        print("%-8s library %.2f ms (p95 %.2f), %.1f statements | floor %.2f ms (p95 %.2f), %.1f statements | "
              "ratio time %.2f, statements %.2f" % (
                  kind, r["library_ms_median"], r["library_ms_p95"], r["library_statements_per_call"],
                  r["floor_ms_median"], r["floor_ms_p95"], r["floor_statements_per_call"], r["time_ratio"],
                  r["statement_ratio"]))
        for s in r["library_statements"]:
            print("    " + s)
