"""The plants the ledger and runtime tests stand on, built through the public API (system.mes.*),
and readers of what the library wrote (inventory rows, lot records, lot totals, operation states),
straight from the tables.

    plant = plant_fixtures.LedgerPlant(system)     # or RuntimePlant(system)
    lot = plant.lot("L1")                          # a lot of Bottle/Milk (unit ea)
    plant.stock(lot, plant.multi, 10)              # RECEIVE 10 ea of it into Plant/Multi
    assert plant.balance(lot, plant.multi) == 10

Both plants share: units ea (Each) and box (Box), one generic conversion 1 box = 12 ea; materials
Bottle/Milk (unit ea) and Carton/Juice (unit box); locations Plant and Plant/Dock (ALLOW_MULTIPLE).

LedgerPlant adds Bottle/Cream (unit ea) and one location under Plant per storage strategy:
Plant/Multi (ALLOW_MULTIPLE), Plant/Single (ALLOW_SINGLE_OR_THROW), Plant/Previous
(MERGE_INTO_PREVIOUS), Plant/New (MERGE_INTO_NEW), Plant/Nothing (NO_STORAGE, the default),
Plant/Negative (ALLOW_MULTIPLE with allowNegativeInventory).

RuntimePlant adds Caps/Lid (unit ea) and Plant/Line, Plant/Empty (ALLOW_MULTIPLE). Its
`plant.op(...)` saves an inventory operation that is ready to run with nothing but its type and
locations: MANUAL trigger, MANUAL quantity, material Bottle/Milk, STATIC unit ea, primary lot
MANUAL; any field can be overridden.
"""
from mes.core import dates
from mes.persistence import db, mapping, tables

import inventory_fixtures as fx


def _id(value):
    if value is None or not hasattr(value, "get"):
        return value
    return value.get("id")


def millis(iso_or_millis):
    """Epoch millis of a record date (the objects hand dates back as ISO strings)."""
    return dates.to_millis(iso_or_millis)


class Plant(object):
    """What both plants have (see the module docstring); subclasses add their own rows."""

    def __init__(self, system):
        self.system = system
        self.mes = system.mes
        self.run = system.mes.inventory.operation
        self.ea = self.unit("Each", "ea")
        self.box = self.unit("Box", "box")
        self.mes.unitOfMeasure.addConversion("box", "ea", 12.0)
        self.milk = self.material("Bottle/Milk", self.ea)
        # The rest in each subclass's own order of creation (ids grow with it).

    # -- master data through the public API ------------------------------------------------------

    def unit(self, name, symbol, id=None):
        unit = self.mes.unitOfMeasure.newUnitOfMeasure()
        unit.update(name=name, symbol=symbol, id=id)
        return self.mes.unitOfMeasure.saveUnitOfMeasure(**unit)

    def material(self, path, unit, id=None, **fields):
        """A material at 'Class/Name' (the class chain is created) with base unit `unit`."""
        api = self.mes.material
        class_path, _, name = path.rpartition("/")
        parent = None
        for depth, part in enumerate(class_path.split("/") if class_path else []):
            partial = "/".join(class_path.split("/")[:depth + 1])
            found = api.getMaterialClass(partial)
            if found is None:
                new = api.newMaterialClass()
                new.update(name=part, parentId=parent["id"] if parent else None)
                found = api.saveMaterialClass(**new)
            parent = found
        new = api.newMaterial()
        new.update(name=name, materialClassId=_id(parent), unitOfMeasureId=_id(unit), id=id, **fields)
        return api.saveMaterial(**new)

    def location(self, path, strategy="ALLOW_MULTIPLE", id=None, **fields):
        """The location at `path` (parents must exist); strategy None keeps the default NO_STORAGE."""
        api = self.mes.location
        parent_path, _, name = path.rpartition("/")
        new = api.newLocation()
        new.update(name=name, parentId=api.getLocation(parent_path)["id"] if parent_path else None, id=id, **fields)
        if strategy:
            new["lotStorageStrategy"] = strategy
        return api.saveLocation(**new)

    def lot(self, name, material=None, id=None, **fields):
        """A lot of `material` (default Bottle/Milk), saved with saveLot; status OPEN, total 0."""
        new = self.mes.inventory.newLot()
        new.update(name=name, materialId=_id(material or self.milk), id=id, **fields)
        return self.mes.inventory.saveLot(**new)

    def order(self, name, unit=None, product=None, id=None, **fields):
        new = self.mes.productionOrder.newProductionOrder()
        new.update(name=name, productId=_id(product or self.milk), unitOfMeasureId=_id(unit or self.ea), id=id,
                   **fields)
        return self.mes.productionOrder.saveProductionOrder(**new)

    def reason(self, code, record_type=None, **fields):
        new = self.mes.material.newMaterialReasonCode()
        new.update(reasonCode=code, lotRecordType=record_type, **fields)
        return self.mes.material.saveMaterialReasonCode(**new)

    # -- inventory calls -----------------------------------------------------------------------------

    def request(self, kind, **fields):
        """newXRequest() of `kind` ('Consume', 'Receive', ...) updated with fields."""
        new = getattr(self.mes.inventory, "new%sRequest" % kind)()
        new.update(fields)
        return new

    def stock(self, lot, location, quantity, unit=None):
        """RECEIVE `quantity` of `lot` into `location` through the public call; returns the record."""
        lot = self.mes.inventory.getLot(_id(lot))
        return self.mes.inventory.receive(**self.request(
            "Receive", materialIdOrPath=lot["materialId"], lotIdOrName=lot["id"], quantity=quantity,
            destinationLocationIdOrPath=_id(location), unitOfMeasureSymbol=unit))

    # -- what was written ----------------------------------------------------------------------------

    def inventory_row(self, lot, location):
        """The inventory row (lot, location) by column name, or None when there is none."""
        for row in fx.rows(tables.INVENTORY):
            if row["inventory_lot_id"] == _id(lot) and row["location_id"] == _id(location):
                return row
        return None

    def balance(self, lot, location):
        """The quantity of the inventory row (lot, location); None when there is no row."""
        row = self.inventory_row(lot, location)
        return None if row is None else row["quantity"]

    def balances(self):
        """{(lot name, location path): quantity} of every inventory row."""
        names = dict((r["id"], r["name"]) for r in fx.rows(tables.INVENTORY_LOTS))
        paths = dict((r["id"], r["path"]) for r in fx.rows(tables.LOCATIONS))
        return dict(((names[r["inventory_lot_id"]], paths[r["location_id"]]), r["quantity"])
                    for r in fx.rows(tables.INVENTORY))

    def get_lot(self, lot):
        return self.mes.inventory.getLot(_id(lot))

    def total(self, lot):
        return self.get_lot(lot)["totalQuantity"]

    def lot_by_name(self, name, material=None):
        return self.mes.inventory.getLotByIdOrNameAndMaterial(name, _id(material or self.milk))

    def lot_names(self):
        return sorted(r["name"] for r in fx.rows(tables.INVENTORY_LOTS))

    def records(self, op=None):
        """Lot record rows (database columns, moves_inventory included) in creation order, of one
        inventory operation when given."""
        rows = fx.rows(tables.INVENTORY_LOT_RECORDS)
        if op is not None:
            rows = [r for r in rows if r["inventory_operation_id"] == _id(op)]
        return rows

    def record(self, record_id):
        return [r for r in fx.rows(tables.INVENTORY_LOT_RECORDS) if r["id"] == _id(record_id)][0]

    def _stock_snapshot(self):
        return (sorted((r["inventory_lot_id"], r["location_id"], r["quantity"]) for r in fx.rows(tables.INVENTORY)),
                sorted((r["id"], r["name"], r["status"], r["total_quantity"]) for r in fx.rows(tables.INVENTORY_LOTS)))

    def _orders_snapshot(self):
        return sorted((r["id"], r["quantity_produced"]) for r in fx.rows(tables.PRODUCTION_ORDERS))


class LedgerPlant(Plant):
    """The ledger tests' plant: one location per storage strategy (see the module docstring)."""

    def __init__(self, system):
        Plant.__init__(self, system)
        self.cream = self.material("Bottle/Cream", self.ea)
        self.juice = self.material("Carton/Juice", self.box)
        self.root = self.location("Plant", "ALLOW_MULTIPLE")
        self.multi = self.location("Plant/Multi", "ALLOW_MULTIPLE")
        self.dock = self.location("Plant/Dock", "ALLOW_MULTIPLE")
        self.single = self.location("Plant/Single", "ALLOW_SINGLE_OR_THROW")
        self.previous = self.location("Plant/Previous", "MERGE_INTO_PREVIOUS")
        self.new = self.location("Plant/New", "MERGE_INTO_NEW")
        self.nothing = self.location("Plant/Nothing", None)
        self.negative = self.location("Plant/Negative", "ALLOW_MULTIPLE", allowNegativeInventory=True)

    def reason(self, code, record_type="SCRAP", **fields):
        return Plant.reason(self, code, record_type, **fields)

    def snapshot(self):
        """Everything a write may change: inventory rows, lot rows, records, production orders."""
        return self._stock_snapshot() + ([r["id"] for r in self.records()], self._orders_snapshot())


class RuntimePlant(Plant):
    """The inventory-operation runtime tests' plant (see the module docstring)."""

    def __init__(self, system):
        Plant.__init__(self, system)
        self.lid = self.material("Caps/Lid", self.ea)
        self.juice = self.material("Carton/Juice", self.box)
        self.root = self.location("Plant")
        self.line = self.location("Plant/Line")
        self.dock = self.location("Plant/Dock")
        self.empty = self.location("Plant/Empty")

    def operation(self, name, location=None, id=None, **fields):
        new = self.mes.operation.newOperation()
        new.update(name=name, locationId=_id(location or self.line), triggerSource="MANUAL", id=id, **fields)
        return self.mes.operation.saveOperation(**new)

    def op(self, name="Op", **fields):
        """An inventory operation ready to run (see the module docstring), saved."""
        new = self.run.newInventoryOperation()
        new.update(name=name, triggerSource="MANUAL", quantitySource="MANUAL", materialId=self.milk["id"],
                   unitOfMeasureId=self.ea["id"], primaryLotResolutionStrategy="MANUAL")
        new.update(fields)
        return self.run.saveInventoryOperation(**new)

    def set_enabled(self, op, enabled):
        current = self.run.getInventoryOperation(_id(op))
        current["enabled"] = enabled
        return self.run.saveInventoryOperation(**current)

    def state(self, op):
        """The inventory operation's row (status, current_record_id, counter columns)."""
        return mapping.select_by_id(db.reader(), tables.INVENTORY_OPERATIONS, _id(op))

    def status(self, op):
        return self.state(op)["status"]

    def snapshot(self):
        """Everything a runtime call may change."""
        return self._stock_snapshot() + (
            [(r["id"], r["status"], r["quantity"], r["end_date"]) for r in self.records()],
            sorted((r["id"], r["status"], r["current_record_id"]) for r in fx.rows(tables.INVENTORY_OPERATIONS)),
            self._orders_snapshot())
