"""A fake Ignition `system.db` over real JDBC connections (through JPype).

The library under test must see what a gateway hands a Jython script: Python str/int/float/bool
for plain values, but java.sql.Timestamp and java.math.BigDecimal as Java objects. Transactions
follow Ignition's rules: an id string from beginTransaction, commit/rollback keep the transaction
open, closeTransaction gives the connection back, and an idle transaction is rolled back and closed
after its timeout (measured on the injected clock, so tests never sleep).

Portable: the same code runs under CPython 3 (Java through JPype) and Jython 2.7 (Java natively);
harness/portable/javabridge.py is the only place that knows which.
Under Jython the driver's boxed numbers, booleans and strings already arrive as Python values;
Timestamp and BigDecimal stay Java in both interpreters, as on a gateway.
"""
from __future__ import absolute_import

import collections
import datetime
import decimal
import re
import threading
import uuid

from harness.portable.dataset import BasicDataset, PyDataSet
from harness.portable.javabridge import (IS_JYTHON, JavaException, byte_array, ensure_jvm, integer_types,
                                   is_java_object, jclass, string_types, text_type, to_text)

READ_UNCOMMITTED = 1
READ_COMMITTED = 2
REPEATABLE_READ = 4
SERIALIZABLE = 8
# A named query's value parameter, :name (not a PostgreSQL ::cast).
_NAMED_PARAMETER = re.compile(r"(?<![:\w]):([A-Za-z_]\w*)")
_ISOLATION_NAMES = {1: "READ_UNCOMMITTED", 2: "READ_COMMITTED", 4: "REPEATABLE_READ", 8: "SERIALIZABLE"}

# Every SQLite connection gets these unless the datasource overrides them:
# - foreign_keys: SQLite ignores FOREIGN KEY clauses otherwise;
# - busy_timeout: a writer waits (10 s) for another writer instead of failing with SQLITE_BUSY;
# - journal_mode WAL: readers never block on a writer and see only committed data;
# - transaction_mode IMMEDIATE: a transaction takes the write lock at BEGIN, so two transactions
#   that read then write queue up on the busy timeout instead of one failing with a deadlock
#   (SQLITE_BUSY is returned at once, without waiting, when a deferred reader tries to upgrade).
SQLITE_DEFAULT_PROPERTIES = {
    "foreign_keys": "true",
    "busy_timeout": "10000",
    "journal_mode": "WAL",
    "transaction_mode": "IMMEDIATE",
}

STATEMENTS_LOG_SIZE = 200
VALIDATION_TIMEOUT_SECONDS = 5
SHAPES_REMEMBERED = 2000
CLOSED_IDS_REMEMBERED = 10000


class DatabaseError(Exception):
    """A failed system.db call. `java_exception` holds the driver's exception when there is one."""

    def __init__(self, message, java_exception=None, sql=None):
        Exception.__init__(self, message)
        self.java_exception = java_exception
        self.sql = sql


class Datasource(object):
    """One named database connection, as configured on a gateway."""

    def __init__(self, name, jdbc_url, db_type, properties=None, description=""):
        self.name = name
        self.jdbc_url = jdbc_url
        self.db_type = db_type.upper()
        self.properties = dict(properties or {})
        self.description = description

    def __repr__(self):
        return "Datasource(%r, db_type=%r)" % (self.name, self.db_type)


class DbStats(object):
    """Thread-safe counters; round_trips = statements + commits + rollbacks."""

    FIELDS = ("statements", "queries", "updates", "transactions_begun", "commits", "rollbacks")

    def __init__(self):
        self._lock = threading.Lock()
        self.reset()

    def reset(self):
        with self._lock:
            self._counts = dict((field, 0) for field in self.FIELDS)

    def add(self, field, amount=1):
        with self._lock:
            self._counts[field] += amount

    def snapshot(self):
        with self._lock:
            counts = dict(self._counts)
        counts["round_trips"] = counts["statements"] + counts["commits"] + counts["rollbacks"]
        return counts

    def __getattr__(self, name):
        if name in DbStats.FIELDS or name == "round_trips":
            return self.snapshot()[name]
        raise AttributeError(name)


# ---------------------------------------------------------------- values in and out

_converters = {}


def _java_to_python_converters():
    """Java boxed class -> Python conversion, as Jython unboxes them for a gateway script."""
    if not _converters:
        if IS_JYTHON:
            # Jython unboxes what a Java method returns; these only meet explicitly built objects.
            whole, real, truth, text = (lambda v: int(text_type(v.toString())), lambda v: float(v.doubleValue()),
                                        lambda v: bool(v.booleanValue()), to_text)
        else:
            whole, real, truth, text = int, float, bool, str
        converters = {}
        for name in ("java.lang.Integer", "java.lang.Long", "java.lang.Short", "java.lang.Byte",
                     "java.math.BigInteger"):
            converters[jclass(name)] = whole
        for name in ("java.lang.Double", "java.lang.Float"):
            converters[jclass(name)] = real
        converters[jclass("java.lang.Boolean")] = truth
        converters[jclass("java.lang.String")] = text
        converters[jclass("java.lang.Character")] = text
        _converters.update(converters)
    return _converters


def to_python(value):
    """A JDBC getObject() value as a gateway hands it to Jython; other Java objects stay Java."""
    if value is None:
        return None
    convert = _java_to_python_converters().get(type(value))
    return convert(value) if convert is not None else value


_EPOCH = datetime.datetime(1970, 1, 1)


def _python_datetime_to_millis(value):
    # Naive datetimes are read as UTC, the zone the harness JVM runs in.
    if not isinstance(value, datetime.datetime):
        value = datetime.datetime(value.year, value.month, value.day)
    offset = value.utcoffset()
    if offset is not None:
        value = value.replace(tzinfo=None) - offset
    delta = value - _EPOCH
    return (delta.days * 86400 + delta.seconds) * 1000 + int(round(delta.microseconds / 1000.0))


def bind_parameter(statement, index, value):
    """Bind one argument the way its type asks (1-based index)."""
    if value is None:
        # Types.NULL works on all three drivers; pgjdbc sends it as an "unspecified" type so the
        # server infers it from the column (Types.VARCHAR would fail on an integer column).
        # A bare `? IS NULL` still cannot be typed by PostgreSQL: write CAST(? AS ...) there.
        statement.setNull(index, jclass("java.sql.Types").NULL)
    elif is_java_object(value):
        _bind_java_object(statement, index, value)
    elif isinstance(value, bool):
        statement.setBoolean(index, value)
    elif isinstance(value, integer_types):
        if -(2 ** 63) <= value < 2 ** 63:
            statement.setLong(index, value)
        else:
            statement.setBigDecimal(index, jclass("java.math.BigDecimal")(str(value)))
    elif isinstance(value, float):
        statement.setDouble(index, value)
    elif isinstance(value, string_types):
        statement.setString(index, to_text(value))
    elif isinstance(value, decimal.Decimal):
        statement.setBigDecimal(index, jclass("java.math.BigDecimal")(str(value)))
    elif isinstance(value, (datetime.datetime, datetime.date)):
        statement.setTimestamp(index, jclass("java.sql.Timestamp")(_python_datetime_to_millis(value)))
    elif isinstance(value, (bytes, bytearray)):
        statement.setBytes(index, byte_array(value))
    else:
        raise DatabaseError("cannot bind argument %d of type %s: %r"
                            % (index, type(value).__name__, value))


def _bind_java_object(statement, index, value):
    timestamp_class = jclass("java.sql.Timestamp")
    if isinstance(value, timestamp_class):
        statement.setTimestamp(index, value)
    elif isinstance(value, jclass("java.util.Date")):
        statement.setTimestamp(index, timestamp_class(value.getTime()))
    elif isinstance(value, jclass("java.math.BigDecimal")):
        statement.setBigDecimal(index, value)
    elif isinstance(value, jclass("java.lang.Boolean")):
        statement.setBoolean(index, value.booleanValue())
    elif isinstance(value, (jclass("java.lang.Integer"), jclass("java.lang.Long"),
                            jclass("java.lang.Short"), jclass("java.lang.Byte"))):
        statement.setLong(index, value.longValue())
    elif isinstance(value, (jclass("java.lang.Double"), jclass("java.lang.Float"))):
        statement.setDouble(index, value.doubleValue())
    elif isinstance(value, jclass("java.lang.String")):
        statement.setString(index, value)
    else:
        statement.setObject(index, value)


def _read_generic(rs, i):
    return to_python(rs.getObject(i))


def _read_timestamp(rs, i):
    return rs.getTimestamp(i)


def _read_big_decimal(rs, i):
    return rs.getBigDecimal(i)


def _read_boolean(rs, i):
    value = rs.getObject(i)
    return None if value is None else bool(to_python(value))


_SQLITE_READERS = {}


def _sqlite_reader(meta, i):
    """The reader of SQLite column i: SQLite stores dates, decimals and booleans as plain numbers,
    so the column type xerial reports (the declared one, else the value's) decides."""
    if not _SQLITE_READERS:
        types = jclass("java.sql.Types")
        for code, reader in ((types.TIMESTAMP, _read_timestamp), (types.DATE, _read_timestamp),
                             (types.NUMERIC, _read_big_decimal), (types.DECIMAL, _read_big_decimal),
                             (types.BOOLEAN, _read_boolean), (types.BIT, _read_boolean)):
            _SQLITE_READERS[int(code)] = reader
    return _SQLITE_READERS.get(int(meta.getColumnType(i)), _read_generic)


class _ResultShape(object):
    """Column labels and readers of one statement's result, worked out once per SQL text: a
    gateway's driver hands them over with the result, the fake would otherwise convert them
    through the Java bridge at every call. Other drivers already return the right Java class from
    getObject. On SQLite, a column read from a table has a declared type and keeps its reader; an
    expression's column (a literal, COUNT(*), ...) is typed by its value and is probed per call."""

    def __init__(self, meta, db_type):
        count = meta.getColumnCount()
        self.names = [to_text(meta.getColumnLabel(i)) for i in range(1, count + 1)]
        self.positions = [(i, _read_generic) for i in range(1, count + 1)]
        self.probed = []
        if db_type == "SQLITE":
            for i in range(1, count + 1):
                self.positions[i - 1] = (i, _sqlite_reader(meta, i))
                if not to_text(meta.getTableName(i)):
                    self.probed.append(i)

    def readers(self, meta):
        """(column index, reader) of every column of this result."""
        if not self.probed:
            return self.positions
        positions = list(self.positions)
        for i in self.probed:
            positions[i - 1] = (i, _sqlite_reader(meta, i))
        return positions


def _read_dataset(rs, db_type, shapes, sql):
    meta = rs.getMetaData()
    shape = shapes.get(sql)
    # The same SQL text gives the same columns unless the schema changed under it (SELECT *).
    if shape is None or len(shape.names) != meta.getColumnCount():
        if len(shapes) >= SHAPES_REMEMBERED:
            shapes.clear()  # scripts that inline values make a new SQL text per call
        shape = shapes[sql] = _ResultShape(meta, db_type)
    positions = shape.readers(meta)
    rows = []
    while rs.next():
        rows.append([read(rs, i) for i, read in positions])
    return BasicDataset(list(shape.names), rows)


# ---------------------------------------------------------------- connections

class _PooledConnection(object):
    """A JDBC connection plus the isolation level it had when opened (restored on release) and
    the level it has now, kept here so that neither begin nor release asks the server."""

    def __init__(self, connection):
        self.connection = connection
        self.default_isolation = self.isolation = int(connection.getTransactionIsolation())

    def set_isolation(self, level):
        """Change the isolation level only where it differs: on PostgreSQL and MariaDB each
        change is a round trip to the server."""
        if level != self.isolation:
            self.connection.setTransactionIsolation(level)
            self.isolation = level

    def is_valid(self):
        """Ignition's test on borrow: the driver's own liveness check (a ping or an empty query)."""
        try:
            return bool(self.connection.isValid(VALIDATION_TIMEOUT_SECONDS))
        except JavaException:
            return False


class _ConnectionPool(object):
    """Idle connections of one datasource; grows on demand (tests and benchmarks never need a cap).
    A connection is validated before it is lent, as Ignition's pool does, so a connection the
    server closed (a restart, a killed session) is replaced instead of failing the caller."""

    def __init__(self, datasource):
        self.datasource = datasource
        self._lock = threading.Lock()
        self._idle = []
        self._all = []
        self.invalid_discarded = 0  # idle connections found dead when about to be lent
        self._closed = False  # close_all() ran: a connection given back is closed, not kept

    def acquire(self):
        """A valid connection: an idle one that passes validation, else a new one."""
        while True:
            with self._lock:
                pooled = self._idle.pop() if self._idle else None
            if pooled is None:
                break
            if pooled.is_valid():
                return pooled
            self._forget(pooled)
            _close_quietly(pooled.connection)
            with self._lock:
                self.invalid_discarded += 1
        pooled = _PooledConnection(self._open())
        with self._lock:
            self._all.append(pooled)
        return pooled

    def release(self, pooled):
        connection = pooled.connection
        if connection.isClosed() or self._closed:
            self._forget(pooled)
            _close_quietly(connection)
            return
        try:
            if not connection.getAutoCommit():
                connection.rollback()
                connection.setAutoCommit(True)
            pooled.set_isolation(pooled.default_isolation)
        except JavaException:
            # A connection that cannot be reset is not reused.
            self._forget(pooled)
            _close_quietly(connection)
            return
        with self._lock:
            self._idle.append(pooled)

    def active_count(self):
        with self._lock:
            return len(self._all) - len(self._idle)

    def close_all(self):
        """Close the idle connections now and each lent one when it is given back, as DBCP's pool
        closes: closing a lent connection from this thread would roll its owner's transaction back
        under it, and a later commit on it (PostgreSQL's and MariaDB's drivers allow one after a
        rollback) would then write only what ran after the rollback."""
        with self._lock:
            self._closed = True
            idle, self._idle = self._idle, []
            for pooled in idle:
                self._all.remove(pooled)
        for pooled in idle:
            _close_quietly(pooled.connection)

    def _forget(self, pooled):
        with self._lock:
            if pooled in self._all:
                self._all.remove(pooled)

    def _open(self):
        ensure_jvm()
        properties = jclass("java.util.Properties")()
        settings = dict(SQLITE_DEFAULT_PROPERTIES) if self.datasource.db_type == "SQLITE" else {}
        settings.update(self.datasource.properties)
        for key, value in settings.items():
            properties.setProperty(key, str(value))
        try:
            return jclass("java.sql.DriverManager").getConnection(self.datasource.jdbc_url, properties)
        except JavaException as exc:
            raise DatabaseError("cannot connect datasource %r: %s"
                                % (self.datasource.name, exc.getMessage()), java_exception=exc)


def _close_quietly(connection):
    try:
        if not connection.isClosed():
            if not connection.getAutoCommit():
                connection.rollback()
            connection.close()
    except JavaException:
        pass


class _Transaction(object):
    def __init__(self, tx_id, datasource_name, pooled, timeout, now):
        self.id = tx_id
        self.datasource_name = datasource_name
        self.pooled = pooled
        self.timeout = timeout
        self.last_used = now
        self.dirty = False  # a statement ran since the last commit/rollback
        self.closed = False  # its connection went back to the pool (set and read under `lock`)
        self.lock = threading.RLock()

    def idle_too_long(self, now):
        return self.timeout is not None and self.timeout > 0 and now - self.last_used > self.timeout


# ---------------------------------------------------------------- system.db

class SystemDb(object):
    """The fake `system.db`. Method names, parameter names and defaults follow Ignition 8.1."""

    READ_UNCOMMITTED = READ_UNCOMMITTED
    READ_COMMITTED = READ_COMMITTED
    REPEATABLE_READ = REPEATABLE_READ
    SERIALIZABLE = SERIALIZABLE

    def __init__(self, datasources, default_name, clock):
        if default_name not in datasources:
            raise ValueError("default datasource %r is not among %r" % (default_name, sorted(datasources)))
        # The dict key is the datasource's name as scripts use it (it wins over Datasource.name).
        self._datasources = dict(datasources)
        self._default_name = default_name
        self._clock = clock
        self._pools = dict((name, _ConnectionPool(ds)) for name, ds in self._datasources.items())
        self._transactions = {}
        self._closed_ids = collections.OrderedDict()  # id -> why it is closed
        self._tx_lock = threading.Lock()
        self._closed = False
        self._shapes = dict((name, {}) for name in self._datasources)  # datasource -> SQL -> _ResultShape
        self.stats = DbStats()
        self.statements_log = collections.deque(maxlen=STATEMENTS_LOG_SIZE)
        self._named_queries = {}  # path -> (sql, parameter names, query type, database)

    # -- queries and updates

    def runPrepQuery(self, query, args, database="", tx=None):
        return PyDataSet(self._execute(query, args, database, tx, "query"))

    def runQuery(self, query, database="", tx=None):
        return PyDataSet(self._execute(query, None, database, tx, "query"))

    def runScalarPrepQuery(self, query, args, database="", tx=None):
        return _first_value(self._execute(query, args, database, tx, "query"))

    def runScalarQuery(self, query, database="", tx=None):
        return _first_value(self._execute(query, None, database, tx, "query"))

    def runPrepUpdate(self, query, args, database="", tx=None, getKey=False, skipAudit=True):
        return self._execute(query, args, database, tx, "update", get_key=bool(getKey))

    def runUpdateQuery(self, query, database="", tx=None, getKey=False, skipAudit=True):
        return self._execute(query, None, database, tx, "update", get_key=bool(getKey))

    # -- named queries (harness: a project's named queries are registered by path)

    def add_named_query(self, path, sql, parameters=(), query_type="Query", database=""):
        """Harness only: register a named query as a project would hold it. `sql` names its value
        parameters as :name (each one listed in `parameters`); query_type is "Query" (a dataset) or
        "Scalar Query" (the first value); database "" is the default datasource."""
        if query_type not in ("Query", "Scalar Query"):
            raise ValueError("query_type must be 'Query' or 'Scalar Query', not %r" % (query_type,))
        self._named_queries[path] = (sql, tuple(parameters), query_type, database)

    def runNamedQuery(self, path, parameters=None, tx=None, getKey=False):
        """Project scope syntax: run the named query at `path` with a {name: value} dict."""
        found = self._named_queries.get(path)
        if found is None:
            raise DatabaseError("no named query %r in the project; named queries: %r"
                                % (path, sorted(self._named_queries)))
        sql, names, query_type, database = found
        parameters = dict(parameters or {})
        missing = [n for n in names if n not in parameters]
        if missing:
            raise DatabaseError("named query %r needs the parameters %r" % (path, missing))
        args = []

        def bind(match):
            args.append(parameters[match.group(1)])
            return "?"
        prepared = _NAMED_PARAMETER.sub(bind, sql)
        if query_type == "Scalar Query":
            return self.runScalarPrepQuery(prepared, args, database, tx)
        return self._execute(prepared, args, database, tx, "query")

    # -- transactions

    def beginTransaction(self, database="", isolationLevel=None, timeout=None):
        self._expire_idle_transactions()
        name = self._datasource_name(database)
        if isolationLevel is not None and isolationLevel not in _ISOLATION_NAMES:
            raise DatabaseError("unknown isolation level %r; use system.db.READ_UNCOMMITTED (1), "
                                "READ_COMMITTED (2), REPEATABLE_READ (4) or SERIALIZABLE (8)"
                                % (isolationLevel,))
        pool = self._pools[name]
        pooled = pool.acquire()
        try:
            # Isolation first: PostgreSQL and MariaDB only change it outside a transaction.
            # SQLite (xerial) accepts all four levels: READ_UNCOMMITTED sets PRAGMA
            # read_uncommitted (only meaningful with a shared cache), the other three run as
            # SERIALIZABLE, which is all SQLite offers across connections and which JDBC allows
            # as an upgrade; getTransactionIsolation reports the level asked for.
            if isolationLevel is not None:
                pooled.set_isolation(isolationLevel)
            pooled.connection.setAutoCommit(False)
        except JavaException as exc:
            pool.release(pooled)
            raise DatabaseError("cannot begin a transaction on %r: %s" % (name, exc.getMessage()),
                                java_exception=exc)
        tx_id = str(uuid.uuid4())
        transaction = _Transaction(tx_id, name, pooled, timeout, self._clock.now_millis())
        with self._tx_lock:
            self._transactions[tx_id] = transaction
        self.stats.add("transactions_begun")
        return tx_id

    def commitTransaction(self, tx):
        self._end_unit_of_work(tx, "commit")

    def rollbackTransaction(self, tx):
        self._end_unit_of_work(tx, "rollback")

    def closeTransaction(self, tx):
        self._expire_idle_transactions()
        transaction = self._transaction(tx)
        with self._tx_lock:
            self._transactions.pop(transaction.id, None)
            self._remember_closed(transaction.id, "closed by closeTransaction")
        self._release_transaction(transaction)

    def transaction_isolation(self, tx):
        """The level the driver reports for a transaction's connection (a harness extra)."""
        transaction = self._transaction(tx)
        with transaction.lock:
            self._require_open(transaction)
            return int(transaction.pooled.connection.getTransactionIsolation())

    def open_transaction_ids(self):
        with self._tx_lock:
            return sorted(self._transactions)

    # -- datasources

    def getConnectionInfo(self, name=""):
        """One row for the named (or default) datasource; no rows for an unknown name."""
        lookup = name or self._default_name
        return self._connections_dataset([lookup] if lookup in self._datasources else [])

    def getConnections(self):
        return self._connections_dataset(sorted(self._datasources))

    def close(self):
        """Roll back and close every open transaction and every pooled connection."""
        with self._tx_lock:
            self._closed = True
            open_transactions = list(self._transactions.values())
            self._transactions.clear()
        for transaction in open_transactions:
            with transaction.lock:  # never under a statement or commit of another thread
                transaction.closed = True
                _close_quietly(transaction.pooled.connection)
        for pool in self._pools.values():
            pool.close_all()

    # -- internals

    def _connections_dataset(self, names):
        columns = ["Name", "Description", "DBType", "Status", "ActiveConnections"]
        rows = [[name, self._datasources[name].description, self._datasources[name].db_type, "Valid",
                 self._pools[name].active_count()] for name in names]
        return BasicDataset(columns, rows)

    def _datasource_name(self, database):
        name = database or self._default_name
        if name not in self._datasources:
            raise DatabaseError("unknown datasource %r; configured datasources: %r (\"\" means the default, %r)"
                                % (name, sorted(self._datasources), self._default_name))
        return name

    def _transaction(self, tx):
        with self._tx_lock:
            if self._closed:
                raise DatabaseError("system.db is closed; transaction %r is closed" % (tx,))
            transaction = self._transactions.get(tx)
            if transaction is None:
                why = self._closed_ids.get(tx, "never begun here")
                raise DatabaseError("transaction %r is closed or unknown (%s)" % (tx, why))
            return transaction

    def _require_open(self, transaction):
        """Called holding transaction.lock: another thread may have expired or closed the transaction
        between its lookup and that lock, and its connection may be lent to someone else by now."""
        if transaction.closed:
            with self._tx_lock:
                why = self._closed_ids.get(transaction.id, "system.db was closed")
            raise DatabaseError("transaction %r is closed or unknown (%s)" % (transaction.id, why))

    def _remember_closed(self, tx_id, why):
        # Called with _tx_lock held; bounded so long benchmarks do not grow memory.
        self._closed_ids[tx_id] = why
        while len(self._closed_ids) > CLOSED_IDS_REMEMBERED:
            self._closed_ids.popitem(last=False)

    def _expire_idle_transactions(self):
        """Ignition's idle timeout, checked lazily: roll back and close every transaction that
        has not been used for longer than its timeout on the injected clock."""
        now = self._clock.now_millis()
        with self._tx_lock:
            if self._closed:
                raise DatabaseError("system.db is closed")
            expired = [t for t in self._transactions.values() if t.idle_too_long(now)]
            for transaction in expired:
                del self._transactions[transaction.id]
                self._remember_closed(transaction.id, "rolled back and closed after %d ms idle (timeout %d ms)"
                                      % (now - transaction.last_used, transaction.timeout))
        for transaction in expired:
            with transaction.lock:
                transaction.dirty = True  # always roll back an expired transaction
            self._release_transaction(transaction)

    def _release_transaction(self, transaction):
        with transaction.lock:
            if transaction.closed:
                return
            transaction.closed = True
            if transaction.dirty:
                self._rollback_quietly(transaction)
            self._pools[transaction.datasource_name].release(transaction.pooled)

    def _rollback_quietly(self, transaction):
        try:
            transaction.pooled.connection.rollback()
            self.stats.add("rollbacks")
        except JavaException:
            pass  # the pool's release() then discards the broken connection

    def _end_unit_of_work(self, tx, action):
        self._expire_idle_transactions()
        transaction = self._transaction(tx)
        with transaction.lock:
            self._require_open(transaction)
            connection = transaction.pooled.connection
            try:
                if action == "commit":
                    connection.commit()
                else:
                    connection.rollback()
            except JavaException as exc:
                raise DatabaseError("%s of transaction %r failed: %s" % (action, tx, exc.getMessage()),
                                    java_exception=exc)
            finally:
                self.stats.add("commits" if action == "commit" else "rollbacks")
            transaction.dirty = False
            transaction.last_used = self._clock.now_millis()

    def _execute(self, sql, args, database, tx, kind, get_key=False):
        self._expire_idle_transactions()
        if tx:
            # Like Ignition, the transaction decides the datasource; `database` is ignored.
            transaction = self._transaction(tx)
            with transaction.lock:
                self._require_open(transaction)
                transaction.dirty = True
                transaction.last_used = self._clock.now_millis()
                try:
                    return self._run(transaction.pooled.connection, transaction.datasource_name,
                                     sql, args, kind, get_key)
                finally:
                    transaction.last_used = self._clock.now_millis()
        name = self._datasource_name(database)
        pool = self._pools[name]
        pooled = pool.acquire()
        try:
            return self._run(pooled.connection, name, sql, args, kind, get_key)
        finally:
            pool.release(pooled)

    def _run(self, connection, datasource_name, sql, args, kind, get_key):
        self.stats.add("statements")
        self.stats.add("queries" if kind == "query" else "updates")
        self.statements_log.append(sql)
        args = list(args or [])
        try:
            if get_key:
                statement = connection.prepareStatement(sql, jclass("java.sql.Statement").RETURN_GENERATED_KEYS)
            else:
                statement = connection.prepareStatement(sql)
            try:
                for index, value in enumerate(args, 1):
                    bind_parameter(statement, index, value)
                if kind == "query":
                    return _read_dataset(statement.executeQuery(), self._datasources[datasource_name].db_type,
                                         self._shapes[datasource_name], sql)
                count = statement.executeUpdate()
                return _generated_key(statement) if get_key else int(count)
            finally:
                statement.close()
        except JavaException as exc:
            raise DatabaseError("%s\nSQL: %s\nargs: %r\ndatasource: %s"
                                % (exc.getMessage(), sql, args, datasource_name),
                                java_exception=exc, sql=sql)


def _generated_key(statement):
    """The first column of the first generated-key row (PostgreSQL returns the whole inserted row,
    so the key must be the table's first column there), or None when the driver returned none."""
    keys = statement.getGeneratedKeys()
    try:
        return to_python(keys.getObject(1)) if keys.next() else None
    finally:
        keys.close()


def _first_value(dataset):
    if dataset.getRowCount() == 0 or dataset.getColumnCount() == 0:
        return None
    return dataset.getValueAt(0, 0)
