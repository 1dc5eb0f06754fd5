"""Math functions (docs/expressions.md#supported-functions): java.lang.Math's answers, including its NaN and infinity
where Python's math module would raise (sqrt(-1) is NaN, log(0) is -Infinity)."""
from __future__ import absolute_import, unicode_literals

import math

from mes.expression import java_numbers as jn
from mes.expression.lib_datasets import column_values
from mes.expression.registry import register
from mes.expression.values import DateValue, is_dataset, java_round, to_integer, to_number


def _float_fn(fn):
    """A one-argument double function with Java's results outside the domain: NaN where Python's
    math raises ValueError (sqrt(-1), asin(2)), infinity where it overflows (exp(1000))."""
    def apply(value):
        if value is None:
            return None
        x = float(to_number(value))
        try:
            return fn(x)
        except ValueError:
            return float("nan")
        except OverflowError:
            return float("inf")
    apply.__name__ = fn.__name__
    return apply


def _log(x):
    return float("-inf") if x == 0 else math.log(x)  # Math.log(0) is -Infinity


def _log10(x):
    return float("-inf") if x == 0 else math.log10(x)


def _java_floor(x):
    """Math.floor/ceil: infinities and NaN pass through, and a zero result keeps the argument's sign."""
    if math.isnan(x) or math.isinf(x):
        return x
    return math.copysign(float(math.floor(x)), x) if math.floor(x) == 0 else float(math.floor(x))


def _java_ceil(x):
    if math.isnan(x) or math.isinf(x):
        return x
    result = float(math.ceil(x))
    return math.copysign(result, x) if result == 0 else result


def _abs(value):
    """Math.abs keeps the type, without wrapping: abs of Integer.MIN_VALUE is a Long (java_numbers.exact)."""
    if value is None:
        return None
    x = to_number(value)
    k = jn.kind(x)
    if k == jn.INTEGER or k == jn.LONG:
        return jn.exact(abs(int(x)), k)
    if k == jn.FLOAT:
        return jn.JavaFloat(abs(x))
    return abs(x)


def _round(value, decimals=None):
    if value is None:
        return None
    x = to_number(value)
    if decimals is None:
        if isinstance(x, float) and (math.isnan(x) or math.isinf(x)):
            return x
        return jn.as_long(java_round(x))  # the manual: without decimals the result is a long
    factor = 10.0 ** to_integer(decimals)
    return math.floor(x * factor + 0.5) / factor


def _extreme(pick):
    def extreme(*values):
        if len(values) == 2 and is_dataset(values[0]):  # min(dataset, column): the column's extreme
            numbers = [to_number(v) for v in column_values(values[0], values[1]) if v is not None]
            return _promoted_extreme(pick, numbers) if numbers else None
        numbers = [to_number(v) for v in values if v is not None]
        if len(numbers) < len(values):
            return None
        return _promoted_extreme(pick, numbers)
    return extreme


def _promoted_extreme(pick, numbers):
    """The extreme in the type the arguments promote to, as Math.min/max of them would give it:
    max(1, 2.5) is 2.5 and max(3, 2.5) is 3.0 (a Double)."""
    k = jn.INTEGER
    for n in numbers:
        k = jn.promote(k, jn.kind(n))
    if k == jn.INTEGER:
        return pick(numbers)
    if k == jn.LONG:
        return jn.as_long(pick(int(n) for n in numbers))
    if k == jn.FLOAT:
        return jn.JavaFloat(pick(jn.single(n) for n in numbers))
    return pick(float(n) for n in numbers)


def _date_extreme(pick):
    def extreme(*values):
        if len(values) == 2 and is_dataset(values[0]):
            dates = [to_number(v) for v in column_values(values[0], values[1]) if v is not None]
            return DateValue(pick(dates)) if dates else None
        dates = [v for v in values if v is not None]
        if len(dates) < len(values):
            return None
        return DateValue(pick(to_number(d) for d in dates))
    return extreme


register("abs", 1, 1, _abs)
register("round", 1, 2, _round)
register("floor", 1, 1, _float_fn(_java_floor))
register("ceil", 1, 1, _float_fn(_java_ceil))
register("sqrt", 1, 1, _float_fn(math.sqrt))
register("exp", 1, 1, _float_fn(math.exp))
register("log", 1, 1, _float_fn(_log))
register("log10", 1, 1, _float_fn(_log10))
register("sin", 1, 1, _float_fn(math.sin))
register("cos", 1, 1, _float_fn(math.cos))
register("tan", 1, 1, _float_fn(math.tan))
register("asin", 1, 1, _float_fn(math.asin))
register("acos", 1, 1, _float_fn(math.acos))
register("atan", 1, 1, _float_fn(math.atan))
register("todegrees", 1, 1, _float_fn(math.degrees))
register("toradians", 1, 1, _float_fn(math.radians))
register("min", 1, None, _extreme(min))
register("max", 1, None, _extreme(max))
register("minDate", 1, None, _date_extreme(min))
register("maxDate", 1, None, _date_extreme(max))
