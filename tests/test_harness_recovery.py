"""The fake system.db and the scratch databases after the server lost a session: a pooled connection
killed server-side is replaced before it is lent (as Ignition's pool validates on borrow), and a
scratch database whose owner lost its session is still dropped. Sessions are killed with
pg_terminate_backend / MariaDB KILL: the shared servers are never stopped.

Also what the fake caches per statement shape, checked by the values and types it returns.
"""
import pytest

from harness.backends import select_backend
from harness.jvm import jclass
from harness.portable import scratch
from harness.portable.db import SystemDb
from harness.portable.scratch import BackendUnavailable

SESSION_ID_SQL = {"postgres": "SELECT pg_backend_pid()", "mariadb": "SELECT CONNECTION_ID()"}
KILL_SQL = {"postgres": "SELECT pg_terminate_backend(%d)", "mariadb": "KILL %d"}


class StubClock(object):
    def now_millis(self):
        return 1700000000000


@pytest.fixture(scope="module")
def backend():
    try:
        chosen = select_backend()
    except BackendUnavailable as exc:
        pytest.skip(exc.reason)
    yield chosen
    chosen.close()


@pytest.fixture
def server(backend):
    if backend.name not in SESSION_ID_SQL:
        pytest.skip("SQLite has no server whose sessions could be killed")
    return backend


@pytest.fixture
def db(backend):
    with backend.scratch_datasource("mes") as datasource:
        system_db = SystemDb({"mes": datasource}, "mes", StubClock())
        try:
            yield system_db
        finally:
            system_db.close()


def kill_session(backend, session_id):
    """End a server session from another connection, as a server restart ends them all."""
    connection = jclass("java.sql.DriverManager").getConnection(backend.server_url)
    try:
        statement = connection.createStatement()
        statement.execute(KILL_SQL[backend.name] % session_id)
        statement.close()
    finally:
        connection.close()


def scratch_exists(backend, name):
    probe = SystemDb({"server": scratch.Datasource("server", backend.server_url, backend.db_type)}, "server",
                     StubClock())
    try:
        return probe.runScalarPrepQuery("SELECT COUNT(*) FROM information_schema.schemata WHERE schema_name = ?",
                                        [name]) > 0
    finally:
        probe.close()


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
        assert scratch_exists(server, name)
        # The admin session dies while the test runs (as in a server restart).
        kill_session(server, int(server._admin_query(SESSION_ID_SQL[server.name])[0]))
    assert not scratch_exists(server, name)


def test_a_scratch_left_behind_by_a_lost_session_is_dropped_by_the_next_process(server):
    gone = scratch.select_backend(server.server_url)  # a process whose session ends without dropping
    alive = scratch.select_backend(server.server_url)  # a process still using its scratch database
    later = scratch.select_backend(server.server_url)  # the next test session on the same server
    try:
        with alive.scratch_datasource() as in_use, later.scratch_datasource(keep=True) as kept:
            left_behind = gone._create_scratch()
            kill_session(server, int(gone._admin_query(SESSION_ID_SQL[server.name])[0]))
            gone._admin = None  # the dead process does nothing more
            assert scratch_exists(server, left_behind)

            later._swept = False  # as in the next process's first request
            with later.scratch_datasource():
                assert not scratch_exists(server, left_behind)
                assert scratch_exists(server, scratch_name(in_use))  # its lock is held
                assert scratch_exists(server, scratch_name(kept))  # kept on purpose
        assert scratch_exists(server, scratch_name(kept))
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
