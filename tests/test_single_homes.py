"""Each rule has one home (docs/rules.md): the lot picker, the record-type catalogue, the number
coercion, the problem collector, the lot lifecycle, the record context and the end-date rule are
each written once and every caller goes through them."""
import ast
import io
import os

import pytest

from mes.core import errors, numbers, transitions
from mes.persistence import balance_store, mapping
from mes.services import lot_picking

import plant_fixtures

MES = os.path.join(os.path.dirname(os.path.dirname(os.path.abspath(__file__))), "jython_lib", "mes")


def _library_sources():
    for root, _, files in os.walk(MES):
        for name in sorted(files):
            if name.endswith(".py"):
                path = os.path.join(root, name)
                with io.open(path, encoding="utf-8") as handle:
                    yield os.path.relpath(path, MES).replace(os.sep, "/"), handle.read()


# -- the lot picker ----------------------------------------------------------------------------------

@pytest.fixture
def two_lots(system, clock):
    """Plant/Line holds L1 (5 ea, stocked first) and L2 (20 ea, stocked a minute later) of Bottle/Milk."""
    plant = plant_fixtures.RuntimePlant(system)
    for name, quantity in (("L1", 5), ("L2", 20)):
        clock.advance(60000)
        plant.lot(name)
        plant.stock(plant.mes.inventory.getLotByIdOrNameAndMaterial(name, "Bottle/Milk"), plant.line, quantity)
    return plant


def _three_picks(plant, quantity):
    """The lots picked by a consume of `quantity` without a lot, an edit without a lot and an
    inventory operation's FROM_LOCATION start, all at Plant/Line (every lot keeps stock)."""
    inventory = plant.mes.inventory
    request = inventory.newConsumeRequest()
    request.update(materialIdOrPath="Bottle/Milk", sourceLocationIdOrPath="Plant/Line", quantity=quantity)
    consumed = inventory.consume(**request).inventoryLotName
    edit = inventory.newEditInventoryQuantityRequest()
    edit.update(materialIdOrPath="Bottle/Milk", sourceLocationIdOrPath="Plant/Line", newQuantity=100)
    edited = inventory.editInventoryQuantity(**edit).inventoryLotName
    op = plant.op("From line %s" % quantity, operationType="CONSUME", sourceLocationId=plant.line["id"],
                  primaryLotResolutionStrategy="FROM_LOCATION")
    started = plant.run.startInventoryOperation(op["id"]).inventoryLotName
    plant.run.cancelInventoryOperation(op["id"])
    return consumed, edited, started


def test_consume_edit_and_from_location_pick_through_the_one_picker(two_lots, monkeypatch):
    calls = []
    real = lot_picking.pick

    def spy(session, location_id, strategy, allow_negative, material_id, quantity=None, unit_id=None):
        found = real(session, location_id, strategy, allow_negative, material_id, quantity, unit_id)
        calls.append((strategy, quantity, found.lot["name"]))
        return found

    monkeypatch.setattr(lot_picking, "pick", spy)
    # With a quantity known the first lot (FIFO) that holds it; with none, the first with stock.
    assert _three_picks(two_lots, 10) == ("L2", "L1", "L1")
    assert calls == [("FIFO", 10.0, "L2"), ("FIFO", None, "L1"), ("FIFO", None, "L1")]


def test_changing_the_pick_order_in_one_place_changes_all_three(two_lots, monkeypatch):
    monkeypatch.setitem(balance_store.PICK_ORDER, "FIFO", balance_store.PICK_ORDER["LIFO"])
    assert _three_picks(two_lots, 3) == ("L2", "L2", "L2")


def test_the_location_lot_use_order_drives_all_three(two_lots):
    line = two_lots.mes.location.getLocation("Plant/Line")
    two_lots.mes.location.saveLocation(**dict(line, lotUseStrategy="LIFO"))
    assert _three_picks(two_lots, 3) == ("L2", "L2", "L2")


def test_no_lot_holding_the_quantity_names_the_largest(two_lots):
    request = two_lots.mes.inventory.newConsumeRequest()
    request.update(materialIdOrPath="Bottle/Milk", sourceLocationIdOrPath="Plant/Line", quantity=25)
    with pytest.raises(errors.InsufficientInventoryError) as caught:
        two_lots.mes.inventory.consume(**request)
    assert "largest: 20" in str(caught.value)


def test_only_the_picker_reads_the_stocked_lots():
    users = [name for name, source in _library_sources() if "stocked_lots(" in source]
    assert sorted(users) == ["persistence/balance_store.py", "services/lot_picking.py"]


# -- catalogues and coercions ----------------------------------------------------------------------

RECORD_TYPES = {"CONSUME", "UNCONSUME", "PRODUCE", "MOVE", "SPLIT", "MERGE", "SCRAP", "RETURN", "RECEIVE", "SHIP"}


def _tuples_of_record_types(source):
    for node in ast.walk(ast.parse(source)):
        if isinstance(node, (ast.Tuple, ast.List)):
            names = [e.value for e in node.elts if isinstance(e, ast.Constant) and isinstance(e.value, str)]
            if len(RECORD_TYPES.intersection(names)) >= 3:
                yield names


def test_record_types_are_classified_in_the_catalogue_only():
    """The ledger, the runtime, inventory operations and trace read services/record_types.py."""
    outside = dict((name, list(_tuples_of_record_types(source))) for name, source in _library_sources()
                   if name not in ("services/record_types.py", "persistence/tables.py"))
    assert dict((k, v) for k, v in outside.items() if v) == {}


def test_java_numbers_are_read_in_one_place():
    readers = [name for name, source in _library_sources() if "doubleValue" in source
               and not name.startswith("expression/")]  # the expression language has its own value model
    assert readers == ["core/numbers.py"]


def test_problems_are_collected_by_one_function():
    definers = [name for name, source in _library_sources()
                if "def _add(" in source or "setdefault(key, []).append" in source]
    assert definers == ["core/problems.py"]


class _JavaBigDecimal(object):
    """What a Jython caller or a JDBC driver hands over: a java.lang.Number."""

    def __init__(self, value):
        self.value = value

    def doubleValue(self):
        return self.value


@pytest.mark.parametrize("given,expected", [(3, 3.0), ("2.5", 2.5), (_JavaBigDecimal(1.25), 1.25),
                                            (0.123456785, 0.12345678), (0.123456795, 0.1234568)])
def test_the_one_coercion_reads_every_kind_of_number(given, expected):
    assert numbers.quantity_problem("quantity", given) == (expected, None)


@pytest.mark.parametrize("given", [True, None, "ten", float("nan"), float("inf")])
def test_the_one_coercion_refuses_what_is_not_a_number(given):
    assert numbers.quantity_problem("quantity", given)[0] is None


def test_no_private_helper_is_called_across_modules():
    """`module._helper(...)` between library modules hides a rule's home; public names only."""
    found = []
    for name, source in _library_sources():
        imported = set()
        tree = ast.parse(source)
        for node in ast.walk(tree):
            if isinstance(node, ast.ImportFrom) and (node.module or "").startswith("mes"):
                imported.update(alias.asname or alias.name for alias in node.names)
        for node in ast.walk(tree):
            if isinstance(node, ast.Attribute) and node.attr.startswith("_") and not node.attr.startswith("__") \
                    and isinstance(node.value, ast.Name) and node.value.id in imported:
                found.append("%s: %s.%s" % (name, node.value.id, node.attr))
    assert found == []


# -- lot lifecycle, record context, end date -------------------------------------------------------

def test_lots_are_created_by_the_lot_lifecycle_only():
    creators = [name for name, source in _library_sources() if "insert_lot(" in source or "def create_lot" in source]
    assert creators == []


def test_a_lot_created_by_an_inventory_operation_obeys_the_lot_name_limit(system):
    plant = plant_fixtures.RuntimePlant(system)
    op = plant.op("Make", operationType="RECEIVE", destinationLocationId=plant.line["id"],
                  primaryLotResolutionStrategy="EXPRESSION", primaryLotCodeExpression="'%s'" % ("x" * 256),
                  createLotIfNotFound=True)
    with pytest.raises(errors.ValidationError) as caught:
        plant.run.executeInventoryOperation(op["id"], None, 5)
    assert "at most 255" in str(caught.value)
    assert plant.lot_names() == []


def test_an_end_before_the_start_is_refused_alike_by_requests_and_the_runtime(system):
    plant = plant_fixtures.RuntimePlant(system)
    plant.lot("L1")
    request = plant.mes.inventory.newReceiveRequest()
    request.update(materialIdOrPath="Bottle/Milk", lotIdOrName="L1", quantity=1, destinationLocationIdOrPath="Plant/Line",
                   startDate=2000000, endDate=1000000)
    problems = plant.mes.inventory.validateReceiveRequest(**request)
    op = plant.op("Receive", operationType="RECEIVE", destinationLocationId=plant.line["id"])
    with pytest.raises(errors.ValidationError) as caught:
        plant.run.executeInventoryOperation(op["id"], "L1", 1, startDateMillis=2000000, endDateMillis=1000000)
    assert " ".join(problems["endDate"]).replace("endDate", "") == str(caught.value.errors["endDateMillis"][0]).replace(
        "endDateMillis", "")


# -- transition tables -----------------------------------------------------------------------------

from mes.persistence import db, operation_store, runtime_store, tables  # noqa: E402


def _set_status(table, row_id, status):
    with db.transaction() as session:
        session.update("UPDATE %s SET status = ? WHERE id = ?" % table.name, [status, row_id])


def _guard_outcomes(table, row_id, write):
    """{status: whether the compare-and-set UPDATE matched} for every status, each rolled back."""
    outcomes = {}
    for status in tables.STATUS:
        _set_status(table, row_id, status)
        with db.transaction() as session:
            outcomes[status] = write(session)
    return outcomes


def test_inventory_operation_guards_are_the_transition_table(system):
    plant = plant_fixtures.RuntimePlant(system)
    op = plant.op("Receive", operationType="RECEIVE", destinationLocationId=plant.line["id"])
    moves = tables.INVENTORY_OPERATION_MOVES
    version = runtime_store.inventory_operation(db.reader(), op["id"])["config_version"]
    writes = {"start": lambda s: runtime_store.claim(s, op["id"], "start", version),
              "execute": lambda s: runtime_store.claim(s, op["id"], "execute", version),
              "stop": lambda s: runtime_store.mark_stopped(s, op["id"], "stop"),
              "cancel": lambda s: runtime_store.mark_stopped(s, op["id"], "cancel")}
    for action, write in writes.items():
        expected = dict((status, moves.allows(action, status)) for status in tables.STATUS)
        assert _guard_outcomes(tables.INVENTORY_OPERATIONS, op["id"], write) == expected, action
        assert any(expected.values()) and not all(expected.values())


def test_operation_guards_are_the_transition_table(system):
    plant = plant_fixtures.RuntimePlant(system)
    operation = plant.mes.operation.newOperation()
    operation.update(name="Filler", locationId=plant.line["id"])
    operation = plant.mes.operation.saveOperation(**operation)
    moves = tables.OPERATION_MOVES
    writes = {"start": lambda s: operation_store.mark_running(s, operation["id"], None, None, "start"),
              "resume": lambda s: operation_store.mark_running(s, operation["id"], None, None, "resume"),
              "pause": lambda s: operation_store.mark_paused(s, operation["id"]),
              "stop": lambda s: operation_store.mark_idle(s, operation["id"])}
    for action, write in writes.items():
        expected = dict((status, moves.allows(action, status)) for status in tables.STATUS)
        assert _guard_outcomes(tables.OPERATIONS, operation["id"], write) == expected, action


def test_changing_the_table_changes_the_check_and_the_guard_together(system, monkeypatch):
    plant = plant_fixtures.RuntimePlant(system)
    op = plant.op("Receive", operationType="RECEIVE", destinationLocationId=plant.line["id"])
    with pytest.raises(errors.ConflictError):
        plant.run.cancelInventoryOperation(op["id"])  # IDLE: nothing to cancel
    moves = tables.INVENTORY_OPERATION_MOVES
    monkeypatch.setitem(moves.moves, "cancel", (("RUNNING", "IDLE"), "CANCELLED"))
    plant.run.cancelInventoryOperation(op["id"])
    assert plant.status(op) == "CANCELLED"


def test_a_guard_writes_the_tables_own_statuses_and_refuses_any_other_text():
    # The guard's statuses are SQL literals (nothing bound per call), so only upper-case words may get there.
    moves = transitions.Transitions("thing", ("IDLE", "RUNNING", "ON_HOLD"), {"go": (None, "RUNNING")})
    assert mapping.status_guard(moves, "go") == "status IN ('IDLE', 'ON_HOLD')"
    for status in ("X') OR ('1' = '1", "ON_HOLD\n", "idle"):
        odd = transitions.Transitions("thing", ("IDLE", status), {"go": (None, "IDLE")})
        with pytest.raises(ValueError, match="not an upper-case word"):
            mapping.status_guard(odd, "go")


def test_a_lot_may_change_to_any_status_and_closing_sets_its_closed_date(system):
    plant = plant_fixtures.RuntimePlant(system)
    lot = plant.lot("L1")
    inventory = plant.mes.inventory
    for status in ("CLOSED", "OPEN", "QA_HOLD", "CLOSED"):
        request = inventory.newChangeStatusRequest()
        request.update(lotId=lot["id"], newStatus=status)
        inventory.changeStatus(**request)
        found = inventory.getLot(lot["id"])
        assert found["status"] == status and (found["closedDate"] is not None) == (status == "CLOSED")
    reopened = inventory.saveLot(**dict(inventory.getLot(lot["id"]), status="AVAILABLE"))
    assert reopened["closedDate"] is None
