"""Outages for the fault tests (docs/faults.md): a database that answers every system.db call with
the error a real driver gives when the server is gone (an SQLException with a connection-class
SQLState, "08006"), on any back-end, without stopping a server. Real server outages (a private
PostgreSQL or MariaDB instance stopped and started) are in tests/reliability/ (harness/servers.py).

    with outage(system):
        line.tick()          # the engine keeps the edge pending; no tick raises
"""
import contextlib

from harness.portable.db import DatabaseError

CALLS = ("beginTransaction", "runPrepQuery", "runPrepUpdate", "runScalarPrepQuery", "runQuery", "runUpdateQuery",
         "runScalarQuery")


class FakeSQLException(Exception):
    """What a JDBC driver raises, as far as the library looks at it: SQLState, vendor code, cause."""

    def __init__(self, state, code=0, cause=None):
        Exception.__init__(self, "connection refused (simulated, SQLState %s)" % state)
        self.state, self.code, self.cause = state, code, cause

    def getSQLState(self):  # noqa: N802 - the JDBC name
        return self.state

    def getErrorCode(self):  # noqa: N802
        return self.code

    def getCause(self):  # noqa: N802
        return self.cause


class JavaWrapper(Exception):
    """A Java exception that is not an SQLException but has one down its cause chain (how a
    gateway's system.db may wrap the driver's error)."""

    def __init__(self, cause):
        Exception.__init__(self, "wrapped: %s" % cause)
        self.cause = cause

    def getCause(self):  # noqa: N802
        return self.cause


@contextlib.contextmanager
def outage(system, state="08006"):
    """Every system.db call fails as on a lost connection until the block ends; yields a list
    counting the refused calls."""
    refused = []
    saved = dict((name, getattr(system.db, name)) for name in CALLS)

    def refuse(*args, **kwargs):
        refused.append(args[:1])
        raise DatabaseError("An I/O error occurred while sending to the backend (simulated outage)",
                            java_exception=JavaWrapper(FakeSQLException(state)))

    for name in CALLS:
        setattr(system.db, name, refuse)
    try:
        yield refused
    finally:
        for name, call in saved.items():
            setattr(system.db, name, call)
