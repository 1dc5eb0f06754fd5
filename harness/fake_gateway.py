"""A fake Ignition gateway: one `system` namespace over one database, a tag provider and a clock.

Library code does `import system` when it runs; `install_system_module()` puts a module named
`system` in sys.modules that forwards to the gateway active right now, so the same library code
runs in a gateway and here, and each test gets a gateway of its own.
"""
import contextlib
import importlib
import sys
import threading
import types

from harness import backends
from harness.clock import Clock
from harness.system_date import SystemDate
from harness.system_db import SystemDb
from harness.system_security import SystemSecurity
from harness.system_tag import SystemTag
from harness.system_util import SystemUtil

# system.mes.<name> -> the jython_lib facade module that implements it. Aliases (behaviour 1.1):
# a few reference pages spell namespaces differently; both spellings reach the same module.
FACADE_MODULES = {
    "setup": "mes.setup",
    "location": "mes.location",
    "material": "mes.material",
    "unitOfMeasure": "mes.unitOfMeasure",
    "operation": "mes.operation",
    "productionOrder": "mes.productionOrder",
    "inventory": "mes.inventory",
    "trackandtrace": "mes.trackandtrace",
    # Two reference pages spell namespaces differently (behaviour 1.1): the import-queue pages
    # write system.mes.inventoryOperation, the permissions page system.mes.trackAndTrace.
    "inventoryOperation": "mes.inventory_operation",
    "trackAndTrace": "mes.trackandtrace",
}
FACADE_ALIASES = {}

_active = []
_active_lock = threading.Lock()


class System(types.SimpleNamespace):
    """What `system` is inside a harness gateway. Besides Ignition's namespaces it carries the
    harness-only `clock` and `backend`."""


def build_mes_namespace():
    mes = types.SimpleNamespace()
    for name, module_name in sorted(FACADE_MODULES.items()):
        setattr(mes, name, importlib.import_module(module_name))
    for alias, name in FACADE_ALIASES.items():
        setattr(mes, alias, getattr(mes, name))
    return mes


def build_system(datasource, backend=None, clock=None, project_name="mes_test"):
    clock = clock or Clock()
    return System(
        db=SystemDb({datasource.name: datasource}, datasource.name, clock),
        tag=SystemTag(clock),
        util=SystemUtil(clock, project_name=project_name),
        date=SystemDate(clock),
        security=SystemSecurity(),
        mes=build_mes_namespace(),
        clock=clock,
        backend=backend,
    )


class _SystemModule(types.ModuleType):
    """sys.modules['system']: forwards attribute access to the active gateway."""

    def __getattr__(self, name):
        with _active_lock:
            current = _active[-1] if _active else None
        if current is None:
            raise RuntimeError("no harness gateway is active: use the pytest fixture 'system' or "
                               "'with harness.gateway() as system:'")
        return getattr(current, name)


def install_system_module():
    if not isinstance(sys.modules.get("system"), _SystemModule):
        sys.modules["system"] = _SystemModule("system", "Ignition's system package, faked by the harness")


def activate(system):
    install_system_module()
    with _active_lock:
        _active.append(system)


def deactivate(system):
    with _active_lock:
        _active.remove(system)


@contextlib.contextmanager
def gateway(db=None, schema=True, clock=None):
    """A gateway over a fresh, empty scratch database of the chosen back-end (`db`: 'sqlite',
    'postgres', 'mariadb', a JDBC URL, None for MES_TEST_DB, or a Backend already selected). With schema=True the MES tables
    are created through the library, as a gateway's startup script does."""
    backend = db if hasattr(db, "scratch_datasource") else backends.select_backend(db)
    with backend.scratch_datasource() as datasource:
        system = build_system(datasource, backend, clock)
        activate(system)
        try:
            if schema:
                system.mes.setup.ensureSchema()
            yield system
        finally:
            deactivate(system)
            system.db.close()
