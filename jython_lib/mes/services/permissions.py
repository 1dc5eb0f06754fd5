"""Permission keys (behaviour 1.7, decision D8).

Keys are dotted and hierarchical: holding `INVENTORY.WRITE` grants `INVENTORY.WRITE.CONSUME` and
every other key below it, but nothing beside it. Who holds what is decided by a provider, a
function (username, roles, key) -> bool. The default provider grants everything, so a gateway
without roles configured works out of the box; `use_role_permissions({role: [keys]})` installs
the role-based one, and `set_provider(fn)` any other. The choice lives in the gateway globals, so
it survives the module reloads a project save causes.
"""
from __future__ import absolute_import
from mes.core import errors, platform

INVENTORY_OPERATION = ["INVENTORY_OPERATION.READ.GET", "INVENTORY_OPERATION.READ.VALIDATE",
                       "INVENTORY_OPERATION.WRITE.SAVE", "INVENTORY_OPERATION.WRITE.DELETE",
                       "INVENTORY_OPERATION.EXECUTE"]
INVENTORY = ["INVENTORY.READ.GET", "INVENTORY.READ.VALIDATE", "INVENTORY.WRITE", "INVENTORY.WRITE.SAVE",
             "INVENTORY.WRITE.DELETE", "INVENTORY.WRITE.CONSUME", "INVENTORY.WRITE.UNCONSUME",
             "INVENTORY.WRITE.PRODUCE", "INVENTORY.WRITE.RECEIVE", "INVENTORY.WRITE.SHIP", "INVENTORY.WRITE.SCRAP",
             "INVENTORY.WRITE.RETURN", "INVENTORY.WRITE.MOVE", "INVENTORY.WRITE.SPLIT", "INVENTORY.WRITE.MERGE",
             "INVENTORY.WRITE.CHANGE_STATUS", "INVENTORY.WRITE.EDIT"]
TRACK_AND_TRACE = ["TRACK_AND_TRACE.READ.GET"]


def crud_keys(prefix):
    """The four keys of a master-data namespace. The reference pages list no keys for these
    namespaces; this project names them like the inventory ones (README, Permissions)."""
    return [prefix + ".READ.GET", prefix + ".READ.VALIDATE", prefix + ".WRITE.SAVE", prefix + ".WRITE.DELETE"]


LOCATION = crud_keys("LOCATION")
MATERIAL = crud_keys("MATERIAL")
UNIT_OF_MEASURE = crud_keys("UNIT_OF_MEASURE")
OPERATION = crud_keys("OPERATION") + ["OPERATION.EXECUTE"]
PRODUCTION_ORDER = crud_keys("PRODUCTION_ORDER")

_STATE_KEY = "permission_provider"


def grants(held_keys, key):
    """True when one of held_keys is `key` or an ancestor of it."""
    for held in held_keys:
        if key == held or key.startswith(held + "."):
            return True
    return False


def allow_all(username, roles, key):
    return True


def use_role_permissions(role_keys):
    """Grant by Ignition role: {'Supervisor': ['INVENTORY', ...], 'Operator': ['INVENTORY.READ']}."""
    table = dict((role, list(keys)) for role, keys in role_keys.items())

    def by_role(username, roles, key):
        held = []
        for role in roles:
            held.extend(table.get(role, ()))
        return grants(held, key)

    set_provider(by_role)


def set_provider(provider):
    platform.runtime_state()[_STATE_KEY] = provider or allow_all


def _current_user():
    security = platform.system().security
    try:
        username = security.getUsername()
        roles = list(security.getRoles() or ())
    except Exception:  # gateway scope: no session user
        username, roles = None, []
    return username, roles


def require(key):
    """Raise PermissionDeniedError unless the calling user holds `key` (or an ancestor)."""
    provider = platform.runtime_state().get(_STATE_KEY, allow_all)
    if provider is allow_all:
        return
    username, roles = _current_user()
    if not provider(username, roles, key):
        raise errors.PermissionDeniedError(
            "user '%s' (roles: %s) lacks the permission %s; grant it (or a parent key such as %s) to one of "
            "the user's roles" % (username, ", ".join(roles) or "none", key, key.rsplit(".", 1)[0]), key)
