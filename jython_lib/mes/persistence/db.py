"""SQL through Ignition's system.db: one Session per call, one transaction per writing call.

A Session runs parameterised SQL either in autocommit (reads) or inside a transaction that this
module begins, commits or rolls back, and always closes (docs/rules.md#errors-and-atomicity). Services receive a Session
and never see system.db; the facade opens `with transaction() as session:` around a writing call.
"""
from __future__ import absolute_import

import random
import sys
import time

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


def database_name(current=None):
    """The connection calls use: configure()'s in this JVM, else mes/settings.py's DATABASE.

    Args:
        current: settings() when the caller holds it already.
    """
    configured = (current or settings())["database"]
    return (project_settings.DATABASE or "") if configured is None else configured


def _dialect_override(current=None):
    return (current or settings())["dialect"] or project_settings.DIALECT


def dialect_for(database, current=None):
    """The dialect of a connection: configure()'s or mes/settings.py's override, else the one detected
    from the connection's type (asked once per connection and kept in settings()).

    Args:
        database: the connection name.
        current: settings() when the caller holds it already.
    """
    current = current or settings()
    override = _dialect_override(current)
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


# What a database error means (docs/faults.md#error-classification). RETRYABLE: a later try can
# succeed (the trigger engine keeps such an edge pending); RERUN: the database rolled the whole
# transaction back, so the library runs the call again itself.
ERROR_KINDS = ("deadlock", "serialization", "lock_timeout", "unavailable", "commit_unknown", "busy", "duplicate",
               "foreign_key", "too_long", "out_of_range", "bad_text")
# commit_unknown: the connection was lost while committing, so the database may have written the
# call or not. The trigger engine may retry it (a start or stop written twice is refused by the
# state's compare-and-set); the library never reruns it on its own.
RETRYABLE = frozenset(["deadlock", "serialization", "lock_timeout", "unavailable", "commit_unknown"])
RERUN = frozenset(["deadlock", "serialization"])
RERUN_ATTEMPTS = 5
RERUN_PAUSE_SECONDS = (0.005, 0.05)  # the first back-off range, doubled on every further attempt
_CAUSE_DEPTH = 12
_MESSAGES = {
    "deadlock": "another call or gateway changed the same rows at the same time and won, again after %d tries; "
                "nothing was written, try again" % RERUN_ATTEMPTS,
    "serialization": "another call or gateway changed the same rows at the same time, again after %d tries; "
                     "nothing was written, try again" % RERUN_ATTEMPTS,
    "lock_timeout": "waited too long for rows another call or gateway holds; nothing was written, try again",
    "busy": "the database was busy with another writer for too long; nothing was written, try again",
    "duplicate": "the database refused a duplicate (another row already has that unique value; another writer "
                 "may have just created it)",
    "unavailable": "the database is unavailable (connection lost, server down or restarting); the call did not "
                   "complete, try again when the database is back",
    "commit_unknown": "the connection to the database was lost while committing, so the call may or may not have "
                      "been written; look (e.g. getLotHistory, getAllInventory) before repeating it",
}
_ERROR_CLASSES = {"deadlock": errors.ConflictError, "serialization": errors.ConflictError,
                  "lock_timeout": errors.ConflictError, "busy": errors.ConflictError,
                  "duplicate": errors.ConflictError, "foreign_key": errors.InUseError}


def reason_of(error):
    """The kind of database failure behind a library error (one of ERROR_KINDS), or None.

    Args:
        error: any exception.

    Returns:
        the `reason` a database failure was classified as, None for every other error.
    """
    return getattr(error, "reason", None)


def is_retryable(error):
    """True when a later try of the same call can succeed (outage, deadlock, lock timeout)."""
    return reason_of(error) in RETRYABLE


def sql_exception(exc):
    """The java.sql.SQLException behind whatever system.db raised: the exception itself, the
    harness's `java_exception`, or the first one down the Java cause chain (JPype and Jython)."""
    current = getattr(exc, "java_exception", None) or exc
    for _ in range(_CAUSE_DEPTH):
        if current is None:
            return None
        if hasattr(current, "getSQLState") and hasattr(current, "getErrorCode"):
            return current
        current = current.getCause() if hasattr(current, "getCause") else None
    return None


def _codes(found):
    """(SQLState, vendor code) of an SQLException; SQLite's extended result code where it has one."""
    code = found.getErrorCode()
    result_code = getattr(found, "getResultCode", None)
    if result_code is not None:
        code = getattr(result_code(), "code", code)
    state = found.getSQLState()
    return (str(state) if state is not None else None), int(code)


def classify(exc, dialect):
    """The kind of a database failure (one of ERROR_KINDS) from its codes, or None."""
    found = sql_exception(exc)
    if found is None or dialect is None:
        return None
    state, code = _codes(found)
    return dialect.error_kind(state, code)


def _reraise_as_library_error(sql, dialect=None, at_commit=False):
    """Turn whatever system.db raised (a Python error, or in Jython a Java exception, which
    `except Exception` does not catch) into a MesError, classified by its codes, carrying the
    kind as `reason`. A connection lost at the commit is in doubt (commit_unknown), not a plain
    outage: the database may have committed before the connection went."""
    exc = sys.exc_info()[1]
    if isinstance(exc, (errors.MesError, KeyboardInterrupt, SystemExit)):
        raise exc
    kind = classify(exc, dialect)
    if at_commit and kind == "unavailable":
        kind = "commit_unknown"
    text = _short(str(exc))
    error_class = _ERROR_CLASSES.get(kind, errors.DatabaseError)
    if kind == "foreign_key":
        error = errors.InUseError("the database refused the change because of a reference between rows: %s" % text)
    elif kind in _MESSAGES:
        error = error_class("%s: %s" % (_MESSAGES[kind], text))
    else:
        error = errors.DatabaseError("database error: %s -- in: %s" % (text, _short(sql, 300)), exc)
    error.reason = kind
    raise error


def write(work, database=None):
    """Run work(session) in one transaction and return its result; a transaction the database
    aborted for a deadlock or a serialization failure is run again, a few times after a short
    random pause, before its ConflictError is raised (nothing of an aborted transaction was
    written). docs/faults.md#deadlocks-and-retries

    Args:
        work: a function of one Session, doing the whole writing call.
        database: the datasource name (None: the configured one).

    Returns:
        whatever work returned.
    """
    attempt = 1
    while True:
        try:
            with transaction(database) as session:
                return work(session)
        except errors.ConflictError as failed:
            if reason_of(failed) not in RERUN or attempt >= RERUN_ATTEMPTS:
                raise
            platform.logger("db").info("transaction aborted by the database (%s), running it again (attempt %d of "
                                       "%d)" % (reason_of(failed), attempt + 1, RERUN_ATTEMPTS))
            low, high = RERUN_PAUSE_SECONDS
            time.sleep(random.uniform(low, high) * (2 ** (attempt - 1)))
            attempt += 1


def _short(text, limit=500):
    text = " ".join(str(text).split())
    return text if len(text) <= limit else text[:limit] + "..."


class Session(object):
    """Statements on one connection name, in autocommit or inside the transaction `tx`. The
    `system.db` module is looked up once per session (a session lives for one call), not per
    statement."""

    def __init__(self, database, tx=None, dialect=None, system_db=None):
        self.database = database
        self.tx = tx
        self.dialect = dialect or dialect_for(database)
        self._db = system_db or platform.system().db

    def query(self, sql, args=()):
        """The rows of a SELECT as Ignition's PyDataSet."""
        try:
            return self._db.runPrepQuery(sql, list(args), self.database, self.tx)
        except:  # noqa: E722 - see _reraise_as_library_error
            _reraise_as_library_error(sql, self.dialect)

    def update(self, sql, args=()):
        """Rows changed by an INSERT/UPDATE/DELETE (or DDL)."""
        try:
            return self._db.runPrepUpdate(sql, list(args), self.database, self.tx)
        except:  # noqa: E722
            _reraise_as_library_error(sql, self.dialect)

    def scalar(self, sql, args=()):
        try:
            return self._db.runScalarPrepQuery(sql, list(args), self.database, self.tx)
        except:  # noqa: E722
            _reraise_as_library_error(sql, self.dialect)


def read_alone(run, sql, database):
    """run(system.db) for one read on its own connection (no transaction: autocommit), its failure
    turned into the library's error like every other statement's (an expression's runQuery...).

    Args:
        run: a function of system.db doing the read (runQuery, runPrepQuery...).
        sql: the statement (or what the read is), for the error message.
        database: the connection name the read uses, to classify its failure.

    Returns:
        whatever run returned.
    """
    try:
        return run(platform.system().db)
    except:  # noqa: E722 - see _reraise_as_library_error
        _reraise_as_library_error(sql, _dialect_or_none(database))


def _dialect_or_none(database):
    """The dialect to classify a failure with; None when the connection itself is unknown (the error
    then says so unclassified rather than failing again while it is reported)."""
    try:
        return dialect_for(database)
    except errors.MesError:
        return None


def reader(database=None):
    """A Session in autocommit for calls that only read."""
    return Session(database_name() if database is None else database)


class transaction(object):
    """`with transaction() as session:` - commit when the block ends, roll back on any error
    (Python or Java), close in every case."""

    def __init__(self, database=None, isolation=READ_COMMITTED):
        self._settings = settings()  # asked once per transaction: it is a lookup in the gateway globals
        self.database = database_name(self._settings) if database is None else database
        self.isolation = isolation
        self.session = None

    def __enter__(self):
        db = platform.system().db
        dialect = dialect_for(self.database, self._settings)
        try:
            tx = db.beginTransaction(self.database, self.isolation, IDLE_TIMEOUT_MS)
        except:  # noqa: E722
            _reraise_as_library_error("BEGIN TRANSACTION", dialect)
        self.session = Session(self.database, tx, dialect, db)
        return self.session

    def __exit__(self, exc_type, exc_value, traceback):
        db = self.session._db
        tx = self.session.tx
        try:
            if exc_type is None:
                try:
                    db.commitTransaction(tx)
                except:  # noqa: E722
                    _rollback_quietly(db, tx)
                    _reraise_as_library_error("COMMIT", self.session.dialect, at_commit=True)
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
