"""A small plant for the inventory-operation runtime tests (issue 7), built through the public API
(system.mes.*), and readers of what the runtime wrote, straight from the tables.

    plant = runtime_fixtures.Plant(system)
    op = plant.op("Consume milk", operationType="CONSUME", sourceLocationId=plant.line["id"])
    lot = plant.lot("L1"); plant.stock(lot, plant.line, 10)
    plant.run.startInventoryOperation(op["id"], "L1")

Units: ea (Each), box (Box), one generic conversion 1 box = 12 ea. Materials: Bottle/Milk and
Caps/Lid (unit ea), Carton/Juice (unit box). Locations (ALLOW_MULTIPLE): Plant, Plant/Line,
Plant/Dock, Plant/Empty.

`plant.op(...)` saves an inventory operation that is ready to run with nothing but its type and
locations: MANUAL trigger, MANUAL quantity, material Bottle/Milk, STATIC unit ea, primary lot
MANUAL; any field can be overridden.
"""
from mes.persistence import db, mapping, tables

import inventory_fixtures as fx


def _id(value):
    if value is None or not hasattr(value, "get"):
        return value
    return value.get("id")


class Plant(object):
    def __init__(self, system):
        self.system = system
        self.mes = system.mes
        self.run = system.mes.inventory.operation
        self.ea = self.unit("Each", "ea")
        self.box = self.unit("Box", "box")
        self.mes.unitOfMeasure.addConversion("box", "ea", 12.0)
        self.milk = self.material("Bottle/Milk", self.ea)
        self.lid = self.material("Caps/Lid", self.ea)
        self.juice = self.material("Carton/Juice", self.box)
        self.root = self.location("Plant")
        self.line = self.location("Plant/Line")
        self.dock = self.location("Plant/Dock")
        self.empty = self.location("Plant/Empty")

    # -- master data through the public API --------------------------------------------------------

    def unit(self, name, symbol, id=None):
        unit = self.mes.unitOfMeasure.newUnitOfMeasure()
        unit.update(name=name, symbol=symbol, id=id)
        return self.mes.unitOfMeasure.saveUnitOfMeasure(**unit)

    def material(self, path, unit, id=None, **fields):
        api = self.mes.material
        class_path, _, name = path.rpartition("/")
        parent = None
        if class_path:
            parent = api.getMaterialClass(class_path)
            if parent is None:
                new = api.newMaterialClass()
                new.update(name=class_path)
                parent = api.saveMaterialClass(**new)
        new = api.newMaterial()
        new.update(name=name, materialClassId=_id(parent), unitOfMeasureId=_id(unit), id=id, **fields)
        return api.saveMaterial(**new)

    def location(self, path, strategy="ALLOW_MULTIPLE", id=None, **fields):
        api = self.mes.location
        parent_path, _, name = path.rpartition("/")
        new = api.newLocation()
        new.update(name=name, parentId=api.getLocation(parent_path)["id"] if parent_path else None, id=id,
                   lotStorageStrategy=strategy, **fields)
        return api.saveLocation(**new)

    def lot(self, name, material=None, id=None, **fields):
        new = self.mes.inventory.newLot()
        new.update(name=name, materialId=_id(material or self.milk), id=id, **fields)
        return self.mes.inventory.saveLot(**new)

    def order(self, name, product=None, unit=None, id=None, **fields):
        new = self.mes.productionOrder.newProductionOrder()
        new.update(name=name, productId=_id(product or self.milk), unitOfMeasureId=_id(unit or self.ea), id=id,
                   **fields)
        return self.mes.productionOrder.saveProductionOrder(**new)

    def operation(self, name, location=None, id=None, **fields):
        new = self.mes.operation.newOperation()
        new.update(name=name, locationId=_id(location or self.line), triggerSource="MANUAL", id=id, **fields)
        return self.mes.operation.saveOperation(**new)

    def reason(self, code, record_type=None):
        new = self.mes.material.newMaterialReasonCode()
        new.update(reasonCode=code, lotRecordType=record_type)
        return self.mes.material.saveMaterialReasonCode(**new)

    def op(self, name="Op", **fields):
        """An inventory operation ready to run (see the module docstring), saved."""
        new = self.run.newInventoryOperation()
        new.update(name=name, triggerSource="MANUAL", quantitySource="MANUAL", materialId=self.milk["id"],
                   unitOfMeasureId=self.ea["id"], primaryLotResolutionStrategy="MANUAL")
        new.update(fields)
        return self.run.saveInventoryOperation(**new)

    def stock(self, lot, location, quantity):
        """RECEIVE `quantity` (lot's unit) of `lot` into `location` through system.mes.inventory.receive."""
        lot = self.mes.inventory.getLot(_id(lot))
        request = self.mes.inventory.newReceiveRequest()
        request.update(materialIdOrPath=lot["materialId"], lotIdOrName=lot["id"], quantity=quantity,
                       destinationLocationIdOrPath=_id(location))
        return self.mes.inventory.receive(**request)

    # -- what was written -----------------------------------------------------------------------------

    def balance(self, lot, location):
        """Quantity of the inventory row (lot, location), or None when there is no row."""
        for row in fx.rows(tables.INVENTORY):
            if row["inventory_lot_id"] == _id(lot) and row["location_id"] == _id(location):
                return row["quantity"]
        return None

    def total(self, lot):
        return self.mes.inventory.getLot(_id(lot))["totalQuantity"]

    def records(self, op=None):
        """Lot record rows (database columns), of one inventory operation when given."""
        rows = fx.rows(tables.INVENTORY_LOT_RECORDS)
        if op is not None:
            rows = [r for r in rows if r["inventory_operation_id"] == _id(op)]
        return rows

    def record(self, record_id):
        return [r for r in fx.rows(tables.INVENTORY_LOT_RECORDS) if r["id"] == _id(record_id)][0]

    def state(self, op):
        """The inventory operation's row (status, current_record_id, counter columns)."""
        return mapping.select_by_id(db.reader(), tables.INVENTORY_OPERATIONS, _id(op))

    def status(self, op):
        return self.state(op)["status"]

    def lot_names(self):
        return sorted(r["name"] for r in fx.rows(tables.INVENTORY_LOTS))

    def snapshot(self):
        """Everything a runtime call may change."""
        return (sorted((r["inventory_lot_id"], r["location_id"], r["quantity"]) for r in fx.rows(tables.INVENTORY)),
                sorted((r["id"], r["name"], r["status"], r["total_quantity"]) for r in fx.rows(tables.INVENTORY_LOTS)),
                [(r["id"], r["status"], r["quantity"], r["end_date"]) for r in fx.rows(tables.INVENTORY_LOT_RECORDS)],
                sorted((r["id"], r["status"], r["current_record_id"]) for r in fx.rows(tables.INVENTORY_OPERATIONS)),
                sorted((r["id"], r["quantity_produced"]) for r in fx.rows(tables.PRODUCTION_ORDERS)))

    def set_enabled(self, op, enabled):
        current = self.run.getInventoryOperation(_id(op))
        current["enabled"] = enabled
        return self.run.saveInventoryOperation(**current)


def millis(iso_or_millis):
    """Epoch millis of a record date (the objects hand dates back as ISO strings)."""
    from mes.core import dates
    return dates.to_millis(iso_or_millis)
