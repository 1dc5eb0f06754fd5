"""The one door to Ignition's `system` package.

Ignition hands project scripts a `system` module; the CPython harness installs its fake under the
same name. It is looked up when a function runs, never at import time, because Ignition re-imports
the library on every project save (on several threads) and the harness swaps gateways per test.
"""
from __future__ import absolute_import

LIBRARY_LOGGER = "mes"
_GLOBALS_KEY = "mes.runtime"


def system():
    import system as ignition_system
    return ignition_system


def logger(name=None):
    full = LIBRARY_LOGGER if not name else "%s.%s" % (LIBRARY_LOGGER, name)
    return system().util.getLogger(full)


def runtime_state():
    """A dict that survives module reloads: our slot in system.util.getGlobals()."""
    g = system().util.getGlobals()
    state = g.get(_GLOBALS_KEY)
    if state is None:
        state = g.setdefault(_GLOBALS_KEY, {})
    return state


# fn() -> the caller's name or None; the permission service registers its caller here, so a record
# names the user a permission check saw (actingUser, the gateway principal, an 8.1 or 8.3 client).
_USERNAME_SOURCE = []


def set_username_source(source):
    """Install the function current_username asks first.

    Args:
        source: fn() -> username or None; None goes back to asking Ignition's session alone.
    """
    del _USERNAME_SOURCE[:]
    if source is not None:
        _USERNAME_SOURCE.append(source)


def _session_username():
    try:
        return system().security.getUsername()
    except Exception:  # gateway scope has no user session
        return None


def current_username():
    """Who is calling, for created_by/modified_by: the registered caller (see set_username_source), else
    the 8.1 session user; 'system' where nobody is (a gateway script without a principal)."""
    source = _USERNAME_SOURCE[0] if _USERNAME_SOURCE else _session_username
    return source() or "system"
