"""The expression functions that reach outside the expression (docs/expressions.md#queries-scripts-and-alarms):
the queries on every database through the harness's system.db, the alarm functions against the
harness's system.alarm, and runScript, hasChanged and isAlarmActive in the trigger engine (evaluated at
every tick; hasChanged remembers per operation and field); the same under real Jython. Counted, never
timed."""
import os

import pytest

import expression_scripts
from mes.expression import api as expressions
from mes.persistence import db
from mes.services import triggers
from trigger_fixtures import COUNT, RUNNING, Line

WEIGHTS = [("BAN_002", 380), ("BAN_010", 120), ("APL_000", 125), ("FWL_220", 322)]


@pytest.fixture
def weights(system):
    """The manual's `weights` table (its executeScalarQuery example), in the test database."""
    system.db.runUpdateQuery("DROP TABLE IF EXISTS expr_fn_weights")
    system.db.runUpdateQuery("CREATE TABLE expr_fn_weights (code VARCHAR(20), quantity INTEGER)")
    for code, quantity in WEIGHTS:
        system.db.runPrepUpdate("INSERT INTO expr_fn_weights (code, quantity) VALUES (?, ?)", [code, quantity])
    yield system
    system.db.runUpdateQuery("DROP TABLE IF EXISTS expr_fn_weights")


def _value(text):
    return expressions.evaluate(text).value


# -- queries -----------------------------------------------------------------------------------------------

def test_run_scalar_query_gives_the_first_value_on_every_database(weights):
    assert _value('runScalarQuery("SELECT MAX(quantity) FROM expr_fn_weights")') == 380
    assert _value('runScalarQuery("SELECT code FROM expr_fn_weights ORDER BY code")') == "APL_000"
    assert _value('runScalarQuery("SELECT code FROM expr_fn_weights WHERE quantity < 0")') is None


def test_run_query_gives_a_dataset_the_dataset_functions_read(weights):
    query = '"SELECT code, quantity FROM expr_fn_weights ORDER BY code"'
    assert _value("len(runQuery(%s))" % query) == 4
    assert _value('runQuery(%s)[1, "code"]' % query) == "BAN_002"
    assert _value('runQuery(%s)[3, 1]' % query) == 322
    assert _value('sum(runQuery(%s), "quantity")' % query) == 947
    assert _value('lookup(runQuery(%s), "FWL_220", -1, "code", "quantity")' % query) == 322
    assert _value('groupConcat(runQuery(%s), "code", ",")' % query) == "APL_000,BAN_002,BAN_010,FWL_220"


def test_run_prep_query_binds_its_arguments_and_a_named_database_is_used(weights):
    name = weights.db.getConnections().getValueAt(0, "Name")
    for database in ('""', "null", '"%s"' % name):
        text = ('groupConcat(runPrepQuery("SELECT code FROM expr_fn_weights WHERE quantity > ? AND code <> ? '
                'ORDER BY code", %s, 200, "X"), "code", ",")' % database)
        assert _value(text) == "BAN_002,FWL_220"
    assert _value('runScalarQuery("SELECT COUNT(*) FROM expr_fn_weights", "%s", 5000)' % name) == 4


def test_run_named_query_runs_the_projects_named_query_with_name_value_pairs(weights):
    weights.db.add_named_query("Weights/Above", "SELECT code FROM expr_fn_weights WHERE quantity > :minimum "
                                                "ORDER BY code", ["minimum"])
    weights.db.add_named_query("Weights/Heaviest", "SELECT MAX(quantity) FROM expr_fn_weights", (),
                               query_type="Scalar Query")
    assert _value('groupConcat(runNamedQuery("Weights/Above", "minimum", 300), "code", ",")') == "BAN_002,FWL_220"
    assert _value('runNamedQuery("Weights/Heaviest")') == 380
    assert _value('try(runNamedQuery("Weights/Above"), "needs its parameter")') == "needs its parameter"


def test_a_failing_query_is_an_evaluation_error_naming_the_query_that_try_catches(weights):
    with pytest.raises(expressions.ExpressionEvaluationError) as failed:
        expressions.evaluate('runQuery("SELECT * FROM expr_fn_missing")')
    assert "SELECT * FROM expr_fn_missing failed" in str(failed.value)
    assert _value('try(runScalarQuery("SELECT * FROM expr_fn_missing"), -1)') == -1
    with pytest.raises(expressions.ExpressionEvaluationError) as failed:
        expressions.evaluate('runQuery("SELECT 1", "NoSuchConnection")')
    assert "NoSuchConnection" in str(failed.value)


def test_a_query_runs_on_its_own_connection_never_in_the_callers_transaction(weights):
    """An expression evaluated inside an inventory call's transaction does not see that call's
    unwritten rows: its query runs alone, as a binding's would."""
    count = 'runScalarQuery("SELECT COUNT(*) FROM expr_fn_weights")'
    with db.transaction() as session:
        session.update("INSERT INTO expr_fn_weights (code, quantity) VALUES (?, ?)", ["NEW_001", 1])
        assert session.scalar("SELECT COUNT(*) FROM expr_fn_weights") == 5
        assert _value(count) == 4
    assert _value(count) == 5


# -- runScript and hasChanged in the trigger engine ----------------------------------------------------------

def test_a_run_script_trigger_is_evaluated_at_every_tick_while_its_tags_are_unchanged(system):
    line = Line(system)
    scripted = line.op("Scripted", startTriggerExpression='{%s} || runScript("expression_scripts.calls()") < 0'
                       % RUNNING)
    line.op("Plain")
    assert expressions.compile_expression(scripted["startTriggerExpression"]).time_dependent
    line.tick()
    before = expression_scripts.CALLS[0]
    for _ in range(3):
        assert line.tick() == 0
        assert triggers.evaluations_last_tick() == 2  # the scripted operation's start and stop, not Plain's
    assert expression_scripts.CALLS[0] == before + 3


def test_a_script_can_start_an_operation_without_any_tag_changing(system):
    line = Line(system)
    expression_scripts.STATE["running"] = False
    op = line.op(startTriggerExpression='runScript("expression_scripts.running()")')
    line.tick()
    assert line.tick() == 0
    expression_scripts.STATE["running"] = True
    try:
        assert line.tick() == 1
    finally:
        expression_scripts.STATE["running"] = False
    assert line.status(op) == "RUNNING"


def test_has_changed_starts_an_operation_on_a_change_not_on_an_unchanged_tick(system):
    line = Line(system)
    op = line.op(startTriggerExpression="hasChanged({%s})" % COUNT, quantityExpression="{%s}" % COUNT,
                 quantityCalcType="DELTA")
    assert line.tick() == 0  # the first evaluation has nothing to compare with: false, and it primes
    for _ in range(2):
        assert line.tick() == 0
        assert line.status(op) == "IDLE"
    line.write(COUNT, 7)
    assert line.tick() == 1
    assert line.status(op) == "RUNNING"


def test_has_changed_remembers_per_operation_and_field_not_in_the_shared_expression(system):
    line = Line(system)
    text = "hasChanged({%s})" % COUNT
    first = line.op("First", startTriggerExpression=text, stopTriggerExpression="!" + text,
                    stopTriggerType="RISING_EDGE")
    line.tick()
    line.write(COUNT, 3)
    assert line.tick() == 1
    assert line.status(first) == "RUNNING"
    # A second operation with the same expression text (one compiled expression): each remembers on
    # its own, so at the next change both see it; a memory in the shared expression would let only the
    # first operation evaluated see the change (and First's stop, the same text, must not see it used up).
    second = line.op("Second", startTriggerExpression=text)
    line.tick()
    assert line.status(second) == "IDLE"
    assert line.status(first) == "IDLE"  # its stop, !hasChanged, rose on the unchanged tick
    line.write(COUNT, 4)
    assert line.tick() == 2
    assert (line.status(first), line.status(second)) == ("RUNNING", "RUNNING")


# -- alarm functions, against the harness's alarm status (system.alarm.queryStatus) ----------------------------

def test_is_alarm_active_finds_an_active_alarm_by_tag_path_and_name(system):
    system.alarm.add_alarm("[default]Tanks/Temp", "Tank_Temp_High", priority=3)
    # The manual's example writes the alarm name with a provider; the name is matched without it.
    assert _value('isAlarmActive("[default]Tanks/Temp", "[default]Tank_Temp_High")') is True
    assert _value('isAlarmActive("[default]Tanks/Temp")') is True
    assert _value('isAlarmActive("[default]tanks/*", "*High", 1000)') is True
    assert _value('isAlarmActive("Tanks/Temp")') is True  # no provider written: [default], as {path}
    assert _value('isAlarmActive("[default]Tanks/Level")') is False
    assert _value('isAlarmActive("[default]Tanks/Temp", "Tank_Temp_Low")') is False
    assert _value('isAlarmActive("[edge]Tanks/Temp")') is False


def test_is_alarm_active_ignores_cleared_and_shelved_alarms_and_counts_acknowledged_ones(system):
    system.alarm.add_alarm("[default]Line1/Jam", "Jam", state="ClearUnacked")
    system.alarm.add_alarm("[default]Line1/Door", "Open", shelved=True)
    system.alarm.add_alarm("[default]Line1/Speed", "Low", state="ActiveAcked")
    assert _value('isAlarmActive("[default]Line1/Jam")') is False
    assert _value('isAlarmActive("[default]Line1/Door")') is False
    assert _value('isAlarmActive("[default]Line1/Speed")') is True


def test_is_alarm_active_filtered_follows_each_criterion(system):
    system.alarm.add_alarm("[default]Line1/Jam", "Jam", priority=4, display_path="Line 1/Jam", state="ActiveAcked")
    system.alarm.add_alarm("[default]Line1/Door", "Open", priority=1, state="ClearUnacked")
    system.alarm.add_alarm("[default]Line2/Door", "Open", priority=2, shelved=True)
    # The manual's example: any critical alarm, even acknowledged.
    assert _value('isAlarmActiveFiltered("*", "*", "*", 4, 4, 0, 1, 0)') is True
    assert _value('isAlarmActiveFiltered("*", "*", "*", 4, 4, 0, 0, 0)') is False  # it is acknowledged
    assert _value('isAlarmActiveFiltered("*", "*", "Line 1/*", 3, 4, 0, 1, 0)') is True
    assert _value('isAlarmActiveFiltered("*", "*", "Line 2/*", 0, 4, 1, 1, 1)') is False
    assert _value('isAlarmActiveFiltered("[default]Line1/Door", "*", "*", 0, 4, 0, 1, 0)') is False  # cleared
    assert _value('isAlarmActiveFiltered("[default]Line1/Door", "*", "*", 0, 4, 1, 1, 0)') is True
    assert _value('isAlarmActiveFiltered("[default]Line2/*", "Open", "*", 0, 4, 0, 1, 0)') is False  # shelved
    assert _value('isAlarmActiveFiltered("[default]Line2/*", "Open", "*", 0, 4, 0, 1, 1, 5000)') is True


def test_an_alarm_can_start_an_operation_at_the_next_tick(system):
    line = Line(system)
    op = line.op(startTriggerExpression='isAlarmActive("[default]Line1/Jam")')
    line.tick()
    assert line.tick() == 0
    system.alarm.add_alarm("[default]Line1/Jam", "Jam")
    assert line.tick() == 1
    assert line.status(op) == "RUNNING"


# -- under real Jython 2.7 --------------------------------------------------------------------------------------

def test_queries_alarms_and_script_errors_under_jython(monkeypatch):
    """tests/jython/run_expression_gateway.py on a portable gateway over the same back-end: the queries
    over java.sql (and beside an open transaction), a named query, the alarm status, a Java exception
    raised by a script."""
    from harness import jython_runner
    from test_jython_scenarios import _jython_backend
    backend, env = _jython_backend()
    for key, value in env.items():
        monkeypatch.setenv(key, value)
    try:
        result = jython_runner.run_jython([os.path.join("tests", "jython", "run_expression_gateway.py"), backend],
                                          timeout=600)
    except jython_runner.JythonUnavailable as missing:
        pytest.fail("Jython 2.7 is required for this test: %s" % missing)
    output = result.stdout + result.stderr[-3000:]
    assert "gateway functions: 13 checks, 0 failed" in result.stdout, output
    assert result.returncode == 0, output
