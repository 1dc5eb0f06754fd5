"""Settings every scope agrees on (issue #19, docs/rules.md#surface-and-names): mes/settings.py names the
database (and the dialect, and where inventory tags go) for every scope of a gateway; mes.setup.configure()
overrides it only in the JVM that ran it (kept in that JVM's getGlobals())."""
import pytest

from mes import settings as project_settings
from mes.core import errors


def _datasource_name(system):
    return system.db.getConnectionInfo("").getValueAt(0, "Name")


def _fresh_jvm(system, scope):
    """A Designer or Vision client that never ran the gateway startup script: empty globals."""
    system.util.getGlobals().clear()
    system.security.set_scope(scope, "8.3")


@pytest.mark.parametrize("scope", ["designer", "client"])
def test_a_scope_that_never_ran_the_startup_script_finds_the_database_named_in_settings(system, monkeypatch,
                                                                                          scope):
    name = _datasource_name(system)
    system.mes.setup.configure(database="Elsewhere")  # the gateway's startup script, in the gateway's JVM
    with pytest.raises(errors.NotFoundError) as raised:
        system.mes.location.getAllLocations()
    assert "no database connection 'Elsewhere' exists here" in str(raised.value)
    monkeypatch.setattr(project_settings, "DATABASE", name)
    _fresh_jvm(system, scope)
    system.security.set_user("designer", ["Administrator"])
    saved = system.mes.location.saveLocation(**dict(system.mes.location.newLocation(), name="Line1"))
    assert [l["id"] for l in system.mes.location.getAllLocations()] == [saved["id"]]
    assert system.db.getConnectionInfo(name).getRowCount() == 1


def test_the_settings_module_is_read_when_no_override_was_made(system, monkeypatch):
    _fresh_jvm(system, "designer")
    monkeypatch.setattr(project_settings, "DATABASE", "NoSuchConnection")
    with pytest.raises(errors.NotFoundError) as raised:
        system.mes.location.getAllLocations()
    assert "NoSuchConnection" in str(raised.value)


def test_configure_overrides_the_settings_module_in_its_own_jvm(system, monkeypatch):
    monkeypatch.setattr(project_settings, "DATABASE", "NoSuchConnection")
    system.mes.setup.configure(database=_datasource_name(system))
    assert system.mes.location.getAllLocations() == []
    system.mes.setup.configure(database="")  # "" is the default connection, still an override
    assert system.mes.location.getAllLocations() == []


def test_the_dialect_comes_from_settings_unless_configured(system, monkeypatch):
    from mes.persistence import db
    detected = db.dialect_for("").name
    other = "mysql" if detected != "mysql" else "postgres"
    monkeypatch.setattr(project_settings, "DIALECT", other)
    assert db.dialect_for("").name == other
    system.mes.setup.configure(dialect=detected)
    assert db.dialect_for("").name == detected


def test_inventory_tags_go_where_settings_say_unless_configured(system, monkeypatch):
    from mes.services import inventory_state
    monkeypatch.setattr(project_settings, "INVENTORY_TAG_PROVIDER", "[edge]")
    monkeypatch.setattr(project_settings, "INVENTORY_TAG_ROOT", "/Plant/Stock/")
    assert inventory_state.settings() == {"provider": "edge", "root": "Plant/Stock"}
    system.mes.setup.configureInventoryTags(rootFolder="MES/Inventory")
    assert inventory_state.settings() == {"provider": "edge", "root": "MES/Inventory"}


def test_role_permissions_in_settings_hold_in_a_vision_client_that_never_ran_the_startup_script(system, monkeypatch):
    monkeypatch.setattr(project_settings, "ROLE_PERMISSIONS", {"Operator": ["LOCATION.READ"]})
    _fresh_jvm(system, "client")
    system.security.set_user("op1", ["Operator"])
    assert system.mes.location.getAllLocations() == []
    with pytest.raises(errors.PermissionDeniedError) as raised:
        system.mes.location.saveLocation(**dict(system.mes.location.newLocation(), name="Line1"))
    assert raised.value.permission == "LOCATION.WRITE.SAVE"
    system.mes.security.useRolePermissions(None)  # this JVM only: grants everything again
    assert system.mes.location.saveLocation(**dict(system.mes.location.newLocation(), name="Line1"))["name"] == "Line1"


def test_the_gateway_principal_in_settings_holds_until_this_jvm_sets_another(system, monkeypatch):
    monkeypatch.setattr(project_settings, "GATEWAY_PRINCIPAL", ("mes-gateway", ["MES_Gateway"]))
    monkeypatch.setattr(project_settings, "ROLE_PERMISSIONS", {"MES_Gateway": ["LOCATION"]})
    _fresh_jvm(system, "gateway")
    assert system.mes.security.getGatewayPrincipal() == {"username": "mes-gateway", "roles": ["MES_Gateway"]}
    saved = system.mes.location.saveLocation(**dict(system.mes.location.newLocation(), name="Line1"))
    assert saved["createdBy"] == "mes-gateway"
    system.mes.security.setGatewayPrincipal(None)  # removed in this JVM, whatever the settings say
    assert system.mes.security.getGatewayPrincipal() is None
    with pytest.raises(errors.PermissionDeniedError):
        system.mes.location.getAllLocations()
