"""The library's one number and quantity coercion (docs/limits.md#quantity-precision).

Every number a caller, an expression or a driver hands in (int, float, numeric text, a Java
java.lang.Number such as BigDecimal) goes through `to_number`; every quantity, capacity and count
that is written goes through `quantity`, which rounds half-even to 8 decimal places so every
database stores and returns the same value.
"""
from __future__ import absolute_import
import decimal
import math

from mes.core.compat import is_number, is_string

PLACES = 8
_STEP = decimal.Decimal(1).scaleb(-PLACES)
_SCALE = 10 ** PLACES
# DECIMAL(24,8) holds 16 digits before the point: 1e16 and more do not fit.
LIMIT = 10 ** 16


def to_number(value):
    """A finite float for a number, numeric text or Java number; None for anything else.

    Args:
        value: the value to read; booleans are not numbers.

    Returns:
        float or None.
    """
    if isinstance(value, bool) or value is None:
        return None
    if is_number(value):
        number = float(value)
    elif is_string(value):
        try:
            number = float(value.strip())
        except ValueError:
            return None
    elif hasattr(value, "doubleValue"):  # java.lang.Number (BigDecimal, Integer, ...) in Jython
        number = float(value.doubleValue())
    else:
        return None
    return None if math.isnan(number) or math.isinf(number) else number


def round_quantity(number):
    """`number` rounded half-even to 8 decimal places (a float)."""
    scaled = number * _SCALE
    if scaled == int(scaled) and abs(scaled) < 2 ** 52:
        return number  # already exact at 8 places: the common case costs no Decimal
    return float(decimal.Decimal(repr(number)).quantize(_STEP, rounding=decimal.ROUND_HALF_EVEN))


def quantity_problem(key, value):
    """(quantity rounded to 8 places, None) or (None, message naming `key`) for one value.

    Args:
        key: the field or request key, named in the message.
        value: anything `to_number` reads.

    Returns:
        (float, None) or (None, str).
    """
    number = to_number(value)
    if number is None:
        return None, "%s must be a number, not %r" % (key, value)
    rounded = round_quantity(number)
    if number != 0 and rounded == 0:
        return None, "%s %r rounds to zero at the 8 decimal places quantities are stored with; give at least " \
                     "0.00000001" % (key, value)
    if abs(rounded) >= LIMIT:
        return None, "%s %r is out of range; quantities must stay below 1e16 (at most 16 digits before " \
                     "the decimal point)" % (key, value)
    return rounded, None


def display(value):
    """A quantity as people read it in messages: up to 8 decimals, no trailing zeros."""
    return ("%.8f" % value).rstrip("0").rstrip(".")
