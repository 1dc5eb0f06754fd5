"""The function library. Names are matched case-insensitively; aliases follow the manual
(toInteger = toInt, toString = toStr).

Eager functions get their evaluated arguments: impl(*values). Lazy functions decide what to evaluate:
impl(ctx, arg_fns) where each arg_fn(ctx) evaluates one argument (if, coalesce, try, switch, case,
now, and the quality functions, which look at the quality of their argument instead of inheriting it).
"""
from __future__ import absolute_import, unicode_literals

from mes.core import compat
from mes.expression import operators
from mes.expression.expr_errors import ExpressionEvaluationError
from mes.expression.values import (GOOD, EVAL_ERROR, DateValue, Quality, is_dataset, java_type_name, normalize,
                                   to_boolean, to_date, to_double, to_float, to_int, to_integer, to_long,
                                   to_quality, to_text)
from mes.expression.registry import FunctionSpec, lookup, names, register  # noqa: F401 - the parser's entry points


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


# Ignition 8's quality codes: subcode -> name (the level is the subcode's hundreds: 0-255 good,
# 256 uncertain, 512 bad, 768 error); qualifiedValue names a quality by level and subcode.
_QUALITY_SUBCODES = {
    0: "Good_Unspecified", 2: "Good_WritePending", 192: "Good", 200: "Good_Provisional", 201: "Good_Initial",
    202: "Good_Overload", 203: "Good_Backfill",
    256: "Uncertain", 257: "Uncertain_LastKnownValue", 258: "Uncertain_InitialValue",
    259: "Uncertain_DataSubNormal", 260: "Uncertain_EngineeringUnitsExceeded", 261: "Uncertain_IncompleteOperation",
    512: "Bad", 513: "Bad_Unauthorized", 514: "Bad_AccessDenied", 515: "Bad_Disabled", 516: "Bad_Stale",
    517: "Bad_TrialExpired", 518: "Bad_LicenseExceeded", 519: "Bad_NotFound", 520: "Bad_ReferenceNotFound",
    521: "Bad_AggregateNotFound", 522: "Bad_NotConnected", 523: "Bad_GatewayCommOff", 524: "Bad_OutOfRange",
    525: "Bad_DatabaseNotConnected", 526: "Bad_ReadOnly", 527: "Bad_Failure", 528: "Bad_Unsupported",
    768: "Error", 769: "Error_Configuration", 770: "Error_ExpressionEval", 771: "Error_TagExecution",
    772: "Error_TypeConversion", 773: "Error_DatabaseQuery", 774: "Error_IO", 775: "Error_TimeoutExpired",
    776: "Error_Exception", 777: "Error_InvalidPathSyntax", 778: "Error_Formatting", 779: "Error_ScriptEval",
    780: "Error_CycleDetected",
}
_LEVEL_NAMES = ("Good", "Uncertain", "Bad", "Error")


def _quality_level(level):
    """qualifiedValue's level: Good/Uncertain/Bad/Error (any case) or 0-3."""
    if compat.is_string(level):
        for number, name in enumerate(_LEVEL_NAMES):
            if level.strip().lower() == name.lower():
                return number
    elif compat.is_number(level) and to_integer(level) in (0, 1, 2, 3):
        return to_integer(level)
    raise ExpressionEvaluationError("qualifiedValue: level %r is not Good, Uncertain, Bad, Error or 0-3" % (level,))


def _qualified_value(ctx, args):
    """qualifiedValue(value, level, [subcode], [diagnosticMessage]): the value with the quality named by
    level and subcode (a subcode of another level, or none, gives the level's plain name)."""
    value, _quality, error = evaluate_scoped(ctx, args[0])
    if error is not None:
        raise error
    level = _quality_level(args[1](ctx))
    subcode = args[2](ctx) if len(args) > 2 else None
    name = _LEVEL_NAMES[level]
    if subcode is not None:
        known = _QUALITY_SUBCODES.get(to_integer(subcode))
        if known is not None and known.split("_")[0] == name:
            name = known
    message = args[3](ctx) if len(args) > 3 else None
    if level != 0 or message is not None:
        ctx.degrade(Quality(name, level, None if message is None else to_text(message)))
    return value


def _timestamp_of(ctx, args, item_of):
    """timestampOf(value): when the tag behind a {path} or tag(path) argument was last updated; any other
    value was made by this evaluation, so its timestamp is the evaluation's now."""
    args[0](ctx)
    stamp = getattr(item_of(ctx), "timestamp", None)
    if stamp is None:
        return DateValue(ctx.now())
    return normalize(stamp)


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
register("qualifiedValue", 2, 4, _qualified_value, lazy=True)
register("timestampOf", 1, 1, _timestamp_of, tag_item=True, time_dependent=True)  # a rewrite of the same value


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


register("toInt", 1, 2, _caster(to_int), aliases=("toInteger",))
register("toLong", 1, 2, _caster(to_long))
register("toFloat", 1, 2, _caster(to_float))
register("toDouble", 1, 2, _caster(to_double))
register("toBoolean", 1, 2, _caster(to_boolean))
register("toStr", 1, 2, _caster(to_text), aliases=("toString",))
register("toDate", 1, 2, _caster(to_date))


def _to_dataset(value):
    """toDataSet: a dataset (or a script's PyDataSet, which arrives as one) as it is; anything else fails."""
    if is_dataset(value):
        return value
    raise ExpressionEvaluationError("cannot coerce %s to a dataset; only a dataset can be one"
                                    % java_type_name(value))


register("toDataSet", 1, 2, _caster(_to_dataset))


# --- logic: bits -----------------------------------------------------------------------------------

def _bin_enc(*values):
    """binEnc: value k (0-based) sets bit k when it is true."""
    result = 0
    for k, value in enumerate(values):
        if to_boolean(value):
            result |= 1 << k
    return result


def _bin_enum(*values):
    """binEnum: the 1-based position of the first true value, 0 when none is."""
    for k, value in enumerate(values):
        if to_boolean(value):
            return k + 1
    return 0


def _get_bit(number, position):
    if number is None or position is None:
        return None
    return (to_integer(number) >> to_integer(position)) & 1


register("binEnc", 1, None, _bin_enc)
register("binEnum", 1, None, _bin_enum)
register("getBit", 2, 2, _get_bit)


# --- advanced: tag(path) and typeOf ---------------------------------------------------------------

def _tag(ctx, args):
    """tag(path): a dynamic read; its quality counts like a {path} reference's."""
    ctx.dynamic_item = None
    path = args[0](ctx)
    if path is None:
        return None
    return ctx.read_dynamic(to_text(path))


register("tag", 1, 1, _tag, lazy=True, time_dependent=True)  # its path is computed: not in tag_paths
register("typeOf", 1, 1, java_type_name)
register("isUncertain", 1, 1, lambda ctx, args: evaluate_scoped(ctx, args[0])[1].isUncertain(), lazy=True)


# --- value[row, column] and value[index] -------------------------------------------------------------

def _index(target, row, column=None):
    """A dataset's cell (column by index or name) or a list's element; out of range is an evaluation error."""
    if target is None or row is None:
        return None
    position = to_integer(row)
    if is_dataset(target):
        count = target.getRowCount()
        if not 0 <= position < count:
            raise ExpressionEvaluationError("row %d is outside the dataset's %d rows" % (position, count))
        col = lib_datasets.column_index(target, 0 if column is None else column)
        return normalize(target.getValueAt(position, col))
    if column is not None or not hasattr(target, "__getitem__") or compat.is_string(target):
        raise ExpressionEvaluationError("%s cannot be indexed with [...]" % to_text(target))
    if not 0 <= position < len(target):
        raise ExpressionEvaluationError("index %d is outside the %d elements" % (position, len(target)))
    return normalize(target[position])


INDEX = FunctionSpec("[]", 2, 3, _index)


# --- now ---------------------------------------------------------------------------------------------

def _now(ctx, args):
    for fn in args:  # the poll rate means nothing here, but it must be a valid expression
        fn(ctx)
    return DateValue(ctx.now())


register("now", 0, 1, _now, lazy=True, time_dependent=True)

# The other categories register themselves on import (one module each).
from mes.expression import lib_datasets, lib_dates, lib_gateway, lib_json, lib_math, lib_strings  # noqa: E402,F401
