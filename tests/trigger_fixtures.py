"""A small line for the trigger-engine tests (issue 8): master data through the public API
(system.mes.*), tags in the harness tag provider, and readers of what the engine wrote.

    line = trigger_fixtures.Line(system)
    op = line.op("Fill")                       # PRODUCE into Pack, start/stop on Line1/Running,
    line.tick()                                # DELTA on Line1/Count, unit Each (ready to run)
    line.write(RUNNING, True); line.tick()
    assert line.status(op) == "RUNNING"

Master data: unit Each (ea), material Bottle (unit ea), locations Pack and Store (ALLOW_MULTIPLE).
Tags: [default]Line1/Running (Boolean, False) and [default]Line1/Count (Int4, 0).
"""
from mes.core import ids, platform
from mes.persistence import db, mapping, tables

RUNNING = "[default]Line1/Running"
COUNT = "[default]Line1/Count"
ENGINE_LOGGERS = ("mes.inventory.operation", "mes.inventory.operation.triggers")


def _id(value):
    if value is None or not hasattr(value, "get"):
        return value
    return value.get("id")


def tag_ref(path):
    return "{%s}" % path


class Line(object):
    def __init__(self, system):
        self.system = system
        self.mes = system.mes
        self.run = system.mes.inventory.operation
        uom = self.mes.unitOfMeasure
        self.ea = uom.saveUnitOfMeasure(**dict(uom.newUnitOfMeasure(), name="Each", symbol="ea"))
        mat = self.mes.material
        self.bottle = mat.saveMaterial(**dict(mat.newMaterial(), name="Bottle", unitOfMeasureId=self.ea["id"]))
        loc = self.mes.location
        self.pack = loc.saveLocation(**dict(loc.newLocation(), name="Pack", lotStorageStrategy="ALLOW_MULTIPLE"))
        self.store = loc.saveLocation(**dict(loc.newLocation(), name="Store", lotStorageStrategy="ALLOW_MULTIPLE"))
        self.tag(RUNNING, False, "Boolean")
        self.tag(COUNT, 0, "Int4")

    # -- tags ----------------------------------------------------------------------------------------

    def tag(self, path, value, data_type):
        self.system.tag.create_tag(path, value, data_type=data_type)

    def write(self, path, value):
        quality = self.system.tag.writeBlocking([path], [value])[0]
        assert quality.isGood(), "writing %r to %s gave %s" % (value, path, quality)

    def bad(self, path, quality="Bad_Stale"):
        self.system.tag.set_quality(path, quality)

    def good(self, path):
        self.system.tag.set_quality(path, "Good")

    # -- the engine ----------------------------------------------------------------------------------

    def tick(self):
        return self.run.tick()

    def set_and_tick(self, path, value):
        self.write(path, value)
        return self.tick()

    def refresh(self, ids_=None):
        return self.run.updateInventoryOperationStatesFromDatabase(ids_)

    @property
    def engine_slot(self):
        """This gateway's runtime-state dict in system.util.getGlobals()."""
        return platform.runtime_state()

    def engine_state(self):
        """The engine's slot in system.util.getGlobals() (None before the first tick)."""
        return platform.runtime_state().get("triggers")

    # -- configuration --------------------------------------------------------------------------------

    def op(self, name="Fill", **fields):
        """A PRODUCE inventory operation into Pack, ready to run: start RISING and stop FALLING on
        Line1/Running, DELTA quantity on Line1/Count, material Bottle, STATIC unit Each, lots
        AUTO_GENERATE; any field can be overridden."""
        new = self.run.newInventoryOperation()
        new.update(name=name, operationType="PRODUCE", destinationLocationId=self.pack["id"],
                   materialId=self.bottle["id"], unitOfMeasureName="Each", triggerSource="EXPRESSION",
                   startTriggerExpression=tag_ref(RUNNING), startTriggerType="RISING_EDGE",
                   stopTriggerExpression=tag_ref(RUNNING), stopTriggerType="FALLING_EDGE",
                   quantitySource="EXPRESSION", quantityExpression=tag_ref(COUNT), quantityCalcType="DELTA")
        new.update(fields)
        return self.run.saveInventoryOperation(**new)

    def edit(self, op, **fields):
        current = self.run.getInventoryOperation(_id(op))
        current.update(fields)
        return self.run.saveInventoryOperation(**current)

    def update_elsewhere(self, op, **columns):
        """Change columns of the operation's row with a direct UPDATE, as another gateway sharing
        the database would (this gateway's engine is not told)."""
        with db.transaction() as session:
            assert mapping.update_by_id(session, tables.INVENTORY_OPERATIONS, _id(op), columns) == 1

    def bulk_ops(self, count, prefix="Bulk", tag_for=None, **columns):
        """Insert `count` ready-to-run operations in one transaction (not `count` API saves).
        tag_for(i) gives the start/stop tag path of operation i (default: Line1/Running)."""
        now = self.system.clock.now_millis()
        made = []
        with db.transaction() as session:
            for i in range(count):
                path = tag_for(i) if tag_for else RUNNING
                values = {"id": ids.new_id(), "enabled": True, "name": "%s %05d" % (prefix, i), "status": "IDLE",
                          "operation_type": "PRODUCE", "trigger_source": "EXPRESSION",
                          "start_trigger_expression": tag_ref(path), "start_trigger_type": "RISING_EDGE",
                          "stop_trigger_expression": tag_ref(path), "stop_trigger_type": "FALLING_EDGE",
                          "destination_location_id": self.pack["id"], "material_source": "STATIC",
                          "material_id": self.bottle["id"], "primary_lot_resolution_strategy": "AUTO_GENERATE",
                          "secondary_lot_resolution_strategy": "AUTO_GENERATE", "create_lot_if_not_found": False,
                          "inventory_name_resolution_strategy": "STATIC", "quantity_source": "EXPRESSION",
                          "quantity_expression": tag_ref(COUNT), "quantity_calc_type": "DELTA",
                          "unit_of_measure_id": self.ea["id"], "unit_of_measure_resolution_strategy": "STATIC",
                          "increment_production_order_count": False, "created_date": now, "created_by": "test",
                          "modified_date": now, "modified_by": "test"}
                values.update(columns)
                mapping.insert(session, tables.INVENTORY_OPERATIONS, values)
                made.append(values["id"])
        return made

    # -- what was written ------------------------------------------------------------------------------

    def state(self, op):
        return mapping.select_by_id(db.reader(), tables.INVENTORY_OPERATIONS, _id(op))

    def status(self, op):
        return self.run.getInventoryOperationStatus(_id(op))

    def records(self, op):
        return mapping.select_where(db.reader(), tables.INVENTORY_LOT_RECORDS, "inventory_operation_id = ?",
                                    [_id(op)], order_by="start_date, id")

    def lots(self):
        return mapping.select_where(db.reader(), tables.INVENTORY_LOTS, order_by="name")

    def balance(self, lot_id, location):
        rows = mapping.select_where(db.reader(), tables.INVENTORY, "inventory_lot_id = ? AND location_id = ?",
                                    [lot_id, _id(location)])
        return sum(r["quantity"] for r in rows) if rows else None

    def logs(self, level=None, contains=None):
        """Messages the engine and runtime logged through system.util.getLogger."""
        return [(name, lvl, message) for name, lvl, message in list(self.system.util.log_records)
                if name in ENGINE_LOGGERS and (level is None or lvl == level)
                and (contains is None or contains in message)]
