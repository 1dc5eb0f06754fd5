"""Fresh, empty scratch databases on SQLite, PostgreSQL or MariaDB: the one implementation that the
CPython harness (harness/backends.py, pytest) and the Jython side (harness/portable/gateway.py,
`build.py jython`) share.

A scratch database is a new SQLite file in its own temp directory, a new PostgreSQL schema
(selected with currentSchema= in the URL) or a new MariaDB database, named mes_tl_<random> and
dropped afterwards. Valid Python 2.7 and 3.11.

Cleanup survives a server restart. While a server scratch database is in use, the backend's admin
connection holds a session lock named after it (PostgreSQL advisory lock, MariaDB GET_LOCK), taken
before the database is created. A server restart ends the admin session and with it the lock, so
a database whose drop failed because the server went away carries no lock any more: the first
scratch request of any later process on that server drops every mes_tl_ database whose lock it can
take (`sweep_abandoned`). The drop itself is retried once on a fresh admin connection, which
covers a restart that happened while the test ran.
"""
from __future__ import absolute_import

import contextlib
import hashlib
import os
import re
import shutil
import tempfile
import threading
import uuid

from harness.portable.db import Datasource, bind_parameter, to_python
from harness.portable.javabridge import JavaException, jclass

# Only names with this prefix are ever swept; the older unlocked prefix mes_t_ is left alone,
# since a process running older harness code may still be using such a database. A database kept
# on purpose (keep=True, `build.py jython --keep`) is named with KEPT_PREFIX and never swept.
SCRATCH_PREFIX = "mes_tl_"
KEPT_PREFIX = "mes_kept_"
ADMIN_VALID_SECONDS = 5
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


def _scratch_name(keep=False):
    return (KEPT_PREFIX if keep else SCRATCH_PREFIX) + uuid.uuid4().hex[:12]


class Backend(object):
    """A database back-end: `name` (sqlite|postgres|mariadb), `db_type` (Ignition's DBType) and
    `source` (where it came from). scratch_datasource() yields fresh empty datasources."""

    name = None
    db_type = None

    def __init__(self, source):
        self.source = source

    def describe(self):
        """One line naming the back-end and where it came from."""
        return "%s (%s)" % (self.name, self.source)

    def scratch_datasource(self, name="", keep=False):
        """Context manager: a fresh empty isolated Datasource, destroyed on exit (kept with
        keep=True). Close every SystemDb using it before leaving the block (PostgreSQL and
        MariaDB wait for locks)."""
        raise NotImplementedError

    def close(self):
        """Release what the back-end holds (admin connection, container)."""


class SqliteBackend(Backend):
    """Embedded SQLite: a scratch database is a file in a temp directory of its own."""

    name = "sqlite"
    db_type = "SQLITE"

    def __init__(self, source="embedded, one temp file per scratch database"):
        Backend.__init__(self, source)

    @contextlib.contextmanager
    def scratch_datasource(self, name="", keep=False):
        # A directory per database so the WAL and shared-memory files go with it.
        directory = tempfile.mkdtemp(prefix=_scratch_name(keep) + "_")
        path = os.path.join(directory, "mes.db")
        try:
            yield Datasource(name or "mes", "jdbc:sqlite:" + path, self.db_type,
                             description="scratch SQLite " + path)
        finally:
            if not keep:
                shutil.rmtree(directory, ignore_errors=True)


class ServerBackend(Backend):
    """PostgreSQL or MariaDB reached by a server URL; one admin connection creates, locks and drops."""

    def __init__(self, server_url, source, container=None):
        Backend.__init__(self, source)
        self.server_url = server_url
        self._container = container
        self._admin = None
        self._admin_lock = threading.RLock()
        self._in_use = set()  # scratch names whose lock this backend holds
        self._swept = False

    def describe(self):
        return "%s at %s (%s)" % (self.name, redact_url(self.server_url), self.source)

    @contextlib.contextmanager
    def scratch_datasource(self, name="", keep=False):
        scratch = self._create_scratch(keep)
        try:
            yield Datasource(name or "mes", self._scratch_url(scratch), self.db_type,
                             description="scratch %s %s" % (self.name, scratch))
        finally:
            if not keep:
                self._drop_scratch(scratch)

    def sweep_abandoned(self):
        """Drop every scratch database on the server whose lock nobody holds (left behind by a
        process that died or a server that restarted); returns their names."""
        dropped = []
        with self._admin_lock:
            for scratch in self._admin_query(self._list_sql()):
                if scratch in self._in_use or not self._lock(scratch):
                    continue
                self._admin_query(self._drop_sql(scratch))
                self._unlock(scratch)
                dropped.append(scratch)
        return dropped

    def close(self):
        with self._admin_lock:
            if self._admin is not None:
                _close_quietly(self._admin)
                self._admin = None
        if self._container is not None:
            self._container.stop()
            self._container = None

    # -- internals

    def _create_scratch(self, keep=False):
        scratch = _scratch_name(keep)
        with self._admin_lock:
            if not self._swept:
                self._swept = True
                self.sweep_abandoned()
            # The lock comes first, so no sweep can drop the database between its creation and
            # the lock being taken.
            self._lock(scratch)
            self._in_use.add(scratch)
            self._admin_query(self._create_sql(scratch))
        return scratch

    def _drop_scratch(self, scratch):
        with self._admin_lock:
            self._in_use.discard(scratch)
            self._admin_query(self._drop_sql(scratch))
            self._unlock(scratch)

    def _lock(self, scratch):
        return bool(self._admin_query(self._try_lock_sql(), [self._lock_argument(scratch)])[0])

    def _unlock(self, scratch):
        self._admin_query(self._unlock_sql(), [self._lock_argument(scratch)])

    def _admin_query(self, sql, args=()):
        """Run one admin statement; the first column of each result row (empty for DDL). A failure
        is retried once on a fresh connection: the server may have restarted since the last use."""
        with self._admin_lock:
            try:
                return _run_statement(self._admin_connection(), sql, args)
            except JavaException:
                if self._admin is not None and self._admin.isValid(ADMIN_VALID_SECONDS):
                    raise
                _close_quietly(self._admin)
                self._admin = None
                return _run_statement(self._admin_connection(), sql, args)

    def _admin_connection(self):
        if self._admin is None:
            self._admin = jclass("java.sql.DriverManager").getConnection(self.server_url)
            # A new session holds no locks: take those of the databases still in use again.
            for scratch in sorted(self._in_use):
                _run_statement(self._admin, self._try_lock_sql(), [self._lock_argument(scratch)])
        return self._admin


class PostgresBackend(ServerBackend):
    """Scratch databases are schemas of the server URL's database."""

    name = "postgres"
    db_type = "POSTGRES"

    def _create_sql(self, scratch):
        return "CREATE SCHEMA " + scratch

    def _drop_sql(self, scratch):
        return "DROP SCHEMA IF EXISTS %s CASCADE" % scratch

    def _list_sql(self):
        return "SELECT nspname FROM pg_namespace WHERE nspname LIKE '%s%%'" % SCRATCH_PREFIX.replace("_", "\\_")

    def _try_lock_sql(self):
        return "SELECT pg_try_advisory_lock(CAST(? AS BIGINT))"

    def _unlock_sql(self):
        return "SELECT pg_advisory_unlock(CAST(? AS BIGINT))"

    def _scratch_url(self, scratch):
        # currentSchema makes unqualified names (CREATE TABLE x, SELECT ... FROM x) land in the
        # scratch schema, so the library never needs to know it is isolated.
        url = re.sub(r"([?&])currentSchema=[^&]*&?", r"\1", self.server_url).rstrip("?&")
        return url + ("&" if "?" in url else "?") + "currentSchema=" + scratch

    def _lock_argument(self, scratch):
        # Advisory locks take a bigint key: a stable 62-bit hash of the name.
        return int(hashlib.sha1(scratch.encode("ascii")).hexdigest()[:15], 16) >> 2


class MariadbBackend(ServerBackend):
    """Scratch databases are databases of the server."""

    name = "mariadb"
    db_type = "MYSQL"  # the DBType Ignition reports for MariaDB/MySQL connections

    def _create_sql(self, scratch):
        return "CREATE DATABASE %s CHARACTER SET utf8mb4" % scratch

    def _drop_sql(self, scratch):
        return "DROP DATABASE IF EXISTS " + scratch

    def _list_sql(self):
        return ("SELECT schema_name FROM information_schema.schemata WHERE schema_name LIKE '%s%%'"
                % SCRATCH_PREFIX.replace("_", "\\\\_"))

    def _try_lock_sql(self):
        return "SELECT GET_LOCK(?, 0)"

    def _unlock_sql(self):
        return "SELECT RELEASE_LOCK(?)"

    def _scratch_url(self, scratch):
        # jdbc:mariadb://host:port/<database>?params -> same URL with the scratch database.
        match = re.match(r"(?i)(jdbc:(?:mariadb|mysql)://[^/?]*)(/[^?]*)?(\?.*)?$", self.server_url)
        if not match:
            raise BackendUnavailable("cannot parse MariaDB URL %r" % redact_url(self.server_url))
        return match.group(1) + "/" + scratch + (match.group(3) or "")

    def _lock_argument(self, scratch):
        return scratch


def _run_statement(connection, sql, args):
    statement = connection.prepareStatement(sql)
    try:
        for index, value in enumerate(args, 1):
            bind_parameter(statement, index, value)
        if not statement.execute():
            return []
        results, values = statement.getResultSet(), []
        while results.next():
            values.append(to_python(results.getObject(1)))
        return values
    finally:
        statement.close()


def _close_quietly(connection):
    try:
        if connection is not None:
            connection.close()
    except JavaException:
        pass


SERVER_BACKENDS = {"postgres": PostgresBackend, "mariadb": MariadbBackend}


def _missing_server_url(choice):
    raise BackendUnavailable("%s needs %s (a JDBC URL such as %s)"
                             % (choice, URL_VARIABLES[choice], EXAMPLE_URLS[choice]))


def select_backend(name=None, without_url=_missing_server_url):
    """The back-end named by `name`, else by MES_TEST_DB (default sqlite): sqlite, postgres,
    mariadb or a full JDBC URL. Postgres and MariaDB take their server from MES_TEST_POSTGRES_URL /
    MES_TEST_MARIADB_URL; when it is unset, `without_url(choice)` gives the backend or raises
    BackendUnavailable (by default, saying what to set)."""
    choice = (name or os.environ.get("MES_TEST_DB") or "sqlite").strip()
    if choice.lower().startswith("jdbc:"):
        dialect = dialect_of_url(choice)
        if dialect == "sqlite":
            return SqliteBackend("embedded (MES_TEST_DB URL given; scratch databases are temp files)")
        return SERVER_BACKENDS[dialect](choice, "MES_TEST_DB")
    choice = choice.lower()
    if choice == "sqlite":
        return SqliteBackend()
    if choice not in SERVER_BACKENDS:
        raise BackendUnavailable("MES_TEST_DB=%r is not a back-end; use sqlite, postgres, mariadb "
                                 "or a full JDBC URL" % choice)
    url = os.environ.get(URL_VARIABLES[choice])
    if url:
        return SERVER_BACKENDS[choice](url, URL_VARIABLES[choice])
    return without_url(choice)
