"""Permissions where Ignition runs scripts (docs/permissions.md): a Vision client or the Designer
(8.1 and 8.3 spellings), Perspective through actingUser, gateway events with and without a gateway
principal, the trigger engine, executeInventoryActions per request, and threads acting as
different users at once. Every denial must name the user, the scope, the key and the fix, be
logged at warn with the same text, and leave the database as it was."""
import concurrent.futures
import threading

import pytest

from mes.core import errors
from mes.services import permissions

import plant_fixtures
from trigger_fixtures import COUNT, RUNNING, Line

ROLES = {"Operator": ["INVENTORY.READ", "INVENTORY.WRITE.CONSUME"],
         "Supervisor": ["INVENTORY"],
         "MES_Gateway": ["INVENTORY_OPERATION.EXECUTE", "INVENTORY.WRITE.CONSUME"],
         "Administrator": ["INVENTORY", "INVENTORY_OPERATION", "LOCATION", "MATERIAL", "UNIT_OF_MEASURE"]}


@pytest.fixture
def plant(system):
    """Lot L1 of Bottle/Milk, 10 at Plant/Multi, made as the harness's admin before roles are on."""
    made = plant_fixtures.LedgerPlant(system)
    made.l1 = made.lot("L1")
    made.stock(made.l1, made.multi, 10)
    return made


@pytest.fixture
def roles_on(system):
    system.mes.security.useRolePermissions(ROLES)
    yield system
    system.mes.security.useRolePermissions(None)  # the audit and other fixtures run unchecked
    system.mes.security.setGatewayPrincipal(None)


def consume(system, plant, quantity=1):
    return system.mes.inventory.consume(**plant.request(
        "Consume", materialIdOrPath="Bottle/Milk", lotIdOrName="L1", sourceLocationIdOrPath="Plant/Multi",
        quantity=quantity))


def scrap(system, plant, quantity=1):
    return system.mes.inventory.scrap(**plant.request(
        "Scrap", materialIdOrPath="Bottle/Milk", lotIdOrName="L1", sourceLocationIdOrPath="Plant/Multi",
        quantity=quantity))


def warnings(system):
    return system.util.records_for("mes.permissions", "warn")


def refused(system, plant, call, *needles):
    """Run `call`, expect a denial whose text holds every needle, logged at warn, nothing written."""
    before, logged = plant.snapshot(), len(warnings(system))
    with pytest.raises(errors.PermissionDeniedError) as caught:
        call()
    message = str(caught.value)
    for needle in needles:
        assert needle in message, (needle, message)
    assert warnings(system)[logged:] == [message]
    assert plant.snapshot() == before
    return caught.value


# -- Vision client and Designer ------------------------------------------------------------------

@pytest.mark.parametrize("version", ["8.1", "8.3"])
@pytest.mark.parametrize("scope", ["client", "designer"])
def test_vision_client_user_is_the_caller_on_both_versions(system, plant, roles_on, version, scope):
    system.security.set_scope(scope, version)
    system.security.set_user("op1", ["Operator"])
    consume(system, plant, 4)
    assert plant.balance(plant.l1, plant.multi) == 6.0
    denial = refused(system, plant, lambda: scrap(system, plant),
                     "user 'op1' (roles: Operator) in Vision client/Designer scope lacks INVENTORY.WRITE.SCRAP",
                     "fix: grant INVENTORY.WRITE.SCRAP (or a parent key such as INVENTORY.WRITE)")
    assert denial.permission == "INVENTORY.WRITE.SCRAP"
    system.security.set_user("sup", ["Supervisor"])
    scrap(system, plant, 1)
    assert plant.balance(plant.l1, plant.multi) == 5.0


# -- Perspective: actingUser -------------------------------------------------------------------------

def test_perspective_calls_inside_acting_user_are_checked_against_that_user(system, plant, roles_on):
    system.security.set_scope("gateway", "8.3")
    with system.mes.security.actingUser("op1", ["Operator"]):
        consume(system, plant, 2)
        refused(system, plant, lambda: scrap(system, plant),
                "user 'op1' (roles: Operator) in gateway scope (mes.security.actingUser) lacks INVENTORY.WRITE.SCRAP")
        with system.mes.security.actingUser("sup", ["Supervisor"]):  # blocks nest
            scrap(system, plant, 1)
        assert system.mes.security.getActingUser()["username"] == "op1"
    assert plant.balance(plant.l1, plant.multi) == 7.0
    refused(system, plant, lambda: consume(system, plant), "no user (roles: none) in gateway scope lacks "
            "INVENTORY.WRITE.CONSUME", "mes.security.setGatewayPrincipal(", "mes.security.actingUser(")


def test_acting_user_is_also_a_decorator(system, plant, roles_on):
    system.security.set_scope("gateway", "8.3")

    @system.mes.security.actingUser("op1", ["Operator"])
    def on_click(quantity):
        """A Perspective button's handler."""
        return consume(system, plant, quantity)

    assert on_click(3).quantity == 3.0 and on_click.__name__ == "on_click"
    assert plant.balance(plant.l1, plant.multi) == 7.0
    assert system.mes.security.getActingUser()["username"] is None  # nothing left behind


def test_acting_user_roles_come_from_the_user_source_when_not_passed(system, plant, roles_on):
    system.security.set_scope("gateway", "8.3")
    refused(system, plant, lambda: _as(system, "op1", lambda: consume(system, plant)),
            "user 'op1' (roles: none)", "no user source is configured", "self.session.props.auth.user.roles")
    system.security.add_user("default", "op1", ["Operator"])
    system.mes.security.setUserSource("default")
    _as(system, "op1", lambda: consume(system, plant, 2))
    assert plant.balance(plant.l1, plant.multi) == 8.0
    refused(system, plant, lambda: _as(system, "ghost", lambda: consume(system, plant)),
            "user 'ghost' (roles: none)", "user source 'default' has no user 'ghost'")


def test_acting_as_an_anonymous_perspective_session_is_refused_saying_so(system, plant, roles_on):
    system.security.set_scope("gateway", "8.3")
    for anonymous in (None, ""):
        with system.mes.security.actingUser(anonymous, ["Operator"]):
            refused(system, plant, lambda: consume(system, plant),
                    "no user (roles: none) in gateway scope (mes.security.actingUser) lacks INVENTORY.WRITE.CONSUME",
                    "actingUser was given no username", "require authentication on the view")


def _as(system, username, call):
    with system.mes.security.actingUser(username):
        return call()


# -- gateway events, tag change scripts ---------------------------------------------------------------

def test_gateway_scope_without_a_principal_is_refused_with_how_to_configure_one(system, plant, roles_on):
    system.security.set_scope("gateway", "8.1")
    denial = refused(system, plant, lambda: consume(system, plant),
                     "no user (roles: none) in gateway scope lacks INVENTORY.WRITE.CONSUME",
                     "configure a gateway principal in the gateway startup script with "
                     "mes.security.setGatewayPrincipal('mes-gateway', ['MES_Gateway'])")
    assert denial.permission == "INVENTORY.WRITE.CONSUME"


def test_gateway_scope_acts_as_the_configured_principal(system, plant, roles_on):
    system.security.set_scope("gateway", "8.3")
    system.mes.security.setGatewayPrincipal("mes-gateway", ["MES_Gateway"])
    assert system.mes.security.getGatewayPrincipal() == {"username": "mes-gateway", "roles": ["MES_Gateway"]}
    consume(system, plant, 5)
    assert plant.balance(plant.l1, plant.multi) == 5.0
    refused(system, plant, lambda: scrap(system, plant),
            "user 'mes-gateway' (roles: MES_Gateway) in gateway scope (gateway principal) lacks INVENTORY.WRITE.SCRAP")


def test_without_role_permissions_gateway_scope_needs_no_principal(system, plant):
    system.security.set_scope("gateway", "8.3")
    consume(system, plant, 1)
    assert plant.balance(plant.l1, plant.multi) == 9.0 and warnings(system) == []


# -- the trigger engine -------------------------------------------------------------------------------

@pytest.fixture
def line(system):
    return Line(system)


def test_triggered_start_without_a_principal_faults_and_writes_no_record(system, line, roles_on):
    op = line.op()
    system.security.set_scope("gateway", "8.3")
    line.tick()
    line.set_and_tick(RUNNING, True)
    assert line.state(op)["status"] == "FAULTED" and line.records(op) == []
    [denial] = warnings(system)
    assert "no user (roles: none) in gateway scope lacks INVENTORY_OPERATION.EXECUTE" in denial
    [faulted] = line.logs("error", contains=denial)
    assert "triggered start failed (edge at " in faulted[2]


def test_triggered_start_and_stop_run_as_the_gateway_principal(system, line, roles_on):
    op = line.op()
    system.security.set_scope("gateway", "8.3")
    system.mes.security.setGatewayPrincipal("mes-timer", ["MES_Gateway"])
    line.tick()
    line.write(COUNT, 5)
    assert line.set_and_tick(RUNNING, True) == 1 and line.state(op)["status"] == "RUNNING"
    line.write(COUNT, 12)
    assert line.set_and_tick(RUNNING, False) == 1 and line.state(op)["status"] == "IDLE"
    [record] = line.records(op)
    assert record["status"] == "COMPLETED" and record["quantity"] == 7.0
    assert warnings(system) == []


# -- executeInventoryActions ---------------------------------------------------------------------------

def test_a_batch_needs_its_own_key(system, plant, roles_on):
    system.security.set_user("op1", ["Operator"])
    batch = [plant.request("Consume", materialIdOrPath="Bottle/Milk", lotIdOrName="L1",
                           sourceLocationIdOrPath="Plant/Multi", quantity=1)]
    refused(system, plant, lambda: system.mes.inventory.executeInventoryActions(**{"requests": batch}),
            "user 'op1' (roles: Operator) in Vision client/Designer scope lacks INVENTORY.WRITE;")


def test_a_batch_with_one_request_the_user_may_not_make_is_refused_whole(system, plant):
    # A provider may hold a parent key back from one child; the batch key alone would let it through.
    permissions.set_provider(lambda username, roles, key: key != "INVENTORY.WRITE.SCRAP")
    system.security.set_user("op1", ["Operator"])
    batch = [plant.request("Consume", materialIdOrPath="Bottle/Milk", lotIdOrName="L1",
                           sourceLocationIdOrPath="Plant/Multi", quantity=1),
             plant.request("Scrap", materialIdOrPath="Bottle/Milk", lotIdOrName="L1",
                           sourceLocationIdOrPath="Plant/Multi", quantity=1)]
    try:
        refused(system, plant, lambda: system.mes.inventory.executeInventoryActions(**{"requests": batch}),
                "request 2 of 2: permission denied: user 'op1'", "lacks INVENTORY.WRITE.SCRAP")
        system.mes.inventory.executeInventoryActions(**{"requests": batch[:1]})
        assert plant.balance(plant.l1, plant.multi) == 9.0
    finally:
        permissions.set_provider(None)


# -- threads ------------------------------------------------------------------------------------------

def test_two_threads_acting_as_different_users_each_get_their_own_answer(system, plant, roles_on):
    system.security.set_scope("gateway", "8.3")
    both_inside = threading.Barrier(2, timeout=30)

    def outcome(call):
        try:
            return len(call())
        except errors.PermissionDeniedError as denial:
            return denial.permission

    def act(username, role):
        with system.mes.security.actingUser(username, [role]):
            both_inside.wait()  # both blocks are open at once before either checks
            try:
                return system.mes.security.getActingUser()["username"], outcome(system.mes.inventory.getAllLots)
            finally:
                both_inside.wait()

    with concurrent.futures.ThreadPoolExecutor(max_workers=2) as pool:
        answers = list(pool.map(act, ["op1", "guest"], ["Operator", "Nobody"], timeout=60))
    assert answers == [("op1", 1), ("guest", "INVENTORY.READ.GET")]
    assert system.mes.security.getActingUser()["username"] is None  # the main thread acts as nobody


# -- cost -----------------------------------------------------------------------------------------------

class Counting(object):
    """Wraps a harness namespace and counts the calls made to its functions by name."""

    def __init__(self, inner):
        self._inner, self.calls = inner, {}

    def __getattr__(self, name):
        found = getattr(self._inner, name)
        if not callable(found):
            return found

        def counted(*args, **kwargs):
            self.calls[name] = self.calls.get(name, 0) + 1
            return found(*args, **kwargs)
        return counted


def test_role_permissions_add_one_user_lookup_and_no_globals_read_per_call(system, monkeypatch):
    util, vision = Counting(system.util), Counting(system.vision)
    monkeypatch.setattr(system, "util", util)
    monkeypatch.setattr(system, "vision", vision)
    system.security.set_scope("client", "8.3")
    system.mes.location.getAllLocations()
    unchecked = util.calls.get("getGlobals")
    assert unchecked >= 1 and vision.calls.get("getUsername") is None
    system.mes.security.useRolePermissions({"Administrator": ["LOCATION"]})
    try:
        util.calls.clear()
        system.mes.location.getAllLocations()
        assert (util.calls.get("getGlobals"), vision.calls.get("getUsername")) == (unchecked, 1)
    finally:
        system.mes.security.useRolePermissions(None)


def test_settings_refuse_what_is_not_a_name_or_a_role_table(system):
    """The security settings say what they expected instead of failing later inside a check."""
    from mes.core import errors
    with pytest.raises(errors.ValidationError) as caught:
        system.mes.security.useRolePermissions(["Operator"])
    assert "dict of role -> list of keys" in str(caught.value)
    with pytest.raises(errors.ValidationError) as caught:
        system.mes.security.setGatewayPrincipal(42, ["MES_Gateway"])
    assert "name must be a non-empty name or None" in str(caught.value)
    with pytest.raises(errors.ValidationError) as caught:
        system.mes.security.setUserSource("  ")
    assert "userSource must be a non-empty name or None" in str(caught.value)


# -- expressions that run code ------------------------------------------------------------------------

def test_an_expression_that_runs_code_needs_its_own_key_to_be_saved(system, plant, roles_on):
    """runScript and the query functions run their author's Python or SQL when the operation runs: saving
    an inventory operation that uses one needs INVENTORY_OPERATION.WRITE.SCRIPT besides .SAVE."""
    io = system.mes.inventory.operation
    system.mes.security.useRolePermissions(dict(ROLES, Engineer=["INVENTORY_OPERATION.WRITE.SAVE",
                                                                 "INVENTORY_OPERATION.READ"]))
    with system.mes.security.actingUser("admin", ["Administrator"]):
        plain = dict(io.newInventoryOperation(), name="Plain", quantityExpression="{[default]Line1/Count} * 2")
        scripted = dict(io.newInventoryOperation(), name="Scripted",
                        quantityExpression="toInt(runScalarQuery(\"SELECT 5\"))")
    with system.mes.security.actingUser("eng", ["Engineer"]):
        assert io.saveInventoryOperation(**plain)["name"] == "Plain"
        refused(system, plant, lambda: io.saveInventoryOperation(**scripted),
                "user 'eng' (roles: Engineer)", "lacks INVENTORY_OPERATION.WRITE.SCRIPT")
    with system.mes.security.actingUser("admin", ["Administrator"]):
        names = [op["name"] for op in io.getInventoryOperations()]
        assert "Scripted" not in names and "Plain" in names
        assert io.saveInventoryOperation(**scripted)["name"] == "Scripted"
