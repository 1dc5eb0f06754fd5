"""Public entry points of the Ignition expression evaluator (decision D7).

    from mes.expression import api
    expr = api.compile_expression("{[default]Line1/Running} && {[default]Line1/Count} > 0")
    expr.tag_paths                      # ('[default]Line1/Running', '[default]Line1/Count')
    result = expr.evaluate(tag_values)  # Result(.value, .quality)
    api.check_syntax("toInt(")          # message string, or None when the text is valid

Errors: ExpressionError (a ValidationError: syntax, unknown function, argument count; carries text,
position, line, column, expected) and ExpressionEvaluationError (run time; caught by try()).

Semantics (Ignition manual pages named in tests/expression_cases.py and expression_cases_functions.py):
- literals: ints, floats, 0x hex, "..." or '...' strings with \\n \\t \\r \\" \\' \\\\ escapes, true/false/null
  in any case, // comments; {[provider]path} tags, {path} meaning [default]path.
- precedence (low -> high): || && | xor & (= != ) (< <= > >= like) (<< >>) (+ -) (* / %) ^ unary(- ! ~).
- coercion: booleans count as 1/0 in arithmetic; numeric strings act as numbers except with + (which
  concatenates when either side is not a number); numbers are Java's Integer/Long/Float/Double with
  Java's promotion and 32/64-bit wrapping; `/` of two whole numbers is a Double; toInt/toLong round
  ("33.9" -> 34); conditions (if, &&, ||, !) use toBoolean's rules (non-zero numbers, "true"/"yes"/"on"...),
  null is false, other strings are an evaluation error.
- null: arithmetic/bitwise/string functions of null give null; null = null is true; ordering
  comparisons with null are false; concat and toStr write null as "null"... except toStr(null), which
  stays null (so coalesce can replace it).
- quality: the result takes the worst quality of the tags it read; an unknown tag is null with
  Bad_NotFound; isGood/isBad/qualityOf inspect an argument's quality and are themselves good; if, switch
  and case only evaluate (and inherit the quality of) the branch they choose; coalesce and try take the
  quality of the argument they return. && and || evaluate both sides so every tag's quality counts.
- dates are DateValue (epoch millis, getTime()); their fields, toDate's texts and the date arithmetic
  are in the gateway's time zone (mes.expression.zones); now() uses now_millis or system.date.now().
- the functions by category, what is left out and why, and the rules decided: docs/expressions.md.
"""
from __future__ import absolute_import, unicode_literals

from mes.expression import functions, lib_gateway, parser
from mes.expression.compiler import CompiledExpression, Result, calls_any  # noqa: F401 - re-exported
from mes.expression.expr_errors import ExpressionError, ExpressionEvaluationError  # noqa: F401 - re-exported
from mes.expression.java_numbers import JavaFloat
from mes.expression.values import GOOD, NOT_FOUND, DateValue, Quality, to_text  # noqa: F401 - re-exported

_CACHE = {}
_CACHE_LIMIT = 1024


def compile_expression(text):
    """The compiled form of `text` (cached by text). Raises ExpressionError when it is not valid."""
    compiled = _CACHE.get(text)
    if compiled is None:
        if text is None:
            raise ExpressionError("", 0, "an expression", "nothing (the expression is null)")
        compiled = CompiledExpression(text, parser.parse(text))
        if len(_CACHE) >= _CACHE_LIMIT:
            _CACHE.clear()
        _CACHE[text] = compiled
    return compiled


def check_syntax(text):
    """None when `text` is a valid expression, else the message saying where and what was expected."""
    try:
        compile_expression(text)
    except ExpressionError as e:
        return e.message
    return None


def evaluate(text, tag_values=None, read_tags=None, now_millis=None, memory=None):
    """Compile (cached) and evaluate in one call; returns a Result (memory: see CompiledExpression.evaluate)."""
    return compile_expression(text).evaluate(tag_values, read_tags, now_millis, memory)


def runs_code(text):
    """Whether a valid expression calls runScript or a query function (lib_gateway.RUNS_CODE), which
    run the author's Python or SQL; False for null or invalid text (its syntax error is reported apart)."""
    if text is None:
        return False
    try:
        tree = parser.parse(text)
    except ExpressionError:
        return False
    return calls_any(tree, _runs_code)


def _runs_code(spec):
    return spec.name in lib_gateway.RUNS_CODE


def library_value(value):
    """An expression's result as the library records it: a Float (toFloat) as the decimal it prints
    (Float.toString), so toFloat(1234.567) is the quantity 1234.567 and not the float's exact binary
    value 1234.5670166015625; any other value as it is."""
    if isinstance(value, JavaFloat):
        return float(to_text(value))
    return value


def function_names():
    """The functions this evaluator knows (canonical spelling)."""
    return functions.names()
