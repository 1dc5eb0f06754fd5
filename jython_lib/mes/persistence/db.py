"""SQL through Ignition's system.db: one Session per call, one transaction per writing call.

A Session runs parameterised SQL either in autocommit (reads) or inside a transaction that this
module begins, commits or rolls back, and always closes (docs/rules.md#errors-and-atomicity). Services receive a Session
and never see system.db; the facade opens `with transaction() as session:` around a writing call.
"""
from __future__ import absolute_import
import sys

from mes import settings as project_settings
from mes.core import errors, platform
from mes.persistence import dialects

READ_COMMITTED = 2
# An abandoned transaction (a script killed mid-call) is closed by the gateway after this idle time.
IDLE_TIMEOUT_MS = 60000
_SETTINGS_KEY = "settings"
NO_CONNECTION = ("no database connection '%s' exists here; create it on the gateway (Config > Databases > "
                 "Connections on 8.1, Connections > Databases on 8.3), or name an existing one in DATABASE of the "
                 "library's mes/settings.py (every scope reads it) or with mes.setup.configure(database=...) "
                 "(this JVM only)")


def settings():
    """What configure() set in this JVM (None: not set, mes/settings.py applies) and the dialects detected,
    kept in the gateway globals so a project save (module reload) keeps them."""
    state = platform.runtime_state()
    found = state.get(_SETTINGS_KEY)
    if found is None:
        found = state.setdefault(_SETTINGS_KEY, {"database": None, "dialect": None, "dialects": {}})
    return found


def configure(database=None, dialect=None):
    current = settings()
    if database is not None:
        current["database"] = database
    if dialect is not None:
        current["dialect"] = dialects.by_name(dialect).name
    current["dialects"] = {}


def database_name():
    """The connection calls use: configure()'s in this JVM, else mes/settings.py's DATABASE."""
    configured = settings()["database"]
    return (project_settings.DATABASE or "") if configured is None else configured


def _dialect_override():
    return settings()["dialect"] or project_settings.DIALECT


def dialect_for(database):
    current = settings()
    override = _dialect_override()
    if override:
        return dialects.by_name(override)
    cached = current["dialects"].get(database)
    if cached is None:
        info = platform.system().db.getConnectionInfo(database)
        if not info.getRowCount():
            raise errors.NotFoundError(NO_CONNECTION % (database or "(the project default)"))
        db_type = info.getValueAt(0, "DBType")
        cached = dialects.for_db_type(db_type, database or "(default)").name
        current["dialects"][database] = cached
    return dialects.by_name(cached)


def _reraise_as_library_error(sql):
    """Turn whatever system.db raised (a Python error, or in Jython a Java exception, which
    `except Exception` does not catch) into a MesError naming the statement."""
    exc = sys.exc_info()[1]
    if isinstance(exc, (errors.MesError, KeyboardInterrupt, SystemExit)):
        raise exc
    text = str(exc)
    lowered = text.lower()
    if "database is locked" in lowered or "sqlite_busy" in lowered:
        raise errors.ConflictError("the database was busy with another writer for too long; nothing was written, "
                                   "try again: %s" % _short(text))
    if "unique" in lowered or "duplicate" in lowered:
        raise errors.ConflictError("the database refused a duplicate (another row already has that unique "
                                   "value; another writer may have just created it): %s" % _short(text))
    if "deadlock" in lowered or "could not serialize" in lowered:
        # D3: another writer won; the database rolled this transaction back (MariaDB reports a
        # deadlock when two starts race through the lot record's foreign-key lock).
        raise errors.ConflictError("another call or gateway changed the same rows at the same time and won; "
                                   "nothing was written, try again: %s" % _short(text))
    if "foreign key" in lowered:
        raise errors.InUseError("the database refused the change because of a reference between rows: %s"
                                % _short(text))
    raise errors.DatabaseError("database error: %s -- in: %s" % (_short(text), _short(sql, 300)), exc)


def _short(text, limit=500):
    text = " ".join(str(text).split())
    return text if len(text) <= limit else text[:limit] + "..."


class Session(object):
    def __init__(self, database, tx=None):
        self.database = database
        self.tx = tx
        self.dialect = dialect_for(database)

    def query(self, sql, args=()):
        """The rows of a SELECT as Ignition's PyDataSet."""
        try:
            return platform.system().db.runPrepQuery(sql, list(args), self.database, self.tx)
        except:  # noqa: E722 - see _reraise_as_library_error
            _reraise_as_library_error(sql)

    def update(self, sql, args=()):
        """Rows changed by an INSERT/UPDATE/DELETE (or DDL)."""
        try:
            return platform.system().db.runPrepUpdate(sql, list(args), self.database, self.tx)
        except:  # noqa: E722
            _reraise_as_library_error(sql)

    def scalar(self, sql, args=()):
        try:
            return platform.system().db.runScalarPrepQuery(sql, list(args), self.database, self.tx)
        except:  # noqa: E722
            _reraise_as_library_error(sql)


def reader(database=None):
    """A Session in autocommit for calls that only read."""
    return Session(database_name() if database is None else database)


class transaction(object):
    """`with transaction() as session:` - commit when the block ends, roll back on any error
    (Python or Java), close in every case."""

    def __init__(self, database=None, isolation=READ_COMMITTED):
        self.database = database_name() if database is None else database
        self.isolation = isolation
        self.session = None

    def __enter__(self):
        db = platform.system().db
        try:
            tx = db.beginTransaction(self.database, self.isolation, IDLE_TIMEOUT_MS)
        except:  # noqa: E722
            _reraise_as_library_error("BEGIN TRANSACTION")
        self.session = Session(self.database, tx)
        return self.session

    def __exit__(self, exc_type, exc_value, traceback):
        db = platform.system().db
        tx = self.session.tx
        try:
            if exc_type is None:
                try:
                    db.commitTransaction(tx)
                except:  # noqa: E722
                    _rollback_quietly(db, tx)
                    _reraise_as_library_error("COMMIT")
            else:
                _rollback_quietly(db, tx)
        finally:
            try:
                db.closeTransaction(tx)
            except:  # noqa: E722 - closing a transaction the gateway already closed is harmless
                pass
        return False


def _rollback_quietly(db, tx):
    try:
        db.rollbackTransaction(tx)
    except:  # noqa: E722 - the original error matters more than a failed rollback
        platform.logger("db").warn("rollback of transaction %s failed: %s" % (tx, sys.exc_info()[1]))
