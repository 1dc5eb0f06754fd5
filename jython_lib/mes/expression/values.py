"""Values of the expression language: qualities, dates, and the coercion rules.

Types inside the evaluator: None (null), bool, the four Java number types of `java_numbers` (Integer,
Long, Float, Double), text, DateValue, Quality. Coercions follow the Ignition manual's type-casting
pages (toInt, toLong, toFloat, toDouble, toBoolean, toStr, toDate).
"""
from __future__ import absolute_import, unicode_literals

import datetime
import math

from mes.core import compat
from mes.expression import dates, java_numbers, java_text
from mes.expression.expr_errors import ExpressionEvaluationError

_EPOCH = datetime.datetime(1970, 1, 1)
JAVA_DATE_PATTERN = "EEE MMM dd HH:mm:ss zzz yyyy"  # java.util.Date.toString(), in the gateway's zone

# --- quality -------------------------------------------------------------------------------------

GOOD_LEVEL, UNCERTAIN_LEVEL, BAD_LEVEL, ERROR_LEVEL = 0, 1, 2, 3


class Quality(object):
    """A quality code: `name` (Good, Bad_NotFound, ...) and `level` (0 good, 1 uncertain, 2 bad, 3 error).

    Answers isGood()/isBad()/isUncertain()/isError() like Ignition's QualityCode. Compares equal to
    its name (case-insensitive) and, for Good, to the legacy code 192.
    """
    __slots__ = ("name", "level", "diagnostic")

    def __init__(self, name, level, diagnostic=None):
        self.name = name
        self.level = level
        self.diagnostic = diagnostic  # qualifiedValue's message: shown, never compared

    def isGood(self):
        return self.level == GOOD_LEVEL

    def isBad(self):
        return self.level >= BAD_LEVEL

    def isUncertain(self):
        return self.level == UNCERTAIN_LEVEL

    def isError(self):
        return self.level == ERROR_LEVEL

    def getName(self):
        return self.name

    def __eq__(self, other):
        if isinstance(other, Quality):
            return self.name == other.name
        if compat.is_string(other):
            return self.name.lower() == other.lower()
        if compat.is_number(other):
            return self.level == GOOD_LEVEL and other == 192
        return False

    def __ne__(self, other):
        return not self.__eq__(other)

    def __hash__(self):
        return hash(self.name)

    def __str__(self):
        if self.diagnostic is None:
            return self.name
        return '%s("%s")' % (self.name, self.diagnostic)

    def __repr__(self):
        return "Quality(%s)" % self.name


GOOD = Quality("Good", GOOD_LEVEL)
NOT_FOUND = Quality("Bad_NotFound", BAD_LEVEL)
EVAL_ERROR = Quality("Error_ExpressionEval", ERROR_LEVEL)
_KNOWN = {"good": GOOD, "bad_notfound": NOT_FOUND}


def to_quality(q):
    """Any quality-like object (QualityCode, our Quality, a name, None) -> Quality."""
    if q is None or q is GOOD:
        return GOOD
    if isinstance(q, Quality):
        return q
    is_good = getattr(q, "isGood", None)
    if is_good is not None:  # fast path: a good QualityCode needs no name
        try:
            if is_good():
                return GOOD
        except Exception:  # noqa: BLE001
            pass
    if compat.is_string(q):
        name = q
        low = q.lower()
        level = GOOD_LEVEL if low.startswith("good") else (
            UNCERTAIN_LEVEL if low.startswith("uncertain") else (
                ERROR_LEVEL if low.startswith("error") else BAD_LEVEL))
    else:
        name = _quality_name(q)
        if _call(q, "isGood"):
            level = GOOD_LEVEL
        elif _call(q, "isUncertain"):
            level = UNCERTAIN_LEVEL
        elif _call(q, "isError"):
            level = ERROR_LEVEL
        else:
            level = BAD_LEVEL
    if level == GOOD_LEVEL and name in ("Good", "GOOD", "good"):
        return GOOD
    known = _KNOWN.get(name.lower())
    if known is not None and known.level == level:
        return known
    return Quality(name, level)


def _call(obj, method):
    fn = getattr(obj, method, None)
    if fn is None:
        return False
    try:
        return bool(fn())
    except Exception:  # noqa: BLE001 - a foreign object's method failing means "no"
        return False


def _quality_name(q):
    get_name = getattr(q, "getName", None)
    if get_name is not None:
        try:
            return compat.text_type(get_name())
        except Exception:  # noqa: BLE001
            pass
    name = getattr(q, "name", None)
    if compat.is_string(name):
        return name
    return compat.text_type(q)


# --- dates ---------------------------------------------------------------------------------------

class DateValue(object):
    """A point in time as epoch milliseconds (UTC). getTime() makes it java.util.Date-like."""
    __slots__ = ("millis",)

    def __init__(self, millis):
        self.millis = int(millis)

    def getTime(self):
        return self.millis

    def to_datetime(self):
        """The instant as a naive UTC datetime."""
        return _EPOCH + datetime.timedelta(milliseconds=self.millis)

    def __eq__(self, other):
        return isinstance(other, DateValue) and other.millis == self.millis

    def __ne__(self, other):
        return not self.__eq__(other)

    def __hash__(self):
        return hash(self.millis)

    def __repr__(self):
        return "DateValue(%d)" % self.millis

    def __str__(self):
        return java_text.format_date(self.millis, JAVA_DATE_PATTERN)


# --- datasets ------------------------------------------------------------------------------------

class DatasetValue(object):
    """A dataset the evaluator builds (split, sortDataset, columnRename...): Ignition's BasicDataset
    shape (getRowCount, getColumnCount, getColumnName(s), getColumnIndex, getValueAt)."""
    __slots__ = ("names", "rows")

    def __init__(self, names, rows):
        self.names = list(names)
        self.rows = [list(r) for r in rows]

    def getRowCount(self):
        return len(self.rows)

    def getColumnCount(self):
        return len(self.names)

    def getColumnNames(self):
        return list(self.names)

    def getColumnName(self, col):
        return self.names[col]

    def getColumnIndex(self, name):
        return self.names.index(name) if name in self.names else -1

    def getValueAt(self, row, col):
        if not isinstance(col, compat.integer_types):
            col = self.getColumnIndex(col)
        return self.rows[row][col]

    def __eq__(self, other):
        return isinstance(other, DatasetValue) and other.names == self.names and other.rows == self.rows

    def __ne__(self, other):
        return not self.__eq__(other)

    def __repr__(self):
        return "Dataset [%dR x %dC]" % (len(self.rows), len(self.names))

    __str__ = __repr__


def is_dataset(value):
    """True for anything with Ignition's Dataset methods (a tag's BasicDataset, or a DatasetValue)."""
    return hasattr(value, "getRowCount") and hasattr(value, "getValueAt")


# --- normalisation of incoming values --------------------------------------------------------------

_PLAIN = frozenset((bool, int, float, java_numbers.JavaLong, java_numbers.JavaFloat, DateValue, Quality, type(None))
                   + compat.string_types)
# java.lang.Number classes by simple name -> the evaluator's number (JPype's boxed numbers are
# int/float subclasses; on Jython a Float4 tag value is already a float, an Int8 one a long)
_BOXED = {"Long": java_numbers.JavaLong, "Float": java_numbers.JavaFloat, "Integer": int, "Short": int,
          "Byte": int, "Double": float}


def normalize(value):
    """A value as read from a tag or handed in -> one of the evaluator's types."""
    if type(value) in _PLAIN:
        if compat.PY2 and isinstance(value, str):  # pragma: no cover - Jython byte strings
            return value.decode("utf-8")
        return value
    boxed = _boxed_number(value)
    if boxed is not None:
        return boxed
    if isinstance(value, compat.string_types + (bool, DateValue, Quality)):
        return value
    get_time = getattr(value, "getTime", None)
    if get_time is not None:
        return DateValue(get_time())
    if hasattr(value, "utcoffset") and hasattr(value, "year"):  # datetime.datetime
        if value.tzinfo is not None:
            value = value.replace(tzinfo=None) - value.utcoffset()
        delta = value - datetime.datetime(1970, 1, 1)
        return DateValue((delta.days * 86400 + delta.seconds) * 1000 + delta.microseconds // 1000)
    if hasattr(value, "doubleValue") and hasattr(value, "longValue"):  # java.lang.Number (BigDecimal, ...)
        d = float(value.doubleValue())
        whole = int(value.longValue())
        return java_numbers.literal_integer(whole) if d == whole and "." not in compat.text_type(value) else d
    if isinstance(value, float):
        return float(value)
    if compat.PY2 and isinstance(value, compat.integer_types[1]):  # pragma: no cover - Jython's java.lang.Long
        return java_numbers.JavaLong(value)
    if isinstance(value, compat.integer_types):
        return java_numbers.literal_integer(int(value))
    return value


def _boxed_number(value):
    """A java.lang.Integer/Long/Float/Double (JPype or Jython) as the evaluator's number, else None."""
    get_class = getattr(value, "getClass", None)
    if get_class is None or not hasattr(value, "doubleValue"):
        return None
    try:
        convert = _BOXED.get(compat.text_type(get_class().getSimpleName()))
    except Exception:  # noqa: BLE001 - a foreign object that only looks like a Java number
        return None
    if convert is None:
        return None
    if convert is float or convert is java_numbers.JavaFloat:
        return convert(float(value.doubleValue()))
    return convert(int(value.longValue()))


# --- coercion ------------------------------------------------------------------------------------

def _kind(value):
    if value is None:
        return "null"
    if isinstance(value, bool):
        return "boolean"
    if compat.is_number(value):
        return "number"
    if compat.is_string(value):
        return "string"
    if isinstance(value, DateValue):
        return "date"
    if isinstance(value, Quality):
        return "quality"
    if is_dataset(value):
        return "dataset"
    return None


_JAVA_NAMES = {"null": "null", "boolean": "Boolean", "string": "String", "date": "Date", "quality": "QualityCode",
               "dataset": "Dataset"}


def type_name(value):
    """The value's kind for messages: null, boolean, number, string, date, quality, dataset."""
    return _kind(value) or type(value).__name__


def java_type_name(value):
    """typeOf: the Java class a gateway holds the value in (Integer, Long, Float, Double, String, ...)."""
    kind = _kind(value)
    if kind == "number":
        return java_numbers.type_name(value)
    return _JAVA_NAMES.get(kind) or type(value).__name__


def parse_number(text):
    """A string as a number (int when it has no fraction or exponent), or None."""
    s = text.strip()
    if not s:
        return None
    try:
        if s.lower().startswith(("0x", "-0x", "+0x")):
            return int(s, 16)
        return int(s)
    except ValueError:
        pass
    try:
        value = float(s)
    except ValueError:
        return None
    if math.isnan(value) and s.lower() not in ("nan", "+nan", "-nan"):
        return None
    return value


def to_number(value, what="a number"):
    """Number for arithmetic: numbers, booleans (Integer 1/0), numeric strings (a whole number is an
    Integer or a Long by its size, beyond a Long a Double), dates (their millis, a Long)."""
    if isinstance(value, bool):
        return 1 if value else 0
    if compat.is_number(value):
        return value
    if compat.is_string(value):
        number = parse_number(value)
        if number is not None:
            if isinstance(number, float):
                return number
            if java_numbers.fits(number, java_numbers.LONG):
                return java_numbers.literal_integer(number)
            return float(number)
    elif isinstance(value, DateValue):
        return java_numbers.JavaLong(value.millis)
    raise ExpressionEvaluationError("cannot use %s %s as %s" % (type_name(value), _show(value), what))


def java_round(x):
    """Java's Math.round: the nearest long, halves up (towards positive infinity); exact for
    0.49999999999999994, where floor(x + 0.5) would round up."""
    whole = math.floor(x)
    return int(whole) + 1 if x - whole >= 0.5 else int(whole)


def to_integer(value):
    """A whole number for an argument (an index, a count, a date field): numbers convert directly
    (rounding), strings are parsed (\"33.9\" -> 34). A plain Python int of any size."""
    number = to_number(value, "an integer")
    if isinstance(number, float):
        if math.isnan(number) or math.isinf(number):
            raise ExpressionEvaluationError("cannot convert %s to an integer" % _show(value))
        return java_round(number)
    return int(number)


def to_int(value):
    """toInt: an Integer (32 bits), rounding as toInteger's manual page says; a value outside
    -2147483648..2147483647 is a failed cast (its failover, or an evaluation error), never wrapped."""
    number = to_integer(value)
    if not java_numbers.fits(number, java_numbers.INTEGER):
        raise ExpressionEvaluationError("%s does not fit an Integer (32 bits: -2147483648 to 2147483647); "
                                        "use toLong" % _show(value))
    return number


def to_long(value):
    """toLong: a Long (64 bits), rounding; outside the Long range a failed cast."""
    number = to_integer(value)
    if not java_numbers.fits(number, java_numbers.LONG):
        raise ExpressionEvaluationError("%s does not fit a Long (64 bits)" % _show(value))
    return java_numbers.JavaLong(number)


def to_double(value):
    """toDouble: a Double (64-bit floating point)."""
    return float(to_number(value, "a floating point number"))


def to_float(value):
    """toFloat: a Float, the nearest 32-bit floating point value (0.1 becomes 0.10000000149011612)."""
    return java_numbers.make_float(to_number(value, "a floating point number"))


def to_date(value):
    """toDate rules: dates as they are; numbers (and numeric text) are epoch millis; text in one of the
    manual's formats is wall time in the gateway's zone."""
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


_TRUE_WORDS = ("on", "true", "t", "yes", "y")
_FALSE_WORDS = ("off", "false", "f", "no", "n")


def to_boolean(value):
    """toBoolean rules: numbers are true when non-zero; on/true/t/yes/y and off/false/f/no/n;
    numeric strings as numbers; anything else fails. null is false (a missing value is not true)."""
    if value is None:
        return False
    if isinstance(value, bool):
        return value
    if compat.is_number(value):
        return value != 0
    if compat.is_string(value):
        low = value.strip().lower()
        if low in _TRUE_WORDS:
            return True
        if low in _FALSE_WORDS:
            return False
        number = parse_number(value)
        if number is not None:
            return number != 0
    raise ExpressionEvaluationError("cannot convert %s %s to a boolean" % (type_name(value), _show(value)))


to_text = java_text.java_string  # toStr's rules are String.valueOf's
java_double_text = java_text.double_text


def _show(value):
    if compat.is_string(value):
        return '"%s"' % value
    return to_text(value)
