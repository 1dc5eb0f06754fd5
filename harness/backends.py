"""Which database the tests run on, and fresh empty scratch databases on it.

MES_TEST_DB = sqlite (default) | postgres | mariadb | a full JDBC URL.
PostgreSQL and MariaDB take their server from MES_TEST_POSTGRES_URL / MES_TEST_MARIADB_URL; when
unset, a testcontainers container is started, but only if a Docker daemon answers within ~2 s.
Otherwise BackendUnavailable says what to set, so a skipped test tells a human how to un-skip it.

Every scratch datasource is isolated: a new SQLite file, a new PostgreSQL schema (selected with
currentSchema= in the URL) or a new MariaDB database, named mes_t_<random> and dropped afterwards.
"""
import atexit
import contextlib
import os
import re
import shutil
import tempfile
import threading
import uuid

from harness.jvm import jclass
from harness.system_db import Datasource

DOCKER_PING_SECONDS = 2
POSTGRES_IMAGE = "postgres:16-alpine"
MARIADB_IMAGE = "mariadb:11"
EXAMPLE_URLS = {
    "postgres": "jdbc:postgresql://127.0.0.1:5432/test?user=postgres",
    "mariadb": "jdbc:mariadb://127.0.0.1:3306/test?user=root",
}
URL_VARIABLES = {"postgres": "MES_TEST_POSTGRES_URL", "mariadb": "MES_TEST_MARIADB_URL"}


class BackendUnavailable(Exception):
    """The chosen back-end cannot run here; the message says why and what to do."""

    def __init__(self, reason):
        Exception.__init__(self, reason)
        self.reason = reason


def redact_url(url):
    """A URL safe to print: password values and user:password@ parts are masked."""
    url = re.sub(r"(?i)(password=)[^&;]*", r"\1***", url)
    return re.sub(r"//([^/:@]+):[^/@]*@", r"//\1:***@", url)


def dialect_of_url(url):
    """Back-end name of a JDBC URL, from its prefix."""
    for prefix, name in (("jdbc:sqlite:", "sqlite"), ("jdbc:postgresql:", "postgres"),
                         ("jdbc:mariadb:", "mariadb"), ("jdbc:mysql:", "mariadb")):
        if url.lower().startswith(prefix):
            return name
    raise BackendUnavailable("MES_TEST_DB=%r: unsupported JDBC URL; use jdbc:sqlite:, jdbc:postgresql: "
                             "or jdbc:mariadb:" % redact_url(url))


def _scratch_name():
    return "mes_t_" + uuid.uuid4().hex[:12]


class Backend(object):
    """A database back-end: `name` (sqlite|postgres|mariadb), `db_type` (Ignition's DBType) and
    `source` (where it came from). scratch_datasource() yields fresh empty datasources."""

    name = None
    db_type = None

    def __init__(self, source):
        self.source = source

    def describe(self):
        return "%s (%s)" % (self.name, self.source)

    def scratch_datasource(self, name=""):
        """Context manager: a fresh empty isolated Datasource, destroyed on exit. Close every
        SystemDb using it before leaving the block (PostgreSQL and MariaDB wait for locks)."""
        raise NotImplementedError

    def close(self):
        """Release what the back-end holds (admin connection, container)."""


class SqliteBackend(Backend):
    name = "sqlite"
    db_type = "SQLITE"

    def __init__(self, source="embedded, one temp file per scratch database"):
        Backend.__init__(self, source)

    @contextlib.contextmanager
    def scratch_datasource(self, name=""):
        # A directory per database so the WAL and shared-memory files go with it.
        directory = tempfile.mkdtemp(prefix="mes_t_")
        path = os.path.join(directory, "mes.db")
        try:
            yield Datasource(name or "mes", "jdbc:sqlite:" + path, self.db_type,
                             description="scratch SQLite " + path)
        finally:
            shutil.rmtree(directory, ignore_errors=True)


class ServerBackend(Backend):
    """PostgreSQL or MariaDB reached by a server URL; one admin connection creates and drops."""

    def __init__(self, server_url, source, container=None):
        Backend.__init__(self, source)
        self.server_url = server_url
        self._container = container
        self._admin = None
        self._admin_lock = threading.Lock()

    def describe(self):
        return "%s at %s (%s)" % (self.name, redact_url(self.server_url), self.source)

    @contextlib.contextmanager
    def scratch_datasource(self, name=""):
        scratch = _scratch_name()
        self._admin_execute(self._create_sql(scratch))
        try:
            yield Datasource(name or "mes", self._scratch_url(scratch), self.db_type,
                             description="scratch %s %s" % (self.name, scratch))
        finally:
            self._admin_execute(self._drop_sql(scratch))

    def close(self):
        with self._admin_lock:
            if self._admin is not None:
                self._admin.close()
                self._admin = None
        if self._container is not None:
            self._container.stop()
            self._container = None

    def _admin_execute(self, sql):
        with self._admin_lock:
            if self._admin is None or self._admin.isClosed():
                self._admin = jclass("java.sql.DriverManager").getConnection(self.server_url)
            statement = self._admin.createStatement()
            try:
                statement.execute(sql)
            finally:
                statement.close()


class PostgresBackend(ServerBackend):
    name = "postgres"
    db_type = "POSTGRES"

    def _create_sql(self, scratch):
        return "CREATE SCHEMA " + scratch

    def _drop_sql(self, scratch):
        return "DROP SCHEMA IF EXISTS %s CASCADE" % scratch

    def _scratch_url(self, scratch):
        # currentSchema makes unqualified names (CREATE TABLE x, SELECT ... FROM x) land in the
        # scratch schema, so the library never needs to know it is isolated.
        url = re.sub(r"([?&])currentSchema=[^&]*&?", r"\1", self.server_url).rstrip("?&")
        return url + ("&" if "?" in url else "?") + "currentSchema=" + scratch


class MariadbBackend(ServerBackend):
    name = "mariadb"
    db_type = "MYSQL"  # the DBType Ignition reports for MariaDB/MySQL connections

    def _create_sql(self, scratch):
        return "CREATE DATABASE %s CHARACTER SET utf8mb4" % scratch

    def _drop_sql(self, scratch):
        return "DROP DATABASE IF EXISTS " + scratch

    def _scratch_url(self, scratch):
        # jdbc:mariadb://host:port/<database>?params -> same URL with the scratch database.
        match = re.match(r"(?i)(jdbc:(?:mariadb|mysql)://[^/?]*)(/[^?]*)?(\?.*)?$", self.server_url)
        if not match:
            raise BackendUnavailable("cannot parse MariaDB URL %r" % redact_url(self.server_url))
        return match.group(1) + "/" + scratch + (match.group(3) or "")


_SERVER_BACKENDS = {"postgres": PostgresBackend, "mariadb": MariadbBackend}


def select_backend(name=None):
    """The back-end named by `name`, else by MES_TEST_DB (default sqlite)."""
    choice = (name or os.environ.get("MES_TEST_DB") or "sqlite").strip()
    if choice.lower().startswith("jdbc:"):
        dialect = dialect_of_url(choice)
        if dialect == "sqlite":
            return SqliteBackend("embedded (MES_TEST_DB URL given; scratch databases are temp files)")
        return _SERVER_BACKENDS[dialect](choice, "MES_TEST_DB")
    choice = choice.lower()
    if choice == "sqlite":
        return SqliteBackend()
    if choice not in _SERVER_BACKENDS:
        raise BackendUnavailable("MES_TEST_DB=%r is not a back-end; use sqlite, postgres, mariadb "
                                 "or a full JDBC URL" % choice)
    url = os.environ.get(URL_VARIABLES[choice])
    if url:
        return _SERVER_BACKENDS[choice](url, URL_VARIABLES[choice])
    return _container_backend(choice)


def _container_backend(choice):
    docker_problem = docker_unavailable_reason()
    if docker_problem:
        raise BackendUnavailable(
            "%s: %s is not set and Docker is not usable (%s); set %s to a JDBC URL such as %s"
            % (choice, URL_VARIABLES[choice], docker_problem, URL_VARIABLES[choice], EXAMPLE_URLS[choice]))
    url, container = _start_container(choice)
    backend = _SERVER_BACKENDS[choice](url, "testcontainers", container=container)
    atexit.register(backend.close)
    return backend


def docker_unavailable_reason():
    """None when a Docker daemon answers a ping within DOCKER_PING_SECONDS, else why not."""
    host = os.environ.get("DOCKER_HOST", "")
    if not host and not os.path.exists("/var/run/docker.sock"):
        return "DOCKER_HOST is unset and /var/run/docker.sock does not exist"
    try:
        import docker
        client = docker.from_env(timeout=DOCKER_PING_SECONDS)
        try:
            client.ping()
        finally:
            client.close()
    except Exception as exc:  # any failure means "no usable daemon"; say which
        return "the Docker daemon did not answer: %s" % (str(exc).splitlines() or [type(exc).__name__])[0]
    return None


def _start_container(choice):
    """Start a throw-away server; returns (admin JDBC URL, container)."""
    try:
        if choice == "postgres":
            try:
                from testcontainers.community.postgres import PostgresContainer
            except ImportError:  # testcontainers before 4.14 had no "community" package
                from testcontainers.postgres import PostgresContainer
            container = PostgresContainer(POSTGRES_IMAGE).start()
            url = "jdbc:postgresql://%s:%s/%s?user=%s&password=%s" % (
                container.get_container_host_ip(), container.get_exposed_port(5432),
                container.dbname, container.username, container.password)
        else:
            try:
                from testcontainers.community.mysql import MySqlContainer
            except ImportError:
                from testcontainers.mysql import MySqlContainer
            # root, because scratch databases are created with CREATE DATABASE.
            container = MySqlContainer(MARIADB_IMAGE, username="root", password="test").start()
            url = "jdbc:mariadb://%s:%s/%s?user=root&password=%s" % (
                container.get_container_host_ip(), container.get_exposed_port(3306),
                container.dbname, container.root_password)
    except Exception as exc:
        raise BackendUnavailable("%s: starting a testcontainers %s container failed (%s); set %s to a "
                                 "JDBC URL such as %s" % (choice, choice, exc, URL_VARIABLES[choice],
                                                          EXAMPLE_URLS[choice]))
    return url, container
