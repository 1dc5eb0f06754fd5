"""Fault injection (issue 10): the database connection of a call is killed server-side (PostgreSQL:
pg_terminate_backend, MariaDB: KILL) right before each statement of `executeInventoryOperation` and
of `executeInventoryActions` in turn, and right before their commit. After each kill the call raised
a library error, nothing partial is visible (every table equals its snapshot), and the next call
works. SQLite has no server to kill a connection in, so it skips."""
import time

import pytest

from mes.core import errors

import rel_common

WAIT_SECONDS = 10


class Killer(object):
    """Wraps the fake system.db: counts the statements (and the commit) of one call and kills the
    connection the k-th one is about to run on, from a separate admin connection."""

    def __init__(self, system, datasource):
        from harness.jvm import jclass
        self.system = system
        self.dialect = "postgres" if datasource.db_type == "POSTGRES" else "mariadb"
        self.admin = jclass("java.sql.DriverManager").getConnection(datasource.jdbc_url)
        self.counting = False
        self.count = 0
        self.kill_at = None
        self.killed = 0
        self.boundaries = []
        db = system.db
        self._run, self._commit = db._run, db.commitTransaction
        db._run = self.run
        db.commitTransaction = self.commit

    def close(self):
        self.system.db._run, self.system.db.commitTransaction = self._run, self._commit
        self.admin.close()

    def _boundary(self, connection, what):
        if not self.counting:
            return
        self.count += 1
        if self.kill_at is None:
            self.boundaries.append(what)
        elif self.count == self.kill_at:
            self.kill(connection)

    def run(self, connection, datasource_name, sql, args, kind, get_key):
        self._boundary(connection, " ".join(sql.split())[:80])
        return self._run(connection, datasource_name, sql, args, kind, get_key)

    def commit(self, tx):
        self._boundary(self.system.db._transaction(tx).pooled.connection, "COMMIT")
        return self._commit(tx)

    def _scalar(self, connection, sql):
        statement = connection.createStatement()
        try:
            rs = statement.executeQuery(sql)
            rs.next()
            return int(rs.getLong(1))
        finally:
            statement.close()

    def kill(self, connection):
        pid_sql = "SELECT pg_backend_pid()" if self.dialect == "postgres" else "SELECT CONNECTION_ID()"
        pid = self._scalar(connection, pid_sql)
        if self.dialect == "postgres":
            self._scalar(self.admin, "SELECT CASE WHEN pg_terminate_backend(%d) THEN 1 ELSE 0 END" % pid)
            alive = "SELECT COUNT(*) FROM pg_stat_activity WHERE pid = %d" % pid
        else:
            statement = self.admin.createStatement()
            try:
                statement.execute("KILL %d" % pid)
            finally:
                statement.close()
            alive = "SELECT COUNT(*) FROM information_schema.PROCESSLIST WHERE ID = %d" % pid
        deadline = time.time() + WAIT_SECONDS
        while self._scalar(self.admin, alive) and time.time() < deadline:
            time.sleep(0.01)
        self.killed += 1


@pytest.fixture
def plant(backend):
    if backend.name == "sqlite":
        pytest.skip("SQLite is embedded: there is no server-side connection to kill")
    with backend.scratch_datasource() as datasource:
        with rel_common.attach(datasource.jdbc_url, datasource.db_type) as system:
            system.mes.setup.ensureSchema()
            ids = rel_common.seed(system)
            killer = Killer(system, datasource)
            try:
                yield system, ids, killer
            finally:
                killer.close()


def _actions(system, ids):
    inv = system.mes.inventory

    def request(kind, **fields):
        new = getattr(inv, "new%sRequest" % kind)()
        new.update(materialIdOrPath=ids["material"], **fields)
        return new
    return inv.executeInventoryActions(**{"requests": [
        request("Receive", lotIdOrName="L2", quantity=3, destinationLocationIdOrPath="Plant/A"),
        request("Consume", lotIdOrName="L2", quantity=2, sourceLocationIdOrPath="Plant/A"),
        request("Move", lotIdOrName="L2", quantity=1, sourceLocationIdOrPath="Plant/A",
                destinationLocationIdOrPath="Plant/B")]})


CALLS = {
    "executeInventoryOperation (CONSUME)":
        lambda system, ids: system.mes.inventory.operation.executeInventoryOperation(
            ids["ops"]["Consume A1"], "L1", 1),
    "executeInventoryOperation (PRODUCE)":
        lambda system, ids: system.mes.inventory.operation.executeInventoryOperation(
            ids["ops"]["Produce B1"], "P1", 2),
    "executeInventoryActions (receive, consume, move)": _actions,
}


@pytest.mark.parametrize("call", sorted(CALLS))
def test_a_connection_killed_at_each_statement_boundary_leaves_nothing_partial(plant, call):
    system, ids, killer = plant
    function = CALLS[call]
    function(system, ids)  # a first call caches the operation's configuration: later calls are alike
    # A clean run counts the statement boundaries of the call (every statement, then the commit).
    killer.counting, killer.kill_at, killer.count, killer.boundaries = True, None, 0, []
    function(system, ids)
    killer.counting = False
    boundaries = list(killer.boundaries)
    assert boundaries and boundaries[-1] == "COMMIT"
    failures = []
    for k in range(1, len(boundaries) + 1):
        before = rel_common.snapshot(system)
        killer.counting, killer.kill_at, killer.count = True, k, 0
        killed_before = killer.killed
        try:
            function(system, ids)
            failures.append("kill before boundary %d (%s): the call succeeded" % (k, boundaries[k - 1]))
        except errors.MesError as error:
            assert str(error), "an error without a message at boundary %d" % k
        except Exception as error:  # not a library error: a product bug
            failures.append("kill before boundary %d (%s): %s: %s" % (k, boundaries[k - 1], type(error).__name__,
                                                                    str(error)[:300]))
        finally:
            killer.counting = False
        assert killer.killed == killed_before + 1, "boundary %d was not reached" % k
        after = rel_common.snapshot(system)
        changed = sorted(t for t in before if before[t] != after[t])
        assert changed == [], "kill before boundary %d (%s) left partial writes in %s" % (
            k, boundaries[k - 1], changed)
        # The next call works (on a fresh connection) and writes.
        function(system, ids)
        assert rel_common.snapshot(system) != after
    assert failures == [], "\n".join(failures)
    assert system.mes.inventory.auditInventoryLedger() == []
    rel_common.add_figure("faults: connections killed", len(boundaries))
    rel_common.add_figure("faults: boundaries of %s" % call, len(boundaries))
    print("\n%s: %d boundaries, each killed once: %s" % (call, len(boundaries),
                                                         " ".join(b.split()[0] for b in boundaries)))
