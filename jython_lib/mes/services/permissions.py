"""Permission keys, and who is calling in each scope Ignition runs scripts in (docs/permissions.md).

Keys are dotted and hierarchical: holding `INVENTORY.WRITE` grants `INVENTORY.WRITE.CONSUME` and
every other key below it, but nothing beside it. Who holds what is decided by a provider, a
function (username, roles, key) -> bool. The default grants everything, so a gateway without roles
configured works out of the box; `use_role_permissions({role: [keys]})` installs the role-based
one, and `set_provider(fn)` any other. The caller is, in this order: the user of an enclosing
`acting_user(...)` block on this thread (Perspective), the user logged in to a Vision client or
the Designer, the configured gateway principal (gateway events, tag change scripts, the trigger
engine), else nobody, who is refused. Provider, principal and user source live in the gateway
globals, so they survive the module reloads a project save causes.
"""
from __future__ import absolute_import

import threading

from mes import settings as project_settings
from mes.core import errors, platform
from mes.core.compat import is_string

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
    """The four keys of a master-data namespace.

    The reference pages list no keys for these namespaces; this project names them like the
    inventory ones (README, Permissions).
    """
    return [prefix + ".READ.GET", prefix + ".READ.VALIDATE", prefix + ".WRITE.SAVE", prefix + ".WRITE.DELETE"]


LOCATION = crud_keys("LOCATION")
MATERIAL = crud_keys("MATERIAL")
UNIT_OF_MEASURE = crud_keys("UNIT_OF_MEASURE")
OPERATION = crud_keys("OPERATION") + ["OPERATION.EXECUTE"]
PRODUCTION_ORDER = crud_keys("PRODUCTION_ORDER")

_PROVIDER = "permission_provider"
_PRINCIPAL = "gateway_principal"
_USER_SOURCE = "permission_user_source"
_ACTING = "acting_users"

SCOPE_ACTING = "gateway scope (mes.security.actingUser)"
SCOPE_CLIENT = "Vision client/Designer scope"
SCOPE_PRINCIPAL = "gateway scope (gateway principal)"
SCOPE_GATEWAY = "gateway scope"

NO_PRINCIPAL_FIX = ("nobody is logged in here (a gateway event, tag change script, Perspective script or "
                    "the trigger engine): configure a gateway principal in the gateway startup script with "
                    "mes.security.setGatewayPrincipal('mes-gateway', ['MES_Gateway']) and grant that role the "
                    "keys it needs, or wrap a Perspective call in mes.security.actingUser("
                    "self.session.props.auth.user.userName, self.session.props.auth.user.roles)")
NO_ROLES_FIX = ("actingUser was given no roles and no user source is configured: pass the session's "
                "roles (self.session.props.auth.user.roles) or name the user source once with "
                "mes.security.setUserSource('default')")
ANONYMOUS_FIX = ("actingUser was given no username (a Perspective session nobody is logged in to): require "
                 "authentication on the view or page, or call from a session with a logged-in user")
UNKNOWN_USER_FIX = "user source '%s' has no user '%s': add the user there or pass the roles to actingUser"


# -- keys and providers ----------------------------------------------------------------------------

def grants(held_keys, key):
    """Whether a set of held keys grants a key.

    Args:
        held_keys: iterable of dotted keys the caller holds.
        key: the dotted key a call needs.

    Returns:
        True when one of held_keys is `key` or an ancestor of it.
    """
    for held in held_keys:
        if key == held or key.startswith(held + "."):
            return True
    return False


def allow_all(username, roles, key):
    """The default provider: every caller holds every key."""
    return True


def use_role_permissions(role_keys):
    """Grant by Ignition role from now on.

    Args:
        role_keys: {role: [keys]}, e.g. {'Supervisor': ['INVENTORY'], 'Operator': ['INVENTORY.READ']};
            None switches back to granting everything.
    """
    if role_keys is None:
        set_provider(None)
        return
    if not hasattr(role_keys, "items"):
        raise errors.ValidationError.for_field(
            "roleKeys", "role permissions are a dict of role -> list of keys, e.g. {'Operator': ['INVENTORY.READ']}; "
            "got %r" % (role_keys,))
    set_provider(_by_role(role_keys))


def _by_role(role_keys):
    """The provider granting each role the keys role_keys lists for it."""
    table = dict((role, list(keys)) for role, keys in role_keys.items())

    def by_role(username, roles, key):
        held = []
        for role in roles:
            held.extend(table.get(role, ()))
        return grants(held, key)
    return by_role


def set_provider(provider):
    """Install a provider fn(username, roles, key) -> bool in this JVM; None (or allow_all) grants everything.
    Until one is installed, mes/settings.py's ROLE_PERMISSIONS decides."""
    platform.runtime_state()[_PROVIDER] = None if provider in (None, allow_all) else provider


_SETTINGS_PROVIDER = []  # [(the ROLE_PERMISSIONS dict it was built from, provider)]


def _provider(state):
    """The provider of this JVM: what set_provider installed, else mes/settings.py's ROLE_PERMISSIONS (None:
    grant everything), so a Vision client or Designer checks the roles the gateway does."""
    if _PROVIDER in state:
        return state[_PROVIDER]
    table = project_settings.ROLE_PERMISSIONS
    if table is None:
        return None
    if not _SETTINGS_PROVIDER or _SETTINGS_PROVIDER[0][0] is not table:
        if not hasattr(table, "items"):
            raise errors.ValidationError.for_field(
                "ROLE_PERMISSIONS", "ROLE_PERMISSIONS in mes/settings.py is a dict of role -> list of keys, e.g. "
                                    "{'Operator': ['INVENTORY.READ']}, or None; got %r" % (table,))
        _SETTINGS_PROVIDER[:] = [(table, _by_role(table))]
    return _SETTINGS_PROVIDER[0][1]


# -- who is calling --------------------------------------------------------------------------------

def set_gateway_principal(name, roles=()):
    """The caller of gateway-scope scripts that have no user (events, tag change scripts, triggers).

    Args:
        name: the principal's name, shown in denials and records' created_by; None removes it.
        roles: the roles it holds, as granted by use_role_permissions.
    """
    _require_name_or_none("name", name)
    platform.runtime_state()[_PRINCIPAL] = None if name is None else (name, _role_tuple(roles))


def gateway_principal(state=None):
    """The (name, roles) of gateway scope, or None (state: the runtime state, if at hand): what
    set_gateway_principal set in this JVM, else mes/settings.py's GATEWAY_PRINCIPAL."""
    state = state or platform.runtime_state()
    if _PRINCIPAL in state:
        return state[_PRINCIPAL]
    configured = project_settings.GATEWAY_PRINCIPAL
    return (configured[0], _role_tuple(configured[1])) if configured else None


def set_user_source(user_source):
    """The Ignition user source acting_user looks roles up in when none are passed (None: none)."""
    _require_name_or_none("userSource", user_source)
    platform.runtime_state()[_USER_SOURCE] = user_source


def _require_name_or_none(field, value):
    if value is not None and not (is_string(value) and value.strip()):
        raise errors.ValidationError.for_field(field, "%s must be a non-empty name or None; got %r" % (field, value))


def _role_tuple(roles):
    if roles is None:
        return ()
    if is_string(roles):
        return (roles,)
    return tuple("%s" % role for role in roles)


def _acting_stack(state=None):
    # The thread-local lives in the gateway globals, so a project save mid-call does not lose it.
    state = state or platform.runtime_state()
    local = state.get(_ACTING)
    if local is None:
        local = state.setdefault(_ACTING, threading.local())
    stack = getattr(local, "stack", None)
    if stack is None:
        stack = local.stack = []
    return stack


def _looked_up(username):
    """(roles, fix) for a user acting without roles: from the user source when one is configured."""
    source = platform.runtime_state().get(_USER_SOURCE)
    if not source:
        return (), NO_ROLES_FIX
    user = platform.system().user.getUser(source, username)
    if user is None:
        return (), UNKNOWN_USER_FIX % (source, username)
    return _role_tuple(user.getRoles()), None


class ActingUser(object):
    """`with acting_user(name, roles):` or `@acting_user(name, roles)`: the caller of the calls
    inside, on this thread only; blocks nest, and the previous caller comes back on exit."""

    def __init__(self, username, roles=None):
        self.username = username
        self.roles = roles

    def __enter__(self):
        if not self.username:
            roles, fix = (), ANONYMOUS_FIX
        elif self.roles is None:
            roles, fix = _looked_up(self.username)
        else:
            roles, fix = _role_tuple(self.roles), None
        _acting_stack().append((self.username, roles, SCOPE_ACTING, fix))
        return self

    def __exit__(self, kind, value, traceback):
        _acting_stack().pop()
        return False

    def __call__(self, function):
        def acting(*args, **kwargs):
            with self:
                return function(*args, **kwargs)
        acting.__name__, acting.__doc__ = function.__name__, function.__doc__
        return acting


def acting_user(username, roles=None):
    """An ActingUser for `username`; roles None looks them up in the configured user source."""
    return ActingUser(username, roles)


def _client_user():
    """(username, roles) of a Vision client or Designer, on 8.3 (system.vision) or 8.1
    (system.security); None in gateway scope, where neither function exists."""
    system = platform.system()
    for module_name in ("vision", "security"):
        module = getattr(system, module_name, None)
        get_username = getattr(module, "getUsername", None)
        if get_username is not None:
            return get_username(), _role_tuple(module.getRoles())
    return None


def caller(state=None):
    """Who is calling here: (username, roles, scope, fix), fix being what to do when nobody or a
    user without roles is calling (None otherwise); state is the runtime state, if at hand."""
    state = state or platform.runtime_state()
    stack = _acting_stack(state)
    if stack:
        return stack[-1]
    client = _client_user()
    if client is not None:
        return client[0], client[1], SCOPE_CLIENT, None
    principal = gateway_principal(state)
    if principal is not None:
        return principal[0], principal[1], SCOPE_PRINCIPAL, None
    return None, (), SCOPE_GATEWAY, NO_PRINCIPAL_FIX


def caller_name():
    """The caller's username, for the records it writes (created_by, modified_by); None when nobody calls."""
    return caller()[0] or None


platform.set_username_source(caller_name)


# -- checks ----------------------------------------------------------------------------------------

def _check(provider, who, key, where=""):
    username, roles, scope, fix = who
    username = username or None  # an empty name is nobody too
    if username is not None and provider(username, roles, key):
        return
    message = "%spermission denied: %s (roles: %s) in %s lacks %s; fix: %s" % (
        where, "user '%s'" % username if username is not None else "no user", ", ".join(roles) or "none",
        scope, key, fix or "grant %s (or a parent key such as %s) to one of those roles in "
                           "mes.security.useRolePermissions" % (key, key.rsplit(".", 1)[0]))
    platform.logger("permissions").warn(message)  # the audit trail of refused calls
    raise errors.PermissionDeniedError(message, key)


def require(key):
    """Refuse the call unless the caller holds `key` (or an ancestor of it).

    Raises:
        PermissionDeniedError: naming the user, the scope, the key and the fix (also logged at warn).
    """
    state = platform.runtime_state()
    provider = _provider(state)
    if provider is None:
        return
    _check(provider, caller(state), key)


def require_batch(batch_key, requests, transaction_of):
    """Refuse a batch unless the caller holds its key and every request's own key.

    Args:
        batch_key: the key of the batch call itself.
        requests: the request dicts; a malformed one is skipped here (the batch reports it).
        transaction_of: fn(request) -> an object whose `permission` is the request's key.

    Raises:
        PermissionDeniedError: for the first key missing, naming the request's position.
    """
    state = platform.runtime_state()
    provider = _provider(state)
    if provider is None:
        return
    who = caller(state)
    _check(provider, who, batch_key)
    if not isinstance(requests, (list, tuple)):
        return
    for position, request in enumerate(requests):
        try:
            key = transaction_of(request).permission
        except errors.MesError:
            continue
        _check(provider, who, key, "request %d of %d: " % (position + 1, len(requests)))
