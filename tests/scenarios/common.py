# -*- coding: utf-8 -*-
"""Helpers of the end-to-end scenarios: a small plant built through the public API only
(system.mes.*), and the check that what the API returns holds no Java objects.

Valid Python 2.7 (real Jython) and 3.11 (CPython + JPype); no pytest here.
"""
from __future__ import absolute_import, division, print_function, unicode_literals

import sys

IS_JYTHON = sys.platform.startswith("java")
HOUR = 3600 * 1000

if IS_JYTHON:
    import java.lang  # noqa: E402

    def is_java(value):
        return isinstance(value, java.lang.Object)
else:
    def is_java(value):
        module = type(value).__module__ or ""
        if module.split(".")[0] in ("java", "javax", "jpype", "_jpype"):
            return True
        try:
            import jpype
        except ImportError:
            return False
        return isinstance(value, jpype.JObject)


def java_values(value, where="result", found=None, depth=0):
    """Every (path, type name) inside value (dicts, lists, tuples, sets, their keys and values) that
    is a Java object."""
    found = [] if found is None else found
    if depth > 50:
        return found
    if is_java(value):
        found.append((where, "%s.%s" % (type(value).__module__, type(value).__name__)))
    elif isinstance(value, dict):
        for key, item in value.items():
            if is_java(key):
                found.append(("%s key %r" % (where, key), type(key).__name__))
            java_values(item, "%s[%r]" % (where, key), found, depth + 1)
    elif isinstance(value, (list, tuple, set, frozenset)):
        for i, item in enumerate(value):
            java_values(item, "%s[%d]" % (where, i), found, depth + 1)
    return found


def plain(value, where="result"):
    """Assert that value holds no Java types; returns it for chaining."""
    found = java_values(value, where)
    assert not found, "Java objects in what the API returned: %r" % (found,)
    return value


def close(a, b, tolerance=1e-9):
    return a is not None and b is not None and abs(float(a) - float(b)) <= tolerance


class Plant(object):
    """Units Each (ea) and Box (box, 1 box = 12 ea); materials Milk and Lid (unit ea); locations
    Plant, Plant/Line, Plant/Dock (ALLOW_MULTIPLE). Everything through system.mes.*."""

    def __init__(self, system):
        self.system = system
        self.mes = system.mes
        self.inv = system.mes.inventory
        self.run = system.mes.inventory.operation
        self.ea = self.unit("Each", "ea")
        self.box = self.unit("Box", "box")
        plain(self.mes.unitOfMeasure.addConversion("box", "ea", 12.0), "addConversion")
        self.milk = self.material("Milk", self.ea)
        self.lid = self.material("Lid", self.ea)
        self.root = self.location("Plant")
        self.line = self.location("Plant/Line")
        self.dock = self.location("Plant/Dock")

    def unit(self, name, symbol):
        api = self.mes.unitOfMeasure
        return plain(api.saveUnitOfMeasure(**dict(api.newUnitOfMeasure(), name=name, symbol=symbol)),
                     "saveUnitOfMeasure")

    def material(self, name, unit):
        api = self.mes.material
        return plain(api.saveMaterial(**dict(api.newMaterial(), name=name, unitOfMeasureId=unit["id"])),
                     "saveMaterial")

    def location(self, path):
        api = self.mes.location
        parent_path, _, name = path.rpartition("/")
        parent = api.getLocation(parent_path)["id"] if parent_path else None
        return plain(api.saveLocation(**dict(api.newLocation(), name=name, parentId=parent,
                                             lotStorageStrategy="ALLOW_MULTIPLE")), "saveLocation")

    def lot(self, name, material=None):
        new = self.inv.newLot()
        new.update(name=name, materialId=(material or self.milk)["id"])
        return plain(self.inv.saveLot(**new), "saveLot")

    def receive(self, lot_name, material, location, quantity):
        request = self.inv.newReceiveRequest()
        request.update(materialIdOrPath=material["name"], lotIdOrName=lot_name, quantity=quantity,
                       destinationLocationIdOrPath=location["path"], createIfNotExists=True)
        return plain(self.inv.receive(**request), "receive")

    def op(self, name, **fields):
        """An inventory operation ready to run by hand: MANUAL trigger and quantity, material Milk,
        STATIC unit Each by name, primary lot MANUAL; fields override."""
        new = self.run.newInventoryOperation()
        new.update(name=name, triggerSource="MANUAL", quantitySource="MANUAL", materialId=self.milk["id"],
                   unitOfMeasureName="Each", primaryLotResolutionStrategy="MANUAL")
        new.update(fields)
        return plain(self.run.saveInventoryOperation(**new), "saveInventoryOperation")

    def lot_named(self, name):
        return plain(self.inv.getLotByIdOrNameAndMaterial(name, None), "getLotByIdOrNameAndMaterial")

    def balance(self, lot_name, location, material=None):
        """Quantity of lot at location, None when there is no inventory row."""
        row = self.inv.getInventoryByLotAndLocation(lot_name, (material or self.milk)["name"], location["path"])
        plain(row, "getInventoryByLotAndLocation")
        return None if row is None else row["quantity"]

    def total(self, lot_name):
        return self.lot_named(lot_name)["totalQuantity"]

    def status(self, op):
        return plain(self.run.getInventoryOperationStatus(op["id"]), "getInventoryOperationStatus")

    def audit(self):
        differences = self.inv.auditInventoryLedger()
        assert differences == [], "ledger audit: %r" % (differences,)


def self_check(system):
    """The Java detector really detects: a java.util.Date from system.date.now() inside a dict
    and a list is found, plain Python values are not."""
    now = system.date.now()
    assert java_values({"when": [now]}), "the Java-type check missed a %r" % (type(now),)
    assert not java_values({"a": [1, 2.5, True, None, "text", u"t\u00e9xt"], "b": {"c": (1,)}})
