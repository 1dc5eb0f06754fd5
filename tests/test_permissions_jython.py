"""The permission scopes under real Jython 2.7, where Ignition runs them: the harness's per-scope
system.security/system.vision, actingUser on two Java threads at once, the gateway principal and
the denial text (docs/permissions.md). No Jython on the machine is a failure, as in
tests/test_jython_scenarios.py."""
import json
import os

import pytest

from harness import jython_runner

# The script runs on its own scratch SQLite file; the other back-ends' runs need not repeat it.
pytestmark = pytest.mark.skipif(os.environ.get("MES_TEST_DB", "sqlite") != "sqlite",
                                reason="the Jython permissions run uses SQLite whatever MES_TEST_DB says")

SCRIPT = r'''
from __future__ import print_function
import json
import threading

from harness.portable import gateway
from mes.core import errors

out = {}


def outcome(call):
    try:
        return len(call())
    except errors.PermissionDeniedError as denial:
        return str(denial)


with gateway.gateway("sqlite") as system:
    sec = system.mes.security
    sec.useRolePermissions({"Operator": ["LOCATION.READ"]})
    system.security.set_user("op1", ["Operator"])
    for version in ("8.1", "8.3"):
        system.security.set_scope("client", version)
        out["client " + version] = [sec.getActingUser()["username"], outcome(system.mes.location.getAllLocations)]
    system.security.set_scope("gateway", "8.3")
    out["gateway"] = outcome(system.mes.location.getAllLocations)
    sec.setGatewayPrincipal("mes-gateway", ["Operator"])
    out["principal"] = outcome(system.mes.location.getAllLocations)
    sec.setGatewayPrincipal(None)

    inside, lock = [0], threading.Condition()

    def act(username, role):
        with sec.actingUser(username, [role]):
            with lock:
                inside[0] += 1
                lock.notify_all()
                while inside[0] < 2:
                    lock.wait(30)
            out[username] = [sec.getActingUser()["username"], outcome(system.mes.location.getAllLocations)]

    threads = [threading.Thread(target=act, args=("op1", "Operator")),
               threading.Thread(target=act, args=("guest", "Nobody"))]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(60)
    out["warnings"] = len(system.util.records_for("mes.permissions", "warn"))
print("RESULT " + json.dumps(out))
'''


def test_scopes_and_acting_users_under_jython(tmp_path):
    script = tmp_path / "permissions_scopes.py"
    script.write_text(SCRIPT)
    ran = jython_runner.run_jython([str(script)], timeout=300)
    assert ran.returncode == 0, ran.stderr[-3000:]
    [line] = [text for text in ran.stdout.splitlines() if text.startswith("RESULT ")]
    out = json.loads(line[len("RESULT "):])
    assert out["client 8.1"] == ["op1", 0] and out["client 8.3"] == ["op1", 0]
    assert out["gateway"].startswith("permission denied: no user (roles: none) in gateway scope lacks "
                                     "LOCATION.READ.GET; fix: ")
    assert "mes.security.setGatewayPrincipal(" in out["gateway"]
    assert out["principal"] == 0
    assert out["op1"] == ["op1", 0]
    assert out["guest"][0] == "guest"
    assert "user 'guest' (roles: Nobody) in gateway scope (mes.security.actingUser) lacks LOCATION.READ.GET" \
        in out["guest"][1]
    assert out["warnings"] == 2
