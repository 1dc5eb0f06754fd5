# -*- coding: utf-8 -*-
"""Evaluate the whole expression table (tests/expression_cases.py); exit 1 on any mismatch.

Runs under Jython 2.7 (tests/test_expression.py starts it through harness.jython_runner) and CPython;
the pytest suite also imports run_table() from here, so both sides use one comparison rule.
"""
from __future__ import print_function, unicode_literals

import calendar
import datetime
import os
import sys

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.dirname(os.path.dirname(HERE))
for _p in (os.path.join(ROOT, "jython_lib"), os.path.join(ROOT, "tests"), ROOT):
    if _p not in sys.path:
        sys.path.insert(0, _p)

import expression_cases  # noqa: E402
from harness.portable.dataset import BasicDataset  # noqa: E402 - a Dataset tag's value, as the harness holds it
import expression_cases_functions  # noqa: E402
import expression_cases_gateway  # noqa: E402
import expression_cases_numbers  # noqa: E402
from mes.expression import api, java_numbers, zones  # noqa: E402

try:
    _TEXT = (str, unicode)  # noqa: F821
    _INTS = (int, long)  # noqa: F821
except NameError:
    _TEXT = (str,)
    _INTS = (int,)


class FakeQuality(object):
    """Stands in for Ignition's QualityCode: isGood()/isUncertain() and its name."""

    def __init__(self, name):
        self.name = name

    def isGood(self):
        return self.name.startswith("Good")

    def isUncertain(self):
        return self.name.startswith("Uncertain")

    def toString(self):
        return self.name

    __str__ = toString


class FakeQualifiedValue(object):
    def __init__(self, value, quality="Good"):
        self.value = value
        self.quality = FakeQuality(quality)


class FakeJavaDate(object):
    def __init__(self, millis):
        self._millis = millis

    def getTime(self):
        return self._millis


def _cell(value):
    if isinstance(value, tuple) and value[0] == "DATE":
        return FakeJavaDate(date_millis(value[1]))
    return value


def date_millis(text):
    fmt = "%Y-%m-%d %H:%M:%S.%f" if "." in text else "%Y-%m-%d %H:%M:%S"
    dt = datetime.datetime.strptime(text, fmt)
    return calendar.timegm(dt.timetuple()) * 1000 + dt.microsecond // 1000


def tag_values():
    values = {}
    for path, spec in expression_cases.TAGS.items():
        if isinstance(spec, dict) and "date" in spec:
            values[path] = FakeQualifiedValue(FakeJavaDate(date_millis(spec["date"])))
        elif isinstance(spec, dict):
            values[path] = FakeQualifiedValue(spec["value"], spec["quality"])
            if "timestamp" in spec:
                values[path].timestamp = FakeJavaDate(date_millis(spec["timestamp"]))
        else:
            values[path] = spec  # a plain value counts as good
    for path, (names, rows) in expression_cases_functions.DATASETS.items():
        values[path] = BasicDataset(names, [[_cell(v) for v in row] for row in rows])
    return values


def all_rows():
    """[(zone id, row)]: the UTC rows of the tables, then each zone's rows."""
    rows = [("UTC", row) for row in expression_cases.CASES + expression_cases_functions.CASES +
            expression_cases_numbers.CASES + expression_cases_gateway.CASES]
    for zone_id in sorted(expression_cases_functions.ZONE_CASES):
        rows.extend((zone_id, row) for row in expression_cases_functions.ZONE_CASES[zone_id])
    return rows


def _level(quality):
    if quality.isGood():
        return "good"
    return "uncertain" if quality.isUncertain() else "bad"


def _same(expected, actual):
    if isinstance(expected, tuple) and expected[0] == "DATE":
        return isinstance(actual, api.DateValue) and actual.millis == date_millis(expected[1])
    if expected is None or isinstance(expected, bool):
        return actual is expected
    if isinstance(expected, _TEXT):
        return isinstance(actual, _TEXT) and actual == expected
    if isinstance(expected, tuple) and expected[0] == "FLOAT":  # a java.lang.Float: the nearest 32-bit float
        return _is_number(actual) and java_numbers.kind(actual) == java_numbers.FLOAT and \
            _same_double(java_numbers.single(expected[1]), actual, 0.0)
    if isinstance(expected, tuple) and expected[0] == "LONG":  # a java.lang.Long, however small
        return _is_number(actual) and java_numbers.kind(actual) == java_numbers.LONG and actual == expected[1]
    if isinstance(expected, float):  # a Double
        return _is_number(actual) and java_numbers.kind(actual) == java_numbers.DOUBLE and \
            _same_double(expected, actual, 1e-9)
    if isinstance(expected, _INTS):  # an Integer (a Long when beyond 32 bits)
        return _is_number(actual) and java_numbers.kind(actual) == java_numbers.kind(expected) and actual == expected
    return False


def _is_number(value):
    return isinstance(value, _INTS + (float,)) and not isinstance(value, bool)


def _same_double(expected, actual, tolerance):
    if expected != expected:  # NaN
        return actual != actual
    if expected in (float("inf"), float("-inf")):
        return actual == expected
    return abs(actual - expected) <= tolerance * max(1.0, abs(expected))


def check(row, values, zone_id="UTC"):
    """None when the row holds (evaluated with the gateway in zone_id), else the mismatch."""
    zones.set_gateway_zone(zone_id)
    try:
        return _check(row, values)
    finally:
        zones.set_gateway_zone("UTC")


def _check(row, values):
    text, expected = row[0], row[1]
    want_quality = row[2] if len(row) > 2 else "good"
    if expected == ("SYNTAX_ERROR",):
        message = api.check_syntax(text)
        if message is None:
            return "expected a syntax error"
        if "column" not in message or "expected" not in message:
            return "syntax message lacks position or expectation: %s" % message
        return None
    try:
        compiled = api.compile_expression(text)
    except api.ExpressionError as e:
        return "did not compile: %s" % e
    try:
        result = compiled.evaluate(tag_values=values, now_millis=expression_cases.NOW_MILLIS)
    except api.ExpressionEvaluationError as e:
        if expected == ("EVAL_ERROR",):
            return None
        return "raised %s" % e
    if expected == ("EVAL_ERROR",):
        return "expected an evaluation error, got %r" % (result.value,)
    if not _same(expected, result.value):
        return "expected %r, got %r (%s)" % (expected, result.value, type(result.value).__name__)
    if _level(result.quality) != want_quality:
        return "expected %s quality, got %s" % (want_quality, result.quality)
    return None


def run_table():
    """(number of rows, [failure lines])."""
    values = tag_values()
    failures = []
    rows = all_rows()
    for zone_id, row in rows:
        problem = check(row, values, zone_id)
        if problem:
            failures.append("%s %r: %s" % (zone_id, row[0], problem))
    return len(rows), failures


def main():
    count, failures = run_table()
    for line in failures:
        print("FAIL " + line)
    print("expression cases: %d, failures: %d (%s)" % (count, len(failures), sys.version.split()[0]))
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main())
