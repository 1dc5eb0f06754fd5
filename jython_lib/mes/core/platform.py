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


def current_username():
    """Who is calling, for created_by/modified_by: the session user where there is one,
    'system' in gateway scope (timer and startup scripts have no user)."""
    try:
        name = system().security.getUsername()
    except Exception:  # gateway scope has no user session
        name = None
    return name or "system"
