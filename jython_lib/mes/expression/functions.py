"""The function library. Names are matched case-insensitively; aliases follow the manual
(toInteger = toInt, toDouble = toFloat, toString = toStr).

Eager functions get their evaluated arguments: impl(*values). Lazy functions decide what to evaluate:
impl(ctx, arg_fns) where each arg_fn(ctx) evaluates one argument (if, coalesce, try, switch, case,
now, and the quality functions, which look at the quality of their argument instead of inheriting it).
"""
from __future__ import absolute_import, unicode_literals

import math

from mes.core import compat
from mes.expression import dates, operators
from mes.expression.expr_errors import ExpressionEvaluationError
from mes.expression.values import (GOOD, EVAL_ERROR, DateValue, Quality, java_round, to_boolean, to_float,
                                   to_integer, to_number, to_quality, to_text, type_name)


class FunctionSpec(object):
    __slots__ = ("name", "min_args", "max_args", "impl", "lazy", "even")

    def __init__(self, name, min_args, max_args, impl, lazy=False, even=False):
        self.name = name
        self.min_args = min_args
        self.max_args = max_args
        self.impl = impl
        self.lazy = lazy
        self.even = even

    def check_arity(self, n):
        """None when n arguments are acceptable, else what was expected."""
        if n < self.min_args or (self.max_args is not None and n > self.max_args):
            if self.max_args is None:
                return "at least %d argument%s for %s(...)" % (self.min_args, _s(self.min_args), self.name)
            if self.min_args == self.max_args:
                return "%d argument%s for %s(...)" % (self.min_args, _s(self.min_args), self.name)
            return "%d to %d arguments for %s(...)" % (self.min_args, self.max_args, self.name)
        if self.even and n % 2:
            return "an even number of arguments for %s(...) (value, cases and returns, and a default)" % self.name
        return None

    def __repr__(self):
        return "FunctionSpec(%s)" % self.name


def _s(n):
    return "" if n == 1 else "s"


_REGISTRY = {}


def register(name, min_args, max_args, impl, lazy=False, even=False, aliases=()):
    spec = FunctionSpec(name, min_args, max_args, impl, lazy, even)
    for key in (name,) + tuple(aliases):
        _REGISTRY[key.lower()] = spec
    return spec


def lookup(name):
    return _REGISTRY.get(name.lower())


def names():
    return sorted(set(spec.name for spec in _REGISTRY.values()))


# --- helpers for lazy functions ------------------------------------------------------------------

def evaluate_scoped(ctx, fn):
    """Evaluate fn with a fresh quality scope: returns (value, quality, error) without touching ctx's quality."""
    saved = ctx.quality
    ctx.quality = GOOD
    try:
        value = fn(ctx)
        return value, ctx.quality, None
    except ExpressionEvaluationError as e:
        return None, EVAL_ERROR, e
    finally:
        ctx.quality = saved


# --- logic ---------------------------------------------------------------------------------------

def _if(ctx, args):
    if to_boolean(args[0](ctx)):
        return args[1](ctx)
    return args[2](ctx)


def _coalesce(ctx, args):
    quality = GOOD
    for fn in args:
        value, quality, error = evaluate_scoped(ctx, fn)
        if error is not None:
            raise error
        if value is not None:
            ctx.degrade(quality)
            return value
    ctx.degrade(quality)
    return None


def _try(ctx, args):
    value, quality, error = evaluate_scoped(ctx, args[0])
    if error is None:
        ctx.degrade(quality)
        return value
    return args[1](ctx)


def _switch(ctx, args):
    value = args[0](ctx)
    n = (len(args) - 2) // 2
    for k in range(n):
        if operators.equal(value, args[1 + k](ctx)):
            return args[1 + n + k](ctx)
    return args[-1](ctx)


def _case(ctx, args):
    value = args[0](ctx)
    for k in range(1, len(args) - 1, 2):
        if operators.equal(value, args[k](ctx)):
            return args[k + 1](ctx)
    return args[-1](ctx)


def _is_null(value):
    return value is None


def _quality_of(ctx, args):
    return evaluate_scoped(ctx, args[0])[1]


def _is_good(ctx, args):
    return evaluate_scoped(ctx, args[0])[1].isGood()


def _is_bad(ctx, args):
    return evaluate_scoped(ctx, args[0])[1].isBad()


def _force_quality(ctx, args):
    value, _quality, error = evaluate_scoped(ctx, args[0])
    if error is not None:
        raise error
    if len(args) > 1:
        code = args[1](ctx)
        if isinstance(code, Quality):
            ctx.degrade(code)
        elif compat.is_string(code):
            ctx.degrade(to_quality(code))
        elif code is not None and to_integer(code) != 192:
            ctx.degrade(Quality("Bad_%d" % to_integer(code), 2))
    return value


register("if", 3, 3, _if, lazy=True)
register("coalesce", 1, None, _coalesce, lazy=True)
register("try", 2, 2, _try, lazy=True)
register("switch", 4, None, _switch, lazy=True, even=True)
register("case", 4, None, _case, lazy=True, even=True)
register("isNull", 1, 1, _is_null)
register("isGood", 1, 1, _is_good, lazy=True)
register("isBad", 1, 1, _is_bad, lazy=True)
register("qualityOf", 1, 1, _quality_of, lazy=True)
register("forceQuality", 1, 2, _force_quality, lazy=True)


# --- type casting --------------------------------------------------------------------------------

def _caster(convert):
    def cast(value, *failover):
        if value is None:
            return failover[0] if failover else None
        try:
            return convert(value)
        except ExpressionEvaluationError:
            if failover:
                return failover[0]
            raise
    return cast


def to_date(value):
    if isinstance(value, DateValue):
        return value
    if compat.is_string(value):
        millis = dates.parse_date(value)
        if millis is not None:
            return DateValue(millis)
        try:
            return DateValue(to_integer(value))
        except ExpressionEvaluationError:
            raise ExpressionEvaluationError("cannot convert \"%s\" to a date" % value)
    if compat.is_number(value):
        return DateValue(int(value))
    raise ExpressionEvaluationError("cannot convert %s to a date" % type_name(value))


register("toInt", 1, 2, _caster(to_integer), aliases=("toInteger",))
register("toLong", 1, 2, _caster(to_integer))
register("toFloat", 1, 2, _caster(to_float), aliases=("toDouble",))
register("toBoolean", 1, 2, _caster(to_boolean))
register("toStr", 1, 2, _caster(to_text), aliases=("toString",))
register("toDate", 1, 2, _caster(to_date))


# --- strings -------------------------------------------------------------------------------------

def _concat(*values):
    return "".join(to_text(v) for v in values)


def _len(value):
    return None if value is None else len(to_text(value))


def _upper(value):
    return None if value is None else to_text(value).upper()


def _lower(value):
    return None if value is None else to_text(value).lower()


register("concat", 1, None, _concat)
register("len", 1, 1, _len)
register("upper", 1, 1, _upper)
register("lower", 1, 1, _lower)


# --- math ----------------------------------------------------------------------------------------

def _abs(value):
    return None if value is None else abs(to_number(value))


def _round(value, decimals=None):
    if value is None:
        return None
    x = to_number(value)
    if decimals is None:
        return java_round(x)
    factor = 10.0 ** to_integer(decimals)
    return math.floor(x * factor + 0.5) / factor


def _floor(value):
    return None if value is None else float(math.floor(to_number(value)))


def _ceil(value):
    return None if value is None else float(math.ceil(to_number(value)))


def _extreme(pick):
    def extreme(*values):
        numbers = [to_number(v) for v in values if v is not None]
        if len(numbers) < len(values):
            return None
        return pick(numbers)
    return extreme


register("abs", 1, 1, _abs)
register("round", 1, 2, _round)
register("floor", 1, 1, _floor)
register("ceil", 1, 1, _ceil)
register("min", 1, None, _extreme(min))
register("max", 1, None, _extreme(max))


# --- dates ---------------------------------------------------------------------------------------

def _now(ctx, args):
    for fn in args:  # the poll rate means nothing here, but it must be a valid expression
        fn(ctx)
    return DateValue(ctx.now())


def _date_arithmetic(date, amount, field):
    if date is None or amount is None or field is None:
        return None
    return DateValue(dates.date_arithmetic(to_date(date).millis, to_number(amount), to_text(field)))


def _date_diff(date1, date2, field):
    if date1 is None or date2 is None or field is None:
        return None
    return dates.date_diff(to_date(date1).millis, to_date(date2).millis, to_text(field))


register("now", 0, 1, _now, lazy=True)
register("dateArithmetic", 3, 3, _date_arithmetic)
register("dateDiff", 3, 3, _date_diff)
