"""A fake gateway assembled from the portable pieces: what tests/jython/run_scenarios.py uses under
real Jython 2.7 (the CPython harness has harness/fake_gateway.py, with the pytest fixtures and
testcontainers; both build `system` from the same classes in harness/portable/).

    from harness.portable import gateway
    with gateway.gateway("sqlite") as system:          # or "postgres" / "mariadb" with a server URL
        system.mes.setup.getSchemaVersion()

Scratch databases come from harness/portable/scratch.py, as for the CPython harness.
Valid Python 2.7 and 3.11.
"""
from __future__ import absolute_import

import contextlib
import sys
import threading

from harness.clock import Clock
from harness.portable.alarm import SystemAlarm
from harness.portable.date import SystemDate
from harness.portable import scratch
from harness.portable.db import SystemDb
from harness.portable.file_fakes import SystemFile, SystemPerspective
from harness.portable.security import script_modules
from harness.portable.tag import SystemTag
from harness.portable.util import SystemUtil

# system.mes.<name> -> the facade module that implements it, for both interpreters. Two reference
# pages spell namespaces differently: the import-queue pages write
# system.mes.inventoryOperation, the permissions page system.mes.trackAndTrace.
FACADE_MODULES = {
    "setup": "mes.setup",
    "location": "mes.location",
    "material": "mes.material",
    "unitOfMeasure": "mes.unitOfMeasure",
    "operation": "mes.operation",
    "productionOrder": "mes.productionOrder",
    "inventory": "mes.inventory",
    "trackandtrace": "mes.trackandtrace",
    "security": "mes.security",
    "inventoryOperation": "mes.inventory_operation",
    "trackAndTrace": "mes.trackandtrace",
    "query": "mes.query",
}


class Namespace(object):
    """types.SimpleNamespace for Python 2."""

    def __init__(self, **attributes):
        self.__dict__.update(attributes)

    def __repr__(self):
        return "<%s %s>" % (type(self).__name__, sorted(self.__dict__))


class System(Namespace):
    """What `system` is in a portable gateway: Ignition's namespaces plus the harness-only
    `clock` and `backend` (the back-end name)."""


def _import(name):
    __import__(name)
    return sys.modules[name]


def build_mes_namespace():
    mes = Namespace()
    for name, module_name in sorted(FACADE_MODULES.items()):
        setattr(mes, name, _import(module_name))
    return mes


def build_system(datasource, backend=None, clock=None, project_name="mes_test"):
    clock = clock or Clock()
    return System(
        db=SystemDb({datasource.name: datasource}, datasource.name, clock),
        alarm=SystemAlarm(),
        tag=SystemTag(clock),
        util=SystemUtil(clock, project_name=project_name),
        date=SystemDate(clock),
        file=SystemFile(),
        perspective=SystemPerspective(),
        mes=build_mes_namespace(),
        clock=clock,
        backend=backend,
        **script_modules()
    )


# -- the `system` module the library imports -------------------------------------------------------

_active = []
_active_lock = threading.Lock()


class _NoGateway(object):
    """sys.modules['system'] while no gateway is active: every lookup says how to get one."""

    __name__ = "system"

    def __getattr__(self, name):
        if name.startswith("__"):
            raise AttributeError(name)
        raise RuntimeError("no harness gateway is active: use the pytest fixture 'system' or "
                           "'with harness.gateway() as system:'")


def _install_newest():
    # Called with _active_lock held. sys.modules['system'] IS the newest active gateway, so
    # `system.db` is a plain attribute lookup as on a real gateway, not a Python call per lookup;
    # a test replacing `gateway.db` is seen at once because it is the same object.
    sys.modules["system"] = _active[-1] if _active else _NoGateway()


def activate(system):
    """Make `system` what library code gets from `import system` until it is deactivated."""
    with _active_lock:
        _active.append(system)
        _install_newest()


def deactivate(system):
    """Undo activate(): the gateway activated before it (or none) is `system` again, unless a test
    put something else in sys.modules meanwhile (a monkeypatch undoes its own)."""
    with _active_lock:
        _active.remove(system)
        current = sys.modules.get("system")
        if current is None or current is system or current in _active or isinstance(current, _NoGateway):
            _install_newest()


# -- scratch databases -------------------------------------------------------------------------------

_backends = {}  # back-end name -> Backend, so one admin connection serves a whole Jython run


def backend_named(name):
    """The scratch.Backend for `name` (sqlite, postgres, mariadb or a JDBC URL; server URLs from
    MES_TEST_POSTGRES_URL / MES_TEST_MARIADB_URL), made once per process."""
    if name not in _backends:
        _backends[name] = scratch.select_backend(name)
    return _backends[name]


@contextlib.contextmanager
def serving(datasource, backend=None, schema=True, clock=None):
    """A gateway over `datasource`, active while the block runs; with schema=True the MES tables
    are created through the library (system.mes.setup.ensureSchema()), as a startup script does."""
    system = build_system(datasource, backend, clock)
    activate(system)
    try:
        if schema:
            system.mes.setup.ensureSchema()
        yield system
    finally:
        deactivate(system)
        system.db.close()


@contextlib.contextmanager
def gateway(backend="sqlite", schema=True, clock=None):
    """A gateway over a fresh scratch database of the named back-end."""
    chosen = backend_named(backend)
    with chosen.scratch_datasource() as datasource:
        with serving(datasource, chosen.name, schema, clock) as system:
            yield system
