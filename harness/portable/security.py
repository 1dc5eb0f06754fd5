"""Fake system.security, system.vision and system.user: who is calling, as Ignition answers it in
each scope and version.

Ignition answers "who is the user?" only where a user is logged in to a client: a Vision client or
the Designer. On 8.1 the functions are system.security.getUsername()/getRoles(); on 8.3 they are
system.vision.getUsername()/getRoles() and the 8.3 stubs keep only getUserRoles/validateUser in
system.security. Perspective session scripts, gateway events and tag change scripts run in gateway
scope, where neither spelling exists. system.user.getUser(userSource, username) works in every scope.

One ScriptContext per gateway holds the version, the scope and the logged-in user; the three fakes
read it, and a function the context's version and scope do not have raises AttributeError, as
looking it up on Ignition's script module does. Defaults (8.1, Vision client, admin) keep older
tests that only call set_user() working. The harness is strict where the 8.3 manual is lenient: its
pages say the old system.security spellings still run in a Vision client, but the 8.3 stubs leave
them out, so the fake does too and the library is shown not to depend on them.

Portable (Python 2.7 under Jython, and 3.11).
"""
from __future__ import absolute_import

import threading

from harness.portable.javabridge import to_text

VERSIONS = ("8.1", "8.3")
SCOPES = ("client", "designer", "gateway")  # a Perspective session runs in gateway scope
_CLIENT_SCOPES = ("client", "designer")


class ScriptContext(object):
    """Where the harness's scripts run (Ignition version and scope) and who is logged in there."""

    def __init__(self, username="admin", roles=("Administrator",), version="8.1", scope="client"):
        self._lock = threading.Lock()
        self._users = {}  # user source -> {username: roles}, for system.user.getUser
        self.set_user(username, roles)
        self.set_scope(scope, version)

    def set_user(self, username, roles=()):
        with self._lock:
            self.username = username
            self.roles = tuple(to_text(role) for role in roles)

    def set_scope(self, scope, version=None):
        if scope not in SCOPES or (version is not None and version not in VERSIONS):
            raise ValueError("scope must be one of %s and version one of %s" % (SCOPES, VERSIONS))
        with self._lock:
            self.scope = scope
            self.version = version or getattr(self, "version", "8.1")

    def user(self):
        with self._lock:
            return self.username, self.roles

    def has(self, versions, scopes):
        return self.version in versions and self.scope in scopes

    def add_user(self, user_source, username, roles):
        with self._lock:
            self._users.setdefault(user_source, {})[username] = tuple(to_text(r) for r in roles)

    def find_user(self, user_source, username):
        with self._lock:
            return self._users.get(user_source, {}).get(username)


class _Scoped(object):
    """A script module whose functions exist only in some versions and scopes: AVAILABLE maps a
    function name to (versions, scopes); looking up an absent one raises AttributeError."""

    AVAILABLE = {}
    MODULE = "system"

    def __init__(self, context=None):
        object.__setattr__(self, "context", context or ScriptContext())

    def __getattribute__(self, name):
        where = type(self).AVAILABLE.get(name)
        if where is not None:
            context = object.__getattribute__(self, "context")
            if not context.has(*where):
                raise AttributeError("%s.%s does not exist in %s scope on Ignition %s"
                                     % (type(self).MODULE, name, context.scope, context.version))
        return object.__getattribute__(self, name)


class SystemSecurity(_Scoped):

    HARNESS_ONLY = ("set_user", "set_scope", "add_user", "context")
    MODULE = "system.security"
    AVAILABLE = {"getUsername": (("8.1",), _CLIENT_SCOPES), "getRoles": (("8.1",), _CLIENT_SCOPES)}

    def __init__(self, username="admin", roles=("Administrator",), context=None):
        _Scoped.__init__(self, context or ScriptContext(username, roles))

    def set_user(self, username, roles=()):
        """Log another user in to the client from now on (roles: any iterable of role names)."""
        self.context.set_user(username, roles)

    def set_scope(self, scope, version=None):
        """Run the following calls in `scope` ('client', 'designer', 'gateway') of `version`."""
        self.context.set_scope(scope, version)

    def add_user(self, userSource, username, roles):
        """Put a user with roles into a user source, for system.user.getUser."""
        self.context.add_user(userSource, username, roles)

    def getUsername(self):
        return self.context.user()[0]

    def getRoles(self):
        # A tuple of strings, as in Ignition.
        return self.context.user()[1]


class SystemVision(_Scoped):
    """The two system.vision functions the library asks for the logged-in user (8.3 spelling)."""

    HARNESS_ONLY = ("context",)
    MODULE = "system.vision"
    AVAILABLE = {"getUsername": (("8.3",), _CLIENT_SCOPES), "getRoles": (("8.3",), _CLIENT_SCOPES)}

    def getUsername(self):
        return self.context.user()[0]

    def getRoles(self):
        return self.context.user()[1]


class PyUser(object):
    """The part of Ignition's PyUser a permission check reads."""

    def __init__(self, username, roles):
        self._username, self._roles = username, list(roles)

    def get(self, propertyName):
        return self._username if to_text(propertyName).lower() == "username" else None

    def getRoles(self):
        return list(self._roles)


class SystemUser(object):
    """system.user.getUser over the users that tests put in with system.security.add_user."""

    HARNESS_ONLY = ("context",)

    def __init__(self, context=None):
        self.context = context or ScriptContext()

    def getUser(self, userSource, username):
        roles = self.context.find_user(userSource, username)
        return None if roles is None else PyUser(username, roles)


def script_modules():
    """system.security, system.vision and system.user sharing one ScriptContext, by name."""
    context = ScriptContext()
    return {"security": SystemSecurity(context=context), "vision": SystemVision(context),
            "user": SystemUser(context)}
