"""A fake gateway assembled from the portable pieces: what tests/jython/run_scenarios.py uses under
real Jython 2.7 (the CPython harness has harness/fake_gateway.py, with the pytest fixtures and
testcontainers; both build `system` from the same classes in harness/portable/).

    from harness.portable import gateway
    with gateway.gateway("sqlite") as system:          # or "postgres" / "mariadb" with a server URL
        system.mes.setup.getSchemaVersion()

Scratch databases follow harness/backends.py: a new SQLite file in a temp directory, a new
PostgreSQL schema (currentSchema= in the URL) or a new MariaDB database, named mes_t_<random> and
dropped afterwards. Valid Python 2.7 and 3.11.
"""
from __future__ import absolute_import

import contextlib
import os
import re
import shutil
import sys
import tempfile
import threading
import uuid

from harness.clock import Clock
from harness.portable.date import SystemDate
from harness.portable.db import Datasource, SystemDb
from harness.portable.file_fakes import SystemFile, SystemPerspective
from harness.portable.javabridge import jclass
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
URL_VARIABLES = {"postgres": "MES_TEST_POSTGRES_URL", "mariadb": "MES_TEST_MARIADB_URL"}


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


class _SystemModule(object):
    """sys.modules['system']: forwards attribute access to the active gateway (a plain object, so
    it behaves the same in Jython and CPython)."""

    __name__ = "system"

    def __getattr__(self, name):
        if name.startswith("__"):
            raise AttributeError(name)
        with _active_lock:
            current = _active[-1] if _active else None
        if current is None:
            raise RuntimeError("no harness gateway is active: use the pytest fixture 'system' or "
                               "'with harness.gateway() as system:'")
        return getattr(current, name)


def activate(system):
    if not isinstance(sys.modules.get("system"), _SystemModule):
        sys.modules["system"] = _SystemModule()
    with _active_lock:
        _active.append(system)


def deactivate(system):
    with _active_lock:
        _active.remove(system)


# -- scratch databases -------------------------------------------------------------------------------

def _scratch_name():
    return "mes_t_" + uuid.uuid4().hex[:12]


def server_url(backend):
    """The server URL of postgres/mariadb from the environment, or raise with what to set."""
    url = os.environ.get(URL_VARIABLES[backend])
    if not url:
        raise RuntimeError("%s needs %s (a JDBC URL such as jdbc:postgresql://127.0.0.1:5432/test?user=postgres)"
                           % (backend, URL_VARIABLES[backend]))
    return url


def _admin_execute(url, sql):
    connection = jclass("java.sql.DriverManager").getConnection(url)
    try:
        statement = connection.createStatement()
        try:
            statement.execute(sql)
        finally:
            statement.close()
    finally:
        connection.close()


def _postgres_scratch_url(url, scratch):
    url = re.sub(r"([?&])currentSchema=[^&]*&?", r"\1", url).rstrip("?&")
    return url + ("&" if "?" in url else "?") + "currentSchema=" + scratch


def _mariadb_scratch_url(url, scratch):
    match = re.match(r"(?i)(jdbc:(?:mariadb|mysql)://[^/?]*)(/[^?]*)?(\?.*)?$", url)
    if not match:
        raise RuntimeError("cannot parse MariaDB URL %r" % url)
    return match.group(1) + "/" + scratch + (match.group(3) or "")


@contextlib.contextmanager
def scratch_datasource(backend, name="mes"):
    """A fresh empty Datasource on `backend` (sqlite, postgres, mariadb), destroyed on exit."""
    if backend == "sqlite":
        directory = tempfile.mkdtemp(prefix="mes_t_")
        path = os.path.join(directory, "mes.db")
        try:
            yield Datasource(name, "jdbc:sqlite:" + path, "SQLITE", description="scratch SQLite " + path)
        finally:
            shutil.rmtree(directory, ignore_errors=True)
        return
    url, scratch = server_url(backend), _scratch_name()
    if backend == "postgres":
        create, drop = "CREATE SCHEMA " + scratch, "DROP SCHEMA IF EXISTS %s CASCADE" % scratch
        scratch_url, db_type = _postgres_scratch_url(url, scratch), "POSTGRES"
    elif backend == "mariadb":
        create, drop = "CREATE DATABASE %s CHARACTER SET utf8mb4" % scratch, "DROP DATABASE IF EXISTS " + scratch
        scratch_url, db_type = _mariadb_scratch_url(url, scratch), "MYSQL"
    else:
        raise RuntimeError("unknown back-end %r: use sqlite, postgres or mariadb" % (backend,))
    _admin_execute(url, create)
    try:
        yield Datasource(name, scratch_url, db_type, description="scratch %s %s" % (backend, scratch))
    finally:
        _admin_execute(url, drop)


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
    with scratch_datasource(backend) as datasource:
        with serving(datasource, backend, schema, clock) as system:
            yield system
