"""Who a record names (docs/rules.md#objects-ids-and-dates): created_by / modified_by / a lot record's
created_by are the caller the permission service sees, in every scope: an actingUser block, the gateway
principal, a Vision client or Designer on 8.1 (system.security) and on 8.3 (system.vision); "system" only
where nobody calls (a gateway script with no principal)."""
import pytest

from plant_fixtures import LedgerPlant


def _write_and_read_users(system):
    """Save a location, change it, receive into it; (createdBy, modifiedBy, the lot record's createdBy)."""
    plant = LedgerPlant(system)
    lot = plant.lot("L1")
    saved = plant.location("Plant/Bay")
    changed = system.mes.location.saveLocation(**dict(saved, notes="re-labelled"))
    record = plant.stock(lot, saved, 3)
    return saved["createdBy"], changed["modifiedBy"], plant.record(record["id"])["created_by"]


@pytest.mark.parametrize("version", ["8.1", "8.3"])
def test_a_vision_client_user_is_named(system, version):
    system.security.set_scope("client", version)
    system.security.set_user("carol", ["Operator"])
    assert _write_and_read_users(system) == ("carol", "carol", "carol")


def test_a_designer_user_on_8_3_is_named(system):
    system.security.set_scope("designer", "8.3")
    system.security.set_user("dave", ["Engineer"])
    assert _write_and_read_users(system) == ("dave", "dave", "dave")


def test_the_acting_user_of_a_perspective_call_is_named(system):
    system.security.set_scope("gateway", "8.3")
    with system.mes.security.actingUser("alice", ["Operator"]):
        users = _write_and_read_users(system)
    assert users == ("alice", "alice", "alice")


def test_the_gateway_principal_is_named_in_gateway_scope(system):
    system.security.set_scope("gateway", "8.1")
    system.mes.security.setGatewayPrincipal("mes-gateway", ["MES_Gateway"])
    assert _write_and_read_users(system) == ("mes-gateway", "mes-gateway", "mes-gateway")


def test_a_gateway_script_without_a_principal_writes_system(system):
    system.security.set_scope("gateway", "8.3")
    assert _write_and_read_users(system) == ("system", "system", "system")


def test_inventory_metadata_names_the_acting_user(system):
    plant = LedgerPlant(system)
    lot = plant.lot("L1")
    plant.stock(lot, plant.multi, 3)
    row = plant.inventory_row(lot, plant.multi)
    system.security.set_scope("gateway", "8.3")
    with system.mes.security.actingUser("erin", ["Supervisor"]):
        system.mes.inventory.setInventoryMetadata(row["id"], "checked")
    assert plant.inventory_row(lot, plant.multi)["modified_by"] == "erin"
