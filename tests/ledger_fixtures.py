"""A standard plant for the ledger tests, built through the public API (system.mes.*), and readers
of what the ledger wrote (inventory rows, lot records, lot totals) straight from the tables.

    plant = ledger_fixtures.Plant(system)
    lot = plant.lot("L1")                    # a lot of Bottle/Milk (unit ea)
    plant.stock(lot, plant.multi, 10)        # RECEIVE 10 ea of it into Plant/Multi
    assert plant.balance(lot, plant.multi) == 10

Units: ea (Each) and box (Box), one generic conversion 1 box = 12 ea. Materials: Bottle/Milk and
Bottle/Cream (unit ea), Carton/Juice (unit box). Locations under Plant, one per storage strategy:
Plant/Multi (ALLOW_MULTIPLE), Plant/Single (ALLOW_SINGLE_OR_THROW), Plant/Previous
(MERGE_INTO_PREVIOUS), Plant/New (MERGE_INTO_NEW), Plant/Nothing (NO_STORAGE, the default),
Plant/Negative (ALLOW_MULTIPLE with allowNegativeInventory), Plant/Dock (ALLOW_MULTIPLE).
"""
from mes.persistence import tables

import inventory_fixtures as fx


class Plant(object):
    def __init__(self, system):
        self.system = system
        mes = system.mes
        self.ea = self.unit("Each", "ea")
        self.box = self.unit("Box", "box")
        mes.unitOfMeasure.addConversion("box", "ea", 12.0)
        self.milk = self.material("Bottle/Milk", self.ea)
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

    # -- master data through the public API ------------------------------------------------------

    def unit(self, name, symbol, id=None):
        unit = self.system.mes.unitOfMeasure.newUnitOfMeasure()
        unit.update(name=name, symbol=symbol, id=id)
        return self.system.mes.unitOfMeasure.saveUnitOfMeasure(**unit)

    def material(self, path, unit, id=None, **fields):
        """A material at 'Class/Name' (the class chain is created) with base unit `unit`."""
        mes = self.system.mes.material
        class_path, _, name = path.rpartition("/")
        parent = None
        for depth, part in enumerate(class_path.split("/") if class_path else []):
            partial = "/".join(class_path.split("/")[:depth + 1])
            found = mes.getMaterialClass(partial)
            if found is None:
                new = mes.newMaterialClass()
                new.update(name=part, parentId=parent["id"] if parent else None)
                found = mes.saveMaterialClass(**new)
            parent = found
        new = mes.newMaterial()
        new.update(name=name, materialClassId=parent["id"] if parent else None, unitOfMeasureId=_id(unit), id=id,
                   **fields)
        return mes.saveMaterial(**new)

    def location(self, path, strategy="ALLOW_MULTIPLE", id=None, **fields):
        """The location at `path` (parents must exist); strategy None keeps the default NO_STORAGE."""
        mes = self.system.mes.location
        parent_path, _, name = path.rpartition("/")
        new = mes.newLocation()
        new.update(name=name, parentId=mes.getLocation(parent_path)["id"] if parent_path else None, id=id, **fields)
        if strategy:
            new["lotStorageStrategy"] = strategy
        return mes.saveLocation(**new)

    def lot(self, name, material=None, id=None, **fields):
        """A lot of `material` (default Bottle/Milk), saved with saveLot; status OPEN, total 0."""
        new = self.system.mes.inventory.newLot()
        new.update(name=name, materialId=_id(material or self.milk), id=id, **fields)
        return self.system.mes.inventory.saveLot(**new)

    def order(self, name, unit=None, product=None, id=None, **fields):
        new = self.system.mes.productionOrder.newProductionOrder()
        new.update(name=name, productId=_id(product or self.milk), unitOfMeasureId=_id(unit or self.ea), id=id,
                   **fields)
        return self.system.mes.productionOrder.saveProductionOrder(**new)

    def reason(self, code, record_type="SCRAP", **fields):
        new = self.system.mes.material.newMaterialReasonCode()
        new.update(reasonCode=code, lotRecordType=record_type, **fields)
        return self.system.mes.material.saveMaterialReasonCode(**new)

    # -- transactions --------------------------------------------------------------------------

    def request(self, kind, **fields):
        """newXRequest() of `kind` ('Consume', 'Receive', ...) updated with fields."""
        new = getattr(self.system.mes.inventory, "new%sRequest" % kind)()
        new.update(fields)
        return new

    def stock(self, lot, location, quantity, unit=None):
        """RECEIVE `quantity` of `lot` into `location` through the public call; returns the record."""
        lot = self.system.mes.inventory.getLot(_id(lot))
        return self.system.mes.inventory.receive(**self.request(
            "Receive", materialIdOrPath=lot["materialId"], lotIdOrName=lot["id"], quantity=quantity,
            destinationLocationIdOrPath=_id(location), unitOfMeasureSymbol=unit))

    # -- what the ledger wrote -----------------------------------------------------------------

    def balance(self, lot, location):
        """The quantity of the inventory row (lot, location); None when there is no row."""
        for row in fx.rows(tables.INVENTORY):
            if row["inventory_lot_id"] == _id(lot) and row["location_id"] == _id(location):
                return row["quantity"]
        return None

    def balances(self):
        """{(lot name, location path): quantity} of every inventory row."""
        names = dict((r["id"], r["name"]) for r in fx.rows(tables.INVENTORY_LOTS))
        paths = dict((r["id"], r["path"]) for r in fx.rows(tables.LOCATIONS))
        return dict(((names[r["inventory_lot_id"]], paths[r["location_id"]]), r["quantity"])
                    for r in fx.rows(tables.INVENTORY))

    def inventory_row(self, lot, location):
        for row in fx.rows(tables.INVENTORY):
            if row["inventory_lot_id"] == _id(lot) and row["location_id"] == _id(location):
                return row
        return None

    def get_lot(self, lot):
        return self.system.mes.inventory.getLot(_id(lot))

    def total(self, lot):
        return self.get_lot(lot)["totalQuantity"]

    def records(self):
        """Every lot record row (database columns, moves_inventory included), in creation order."""
        return fx.rows(tables.INVENTORY_LOT_RECORDS)

    def lot_by_name(self, name, material=None):
        return self.system.mes.inventory.getLotByIdOrNameAndMaterial(name, _id(material or self.milk))

    def snapshot(self):
        """Everything a write may change: inventory rows, lot rows, records, production orders."""
        return (sorted((r["inventory_lot_id"], r["location_id"], r["quantity"]) for r in fx.rows(tables.INVENTORY)),
                sorted((r["id"], r["name"], r["status"], r["total_quantity"]) for r in fx.rows(tables.INVENTORY_LOTS)),
                [r["id"] for r in fx.rows(tables.INVENTORY_LOT_RECORDS)],
                sorted((r["id"], r["quantity_produced"]) for r in fx.rows(tables.PRODUCTION_ORDERS)))


def _id(value):
    if value is None or not hasattr(value, "get"):
        return value
    return value.get("id")
