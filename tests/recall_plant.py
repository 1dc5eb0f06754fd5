"""A generated plant for recall tests and the recall benchmark: lots over six levels (supplier lots,
tankers, silos, mixes, bottles, cases) with the records a plant writes, inserted in bulk.

    plant = recall_plant.generate(system, seed=18)              # 10,000 lots, about 30,500 records
    plant = recall_plant.generate(system, days=33)              # 33 such days: about 1,000,000 records

Level 0 lots are RECEIVEd. Every lot of a later level is made from one to three lots of the level
before (CONSUME of each into it: a merge of inputs), then PRODUCEd; one lot in twenty of a level is
a SPLIT of another lot of that level, and one in thirty of a level is MERGEd into another; level 5
lots are partly SHIPped, some lots SCRAPped. One rework run makes a lot both an input and an output:
lot X is consumed into lot Y and the same run produces X back from Y (a cycle X -> Y -> X). More
days repeat all of it with new lots, later in time; filler MOVE records (no genealogy) pad the
table. Every record is COMPLETED and moved inventory; the inventory rows are the balances those
records leave, so the ledger audit is clean.
"""
import random

from mes.core import dates, ids
from mes.persistence import db, mapping, tables
from mes.services import ledger

LEVEL_LOTS = (200, 600, 1200, 2000, 2800, 3200)  # 10,000 lots
LEVEL_NAMES = ("Supplier", "Tanker", "Silo", "Mix", "Bottle", "Case")
BASE_MILLIS = dates.to_millis("2025-03-01T00:00:00Z")
ROWS_PER_INSERT = 150
RECORD_COLUMNS = ("id", "enabled", "created_date", "created_by", "lot_record_type", "inventory_lot_id",
                  "secondary_inventory_lot_id", "source_location_id", "destination_location_id", "lot_status",
                  "quantity", "unit_of_measure_id", "start_date", "end_date", "status", "moves_inventory")


class Plant(object):
    """What generate() built: lot ids per level, the rework pair, and counts."""

    def __init__(self):
        self.levels = []      # [[lot id]] per level
        self.names = {}       # lot id -> name
        self.rework = None    # (lot X, lot Y) of the run where X is input and output
        self.records = 0
        self.locations = {}   # level -> location id


def _save(api, new, save, **fields):
    obj = getattr(api, new)()
    obj.update(fields)
    return getattr(api, save)(**obj)


def _master(system):
    m = system.mes
    ea = _save(m.unitOfMeasure, "newUnitOfMeasure", "saveUnitOfMeasure", name="Each", symbol="ea")
    materials = [_save(m.material, "newMaterial", "saveMaterial", name=name, unitOfMeasureId=ea["id"])
                 for name in LEVEL_NAMES]
    return ea["id"], [x["id"] for x in materials]


def _master_locations(system, plant):
    m = system.mes
    for level, name in enumerate(LEVEL_NAMES):
        plant.locations[level] = _save(m.location, "newLocation", "saveLocation", name=name + " Area",
                                       lotStorageStrategy="ALLOW_MULTIPLE")["id"]
    plant.locations["customer"] = _save(m.location, "newLocation", "saveLocation", name="Customer",
                                        lotStorageStrategy="ALLOW_MULTIPLE")["id"]


class _Writer(object):
    """Records written by bulk INSERTs, a transaction per TRANSACTION_ROWS of them (so a million
    never sit in memory at once); the balances they leave kept in memory."""

    TRANSACTION_ROWS = 20000

    def __init__(self, unit):
        self.unit, self.records, self.balances, self.clock, self.written = unit, [], {}, BASE_MILLIS, 0

    def flush(self):
        with db.transaction() as session:
            _insert_rows(session, tables.INVENTORY_LOT_RECORDS, RECORD_COLUMNS, self.records)
        self.written += len(self.records)
        self.records = []

    def record(self, kind, lot, quantity, secondary=None, source=None, destination=None):
        self.clock += 1000
        values = dict(id=ids.new_id(), enabled=True, created_date=self.clock, created_by="recall_plant",
                      lot_record_type=kind, inventory_lot_id=lot, secondary_inventory_lot_id=secondary,
                      source_location_id=source, destination_location_id=destination, lot_status="OPEN",
                      quantity=float(quantity), unit_of_measure_id=self.unit, start_date=self.clock,
                      end_date=self.clock, status="COMPLETED", moves_inventory=True)
        self.records.append(values)
        for lot_id, location_id, delta in ledger.effects_of(values):
            key = (lot_id, location_id)
            self.balances[key] = self.balances.get(key, 0.0) + delta
        if len(self.records) >= self.TRANSACTION_ROWS:
            self.flush()


def _insert_rows(session, table, columns, rows):
    for start in range(0, len(rows), ROWS_PER_INSERT):
        chunk = rows[start:start + ROWS_PER_INSERT]
        marks = "(%s)" % ", ".join("?" * len(columns))
        args = []
        for row in chunk:
            args.extend(mapping.database_value(table.column(c), row.get(c)) for c in columns)
        session.update("INSERT INTO %s (%s) VALUES %s" % (table.name, ", ".join(columns),
                                                         ", ".join([marks] * len(chunk))), args)


def _make_lots(plant, materials, unit, level_lots, day=0):
    rows = []
    plant.levels = []
    for level, count in enumerate(level_lots):
        plant.levels.append([])
        for n in range(count):
            lot_id = ids.new_id()
            name = "L%d-%05d" % (level, n) if day == 0 else "D%03d-L%d-%05d" % (day, level, n)
            plant.levels[level].append(lot_id)
            plant.names[lot_id] = name
            rows.append(dict(id=lot_id, enabled=True, created_date=BASE_MILLIS, created_by="recall_plant", name=name,
                             material_id=materials[level], status="OPEN", total_quantity=0.0,
                             unit_of_measure_id=unit))
    return rows


def _genealogy(plant, writer, rng):
    loc = plant.locations
    for lot_id in plant.levels[0]:
        writer.record("RECEIVE", lot_id, 1000, destination=loc[0])
    for level in range(1, len(plant.levels)):
        lots = plant.levels[level]
        splits = set(lots[1::20])
        for lot_id in lots:
            if lot_id in splits:
                continue
            inputs = rng.sample(plant.levels[level - 1], rng.randint(1, 3))
            made = 0.0
            for given in inputs:
                amount = rng.randint(1, 5)
                writer.record("CONSUME", given, amount, secondary=lot_id, source=loc[level - 1])
                made += amount
            writer.record("PRODUCE", lot_id, made * 10, destination=loc[level])
        made_lots = [lot for lot in lots if lot not in splits]
        for lot_id in sorted(splits, key=lots.index):
            writer.record("SPLIT", rng.choice(made_lots), 2, secondary=lot_id, source=loc[level],
                          destination=loc[level])
        for merged in made_lots[3::30]:
            survivor = made_lots[made_lots.index(merged) - 1]
            held = writer.balances.get((merged, loc[level]), 0.0)
            if held > 0:
                writer.record("MERGE", survivor, held, secondary=merged, source=loc[level], destination=loc[level])
    for lot_id in plant.levels[-1][::3]:
        writer.record("SHIP", lot_id, 5, source=loc[len(plant.levels) - 1], destination=loc["customer"])
    for level, lots in enumerate(plant.levels):
        for lot_id in lots[7::25]:
            if writer.balances.get((lot_id, loc[level]), 0.0) >= 1:
                writer.record("SCRAP", lot_id, 1, source=loc[level])
    # The rework run: X (level 3) is consumed into Y (level 4) and produced back from Y.
    x, y = plant.levels[3][0], plant.levels[4][-1]
    writer.record("CONSUME", x, 1, secondary=y, source=loc[3])
    writer.record("PRODUCE", x, 1, secondary=y, destination=loc[3])
    plant.rework = (x, y)


def _filler(plant, writer, count, rng):
    """MOVE records (no second lot, no genealogy) back and forth within level 1's lots."""
    there = plant.locations[1]
    back = plant.locations[2]
    for n in range(count):
        lot_id = plant.levels[1][n % len(plant.levels[1])]
        if n // len(plant.levels[1]) % 2 == 0:
            writer.record("MOVE", lot_id, 1, source=there, destination=back)
        else:
            writer.record("MOVE", lot_id, 1, source=back, destination=there)


def generate(system, seed=18, level_lots=LEVEL_LOTS, filler=0, days=1):
    """Build the plant in the gateway's database (see the module docstring); returns a Plant
    describing day 0. days > 1 repeats the genealogy with new lots, each day after the one before
    (a longer history: the table grows, one lot's genealogy does not)."""
    rng = random.Random(seed)
    unit, materials = _master(system)
    writer = _Writer(unit)
    first = None
    for day in range(days):
        plant = Plant()
        plant.locations = dict(first.locations) if first else plant.locations
        if first is None:
            _master_locations(system, plant)
        _insert_lots(_make_lots(plant, materials, unit, level_lots, day))
        _genealogy(plant, writer, rng)
        first = first or plant
    _filler(first, writer, filler, rng)
    writer.flush()
    inventory = [dict(id=ids.new_id(), enabled=True, created_date=BASE_MILLIS, quantity=quantity, location_id=key[1],
                      inventory_lot_id=key[0]) for key, quantity in sorted(writer.balances.items())]
    with db.transaction() as session:
        _insert_rows(session, tables.INVENTORY, ("id", "enabled", "created_date", "quantity", "location_id",
                                                 "inventory_lot_id"), inventory)
    first.records = writer.written
    return first


def _insert_lots(rows):
    columns = ("id", "enabled", "created_date", "created_by", "name", "material_id", "status", "total_quantity",
               "unit_of_measure_id")
    with db.transaction() as session:
        _insert_rows(session, tables.INVENTORY_LOTS, columns, rows)


def explain(system, sql, args):
    """The plan of one statement with its arguments bound, as text lines (PostgreSQL EXPLAIN,
    MariaDB EXPLAIN FORMAT=JSON, SQLite EXPLAIN QUERY PLAN)."""
    dialect = db.reader().dialect.name
    prefix = {"sqlite": "EXPLAIN QUERY PLAN ", "mysql": "EXPLAIN FORMAT=JSON "}.get(dialect, "EXPLAIN ")
    data = system.db.runPrepQuery(prefix + sql, list(args))
    column = data.getColumnCount() - 1 if dialect == "sqlite" else 0
    return [line for r in range(data.getRowCount()) for line in str(data.getValueAt(r, column)).splitlines()]


def analyze(system):
    """Fresh planner statistics after a bulk load (what autovacuum or a DBA does); SQLite's
    defaults are left as they are."""
    dialect = db.reader().dialect.name
    if dialect == "postgres":
        system.db.runUpdateQuery("ANALYZE")
    elif dialect == "mysql":
        for table in ("inventory_lot_records", "inventory_lots", "inventory"):
            system.db.runQuery("ANALYZE TABLE %s" % table)
