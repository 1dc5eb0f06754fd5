"""The fake system.db and the database back-ends, on the back-end MES_TEST_DB selects.

Run on each back-end:
  MES_TEST_DB=sqlite python3 -m pytest tests/test_harness_db.py
  MES_TEST_DB=postgres MES_TEST_POSTGRES_URL='jdbc:postgresql://127.0.0.1:5432/test?user=postgres' ...
  MES_TEST_DB=mariadb MES_TEST_MARIADB_URL='jdbc:mariadb://127.0.0.1:3306/test?user=root' ...
"""
import datetime
import decimal
import os
import re
import threading
import time


import pytest

from harness import backends
from harness.backends import select_backend
from harness.portable import scratch
from harness.portable.scratch import BackendUnavailable
from harness.portable.dataset import BasicDataset, PyDataSet
from harness.jvm import jclass
from harness.portable.db import Datasource, DatabaseError, SystemDb


class StubClock(object):
    """A clock that moves only when told to, so timeout tests never sleep."""

    def __init__(self, start=1700000000000):
        self.millis = start

    def now_millis(self):
        return self.millis

    def advance(self, millis):
        self.millis += millis


@pytest.fixture(scope="module")
def backend():
    try:
        chosen = select_backend()
    except BackendUnavailable as exc:
        pytest.skip(exc.reason)
    yield chosen
    chosen.close()


@pytest.fixture
def clock():
    return StubClock()


@pytest.fixture
def db(backend, clock):
    with backend.scratch_datasource("mes") as datasource:
        system_db = SystemDb({"mes": datasource}, "mes", clock)
        try:
            yield system_db
        finally:
            system_db.close()


@pytest.fixture
def items(db):
    """db with a portable table `item (id, name NOT NULL)`."""
    db.runUpdateQuery("CREATE TABLE item (id INTEGER PRIMARY KEY, name VARCHAR(40) NOT NULL)")
    return db


def count_items(db, tx=None):
    return db.runScalarQuery("SELECT COUNT(*) FROM item", tx=tx)


TYPED_DDL = {
    "sqlite": "CREATE TABLE typed (id INTEGER PRIMARY KEY, ts TIMESTAMP, amount NUMERIC, name VARCHAR(40),"
              " small INTEGER, big BIGINT, ratio DOUBLE, flag BOOLEAN)",
    "postgres": "CREATE TABLE typed (id INTEGER PRIMARY KEY, ts TIMESTAMP(3), amount NUMERIC, name VARCHAR(40),"
                " small INTEGER, big BIGINT, ratio DOUBLE PRECISION, flag BOOLEAN)",
    "mariadb": "CREATE TABLE typed (id INTEGER PRIMARY KEY, ts DATETIME(3), amount DECIMAL(24,6),"
               " name VARCHAR(40), small INTEGER, big BIGINT, ratio DOUBLE, flag BOOLEAN)",
}
AUTO_ID_DDL = {
    "sqlite": "CREATE TABLE keyed (id INTEGER PRIMARY KEY AUTOINCREMENT, name VARCHAR(40))",
    "postgres": "CREATE TABLE keyed (id SERIAL PRIMARY KEY, name VARCHAR(40))",
    "mariadb": "CREATE TABLE keyed (id INTEGER AUTO_INCREMENT PRIMARY KEY, name VARCHAR(40))",
}
INSERT_TYPED = "INSERT INTO typed (id, ts, amount, name, small, big, ratio, flag) VALUES (?, ?, ?, ?, ?, ?, ?, ?)"


# ---------------------------------------------------------------- transactions

def test_rolled_back_transaction_leaves_nothing(items):
    tx = items.beginTransaction()
    items.runPrepUpdate("INSERT INTO item (id, name) VALUES (?, ?)", [1, "a"], tx=tx)
    assert count_items(items, tx=tx) == 1
    items.rollbackTransaction(tx)
    items.closeTransaction(tx)
    assert count_items(items) == 0


def test_error_path_rollback_and_close_leaves_nothing(items):
    tx = items.beginTransaction()
    try:
        items.runPrepUpdate("INSERT INTO item (id, name) VALUES (?, ?)", [1, "a"], tx=tx)
        with pytest.raises(DatabaseError):
            items.runPrepUpdate("INSERT INTO item (id, name) VALUES (?, ?)", [2, None], tx=tx)
        raise RuntimeError("the caller's failure")
    except RuntimeError:
        items.rollbackTransaction(tx)
    finally:
        items.closeTransaction(tx)
    assert count_items(items) == 0
    assert items.open_transaction_ids() == []


def test_uncommitted_rows_invisible_then_visible_after_commit(items):
    tx = items.beginTransaction()
    items.runPrepUpdate("INSERT INTO item (id, name) VALUES (?, ?)", [1, "a"], tx=tx)
    assert count_items(items, tx=tx) == 1
    assert count_items(items) == 0  # autocommit call = another pooled connection
    items.commitTransaction(tx)
    assert count_items(items) == 1
    # commit keeps the transaction open (Ignition semantics): it can still be used.
    items.runPrepUpdate("INSERT INTO item (id, name) VALUES (?, ?)", [2, "b"], tx=tx)
    items.closeTransaction(tx)  # closing without commit drops the second insert
    assert items.runPrepQuery("SELECT id FROM item", []).getRowCount() == 1


def test_idle_transaction_past_timeout_is_rolled_back_and_refused(items, clock):
    tx = items.beginTransaction(timeout=5000)
    items.runPrepUpdate("INSERT INTO item (id, name) VALUES (?, ?)", [1, "a"], tx=tx)
    clock.advance(4000)
    items.runPrepUpdate("INSERT INTO item (id, name) VALUES (?, ?)", [2, "b"], tx=tx)  # resets idle time
    clock.advance(5000)  # exactly the timeout: still alive
    assert count_items(items, tx=tx) == 2
    clock.advance(5001)
    assert count_items(items) == 0  # any call expires it; its inserts are gone
    assert items.open_transaction_ids() == []
    with pytest.raises(DatabaseError) as err:
        items.runPrepUpdate("INSERT INTO item (id, name) VALUES (?, ?)", [3, "c"], tx=tx)
    assert tx in str(err.value) and "closed" in str(err.value)
    with pytest.raises(DatabaseError, match="closed or unknown"):
        items.commitTransaction(tx)


def test_transaction_without_timeout_never_expires(items, clock):
    tx = items.beginTransaction()
    items.runPrepUpdate("INSERT INTO item (id, name) VALUES (?, ?)", [1, "a"], tx=tx)
    clock.advance(10 ** 9)
    assert count_items(items, tx=tx) == 1
    items.commitTransaction(tx)
    items.closeTransaction(tx)
    assert count_items(items) == 1


@pytest.mark.parametrize("level_name", ["READ_UNCOMMITTED", "READ_COMMITTED", "REPEATABLE_READ", "SERIALIZABLE"])
def test_isolation_level_reaches_the_driver_and_is_reset(items, level_name):
    level = getattr(items, level_name)
    plain = items.beginTransaction()
    default_level = items.transaction_isolation(plain)
    items.closeTransaction(plain)

    tx = items.beginTransaction(isolationLevel=level)
    assert items.transaction_isolation(tx) == level
    assert count_items(items, tx=tx) == 0
    items.closeTransaction(tx)

    again = items.beginTransaction()  # the same pooled connection, back at the driver default
    assert items.transaction_isolation(again) == default_level
    items.closeTransaction(again)


def test_isolation_constants_and_unknown_level(items):
    assert (items.READ_UNCOMMITTED, items.READ_COMMITTED, items.REPEATABLE_READ, items.SERIALIZABLE) == (1, 2, 4, 8)
    with pytest.raises(DatabaseError, match="isolation level"):
        items.beginTransaction(isolationLevel=3)
    assert items.open_transaction_ids() == []


def test_unknown_transaction_id_is_refused(items):
    with pytest.raises(DatabaseError) as err:
        items.runPrepQuery("SELECT id FROM item", [], tx="no-such-tx")
    assert "no-such-tx" in str(err.value) and "closed or unknown" in str(err.value)
    tx = items.beginTransaction()
    items.closeTransaction(tx)
    with pytest.raises(DatabaseError, match="closed or unknown"):
        items.closeTransaction(tx)


def test_concurrent_writers_wait_instead_of_failing(items):
    items.runUpdateQuery("CREATE TABLE counter (id INTEGER PRIMARY KEY, n INTEGER NOT NULL)")
    items.runPrepUpdate("INSERT INTO counter (id, n) VALUES (?, ?)", [1, 0])
    errors = []

    def worker():
        try:
            for _ in range(15):
                tx = items.beginTransaction()
                try:
                    current = items.runScalarPrepQuery("SELECT n FROM counter WHERE id = ?", [1], tx=tx)
                    assert current >= 0
                    items.runPrepUpdate("UPDATE counter SET n = n + 1 WHERE id = ?", [1], tx=tx)
                    items.commitTransaction(tx)
                finally:
                    items.closeTransaction(tx)
        except Exception as exc:  # collected and asserted in the main thread
            errors.append(exc)

    threads = [threading.Thread(target=worker) for _ in range(6)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert errors == []
    assert items.runScalarQuery("SELECT n FROM counter") == 90


# ---------------------------------------------------------------- datasets and values

def test_pydataset_access_patterns(items):
    for row in ([1, "a"], [2, "b"], [3, "c"]):
        items.runPrepUpdate("INSERT INTO item (id, name) VALUES (?, ?)", row)
    ds = items.runPrepQuery("SELECT id, name FROM item WHERE id >= ? ORDER BY id", [1])
    assert isinstance(ds, PyDataSet)
    assert ds.getColumnNames() == ["id", "name"]
    assert (len(ds), ds.getRowCount(), ds.getColumnCount()) == (3, 3, 2)
    assert ds[0][0] == 1 and ds[0]["name"] == "a" and len(ds[0]) == 2
    assert list(ds[1]) == [2, "b"]
    assert [row["name"] for row in ds] == ["a", "b", "c"]
    assert [list(row) for row in ds] == [[1, "a"], [2, "b"], [3, "c"]]
    assert ds.getValueAt(2, 1) == "c" and ds.getValueAt(2, "name") == "c" and ds.getValueAt(1, "id") == 2
    assert ds.getUnderlyingDataset().getRowCount() == 3
    with pytest.raises(KeyError) as err:
        ds[0]["NAME"]
    assert "'id'" in str(err.value) and "'name'" in str(err.value)
    assert len(items.runQuery("SELECT id, name FROM item WHERE id > 99")) == 0


def test_scalar_queries(items):
    assert items.runScalarPrepQuery("SELECT name FROM item WHERE id = ?", [1]) is None
    items.runPrepUpdate("INSERT INTO item (id, name) VALUES (?, ?)", [7, "seven"])
    assert items.runScalarPrepQuery("SELECT name FROM item WHERE id = ?", [7]) == "seven"
    assert items.runScalarQuery("SELECT id FROM item") == 7


def test_value_types_as_a_gateway_hands_them(db, backend):
    Timestamp, BigDecimal = jclass("java.sql.Timestamp"), jclass("java.math.BigDecimal")
    db.runUpdateQuery(TYPED_DDL[backend.name])
    assert db.runPrepUpdate(INSERT_TYPED, [1, Timestamp(1700000000123), decimal.Decimal("12345.678901"),
                                            "h\u00e9llo", 42, 2 ** 40, 1.25, True]) == 1
    db.runPrepUpdate(INSERT_TYPED, [2, None, None, None, None, None, None, None])
    utc = datetime.timezone.utc
    db.runPrepUpdate(INSERT_TYPED, [3, datetime.datetime(2024, 1, 2, 3, 4, 5, 678000, tzinfo=utc),
                                    BigDecimal("-0.5"), "x", -1, -(2 ** 40), -2.5, False])
    db.runPrepUpdate(INSERT_TYPED, [4, jclass("java.util.Date")(1700000000456), BigDecimal("3"), "", 0, 0, 0.0, False])

    rows = db.runPrepQuery("SELECT ts, amount, name, small, big, ratio, flag FROM typed ORDER BY id", [])
    first, nulls, third, fourth = rows
    assert isinstance(first["ts"], Timestamp) and first["ts"].getTime() == 1700000000123
    assert isinstance(first["amount"], BigDecimal)
    assert first["amount"].compareTo(BigDecimal("12345.678901")) == 0
    assert [type(first[c]) for c in ("name", "small", "big", "ratio", "flag")] == [str, int, int, float, bool]
    assert [first[c] for c in ("name", "small", "big", "ratio", "flag")] == ["h\u00e9llo", 42, 2 ** 40, 1.25, True]
    assert list(nulls) == [None] * 7
    assert third["ts"].getTime() == int(datetime.datetime(2024, 1, 2, 3, 4, 5, 678000, tzinfo=utc).timestamp() * 1000)
    assert third["amount"].compareTo(BigDecimal("-0.5")) == 0
    assert [third[c] for c in ("small", "big", "ratio", "flag")] == [-1, -(2 ** 40), -2.5, False]
    assert type(third["flag"]) is bool
    assert fourth["ts"].getTime() == 1700000000456 and fourth["amount"].compareTo(BigDecimal("3")) == 0


def test_null_binds_into_typed_where_clause(db, backend):
    db.runUpdateQuery(TYPED_DDL[backend.name])
    db.runPrepUpdate(INSERT_TYPED, [1, None, None, None, None, None, None, None])
    updated = db.runPrepUpdate("UPDATE typed SET small = ?, ts = ?, flag = ? WHERE id = ?", [None, None, None, 1])
    assert updated == 1
    assert db.runScalarPrepQuery("SELECT COUNT(*) FROM typed WHERE small IS NULL AND id = ?", [1]) == 1


def test_get_key_returns_generated_keys(db, backend):
    db.runUpdateQuery(AUTO_ID_DDL[backend.name])
    first = db.runPrepUpdate("INSERT INTO keyed (name) VALUES (?)", ["a"], getKey=True)
    second = db.runPrepUpdate("INSERT INTO keyed (name) VALUES (?)", ["b"], getKey=1)
    assert (type(first), second - first) == (int, 1)
    assert db.runScalarPrepQuery("SELECT name FROM keyed WHERE id = ?", [second]) == "b"
    tx = db.beginTransaction()
    third = db.runPrepUpdate("INSERT INTO keyed (name) VALUES (?)", ["c"], tx=tx, getKey=True)
    db.commitTransaction(tx)
    db.closeTransaction(tx)
    assert third == second + 1
    assert db.runPrepUpdate("UPDATE keyed SET name = ? WHERE id > ?", ["z", 0]) == 3


# ---------------------------------------------------------------- counters, datasources, errors

def test_counters_count_exactly(items):
    items.stats.reset()
    items.runPrepUpdate("INSERT INTO item (id, name) VALUES (?, ?)", [1, "a"])
    items.runPrepQuery("SELECT id FROM item", [])
    tx = items.beginTransaction()
    items.runPrepUpdate("INSERT INTO item (id, name) VALUES (?, ?)", [2, "b"], tx=tx)
    items.commitTransaction(tx)
    items.closeTransaction(tx)  # committed, nothing to roll back
    tx = items.beginTransaction()
    items.runScalarQuery("SELECT COUNT(*) FROM item", tx=tx)
    items.rollbackTransaction(tx)
    items.closeTransaction(tx)
    tx = items.beginTransaction()
    items.runUpdateQuery("DELETE FROM item", tx=tx)
    items.closeTransaction(tx)  # pending work: close rolls it back (one more rollback)
    assert items.stats.snapshot() == {"statements": 5, "queries": 2, "updates": 3, "transactions_begun": 3,
                                      "commits": 1, "rollbacks": 2, "round_trips": 8}
    assert items.stats.round_trips == 8 and items.stats.commits == 1
    assert list(items.statements_log)[-1] == "DELETE FROM item"
    items.stats.reset()
    assert items.stats.snapshot()["round_trips"] == 0


def test_named_datasources_and_default(backend, clock):
    with backend.scratch_datasource("mes") as main, backend.scratch_datasource("other") as other:
        db = SystemDb({"mes": main, "other": other}, "mes", clock)
        try:
            for name, label in (("mes", "in main"), ("other", "in other")):
                db.runUpdateQuery("CREATE TABLE item (id INTEGER PRIMARY KEY, name VARCHAR(40))", name)
                db.runPrepUpdate("INSERT INTO item (id, name) VALUES (?, ?)", [1, label], database=name)
            assert db.runScalarQuery("SELECT name FROM item") == "in main"
            assert db.runScalarQuery("SELECT name FROM item", "") == "in main"
            assert db.runScalarQuery("SELECT name FROM item", "other") == "in other"
            tx = db.beginTransaction("other")
            assert db.runScalarQuery("SELECT name FROM item", tx=tx) == "in other"
            db.closeTransaction(tx)
            with pytest.raises(DatabaseError) as err:
                db.runQuery("SELECT 1", "nope")
            assert "'nope'" in str(err.value) and "'other'" in str(err.value)
            with pytest.raises(DatabaseError, match="nope"):
                db.beginTransaction("nope")

            info = db.getConnectionInfo()
            assert (info.getRowCount(), info.getValueAt(0, "Name")) == (1, "mes")
            assert info.getValueAt(0, "DBType") == backend.db_type and info.getValueAt(0, "Status") == "Valid"
            assert db.getConnectionInfo("other").getValueAt(0, "Name") == "other"
            assert db.getConnectionInfo("nope").getRowCount() == 0
            connections = db.getConnections()
            assert [connections.getValueAt(i, "Name") for i in range(connections.getRowCount())] == ["mes", "other"]
        finally:
            db.close()


def test_sql_error_raises_database_error_with_driver_message(items):
    sql = "SELECT id FROM no_such_table WHERE id = ?"
    with pytest.raises(DatabaseError) as err:
        items.runPrepQuery(sql, [1])
    driver_message = str(err.value.java_exception.getMessage())
    assert "no_such_table" in driver_message
    assert driver_message in str(err.value) and sql in str(err.value) and err.value.sql == sql
    # The failed statement was still a statement (and a round trip).
    assert items.stats.snapshot()["statements"] >= 1


def test_sqlite_foreign_keys_are_enforced(db, backend):
    if backend.name != "sqlite":
        pytest.skip("SQLite-only: the other databases always enforce foreign keys")
    db.runUpdateQuery("CREATE TABLE parent (id INTEGER PRIMARY KEY)")
    db.runUpdateQuery("CREATE TABLE child (id INTEGER PRIMARY KEY, parent_id INTEGER REFERENCES parent(id))")
    with pytest.raises(DatabaseError, match="FOREIGN KEY"):
        db.runPrepUpdate("INSERT INTO child (id, parent_id) VALUES (?, ?)", [1, 99])
    assert db.runScalarQuery("PRAGMA busy_timeout") == 10000


def test_close_closes_everything(backend, clock):
    with backend.scratch_datasource() as datasource:
        db = SystemDb({"mes": datasource}, "mes", clock)
        db.runUpdateQuery("CREATE TABLE item (id INTEGER PRIMARY KEY, name VARCHAR(40))")
        tx = db.beginTransaction()
        db.runPrepUpdate("INSERT INTO item (id, name) VALUES (?, ?)", [1, "a"], tx=tx)
        connection = db._transactions[tx].pooled.connection
        db.close()
        assert connection.isClosed()
        with pytest.raises(DatabaseError, match="closed"):
            db.runQuery("SELECT 1")
        reader = SystemDb({"mes": datasource}, "mes", clock)
        try:
            assert reader.runScalarQuery("SELECT COUNT(*) FROM item") == 0
        finally:
            reader.close()


def test_a_transaction_released_under_its_owner_is_refused_not_run_on_a_pooled_connection(items, clock):
    """Another thread may expire a transaction between its owner's lookup and the owner taking its lock;
    the owner is then refused, instead of committing on a connection the pool may have lent to someone else."""
    tx = items.beginTransaction(timeout=1000)
    items.runPrepUpdate("INSERT INTO item (id, name) VALUES (?, ?)", [1, "a"], tx=tx)
    transaction = items._transactions[tx]
    clock.advance(5000)
    items._expire_idle_transactions()  # what the other thread did; the owner had already looked tx up
    items._transactions[tx] = transaction  # ... so the owner still holds it (stands for the lookup
    transaction.timeout = None             # that came before the expiry; not expired a second time)
    with pytest.raises(DatabaseError, match="closed or unknown .*idle"):
        items.commitTransaction(tx)
    with pytest.raises(DatabaseError, match="closed or unknown"):
        items.runPrepUpdate("INSERT INTO item (id, name) VALUES (?, ?)", [2, "b"], tx=tx)
    items.closeTransaction(tx)  # gives nothing back twice to the pool
    assert count_items(items) == 0
    assert items._pools["mes"].active_count() == 0


def test_closing_the_pool_leaves_a_lent_connection_to_its_owner(items):
    """close_all closes idle connections at once and a lent one only when it is given back, so the
    owner's transaction is never rolled back under it by another thread."""
    tx = items.beginTransaction()
    items.runPrepUpdate("INSERT INTO item (id, name) VALUES (?, ?)", [1, "a"], tx=tx)
    lent = items._transactions[tx].pooled.connection
    pool = items._pools["mes"]
    pool.close_all()
    assert not lent.isClosed()
    items.commitTransaction(tx)
    items.closeTransaction(tx)
    assert lent.isClosed()
    assert count_items(items) == 1  # the commit kept what the transaction wrote


# ---------------------------------------------------------------- back-end selection and scratch

def test_scratch_datasources_are_empty_isolated_and_destroyed(backend, clock):
    with backend.scratch_datasource() as first:
        with backend.scratch_datasource() as second:
            assert first.jdbc_url != second.jdbc_url
            db = SystemDb({"a": first, "b": second}, "a", clock)
            try:
                db.runUpdateQuery("CREATE TABLE only_in_a (id INTEGER PRIMARY KEY)")
                with pytest.raises(DatabaseError):
                    db.runQuery("SELECT * FROM only_in_a", "b")
            finally:
                db.close()
    assert not _scratch_exists(backend, first)


def _scratch_exists(backend, datasource):
    if backend.name == "sqlite":
        return os.path.exists(datasource.jdbc_url[len("jdbc:sqlite:"):])
    if backend.name == "postgres":
        scratch = re.search(r"currentSchema=(mes_tl_\w+)", datasource.jdbc_url).group(1)
    else:
        scratch = re.search(r"/(mes_tl_\w+)", datasource.jdbc_url).group(1)
    return _scratch_named(backend, scratch)


def _scratch_named(backend, name):
    server = Datasource("server", backend.server_url, backend.db_type)
    db = SystemDb({"server": server}, "server", StubClock())
    try:
        return db.runScalarPrepQuery("SELECT COUNT(*) FROM information_schema.schemata WHERE schema_name = ?",
                                     [name]) > 0
    finally:
        db.close()


def test_backend_selection_without_a_server(monkeypatch):
    monkeypatch.delenv("MES_TEST_POSTGRES_URL", raising=False)
    monkeypatch.setattr(backends, "docker_unavailable_reason", lambda: "no daemon (test)")
    with pytest.raises(BackendUnavailable) as err:
        select_backend("postgres")
    assert "MES_TEST_POSTGRES_URL" in err.value.reason and "no daemon (test)" in err.value.reason
    assert "jdbc:postgresql://" in err.value.reason
    with pytest.raises(BackendUnavailable, match="not a back-end"):
        select_backend("oracle")
    assert select_backend("sqlite").db_type == "SQLITE"


def test_backend_urls_and_descriptions():
    pg = select_backend("jdbc:postgresql://h:5432/db?user=u&password=secret&currentSchema=x")
    assert (pg.name, pg.db_type) == ("postgres", "POSTGRES")
    assert "secret" not in pg.describe() and "password=***" in pg.describe()
    assert pg._scratch_url("mes_t_1") == "jdbc:postgresql://h:5432/db?user=u&password=secret&currentSchema=mes_t_1"
    maria = select_backend("jdbc:mariadb://h:3306/test?user=root")
    assert (maria.name, maria.db_type) == ("mariadb", "MYSQL")
    assert maria._scratch_url("mes_t_1") == "jdbc:mariadb://h:3306/mes_t_1?user=root"
    assert scratch.redact_url("jdbc:mysql://u:pw@h/db") == "jdbc:mysql://u:***@h/db"
    with pytest.raises(BackendUnavailable, match="unsupported JDBC URL"):
        select_backend("jdbc:oracle:thin:@h:1521:x")


def test_docker_check_is_fast():
    started = time.monotonic()
    reason = backends.docker_unavailable_reason()
    assert time.monotonic() - started < backends.DOCKER_PING_SECONDS + 1.5
    assert reason is None or isinstance(reason, str)


def test_basic_dataset_without_a_database():
    ds = BasicDataset(["A", "b"], [[1, None], [2, "x"]])
    assert (ds.getColumnIndex("b"), ds.getColumnIndex("B"), ds.getColumnName(0)) == (1, -1, "A")
    assert ds.getValueAt(1, "b") == "x" and ds.getValueAt(0, 1) is None
    with pytest.raises(KeyError, match="available columns"):
        ds.getValueAt(0, "c")
    with pytest.raises(ValueError):
        BasicDataset(["A"], [[1, 2]])


# ---------------------------------------------------------------- sessions lost on the server
# A pooled connection killed server-side is replaced before it is lent (as Ignition's pool
# validates on borrow), and a scratch database whose owner lost its session is still dropped.
# Sessions are killed with pg_terminate_backend / MariaDB KILL: the shared servers are never stopped.

SESSION_ID_SQL = {"postgres": "SELECT pg_backend_pid()", "mariadb": "SELECT CONNECTION_ID()"}
KILL_SQL = {"postgres": "SELECT pg_terminate_backend(%d)", "mariadb": "KILL %d"}


@pytest.fixture
def server(backend):
    if backend.name not in SESSION_ID_SQL:
        pytest.skip("SQLite has no server whose sessions could be killed")
    return backend


def kill_session(backend, session_id):
    """End a server session from another connection, as a server restart ends them all."""
    connection = jclass("java.sql.DriverManager").getConnection(backend.server_url)
    try:
        statement = connection.createStatement()
        statement.execute(KILL_SQL[backend.name] % session_id)
        statement.close()
    finally:
        connection.close()


def scratch_name(datasource):
    return datasource.description.split()[-1]


def test_a_pooled_connection_killed_by_the_server_is_replaced_before_it_is_lent(server, db):
    first_session = int(db.runScalarQuery(SESSION_ID_SQL[server.name]))
    kill_session(server, first_session)

    # The idle connection is dead; the next calls get a fresh one instead of an error.
    second_session = int(db.runScalarQuery(SESSION_ID_SQL[server.name]))
    tx = db.beginTransaction()
    assert int(db.runScalarQuery(SESSION_ID_SQL[server.name], tx=tx)) == second_session
    db.closeTransaction(tx)
    assert second_session != first_session
    assert db._pools["mes"].invalid_discarded == 1
    assert db.getConnectionInfo().getValueAt(0, "ActiveConnections") == 0


def test_a_scratch_drop_is_retried_on_a_fresh_admin_connection(server):
    with server.scratch_datasource() as datasource:
        name = scratch_name(datasource)
        assert _scratch_named(server, name)
        # The admin session dies while the test runs (as in a server restart).
        kill_session(server, int(server._admin_query(SESSION_ID_SQL[server.name])[0]))
    assert not _scratch_named(server, name)


def test_a_scratch_left_behind_by_a_lost_session_is_dropped_by_the_next_process(server):
    gone = scratch.select_backend(server.server_url)  # a process whose session ends without dropping
    alive = scratch.select_backend(server.server_url)  # a process still using its scratch database
    later = scratch.select_backend(server.server_url)  # the next test session on the same server
    try:
        with alive.scratch_datasource() as in_use, later.scratch_datasource(keep=True) as kept:
            left_behind = gone._create_scratch()
            kill_session(server, int(gone._admin_query(SESSION_ID_SQL[server.name])[0]))
            gone._admin = None  # the dead process does nothing more
            assert _scratch_named(server, left_behind)

            later._swept = False  # as in the next process's first request
            with later.scratch_datasource():
                assert not _scratch_named(server, left_behind)
                assert _scratch_named(server, scratch_name(in_use))  # its lock is held
                assert _scratch_named(server, scratch_name(kept))  # kept on purpose
        assert _scratch_named(server, scratch_name(kept))
        later._admin_query(later._drop_sql(scratch_name(kept)))
    finally:
        for backend in (gone, alive, later):
            backend.close()


def test_results_of_one_statement_keep_their_values_and_types_across_calls(db):
    db.runUpdateQuery("CREATE TABLE item (id INTEGER PRIMARY KEY, name VARCHAR(40), price DECIMAL(10,2))")
    sql = "SELECT 'item' AS kind, id, name, price, COUNT(*) OVER () AS total FROM item WHERE id >= ? ORDER BY id"
    assert db.runPrepQuery(sql, [1]).getColumnNames() == ["kind", "id", "name", "price", "total"]
    db.runPrepUpdate("INSERT INTO item (id, name, price) VALUES (?, ?, ?)", [1, "Milk", 1.5])
    db.runPrepUpdate("INSERT INTO item (id, name, price) VALUES (?, ?, ?)", [2, "Cream", 2.25])
    for _ in range(3):
        rows = db.runPrepQuery(sql, [1])
        assert [list(row) for row in rows] == [["item", 1, "Milk", rows[0]["price"], 2],
                                               ["item", 2, "Cream", rows[1]["price"], 2]]
        assert [type(row["kind"]) for row in rows] == [str, str]
        assert [float(str(row["price"])) for row in rows] == [1.5, 2.25]
        assert [type(row["price"]).__name__ for row in rows] == ["java.math.BigDecimal"] * 2
    assert db.runPrepQuery("SELECT name FROM item WHERE id = ?", [2]).getColumnNames() == ["name"]
    # One shape per SQL text, however often it runs.
    assert sorted(db._shapes["mes"]) == sorted([sql, "SELECT name FROM item WHERE id = ?"])
