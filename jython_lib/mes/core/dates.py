"""Dates (docs/rules.md#objects-ids-and-dates): inputs in any common form, epoch milliseconds inside, ISO-8601 UTC out.

Accepted inputs: epoch millis (int/long/float or a digit string), ISO-8601 strings (a string
without a zone is read as UTC), java.util.Date / java.sql.Timestamp (getTime), java.time.Instant
(toEpochMilli), Python datetime (naive = UTC) and date. Java is never imported here: Java values
are recognised by their methods, so the module loads anywhere.
"""
from __future__ import absolute_import
import datetime
import re

from mes.core import errors, platform
from mes.core.compat import integer_types, is_string

_EPOCH = datetime.datetime(1970, 1, 1)
_ISO = re.compile(
    r"^(\d{4})-(\d{1,2})-(\d{1,2})"
    r"(?:[T ](\d{1,2}):(\d{1,2})(?::(\d{1,2})(?:[.,](\d{1,9}))?)?)?"
    r"\s*(Z|[+-]\d{2}:?\d{2})?$", re.IGNORECASE)
_DIGITS = re.compile(r"^-?\d+$")


def datetime_to_millis(value):
    """Epoch millis of a datetime (naive = UTC)."""
    return _from_datetime(value)


def millis_to_datetime(millis):
    """A naive UTC datetime for epoch millis."""
    return _EPOCH + datetime.timedelta(milliseconds=int(millis))


def iso_to_millis(text):
    """Epoch millis of an ISO-8601 date or date-time string, or None when it is not one."""
    return _from_iso(text)


def _from_datetime(value):
    offset = value.utcoffset() if value.tzinfo is not None else None
    naive = value.replace(tzinfo=None)
    if offset is not None:
        naive = naive - offset
    delta = naive - _EPOCH
    return (delta.days * 86400 + delta.seconds) * 1000 + delta.microseconds // 1000


def _from_iso(text):
    match = _ISO.match(text.strip())
    if not match:
        return None
    year, month, day, hour, minute, second, fraction, zone = match.groups()
    year, month, day = int(year), int(month), int(day)
    hour, minute, second = int(hour or 0), int(minute or 0), int(second or 0)
    if not (1 <= year <= 9999 and 1 <= month <= 12 and 1 <= day <= _days_in_month(year, month)
            and hour < 24 and minute < 60 and second < 60):
        return None  # what datetime refuses (a 30th of February, hour 24)
    millis = ((_days_from_civil(year, month, day) * 24 + hour) * 60 + minute) * 60000 + second * 1000
    millis += int((fraction or "0").ljust(3, "0")[:3])
    if zone and zone.upper() != "Z":
        sign = -1 if zone[0] == "-" else 1
        digits = zone[1:].replace(":", "")
        millis -= sign * (int(digits[:2]) * 60 + int(digits[2:])) * 60000
    return millis


# Calendar arithmetic on plain integers (proleptic Gregorian, as datetime): Jython runs the
# datetime module as Python code, several times slower than this on every record a call returns.
_MONTH_DAYS = (31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31)
_DAY_MILLIS = 86400000


def _days_in_month(year, month):
    if month == 2 and year % 4 == 0 and (year % 100 != 0 or year % 400 == 0):
        return 29
    return _MONTH_DAYS[month - 1]


def _days_from_civil(year, month, day):
    """Days since 1970-01-01 of a date."""
    if month <= 2:
        year -= 1
    era = year // 400
    year_of_era = year - era * 400
    day_of_year = (153 * (month - 3 if month > 2 else month + 9) + 2) // 5 + day - 1
    day_of_era = year_of_era * 365 + year_of_era // 4 - year_of_era // 100 + day_of_year
    return era * 146097 + day_of_era - 719468


def _civil_from_days(days):
    """(year, month, day) of a count of days since 1970-01-01."""
    shifted = days + 719468
    era = shifted // 146097
    day_of_era = shifted - era * 146097
    year_of_era = (day_of_era - day_of_era // 1460 + day_of_era // 36524 - day_of_era // 146096) // 365
    day_of_year = day_of_era - (365 * year_of_era + year_of_era // 4 - year_of_era // 100)
    shifted_month = (5 * day_of_year + 2) // 153
    day = day_of_year - (153 * shifted_month + 2) // 5 + 1
    month = shifted_month + 3 if shifted_month < 10 else shifted_month - 9
    return year_of_era + era * 400 + (1 if month <= 2 else 0), month, day


# The years a date may have (1 to 9999, as the databases and Python's datetime allow).
MIN_MILLIS = -62135596800000
MAX_MILLIS = 253402300799999


def to_millis(value, field="date"):
    """Epoch milliseconds for any accepted date form; None stays None.
    Raises ValidationError (naming `field`) for anything else, or outside the years 1 to 9999."""
    # Milliseconds already (most calls) skip the type tests; a bool is not one (its type is bool).
    millis = int(value) if type(value) in integer_types else _to_millis(value, field)
    if millis is not None and not MIN_MILLIS <= millis <= MAX_MILLIS:
        raise errors.ValidationError.for_field(field, "%s %r lies outside the years 1 to 9999" % (field, value))
    return millis


def _to_millis(value, field):
    if value is None:
        return None
    if isinstance(value, bool):
        raise errors.ValidationError.for_field(field, "%s must be a date, not a boolean" % field)
    if isinstance(value, integer_types):
        return int(value)
    if isinstance(value, float):
        if value != value or value in (float("inf"), float("-inf")):
            raise errors.ValidationError.for_field(field, "%s must be a date, not %r" % (field, value))
        return int(round(value))
    if isinstance(value, datetime.datetime):
        return _from_datetime(value)
    if isinstance(value, datetime.date):
        return _from_datetime(datetime.datetime(value.year, value.month, value.day))
    if is_string(value):
        text = value.strip()
        if _DIGITS.match(text):
            return int(text)
        millis = _from_iso(text)
        if millis is not None:
            return millis
        raise errors.ValidationError.for_field(
            field, "%s '%s' is not a date: use epoch milliseconds or ISO-8601 such as "
                   "2025-03-14T09:26:53.589Z" % (field, value))
    # java.util.Date and java.sql.Timestamp first: what every database read hands back.
    if hasattr(value, "getTime"):
        return int(value.getTime())
    if hasattr(value, "toEpochMilli"):  # java.time.Instant
        return int(value.toEpochMilli())
    raise errors.ValidationError.for_field(
        field, "%s has an unsupported type %s; pass epoch milliseconds, an ISO-8601 string, "
               "a java.util.Date or a datetime" % (field, type(value).__name__))


def to_iso(millis):
    """'2025-03-14T09:26:53.589Z' for epoch milliseconds; None stays None."""
    if millis is None:
        return None
    millis = int(millis)
    if not MIN_MILLIS <= millis <= MAX_MILLIS:
        raise OverflowError("date value out of range: %r epoch milliseconds" % millis)
    days, in_day = divmod(millis, _DAY_MILLIS)
    year, month, day = _civil_from_days(days)
    seconds, milli = divmod(in_day, 1000)
    minutes, second = divmod(seconds, 60)
    hour, minute = divmod(minutes, 60)
    return "%04d-%02d-%02dT%02d:%02d:%02d.%03dZ" % (year, month, day, hour, minute, second, milli)


# (millis, ISO text) of the last whole number iso() printed: a record's created, start and end dates
# are usually the same millisecond, so one printing serves all three.
_LAST_ISO = [(None, None)]


def iso(value):
    """Any accepted date form (including what a database hands back) as an ISO string."""
    if isinstance(value, integer_types) and not isinstance(value, bool):
        last_millis, last_text = _LAST_ISO[0]  # one read of the pair: another thread may replace it
        if last_millis == value:
            return last_text
        text = to_iso(to_millis(value))
        _LAST_ISO[0] = (value, text)
        return text
    return to_iso(to_millis(value))


def now_millis():
    """The gateway's clock (system.date.now), which the harness can control."""
    return int(platform.system().date.now().getTime())


# (millis, java.util.Date) of the last to_database: a record binds its created, start and end
# dates, usually the same millisecond, so one Date serves all three (nothing changes a bound Date).
_LAST_BOUND = [(None, None)]


def to_database(millis):
    """The value to bind for a timestamp column: a java.util.Date made by system.date, which
    every Ignition database translator accepts."""
    if millis is None:
        return None
    millis = int(millis)
    last_millis, last_date = _LAST_BOUND[0]
    if last_millis == millis:
        return last_date
    made = platform.system().date.fromMillis(millis)
    _LAST_BOUND[0] = (millis, made)
    return made
