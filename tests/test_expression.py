"""The Ignition expression evaluator (issue 5, docs/rules.md#triggers)."""
import importlib.util
import os
import sys

import pytest

_HERE = os.path.dirname(os.path.abspath(__file__))
_ROOT = os.path.dirname(_HERE)
sys.path.insert(0, _HERE)  # expression_cases.py is plain data shared with the Jython runner

from mes.core import errors
from mes.expression import api, lexer, parser

import expression_cases


def _load_runner():
    path = os.path.join(_HERE, "jython", "run_expression_cases.py")
    spec = importlib.util.spec_from_file_location("run_expression_cases", path)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


RUNNER = _load_runner()
VALUES = RUNNER.tag_values()


ROWS = RUNNER.all_rows()


def test_table_has_at_least_600_rows():
    assert len(expression_cases.CASES) >= 150
    assert len(ROWS) >= 600


@pytest.mark.parametrize("zone_row", ROWS, ids=["%s %s" % (z, repr(r[0])[:60]) for z, r in ROWS])
def test_expression_table(zone_row):
    zone_id, row = zone_row
    assert RUNNER.check(row, VALUES, zone_id) is None, RUNNER.check(row, VALUES, zone_id)


def test_table_under_real_jython():
    from harness.jython_runner import JythonUnavailable, run_jython
    try:
        result = run_jython(["tests/jython/run_expression_cases.py"])
    except JythonUnavailable as e:
        pytest.skip(str(e))
    assert result.returncode == 0, result.stdout[-4000:] + result.stderr[-4000:]
    assert "failures: 0" in result.stdout


# --- parse once ---------------------------------------------------------------------------------

def test_evaluation_repeats_no_parsing_work():
    text = "if({[default]Parse/A} > 1, toInt(\"33.9\") + {[default]Parse/B}, coalesce(null, 2))"
    compiled = api.compile_expression(text)
    parses, tokenizes = parser.PARSE_COUNT[0], lexer.TOKENIZE_COUNT[0]
    values = {"[default]Parse/A": 5, "[default]Parse/B": 1}
    for _ in range(500):
        assert compiled.evaluate(values).value == 35
    assert api.compile_expression(text) is compiled  # cached by text
    assert (parser.PARSE_COUNT[0], lexer.TOKENIZE_COUNT[0]) == (parses, tokenizes)


def test_compiled_expression_is_immutable_and_knows_its_tags():
    compiled = api.compile_expression("{Line1/Count} + {[default]line1/count} + {[Edge]Area/Level}")
    assert compiled.tag_paths == ("[default]Line1/Count", "[Edge]Area/Level")
    assert compiled.text == "{Line1/Count} + {[default]line1/count} + {[Edge]Area/Level}"
    with pytest.raises(AttributeError):
        compiled.text = "1"


# --- reading tags -------------------------------------------------------------------------------

class _QV(object):
    def __init__(self, value, good=True):
        self.value = value
        self.quality = _Q(good)


class _Q(object):
    def __init__(self, good):
        self.good = good

    def isGood(self):
        return self.good

    def __str__(self):
        return "Good" if self.good else "Bad_NotFound"


def test_read_tags_is_called_once_with_every_path():
    calls = []

    def read(paths):
        calls.append(list(paths))
        return [_QV(True), _QV(3)]

    result = api.evaluate("{[default]R/Running} && {[default]R/Count} > 0", read_tags=read)
    assert result.value is True and result.quality.isGood()
    assert calls == [["[default]R/Running", "[default]R/Count"]]


def test_read_tags_only_for_paths_missing_from_tag_values():
    calls = []

    def read(paths):
        calls.append(list(paths))
        return [_QV(2)]

    result = api.evaluate("{A/One} + {A/Two}", tag_values={"[default]A/One": 1}, read_tags=read)
    assert result.value == 3
    assert calls == [["[default]A/Two"]]


def test_default_reader_uses_system_tag_read_blocking(monkeypatch):
    import types
    seen = []
    fake_system = types.ModuleType("system")
    fake_system.tag = types.SimpleNamespace(readBlocking=lambda paths: seen.append(paths) or [_QV(None, good=False)])
    monkeypatch.setitem(sys.modules, "system", fake_system)
    result = api.evaluate("{Missing/Tag}")
    assert seen == [["[default]Missing/Tag"]]
    assert result.value is None and result.quality.isBad()


def test_now_uses_system_date_now_lazily(monkeypatch):
    import types
    fake_system = types.ModuleType("system")
    fake_system.date = types.SimpleNamespace(now=lambda: api.DateValue(1234))
    monkeypatch.setitem(sys.modules, "system", fake_system)
    assert api.evaluate("now()").value == api.DateValue(1234)
    assert api.evaluate("now()", now_millis=99).value.getTime() == 99


def test_date_inputs_accept_java_dates_datetimes_and_millis():
    import datetime
    expr = "dateDiff({D/A}, {D/B}, \"sec\")"
    values = {"[default]D/A": datetime.datetime(2020, 1, 1), "[default]D/B": RUNNER.FakeJavaDate(1577836810000)}
    assert api.evaluate(expr, values).value == 10.0
    assert api.evaluate("toDate({D/M})", {"[default]D/M": 1577836800000}).value.to_datetime() == datetime.datetime(2020, 1, 1)


# --- errors -------------------------------------------------------------------------------------

def test_syntax_error_names_expression_position_and_expectation():
    with pytest.raises(api.ExpressionError) as info:
        api.compile_expression("{Line1/Count} > ")
    e = info.value
    assert isinstance(e, errors.ValidationError) and isinstance(e, errors.MesError)
    assert e.text == "{Line1/Count} > " and e.column == 17 and e.position == 17
    assert "a value, tag, function call or '('" in e.expected
    assert str(e) == ("Expression \"{Line1/Count} > \": at column 17 expected a value, tag, function call "
                      "or '(', found the end of the expression")
    assert e.errors == {"expression": [str(e)]}


def test_unknown_function_is_reported_at_its_name():
    message = api.check_syntax("1 + tooInt(\"3\")")
    assert message == ("Expression \"1 + tooInt(\"3\")\": at column 5 expected a known function name, "
                       "found unknown function 'tooInt'")


def test_multi_line_positions_give_line_and_column():
    with pytest.raises(api.ExpressionError) as info:
        api.compile_expression("if({A},\n  1,\n  2 +)")
    assert (info.value.line, info.value.column) == (3, 6)
    assert "line 3, column 6" in str(info.value)


def test_check_syntax_accepts_valid_text():
    assert api.check_syntax("{[default]Line1/Running} && {[default]Line1/Count} > 0") is None
    assert api.check_syntax("toint(\"1\")") is None  # function names match case-insensitively


def test_runtime_error_names_the_expression_and_try_catches_it():
    with pytest.raises(api.ExpressionEvaluationError) as info:
        api.evaluate("toInt(\"abc\") + 1")
    assert "toInt(\\\"abc\\\")" not in str(info.value)
    assert str(info.value).startswith("Expression \"toInt(\"abc\") + 1\": cannot use string \"abc\"")
    assert api.evaluate("try(toInt(\"abc\") + 1, 0)").value == 0


def test_unknown_tag_without_reader_is_null_with_bad_not_found():
    result = api.evaluate("{Nope}", tag_values={})
    assert result.value is None
    assert result.quality == "Bad_NotFound" and result.quality.isBad() and not result.good


def test_function_names_cover_decision_d7():
    wanted = {"if", "coalesce", "try", "isNull", "toInt", "toLong", "toFloat", "toBoolean", "toStr", "concat",
              "len", "upper", "lower", "switch", "case", "now", "dateArithmetic", "abs", "round", "floor",
              "ceil", "min", "max", "isGood", "isBad", "qualityOf", "dateDiff", "toDate"}
    assert wanted <= set(api.function_names())


def test_benchmark_runs():
    sys.path.insert(0, os.path.join(_ROOT, "bench"))
    import expression_bench
    assert expression_bench.run(0.2) > 1000
    assert expression_bench.run(0.2, "lot-code") > 0  # it runs; figures are in docs/expressions.md


# --- tag(path), Dataset tags and the gateway's zone ------------------------------------------------

def test_tag_function_reads_its_computed_path_once_per_evaluation():
    calls = []

    def read(paths):
        calls.append(list(paths))
        return [_QV(7)]

    compiled = api.compile_expression("tag(concat(\"Line\", 1, \"/Count\")) * 2")
    assert compiled.tag_paths == ()  # nothing known before evaluation
    assert compiled.evaluate(read_tags=read).value == 14
    assert compiled.evaluate(read_tags=read).value == 14
    assert calls == [["[default]Line1/Count"], ["[default]Line1/Count"]]


def test_dataset_tags_of_the_harness_feed_dataset_functions(system):
    system.tag.create_tag("[default]Line1/Recipes", (["code", "weight"], [["A", 2.5], ["B", 4.0]]),
                          data_type="DataSet")
    before = system.tag.stats.snapshot()["read_calls"]
    result = api.evaluate("lookup({Line1/Recipes}, \"B\", 0) + sum({Line1/Recipes}, \"weight\") "
                          "+ {Line1/Recipes}[0, \"weight\"]")
    assert result.value == 4.0 + 6.5 + 2.5 and result.good
    assert system.tag.stats.snapshot()["read_calls"] == before + 1  # one readBlocking for the expression


def test_jython_evaluator_uses_the_jvm_default_zone(monkeypatch):
    """On a gateway the zone is the JVM default; the harness sets it from MES_GATEWAY_TIMEZONE."""
    from harness.jython_runner import JythonUnavailable, run_jython
    monkeypatch.setenv("MES_GATEWAY_TIMEZONE", "America/Los_Angeles")
    code = ("from mes.expression import api\n"
            "print(api.evaluate('getTimezone()').value)\n"
            "print(api.evaluate('dateFormat(fromMillis(0), \"yyyy-MM-dd HH:mm z\")').value)\n")
    try:
        result = run_jython(["-c", code])
    except JythonUnavailable as e:
        pytest.skip(str(e))
    assert result.returncode == 0, result.stderr[-3000:]
    assert result.stdout.split() == ["America/Los_Angeles", "1969-12-31", "16:00", "PST"]
