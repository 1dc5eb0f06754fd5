"""A fake Ignition `system.db` over real JDBC connections (through JPype).

The implementation is shared with the Jython-side `system` (tests/jython/run_scenarios.py): it
lives in harness/portable/db.py, which reaches Java through harness/portable/javabridge.py (JPype here,
java.sql directly under Jython). This module keeps the CPython harness's import path.
"""
from harness.portable.db import (  # noqa: F401
    CLOSED_IDS_REMEMBERED, READ_COMMITTED, READ_UNCOMMITTED, REPEATABLE_READ, SERIALIZABLE,
    SQLITE_DEFAULT_PROPERTIES, STATEMENTS_LOG_SIZE, DatabaseError, Datasource, DbStats, SystemDb,
    bind_parameter, to_python)
