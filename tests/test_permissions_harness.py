"""The harness's system.security, system.vision and system.user answer like Ignition's in each
scope and version, and have Ignition's signatures: the 8.3 ones from the installed
ignition-api-stubs (as tests/test_harness_signatures.py checks the other fakes), the 8.1 ones
written down below from the 8.1 API stubs (ignition-devs/ignition-api-8.1, src/system/security.py
and user.py) and the 8.1 manual, where getUsername/getRoles are system.security functions of
Vision client scope."""
import itertools

import pytest

from harness.portable.security import ScriptContext, SystemSecurity, SystemUser, SystemVision, script_modules
from test_harness_signatures import _fake_signature, _stub_signatures

# Ignition 8.1: module -> {function: [(parameter, has_default)]}, for the functions the fakes have.
SIGNATURES_8_1 = {
    SystemSecurity: {"getUsername": [], "getRoles": []},
    SystemUser: {"getUser": [("userSource", False), ("username", False)]},
}
# Ignition 8.3: the stub file that describes each fake.
STUBS_8_3 = {SystemVision: "vision.pyi", SystemUser: "user.pyi"}

# Where the logged-in user's functions exist: (module, version) -> scopes.
USER_FUNCTIONS = {("security", "8.1"): ("client", "designer"), ("security", "8.3"): (),
                  ("vision", "8.1"): (), ("vision", "8.3"): ("client", "designer")}


@pytest.mark.parametrize("fake", sorted(STUBS_8_3, key=lambda cls: cls.__name__), ids=lambda cls: cls.__name__)
def test_fakes_have_the_8_3_signatures(fake):
    stubs = _stub_signatures(STUBS_8_3[fake])
    names = [n for n in vars(fake) if callable(vars(fake)[n]) and not n.startswith("_")
             and n not in fake.HARNESS_ONLY]
    assert names
    for name in names:
        assert name in stubs, "%s.%s is not in %s" % (fake.__name__, name, STUBS_8_3[fake])
        assert _fake_signature(getattr(fake, name)) == stubs[name], name


@pytest.mark.parametrize("fake", sorted(SIGNATURES_8_1, key=lambda cls: cls.__name__), ids=lambda cls: cls.__name__)
def test_fakes_have_the_8_1_signatures(fake):
    for name, shape in SIGNATURES_8_1[fake].items():
        assert _fake_signature(getattr(fake, name)) == shape, name


def test_the_8_3_stubs_moved_the_user_functions_from_security_to_vision():
    # The premise of the per-version table: if a stubs release changes it, the table must follow.
    assert not {"getUsername", "getRoles"} & set(_stub_signatures("security.pyi"))
    assert {"getUsername", "getRoles"} <= set(_stub_signatures("vision.pyi"))


@pytest.mark.parametrize("version,scope", list(itertools.product(("8.1", "8.3"), ("client", "designer", "gateway"))))
def test_the_logged_in_user_is_found_only_where_ignition_has_it(version, scope):
    modules = script_modules()
    modules["security"].set_user("op1", ["Operator"])
    modules["security"].set_scope(scope, version)
    for module_name in ("security", "vision"):
        module = modules[module_name]
        present = scope in USER_FUNCTIONS[(module_name, version)]
        assert hasattr(module, "getUsername") is present and hasattr(module, "getRoles") is present
        if present:
            assert (module.getUsername(), module.getRoles()) == ("op1", ("Operator",))
        else:
            with pytest.raises(AttributeError) as missing:
                module.getUsername()
            assert "system.%s.getUsername does not exist in %s scope on Ignition %s" % (
                module_name, scope, version) in str(missing.value)


@pytest.mark.parametrize("scope", ["client", "gateway"])
def test_system_user_get_user_works_in_every_scope(scope):
    context = ScriptContext(scope=scope, version="8.3")
    users = SystemUser(context)
    SystemSecurity(context=context).add_user("default", "op1", ["Operator", "Shift2"])
    assert users.getUser("default", "op1").getRoles() == ["Operator", "Shift2"]
    assert users.getUser("default", "op1").get("username") == "op1"
    assert users.getUser("default", "nobody") is None and users.getUser("other", "op1") is None


def test_gateway_namespaces_share_one_context(system):
    system.security.set_user("op1", ["Operator"])
    system.security.set_scope("client", "8.3")
    assert system.vision.getUsername() == "op1"
    system.security.set_scope("gateway")
    assert not hasattr(system.vision, "getUsername") and not hasattr(system.security, "getUsername")
    with pytest.raises(ValueError):
        system.security.set_scope("perspective")
