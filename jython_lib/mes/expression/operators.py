"""The operators, as functions of already evaluated operands.

Rules (see docs/expression language notes in the module docstring of api.py):
- null in arithmetic, bitwise, shift or `like` gives null; `=`/`!=` treat null as a value (null = null);
  ordering comparisons with null are false.
- `+` adds when both operands are numbers (booleans count as 0/1), otherwise concatenates text.
- `/` always divides as floating point; `%` keeps integers when both are integers (Java's remainder,
  sign of the dividend); `^` is power (floating point); division by zero is an evaluation error.
"""
from __future__ import absolute_import, unicode_literals

import math
import re

from mes.core import compat
from mes.expression.expr_errors import ExpressionEvaluationError
from mes.expression.values import DateValue, Quality, to_number, to_text, to_boolean, parse_number

_integer_types = compat.integer_types


def _is_num(v):
    return isinstance(v, (float, bool) + _integer_types)


def add(a, b):
    if a is None or b is None:
        return None
    if _is_num(a) and _is_num(b):
        return to_number(a) + to_number(b)
    return to_text(a) + to_text(b)


def sub(a, b):
    if a is None or b is None:
        return None
    return to_number(a) - to_number(b)


def mul(a, b):
    if a is None or b is None:
        return None
    return to_number(a) * to_number(b)


def div(a, b):
    if a is None or b is None:
        return None
    x, y = to_number(a), to_number(b)
    if y == 0:
        raise ExpressionEvaluationError("division by zero")
    return float(x) / float(y)


def mod(a, b):
    if a is None or b is None:
        return None
    x, y = to_number(a), to_number(b)
    if y == 0:
        raise ExpressionEvaluationError("modulus by zero")
    if isinstance(x, _integer_types) and isinstance(y, _integer_types):
        r = abs(x) % abs(y)
        return -r if x < 0 else r
    return math.fmod(x, y)


def power(a, b):
    if a is None or b is None:
        return None
    try:
        return math.pow(to_number(a), to_number(b))
    except (ValueError, OverflowError) as e:
        raise ExpressionEvaluationError("cannot raise %s to %s (%s)" % (to_text(a), to_text(b), e))


def _int(v, op):
    n = to_number(v, "an integer for '%s'" % op)
    if isinstance(n, float):
        if math.isnan(n) or math.isinf(n):
            raise ExpressionEvaluationError("cannot use %s with '%s'" % (to_text(n), op))
        return int(n)
    return n


def bit_and(a, b):
    if a is None or b is None:
        return None
    return _int(a, "&") & _int(b, "&")


def bit_or(a, b):
    if a is None or b is None:
        return None
    return _int(a, "|") | _int(b, "|")


def bit_xor(a, b):
    if a is None or b is None:
        return None
    return _int(a, "xor") ^ _int(b, "xor")


def shift_left(a, b):
    if a is None or b is None:
        return None
    return _int(a, "<<") << _int(b, "<<")


def shift_right(a, b):
    if a is None or b is None:
        return None
    return _int(a, ">>") >> _int(b, ">>")


def negate(a):
    if a is None:
        return None
    return -to_number(a)


def bit_not(a):
    if a is None:
        return None
    return ~_int(a, "~")


def logical_not(a):
    return not to_boolean(a)


# --- comparison ----------------------------------------------------------------------------------

def _comparable(a, b):
    """Two operands brought to one kind: numbers, texts or millis; None when they cannot be ordered."""
    if isinstance(a, DateValue):
        a = a.millis
    if isinstance(b, DateValue):
        b = b.millis
    if _is_num(a) and _is_num(b):
        return to_number(a), to_number(b)
    if compat.is_string(a) and compat.is_string(b):
        return a, b
    if _is_num(a) and compat.is_string(b):
        n = parse_number(b)
        return (to_number(a), n) if n is not None else (to_text(a), b)
    if compat.is_string(a) and _is_num(b):
        n = parse_number(a)
        return (n, to_number(b)) if n is not None else (a, to_text(b))
    return to_text(a), to_text(b)


def equal(a, b):
    if a is None or b is None:
        return a is None and b is None
    if isinstance(a, Quality) or isinstance(b, Quality):
        return a == b if isinstance(a, Quality) else b == a
    if isinstance(a, bool) or isinstance(b, bool):
        try:
            return to_boolean(a) == to_boolean(b)
        except ExpressionEvaluationError:
            return False
    x, y = _comparable(a, b)
    return x == y


def not_equal(a, b):
    return not equal(a, b)


_FAST = (float,) + tuple(t for t in compat.integer_types if t is not bool)


def less(a, b):
    if type(a) in _FAST and type(b) in _FAST:
        return a < b
    if a is None or b is None:
        return False
    x, y = _comparable(a, b)
    return x < y


def less_equal(a, b):
    if type(a) in _FAST and type(b) in _FAST:
        return a <= b
    if a is None or b is None:
        return False
    x, y = _comparable(a, b)
    return x <= y


def greater(a, b):
    if type(a) in _FAST and type(b) in _FAST:
        return a > b
    if a is None or b is None:
        return False
    x, y = _comparable(a, b)
    return x > y


def greater_equal(a, b):
    if type(a) in _FAST and type(b) in _FAST:
        return a >= b
    if a is None or b is None:
        return False
    x, y = _comparable(a, b)
    return x >= y


# --- like ----------------------------------------------------------------------------------------

_LIKE_CACHE = {}


def like_regex(pattern):
    """`%` and `*` match any run of characters, `_` exactly one, `[a-z]` a range; case-sensitive."""
    rx = _LIKE_CACHE.get(pattern)
    if rx is not None:
        return rx
    out = []
    i = 0
    while i < len(pattern):
        c = pattern[i]
        if c in "%*":
            out.append(".*")
        elif c == "_":
            out.append(".")
        elif c == "[":
            end = pattern.find("]", i + 1)
            if end > i + 1:
                body = pattern[i + 1:end]
                if body.startswith("!"):
                    body = "^" + body[1:]
                out.append("[" + body.replace("\\", "\\\\") + "]")
                i = end
            else:
                out.append(re.escape(c))
        else:
            out.append(re.escape(c))
        i += 1
    rx = re.compile("^(?:" + "".join(out) + ")$", re.DOTALL)
    if len(_LIKE_CACHE) > 256:
        _LIKE_CACHE.clear()
    _LIKE_CACHE[pattern] = rx
    return rx


def like(a, b):
    if a is None or b is None:
        return None
    return like_regex(to_text(b)).match(to_text(a)) is not None


BINARY = {
    "+": add, "-": sub, "*": mul, "/": div, "%": mod, "^": power,
    "&": bit_and, "|": bit_or, "xor": bit_xor, "<<": shift_left, ">>": shift_right,
    "=": equal, "==": equal, "!=": not_equal, "<": less, "<=": less_equal, ">": greater, ">=": greater_equal,
    "like": like,
}
UNARY = {"-": negate, "!": logical_not, "~": bit_not}
