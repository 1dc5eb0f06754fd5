# -*- coding: utf-8 -*-
"""The expression table, part 3: the functions that reach outside the expression (runScript, the
query functions, hasChanged). Same row format as tests/expression_cases.py; pure data, run on CPython
and Jython by tests/jython/run_expression_cases.py. Queries need a database, so only their arity and
null rows are here; tests/test_expression_gateway.py runs them on every database.

Sources: M/<path> means https://docs.inductiveautomation.com/docs/8.1/<path>. A row under an "edge"
heading is this project's rule for what the manual leaves open (docs/expressions.md#queries-scripts-and-alarms).
"""
from __future__ import unicode_literals

E = ("EVAL_ERROR",)
S = ("SYNTAX_ERROR",)

CASES = [
    # --- M/appendix/expression-functions/advanced/runScript ---------------------------------------------
    # A function of a script module called with the arguments after the poll rate.
    ("runScript(\"expression_scripts.add\", 0, 2, 3)", 5),
    ("runScript(\"expression_scripts.add\", 1000, \"L1-\", \"A\")", "L1-A"),
    # A line of Python evaluated as it is.
    ("runScript(\"expression_scripts.add(2, 3)\")", 5),
    ("runScript(\"expression_scripts.greeting()\", 5000)", "hello"),
    ("runScript(\"1 + 2\")", 3),
    ("runScript(\"len('abcd')\")", 4),
    ("runScript(\"'%s-%03d' % ('LOT', 7)\")", "LOT-007"),
    ("typeOf(runScript(\"2.5 * 2\"))", "Double"),
    ("runScript(\"expression_scripts.add\", 0, {Line1/Count}, 1) * 2", 12),
    ("runScript(\"expression_scripts.VERSION\")", 3),
    # --- edge: packages, nulls and failures ---------------------------------------------------------------
    ("runScript(\"'runScript' in mes.expression.api.function_names()\")", True),
    ("runScript(\"None\")", None),
    ("runScript(null)", None),
    ("runScript(\"expression_scripts.fail()\")", E),
    ("try(runScript(\"expression_scripts.fail()\"), \"failover\")", "failover"),
    ("try(runScript(\"no_such_module_anywhere.fn()\"), -1)", -1),
    # Under Jython a Java exception (NumberFormatException); under CPython no module java: both errors.
    ("try(runScript(\"java.lang.Integer.parseInt('x')\"), -2)", -2),
    ("runScript(\"java.lang.Integer.parseInt('x')\")", E),
    ("runScript(\"expression_scripts.missing()\")", E),
    ("runScript(\"1 +\")", E),
    ("runScript(\"expression_scripts.VERSION\", 0, 1)", E),
    ("runScript(\"expression_scripts.add\", 0, 1)", E),
    ("runScript()", S),
    # --- M/appendix/expression-functions/logic/hasChanged (one evaluation: nothing seen before) -------
    ("hasChanged({Line1/Count})", False),
    ("hasChanged({Line1/Count}, true)", False),
    ("hasChanged({Line1/Count}, true, 1000)", False),
    ("hasChanged({Line1/Stale})", False, "bad"),
    ("hasChanged()", S),
    ("hasChanged(1, true, 1000, 2)", S),
    # --- runQuery, runScalarQuery, runPrepQuery, runNamedQuery: arity and null ------------------------------
    ("runQuery()", S),
    ("runQuery(\"SELECT 1\", \"\", 0, 1)", S),
    ("runScalarQuery()", S),
    ("runScalarQuery(\"SELECT 1\", \"\", 0, 1)", S),
    ("runPrepQuery()", S),
    ("runNamedQuery()", S),
    ("runQuery(null)", None),
    ("runScalarQuery(null)", None),
    ("runPrepQuery(null, \"\", 1)", None),
    ("runNamedQuery(\"Line/Orders\", \"line\")", E),
    # --- edge: the Julian calendar before 1582-10-15, as java.util.GregorianCalendar counts (UTC) ---------
    # (each value checked against SimpleDateFormat and GregorianCalendar through JPype)
    ("toMillis(toDate(\"1582-10-15 00:00:00\"))", -12219292800000),
    ("toMillis(toDate(\"0001-01-01 00:00:00\"))", -62135769600000),
    ("toMillis(toDate(\"1500-02-29 06:00:00\"))", -14825872800000),
    ("dateFormat(addDays(toDate(\"1582-10-04\"), 1), \"yyyy-MM-dd EEE\")", "1582-10-15 Fri"),
    ("dateFormat(toDate(\"1582-10-10 00:00:00\"), \"yyyy-MM-dd\")", "1582-10-20"),
    ("dateFormat(addMonths(toDate(\"1582-09-10\"), 1), \"yyyy-MM-dd\")", "1582-10-20"),
    ("dateFormat(getDate(1500, 1, 29), \"yyyy-MM-dd\")", "1500-02-29"),
    ("daysBetween(toDate(\"1582-10-04\"), toDate(\"1582-10-15\"))", 1),
    ("getDayOfWeek(toDate(\"1582-10-04\"))", 5),
    ("getDayOfWeek(toDate(\"1582-10-15\"))", 6),
    ("getDayOfYear(toDate(\"1582-12-31\"))", 355),
    ("getDayOfMonth(toDate(\"1300-02-29\"))", 29),
]

# The alarm functions need the gateway's alarm status (system.alarm): tests/test_expression_gateway.py
# runs them against the harness's; here only their arity.
CASES += [
    # --- M/appendix/expression-functions/alarming/isAlarmActive, isAlarmActiveFiltered -----------------------
    ("isAlarmActive()", S),
    ("isAlarmActive(\"*\", \"*\", 1000, 1)", S),
    ("isAlarmActiveFiltered(\"*\", \"*\", \"*\", 4, 4, 0, 1)", S),
    ("isAlarmActive(null)", None),
]
