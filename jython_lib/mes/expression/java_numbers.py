"""Java's four number types inside the evaluator (docs/expressions.md#java-fidelity).

A gateway holds every number in a java.lang.Integer, Long, Float or Double, and its arithmetic
follows Java's binary numeric promotion. The evaluator keeps the common cases as plain Python
numbers so they cost nothing extra:

- Integer: a plain int within 32 bits.
- Long: a `JavaLong` (an int subclass), or any other whole number beyond 32 bits. A value handed
  in as a Jython `long` (what Jython makes of a java.lang.Long tag value) becomes a JavaLong in
  `values.normalize`; a `long` that Jython's own arithmetic produced is typed by its size.
- Float: a `JavaFloat` (a float subclass) holding a value that is exactly a 32-bit float.
- Double: a plain float.

Results are wrapped to 32 or 64 bits and Floats rounded to single precision here, in one place.
"""
from __future__ import absolute_import, unicode_literals

import math
import struct

from mes.core import compat
from mes.expression.expr_errors import ExpressionEvaluationError

INTEGER, LONG, FLOAT, DOUBLE = 0, 1, 2, 3
TYPE_NAMES = ("Integer", "Long", "Float", "Double")

INT_MIN, INT_MAX = -2 ** 31, 2 ** 31 - 1
LONG_MIN, LONG_MAX = -2 ** 63, 2 ** 63 - 1
_INT_SPAN, _LONG_SPAN = 2 ** 32, 2 ** 64
_INT_MASK, _LONG_MASK = _INT_SPAN - 1, _LONG_SPAN - 1
_FLOAT_MAX = 3.4028234663852886e38
_FLOAT_BITS = 24  # significand bits of a 32-bit float
_EXACT_IN_DOUBLE = 2 ** 53

_long_base = long if compat.PY2 else int  # noqa: F821 - Jython's unbounded integer type


class JavaLong(_long_base):
    """A java.lang.Long: a whole number the evaluator treats as 64 bits even when it is small."""
    __slots__ = ()


class JavaFloat(float):
    """A java.lang.Float: its value is exactly a 32-bit float; printed by Float.toString."""
    __slots__ = ()


def kind(number):
    """INTEGER, LONG, FLOAT or DOUBLE for a number (not a bool) of the evaluator."""
    t = type(number)
    if t is int:
        return INTEGER if INT_MIN <= number <= INT_MAX else LONG
    if t is float:
        return DOUBLE
    if t is JavaFloat:
        return FLOAT
    if isinstance(number, float):
        return DOUBLE
    if t is JavaLong:
        return LONG
    # any other whole number (Jython's long from plain arithmetic) is typed by its size, as a literal
    return INTEGER if INT_MIN <= number <= INT_MAX else LONG


def type_name(number):
    """The simple name of the Java class that holds `number` (typeOf)."""
    return TYPE_NAMES[kind(number)]


def as_integer(value):
    """An integral value wrapped to 32 bits as Java's int arithmetic does; a plain int."""
    if INT_MIN <= value <= INT_MAX:
        return int(value)
    return int(((value - INT_MIN) & _INT_MASK) + INT_MIN)


def as_long(value):
    """An integral value wrapped to 64 bits as Java's long arithmetic does; a JavaLong."""
    if not LONG_MIN <= value <= LONG_MAX:
        value = ((value - LONG_MIN) & _LONG_MASK) + LONG_MIN
    return JavaLong(value)


def exact(value, kind):
    """The exact result of +, -, *, unary minus or abs on whole numbers of `kind` (INTEGER or LONG):
    an Integer that does not fit 32 bits becomes a Long, and a Long that does not fit 64 bits is an
    evaluation error. Java would wrap both; a wrapped count or quantity would be a wrong one that
    still looks valid, so the evaluator never wraps arithmetic (docs/expressions.md#java-fidelity)."""
    if kind == INTEGER and INT_MIN <= value <= INT_MAX:
        return int(value)
    if LONG_MIN <= value <= LONG_MAX:
        return JavaLong(value)
    raise ExpressionEvaluationError("the result %d does not fit a 64-bit Long; compute with decimals "
                                    "(toDouble) or smaller numbers" % value)


def literal_integer(value):
    """A whole-number literal or parsed text: an Integer when it fits 32 bits, else a Long."""
    return int(value) if INT_MIN <= value <= INT_MAX else JavaLong(value)


def single(x):
    """The nearest 32-bit float to a double or a whole number (round half even, as Java's casts),
    as a plain float; beyond the float range an infinity of the same sign."""
    try:
        wide = x if isinstance(x, float) else _integer_to_double_for_single(x)
        return struct.unpack(str("f"), struct.pack(str("f"), wide))[0]
    except OverflowError:
        return float("inf") if x > 0 else float("-inf")


def _integer_to_double_for_single(n):
    """A whole number rounded once to 24 significant bits: converting a long above 2**53 to double
    first and then to float would round twice, where Java's long-to-float rounds once."""
    if -_EXACT_IN_DOUBLE <= n <= _EXACT_IN_DOUBLE:
        return float(n)
    magnitude = abs(n)
    shift = _bit_length(magnitude) - _FLOAT_BITS
    quotient, remainder = divmod(magnitude, 1 << shift)
    half = 1 << (shift - 1)
    if remainder > half or (remainder == half and quotient & 1):
        quotient += 1
    return math.copysign(float(quotient << shift), n)


def _bit_length(n):
    return len(bin(n)) - 2  # int.bit_length is missing on Jython's long


def make_float(x):
    """A JavaFloat holding x rounded to single precision."""
    return JavaFloat(single(x))


def promote(kind_a, kind_b):
    """Binary numeric promotion (JLS 5.6.2): the wider of the two kinds."""
    return kind_a if kind_a > kind_b else kind_b


def fits(number, to_kind):
    """Whether a whole number is within the range of INTEGER or LONG."""
    if to_kind == INTEGER:
        return INT_MIN <= number <= INT_MAX
    return LONG_MIN <= number <= LONG_MAX
