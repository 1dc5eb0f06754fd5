# -*- coding: utf-8 -*-
"""The expression functions that reach outside the expression, under real Jython 2.7 on a portable
gateway (harness/portable/): runQuery and the other query functions over java.sql, a query beside an
open transaction, named queries, the alarm status and a Java exception in runScript.

    jython tests/jython/run_expression_gateway.py [sqlite|postgres|mariadb]

Prints one line per failed check and `gateway functions: N checks, M failed`; exits 1 when any
failed. tests/test_expression_gateway.py starts it through harness.jython_runner. Also runs on CPython.
"""
from __future__ import absolute_import, print_function

import os
import sys

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.dirname(os.path.dirname(HERE))
for _path in (os.path.join(ROOT, "tests"), os.path.join(ROOT, "jython_lib"), ROOT):
    if _path not in sys.path:
        sys.path.insert(0, _path)

from harness.portable import gateway  # noqa: E402
from mes.expression import api  # noqa: E402
from mes.persistence import db  # noqa: E402

WEIGHTS = [("BAN_002", 380), ("BAN_010", 120), ("APL_000", 125), ("FWL_220", 322)]
QUERY = '"SELECT code, quantity FROM expr_fn_weights ORDER BY code"'


def _checks(system):
    """[(what, got, wanted)]."""
    system.db.runUpdateQuery("CREATE TABLE expr_fn_weights (code VARCHAR(20), quantity INTEGER)")
    for code, quantity in WEIGHTS:
        system.db.runPrepUpdate("INSERT INTO expr_fn_weights (code, quantity) VALUES (?, ?)", [code, quantity])
    system.db.add_named_query("Weights/Above", "SELECT code FROM expr_fn_weights WHERE quantity > :minimum "
                                               "ORDER BY code", ["minimum"])
    system.alarm.add_alarm("[default]Tanks/Temp", "Tank_Temp_High", priority=4, state="ActiveAcked")

    def value(text):
        try:
            return api.evaluate(text).value
        except api.ExpressionEvaluationError as e:
            return "error: %s" % e

    found = [
        ("runScalarQuery", value('runScalarQuery("SELECT MAX(quantity) FROM expr_fn_weights")'), 380),
        ("len(runQuery)", value("len(runQuery(%s))" % QUERY), 4),
        ("runQuery[row, name]", value('runQuery(%s)[1, "code"]' % QUERY), "BAN_002"),
        ("sum(runQuery)", value('sum(runQuery(%s), "quantity")' % QUERY), 947),
        ("lookup(runQuery)", value('lookup(runQuery(%s), "FWL_220", -1, "code", "quantity")' % QUERY), 322),
        ("runPrepQuery", value('groupConcat(runPrepQuery("SELECT code FROM expr_fn_weights WHERE quantity > ? '
                               'ORDER BY code", "", 200), "code", ",")'), "BAN_002,FWL_220"),
        ("runNamedQuery", value('groupConcat(runNamedQuery("Weights/Above", "minimum", 300), "code", ",")'),
         "BAN_002,FWL_220"),
        ("failing query", value('try(runQuery("SELECT * FROM expr_fn_missing"), "caught")'), "caught"),
        ("Java exception in a script", value("try(runScript(\"java.lang.Integer.parseInt('x')\"), -2)"), -2),
        ("isAlarmActive", value('isAlarmActive("[default]Tanks/Temp", "[default]Tank_Temp_High")'), True),
        ("isAlarmActiveFiltered", value('isAlarmActiveFiltered("*", "*", "*", 4, 4, 0, 0, 0)'), False),
    ]
    count = 'runScalarQuery("SELECT COUNT(*) FROM expr_fn_weights")'
    with db.transaction() as session:
        session.update("INSERT INTO expr_fn_weights (code, quantity) VALUES (?, ?)", ["NEW_001", 1])
        found.append(("query beside an open transaction", value(count), 4))
    found.append(("query after the commit", value(count), 5))
    return found


def main(argv):
    backend = (argv[0] if argv else os.environ.get("MES_TEST_DB") or "sqlite").strip().lower()
    with gateway.gateway(backend) as system:
        checks = _checks(system)
    failed = [(what, got, wanted) for what, got, wanted in checks if got != wanted or type(got) is bool and
              got is not wanted]
    for what, got, wanted in failed:
        print("FAIL %s: got %r, wanted %r" % (what, got, wanted))
    print("gateway functions: %d checks, %d failed (%s, %s)" % (len(checks), len(failed), sys.version.split()[0],
                                                               backend))
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
