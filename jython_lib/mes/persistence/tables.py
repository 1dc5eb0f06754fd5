"""One description per table of the data model (docs/rules.md#surface-and-names).

Everything about a table is derived from here: DDL per dialect (schema.py), the row <-> object
mapping with camelCase keys (mapping.py), type checks, and "who references this row" lookups.
Column kinds: id (ULID text), text (VARCHAR n), longtext, bool, int, bigint, quantity (exact
decimal), double, timestamp, enum (VARCHAR 32, members listed), blob.
"""
from __future__ import absolute_import
import re

from mes.core import limits, transitions


class Column(object):
    def __init__(self, name, kind, size=None, default=None, required=False, ref=None, enum=None,
                 key=None, public=True, since=1):
        self.name = name
        self.kind = kind
        self.size = size
        self.default = default
        self.required = required
        self.ref = ref          # referenced table name, for id columns
        self.enum = enum        # tuple of allowed members, for enum columns
        self.key = key or camel_case(name)
        self.public = public    # False: runtime bookkeeping, not part of the returned object
        self.since = since      # the schema migration that adds the column (1: the baseline)

    @property
    def max_length(self):
        """The most characters a text value of this column may have (docs/limits.md#text-limits)."""
        if self.kind == "longtext":
            return limits.LONGTEXT
        if self.kind == "enum":
            return limits.ENUM
        return self.size or limits.NAME

    def __repr__(self):
        return "Column(%s)" % self.name


class Table(object):
    def __init__(self, name, columns, unique=(), indexes=(), label=None):
        self.name = name
        self.label = label or name
        self.columns = BASE_COLUMNS + list(columns)
        self.baseline_columns = [c for c in self.columns if c.since == 1]
        self.unique = [tuple(u) for u in unique]
        self.indexes = [tuple(i) for i in indexes]
        self.by_name = dict((c.name, c) for c in self.columns)
        self.by_key = dict((c.key, c) for c in self.columns)

    def column(self, name):
        return self.by_name[name]

    @property
    def references(self):
        """Columns of this table that point at other tables."""
        return [c for c in self.columns if c.ref]

    def lookup_indexes(self):
        """Indexes to create: the declared ones plus one per reference column not already
        leading a unique constraint or index, so reference lookups and deletes never scan."""
        leading = set(cols[0] for cols in self.unique + self.indexes)
        extra = [(c.name,) for c in self.references if c.name not in leading]
        return self.indexes + extra


def camel_case(snake):
    return re.sub(r"_([a-z0-9])", lambda m: m.group(1).upper(), snake)


def enum(*members):
    return tuple(members)


# Enumerations of the reference data model.
STATUS = enum("IDLE", "RUNNING", "COMPLETED", "FAULTED", "CANCELLED", "UNKNOWN", "PAUSED")
LOT_STATUS = enum("OPEN", "AVAILABLE", "QA_HOLD", "EXPIRED", "SHIPPED", "CLOSED")
LOT_RECORD_TYPE = enum("CONSUME", "UNCONSUME", "PRODUCE", "MOVE", "SPLIT", "MERGE", "SCRAP", "RETURN",
                       "STATUS_CHANGE", "EDIT", "RECEIVE", "SHIP")
INVENTORY_OPERATION_TYPE = enum("CONSUME", "UNCONSUME", "PRODUCE", "RECEIVE", "RECEIVE_AND_CONSUME", "SHIP",
                                "SCRAP", "RETURN", "SCRAP_ALL")
TRIGGER_SOURCE = enum("EXPRESSION", "MANUAL", "PARENT")
TRIGGER_TYPE = enum("RISING_EDGE", "FALLING_EDGE", "CHANGE")
MATERIAL_SOURCE = enum("STATIC", "EXPRESSION", "MANUAL", "PARENT")
LOT_RESOLUTION = enum("AUTO_GENERATE", "EXPRESSION", "MANUAL", "FROM_LOCATION")
INVENTORY_NAME_RESOLUTION = enum("STATIC", "EXPRESSION", "MANUAL", "AUTO_GENERATE")
QUANTITY_SOURCE = enum("EXPRESSION", "MANUAL")
COUNT_CALC_TYPE = enum("DELTA", "DIRECT")
UOM_RESOLUTION = enum("STATIC", "FROM_CONTEXT")
LOCATION_TYPE = enum("ENTERPRISE", "COMPANY", "SITE", "AREA", "LINE", "CELL_GROUP", "CELL", "UNIT")
PROCESS_TYPE = enum("STORAGE", "CONTINUOUS", "BATCH", "DISCRETE", "NONE")
LOT_STORAGE_STRATEGY = enum("ALLOW_MULTIPLE", "ALLOW_SINGLE_OR_THROW", "MERGE_INTO_PREVIOUS", "MERGE_INTO_NEW",
                            "NO_STORAGE")
LOT_USE_STRATEGY = enum("FIFO", "LIFO", "FEFO")
SCHEDULE_PRIORITY = enum("LOW", "NORMAL", "HIGH", "URGENT")
PRODUCTION_ORDER_STATUS = enum("IDLE", "SCHEDULED", "RUNNING", "PAUSED", "STOPPED", "CLOSED", "CANCELLED")
PRODUCTION_ORDER_RESOLUTION = enum("NONE", "MANUAL", "EXPRESSION", "SCHEDULE")
RUNNING_CONFLICT_STRATEGY = enum("THROW_EXCEPTION", "STOP_PREVIOUS")
EXPRESSION_UPDATE_BEHAVIOR = enum("KEEP_FIRST_GOOD_VALUE", "KEEP_LAST_GOOD_VALUE", "THROW_ERROR", "NEW_RECORD")
EXPECTED_DURATION_STRATEGY = enum("STATIC", "EXPRESSION", "FROM_PRODUCTION_ORDER")

# Allowed status changes: the runtime's checks and the stores' compare-and-set guards read these.
INVENTORY_OPERATION_MOVES = transitions.Transitions("inventory operation", STATUS, {
    "start": (None, "RUNNING"),            # from anything but RUNNING
    "execute": (("IDLE", "COMPLETED", "FAULTED", "CANCELLED", "UNKNOWN", "PAUSED"), "IDLE"),
    "stop": (("RUNNING",), "IDLE"),
    "cancel": (("RUNNING",), "CANCELLED"),
})
OPERATION_MOVES = transitions.Transitions("operation", STATUS, {
    "start": (("IDLE", "COMPLETED", "FAULTED", "CANCELLED", "UNKNOWN"), "RUNNING"),
    "resume": (("PAUSED",), "RUNNING"),
    "pause": (("RUNNING",), "PAUSED"),
    "stop": (("RUNNING", "PAUSED"), "IDLE"),
})
# changeStatus may move a lot from any status to any other (docs/rules.md#the-ledger).
LOT_STATUS_MOVES = transitions.Transitions("lot", LOT_STATUS, dict(
    ("to_" + status.lower(), (LOT_STATUS, status)) for status in LOT_STATUS))

NAME = limits.NAME
PATH = limits.PATH

BASE_COLUMNS = [
    Column("id", "id", required=True),
    Column("enabled", "bool", default=True, required=True),
    Column("created_date", "timestamp"),
    Column("created_by", "text", NAME),
    Column("modified_date", "timestamp"),
    Column("modified_by", "text", NAME),
    Column("notes", "longtext"),
    Column("spare1", "longtext"),
    Column("spare2", "longtext"),
    Column("spare3", "longtext"),
]

UNITS_OF_MEASURE = Table("unit_of_measure", [
    Column("name", "text", NAME, required=True),
    Column("symbol", "text", 64, required=True),
], unique=[("name",), ("symbol",)], label="unit of measure")

LOCATIONS = Table("locations", [
    Column("name", "text", NAME, required=True),
    Column("description", "text", 500),
    Column("parent_id", "id", ref="locations"),
    Column("type", "enum", enum=LOCATION_TYPE, default="ENTERPRISE"),
    Column("process_type", "enum", enum=PROCESS_TYPE, default="NONE"),
    Column("sort_order", "int", default=0),
    Column("allow_negative_inventory", "bool", default=False, required=True),
    Column("storage_capacity", "quantity"),
    Column("storage_capacity_unit_id", "id", ref="unit_of_measure"),
    Column("lot_storage_strategy", "enum", enum=LOT_STORAGE_STRATEGY, default="NO_STORAGE", required=True),
    Column("lot_use_strategy", "enum", enum=LOT_USE_STRATEGY, default="FIFO", required=True),
    Column("path", "text", PATH, required=True),
], unique=[("path",)], label="location")

UNIT_CONVERSIONS = Table("unit_of_measure_conversions", [
    Column("conversion_factor", "double", required=True),
    Column("material_id", "id", ref="materials"),
    Column("from_unit_of_measure_id", "id", ref="unit_of_measure", required=True, key="fromId"),
    Column("to_unit_of_measure_id", "id", ref="unit_of_measure", required=True, key="toId"),
], indexes=[("from_unit_of_measure_id", "to_unit_of_measure_id")], label="unit conversion")

MATERIAL_CLASSES = Table("material_classes", [
    Column("parent_id", "id", ref="material_classes"),
    Column("name", "text", NAME, required=True),
    Column("description", "text", 500),
    Column("path", "text", PATH, required=True),
], unique=[("path",)], label="material class")

MATERIALS = Table("materials", [
    Column("name", "text", NAME, required=True),
    Column("description", "text", 500),
    Column("erp_id", "text", NAME),
    Column("path", "text", PATH, required=True),
    Column("shelf_life_days", "int"),
    Column("image", "blob"),
    Column("material_class_id", "id", ref="material_classes"),
    Column("safety_data_sheet_id", "id"),
    Column("unit_of_measure_id", "id", ref="unit_of_measure"),
], unique=[("path",)], indexes=[("erp_id",)], label="material")

MATERIAL_REASON_CODES = Table("material_reason_codes", [
    Column("lot_record_type", "enum", enum=LOT_RECORD_TYPE),
    Column("reason_code", "text", NAME, required=True),
    Column("description", "text", 500),
    Column("require_comments", "bool", default=False, required=True),
], unique=[("reason_code",)], label="material reason code")

PRODUCTION_ORDERS = Table("production_orders", [
    Column("name", "text", NAME, required=True),
    Column("start_date", "timestamp"),
    Column("due_date", "timestamp"),
    Column("end_date", "timestamp"),
    Column("quantity", "quantity", default=0.0),
    Column("quantity_produced", "quantity", default=0.0, required=True),
    Column("quantity_scheduled", "quantity", default=0.0),
    Column("schedule_priority", "enum", enum=SCHEDULE_PRIORITY, default="NORMAL"),
    Column("status", "enum", enum=PRODUCTION_ORDER_STATUS, default="IDLE", required=True),
    Column("location_id", "id", ref="locations"),
    Column("product_material_id", "id", ref="materials", key="productId"),
    Column("customer_id", "id"),
    Column("shift_record_id", "id"),
    Column("unit_of_measure_id", "id", ref="unit_of_measure"),
], unique=[("name",)], label="production order")

OPERATIONS = Table("operations", [
    Column("name", "text", NAME, required=True),
    Column("location_id", "id", ref="locations"),
    Column("status", "enum", enum=STATUS, default="IDLE", required=True),
    Column("trigger_source", "enum", enum=TRIGGER_SOURCE, default="EXPRESSION", required=True),
    Column("start_trigger_expression", "longtext"),
    Column("start_trigger_type", "enum", enum=TRIGGER_TYPE, default="RISING_EDGE"),
    Column("stop_trigger_expression", "longtext"),
    Column("stop_trigger_type", "enum", enum=TRIGGER_TYPE, default="FALLING_EDGE"),
    Column("production_order_resolution_strategy", "enum", enum=PRODUCTION_ORDER_RESOLUTION, default="NONE"),
    Column("production_order_update_strategy", "enum", enum=EXPRESSION_UPDATE_BEHAVIOR,
           default="KEEP_FIRST_GOOD_VALUE"),
    Column("production_order_expression", "longtext"),
    Column("running_conflict_strategy", "enum", enum=RUNNING_CONFLICT_STRATEGY, default="STOP_PREVIOUS"),
    Column("update_production_order_status_on_start", "bool", default=False, required=True),
    Column("update_production_order_status_on_stop", "bool", default=False, required=True),
    Column("start_production_order_status", "enum", enum=PRODUCTION_ORDER_STATUS, default="RUNNING"),
    Column("stop_production_order_status", "enum", enum=PRODUCTION_ORDER_STATUS, default="STOPPED"),
    Column("auto_add_to_schedule", "bool", default=True, required=True),
    Column("expected_duration_calculation_strategy", "enum", enum=EXPECTED_DURATION_STRATEGY, default="STATIC"),
    Column("expected_duration_seconds", "int", default=0),
    Column("expected_duration_expression", "longtext"),
    Column("flush_interval_millis", "int", default=0),
    Column("current_operation_record_id", "id", ref="operation_records"),
    Column("current_production_order_id", "id", ref="production_orders"),
], unique=[("location_id", "name")], label="operation")

OPERATION_RECORDS = Table("operation_records", [
    Column("name", "text", NAME),
    Column("start_date", "timestamp", required=True),
    Column("end_date", "timestamp"),
    Column("status", "enum", enum=STATUS, default="RUNNING", required=True),
    Column("location_id", "id", ref="locations"),
    Column("operation_id", "id", ref="operations", required=True),
    Column("production_order_id", "id", ref="production_orders"),
    Column("shift_record_id", "id"),
], indexes=[("operation_id", "start_date")], label="operation record")

INVENTORY_LOTS = Table("inventory_lots", [
    Column("name", "text", NAME, required=True),
    Column("material_id", "id", ref="materials", required=True),
    Column("status", "enum", enum=LOT_STATUS, default="OPEN", required=True),
    Column("total_quantity", "quantity", default=0.0, required=True),
    Column("expiration_date", "timestamp"),
    Column("closed_date", "timestamp"),
    Column("unit_of_measure_id", "id", ref="unit_of_measure", required=True),
    Column("supplier_id", "id"),
], unique=[("material_id", "name")], indexes=[("name",)], label="lot")

INVENTORY = Table("inventory", [
    Column("name", "text", NAME),
    Column("quantity", "quantity", default=0.0, required=True),
    Column("location_id", "id", ref="locations", required=True),
    Column("inventory_lot_id", "id", ref="inventory_lots", required=True),
    Column("production_order_id", "id", ref="production_orders"),
], unique=[("location_id", "inventory_lot_id")], label="inventory")

INVENTORY_LOT_RECORDS = Table("inventory_lot_records", [
    Column("lot_record_type", "enum", enum=LOT_RECORD_TYPE, required=True),
    Column("inventory_lot_id", "id", ref="inventory_lots", required=True),
    Column("secondary_inventory_lot_id", "id", ref="inventory_lots"),
    Column("operation_record_id", "id", ref="operation_records"),
    Column("inventory_operation_id", "id", ref="inventory_operations"),
    Column("production_order_id", "id", ref="production_orders"),
    Column("material_reason_code_id", "id", ref="material_reason_codes"),
    Column("source_location_id", "id", ref="locations"),
    Column("destination_location_id", "id", ref="locations"),
    Column("shift_record_id", "id"),
    Column("lot_status", "enum", enum=LOT_STATUS),
    Column("quantity", "quantity"),
    Column("unit_of_measure_id", "id", ref="unit_of_measure"),
    Column("start_date", "timestamp", required=True),
    Column("end_date", "timestamp"),
    Column("status", "enum", enum=STATUS, default="COMPLETED", required=True),
    # docs/rules.md#the-ledger: true only for records written by the ledger that changed a balance; records saved
    # directly with saveInventoryLotRecord are audit entries and stay false.
    Column("moves_inventory", "bool", default=False, required=True, public=False),
], indexes=[("inventory_lot_id", "start_date"), ("secondary_inventory_lot_id", "start_date")],
    label="inventory lot record")

INVENTORY_OPERATIONS = Table("inventory_operations", [
    Column("operation_id", "id", ref="operations"),
    Column("name", "text", NAME, required=True),
    Column("status", "enum", enum=STATUS, default="IDLE", required=True),
    Column("current_record_id", "id", ref="inventory_lot_records"),
    Column("operation_type", "enum", enum=INVENTORY_OPERATION_TYPE, default="CONSUME", required=True),
    Column("trigger_source", "enum", enum=TRIGGER_SOURCE, default="EXPRESSION", required=True),
    Column("start_trigger_expression", "longtext"),
    Column("start_trigger_type", "enum", enum=TRIGGER_TYPE, default="RISING_EDGE", required=True),
    Column("stop_trigger_expression", "longtext"),
    Column("stop_trigger_type", "enum", enum=TRIGGER_TYPE, default="FALLING_EDGE", required=True),
    Column("source_location_id", "id", ref="locations"),
    Column("destination_location_id", "id", ref="locations"),
    Column("material_source", "enum", enum=MATERIAL_SOURCE, default="STATIC", required=True),
    Column("material_id", "id", ref="materials"),
    Column("secondary_material_id", "id", ref="materials"),
    Column("material_expression", "longtext"),
    Column("primary_lot_resolution_strategy", "enum", enum=LOT_RESOLUTION, default="AUTO_GENERATE", required=True),
    Column("secondary_lot_resolution_strategy", "enum", enum=LOT_RESOLUTION, default="AUTO_GENERATE",
           required=True),
    Column("primary_lot_code_expression", "longtext"),
    Column("secondary_lot_code_expression", "longtext"),
    Column("create_lot_if_not_found", "bool", default=False, required=True),
    Column("inventory_name_resolution_strategy", "enum", enum=INVENTORY_NAME_RESOLUTION, default="STATIC",
           required=True),
    Column("inventory_name", "text", NAME),
    Column("inventory_name_expression", "longtext"),
    Column("quantity_source", "enum", enum=QUANTITY_SOURCE, default="EXPRESSION", required=True),
    Column("quantity_expression", "longtext"),
    Column("quantity_calc_type", "enum", enum=COUNT_CALC_TYPE, default="DELTA", required=True),
    Column("quantity_overflow_value", "double"),
    Column("unit_of_measure_id", "id", ref="unit_of_measure"),
    Column("unit_of_measure_resolution_strategy", "enum", enum=UOM_RESOLUTION, default="STATIC", required=True),
    Column("reason_code_id", "id", ref="material_reason_codes"),
    Column("increment_production_order_count", "bool", default=False, required=True),
    Column("flush_interval_millis", "int"),
    # Runtime bookkeeping of a running DELTA quantity (docs/rules.md#inventory-operation-runtime): the counter sample taken at start and
    # the steps summed since, so a gateway restart resumes the count from the database.
    Column("counter_last_value", "double", public=False),
    Column("counter_total", "double", public=False),
    # The inventory name resolved at start, written on the inventory rows at stop.
    Column("current_inventory_name", "text", NAME, public=False),
    # When the current run started (SCRAP_ALL runs without a record until it stops).
    Column("current_start_date", "timestamp", public=False),
    # Bumped by every save of the configuration; the runtime's compare-and-set updates check it, so a
    # gateway's cached configuration is never used once another gateway saved a newer one.
    Column("config_version", "int", default=0, required=True, public=False, since=4),
], indexes=[("operation_id",), ("source_location_id",), ("destination_location_id",)],
    label="inventory operation")

# The trigger engine's memory of one EXPRESSION-triggered inventory operation
# (docs/faults.md#the-engines-memory): the last good sample of its start and stop expressions, written at every edge and
# flush so a restarted gateway compares its first sample with them. The id is the inventory
# operation's; `triggers` fingerprints the trigger expressions the samples belong to. Created by
# migration 3 (not part of the baseline), no foreign key: a deleted operation's row is never read.
TRIGGER_MEMORY = Table("inventory_operation_trigger_memory", [
    Column("triggers", "text", 64, required=True),
    Column("start_sample", "bool"),
    Column("stop_sample", "bool"),
], label="trigger memory")

SCHEMA_VERSION = "mes_schema_version"

# Creation order: referenced tables first (cycles are closed by constraints added afterwards).
ALL = [UNITS_OF_MEASURE, LOCATIONS, MATERIAL_CLASSES, MATERIALS, UNIT_CONVERSIONS, MATERIAL_REASON_CODES,
       PRODUCTION_ORDERS, OPERATIONS, OPERATION_RECORDS, INVENTORY_LOTS, INVENTORY, INVENTORY_OPERATIONS,
       INVENTORY_LOT_RECORDS]
BY_NAME = dict((t.name, t) for t in ALL)


def referencing_columns(table_name):
    """[(table, column)] of every column that references `table_name`."""
    found = []
    for table in ALL:
        for column in table.references:
            if column.ref == table_name:
                found.append((table, column))
    return found
