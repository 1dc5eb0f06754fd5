"""The operators, as functions of already evaluated operands.

Rules (see docs/expression language notes in the module docstring of api.py):
- null in arithmetic, bitwise, shift or `like` gives null; `=`/`!=` treat null as a value (null = null);
  ordering comparisons with null are false.
- `+` adds when both operands are numbers (booleans count as 0/1), otherwise concatenates text.
- Numbers are Java's Integer, Long, Float and Double (mes.expression.java_numbers): `+ - * %`, the
  bit operators and comparisons promote as Java's binary numeric promotion; `+ - *` and unary minus
  never wrap (an Integer result beyond 32 bits is a Long, a Long beyond 64 bits an evaluation error),
  the bit operators do, as Java's; shifts keep the left operand's type and mask the distance. `/` of
  two whole numbers divides as doubles; `%` is Java's remainder (sign of the dividend); `^` is power
  (a Double); division by zero is an evaluation error (docs/expressions.md#java-fidelity).
"""
from __future__ import absolute_import, unicode_literals

import math
import re

from mes.core import compat
from mes.expression import java_numbers as jn
from mes.expression.expr_errors import ExpressionEvaluationError
from mes.expression.values import DateValue, Quality, to_number, to_text, to_boolean, parse_number

_integer_types = compat.integer_types


def _is_num(v):
    return isinstance(v, (float, bool) + _integer_types)


def _arith(x, y, int_op, float_op):
    """x op y for two numbers, in the type binary numeric promotion gives (JLS 5.6.2), except that
    whole numbers never wrap (java_numbers.exact); Float rounds to single precision, Double as it is."""
    k = jn.promote(jn.kind(x), jn.kind(y))
    if k == jn.INTEGER or k == jn.LONG:
        return jn.exact(int_op(int(x), int(y)), k)
    if k == jn.FLOAT:
        return jn.make_float(float_op(jn.single(x), jn.single(y)))
    return float_op(float(x), float(y))


def _plus(x, y):
    return x + y


def _minus(x, y):
    return x - y


def _times(x, y):
    return x * y


def _over(x, y):
    return x / y


def _remainder(x, y):
    """Java's integer remainder: the sign of the dividend (Python's % takes the divisor's)."""
    r = abs(x) % abs(y)
    return -r if x < 0 else r


def _fmod(x, y):
    try:
        return math.fmod(x, y)
    except ValueError:  # fmod(Infinity, y): Java's % gives NaN
        return float("nan")


def add(a, b):
    if a is None or b is None:
        return None
    if _is_num(a) and _is_num(b):
        return _arith(to_number(a), to_number(b), _plus, _plus)
    return to_text(a) + to_text(b)


def sub(a, b):
    if a is None or b is None:
        return None
    return _arith(to_number(a), to_number(b), _minus, _minus)


def mul(a, b):
    if a is None or b is None:
        return None
    return _arith(to_number(a), to_number(b), _times, _times)


def div(a, b):
    """Two whole numbers divide as doubles (7 / 2 is 3.5); a Float or Double divides as Java does."""
    if a is None or b is None:
        return None
    x, y = to_number(a), to_number(b)
    if y == 0:
        raise ExpressionEvaluationError("division by zero")
    k = jn.promote(jn.kind(x), jn.kind(y))
    if k == jn.FLOAT:
        return jn.make_float(jn.single(x) / jn.single(y))
    return float(x) / float(y)


def mod(a, b):
    if a is None or b is None:
        return None
    x, y = to_number(a), to_number(b)
    if y == 0:
        raise ExpressionEvaluationError("modulus by zero")
    return _arith(x, y, _remainder, _fmod)


def power(a, b):
    if a is None or b is None:
        return None
    try:
        return math.pow(to_number(a), to_number(b))
    except (ValueError, OverflowError) as e:
        raise ExpressionEvaluationError("cannot raise %s to %s (%s)" % (to_text(a), to_text(b), e))


def _int(v, op):
    """An operand of a bit operator as an Integer or Long; a Float or Double is truncated toward zero."""
    n = to_number(v, "an integer for '%s'" % op)
    if isinstance(n, float):
        if math.isnan(n) or math.isinf(n):
            raise ExpressionEvaluationError("cannot use %s with '%s'" % (to_text(n), op))
        whole = int(n)
        if not jn.LONG_MIN <= whole <= jn.LONG_MAX:
            raise ExpressionEvaluationError("%s is too large for '%s' (a Long has 64 bits)" % (to_text(n), op))
        return jn.literal_integer(whole)
    return n


def _bits(a, b, op, name):
    """&, |, xor on the promoted type of the two operands (Integer or Long)."""
    x, y = _int(a, name), _int(b, name)
    if jn.promote(jn.kind(x), jn.kind(y)) == jn.INTEGER:
        return jn.as_integer(op(x, y))
    return jn.as_long(op(int(x), int(y)))


def bit_and(a, b):
    if a is None or b is None:
        return None
    return _bits(a, b, lambda x, y: x & y, "&")


def bit_or(a, b):
    if a is None or b is None:
        return None
    return _bits(a, b, lambda x, y: x | y, "|")


def bit_xor(a, b):
    if a is None or b is None:
        return None
    return _bits(a, b, lambda x, y: x ^ y, "xor")


def _shift(a, b, name, left):
    """A shift keeps the type of its left operand; the distance is masked to 5 bits for an Integer
    and 6 for a Long, as Java does (1 << 33 is 2)."""
    x, distance = _int(a, name), _int(b, name)
    if jn.kind(x) == jn.INTEGER:
        distance &= 31
        return jn.as_integer(x << distance if left else x >> distance)
    distance &= 63
    x = int(x)
    return jn.as_long(x << distance if left else x >> distance)


def shift_left(a, b):
    if a is None or b is None:
        return None
    return _shift(a, b, "<<", True)


def shift_right(a, b):
    if a is None or b is None:
        return None
    return _shift(a, b, ">>", False)


def negate(a):
    """Unary minus keeps the type, without wrapping: -Integer.MIN_VALUE is a Long (java_numbers.exact)."""
    if a is None:
        return None
    x = to_number(a)
    k = jn.kind(x)
    if k == jn.INTEGER or k == jn.LONG:
        return jn.exact(-int(x), k)
    if k == jn.FLOAT:
        return jn.JavaFloat(-x)
    return -x


def bit_not(a):
    if a is None:
        return None
    x = _int(a, "~")
    if jn.kind(x) == jn.INTEGER:
        return ~x
    return jn.as_long(~int(x))


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
        return _promoted(to_number(a), to_number(b))
    if compat.is_string(a) and compat.is_string(b):
        return a, b
    if _is_num(a) and compat.is_string(b):
        n = parse_number(b)
        return _promoted(to_number(a), n) if n is not None else (to_text(a), b)
    if compat.is_string(a) and _is_num(b):
        n = parse_number(a)
        return _promoted(n, to_number(b)) if n is not None else (a, to_text(b))
    return to_text(a), to_text(b)


def _promoted(x, y):
    """Two numbers as Java compares them (JLS 15.20.1): whole numbers exactly; with a Double both as
    doubles, with a Float (and no Double) both as floats, so 16777217 = toFloat(16777216) is true."""
    k = jn.promote(jn.kind(x), jn.kind(y))
    if k == jn.DOUBLE:
        return float(x), float(y)
    if k == jn.FLOAT:
        return jn.single(x), jn.single(y)
    return x, y


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
    if type(a) is type(b) and type(a) in _FAST:  # same plain type: Python compares as Java does
        return a < b
    if a is None or b is None:
        return False
    x, y = _comparable(a, b)
    return x < y


def less_equal(a, b):
    if type(a) is type(b) and type(a) in _FAST:  # same plain type: Python compares as Java does
        return a <= b
    if a is None or b is None:
        return False
    x, y = _comparable(a, b)
    return x <= y


def greater(a, b):
    if type(a) is type(b) and type(a) in _FAST:  # same plain type: Python compares as Java does
        return a > b
    if a is None or b is None:
        return False
    x, y = _comparable(a, b)
    return x > y


def greater_equal(a, b):
    if type(a) is type(b) and type(a) in _FAST:  # same plain type: Python compares as Java does
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
