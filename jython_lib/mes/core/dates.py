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
    try:
        moment = datetime.datetime(int(year), int(month), int(day), int(hour or 0), int(minute or 0),
                                   int(second or 0), int((fraction or "0").ljust(6, "0")[:6]))
    except ValueError:
        return None
    millis = _from_datetime(moment)
    if zone and zone.upper() != "Z":
        sign = -1 if zone[0] == "-" else 1
        digits = zone[1:].replace(":", "")
        millis -= sign * (int(digits[:2]) * 60 + int(digits[2:])) * 60000
    return millis


# The years a date may have (1 to 9999, as the databases and Python's datetime allow).
MIN_MILLIS = -62135596800000
MAX_MILLIS = 253402300799999


def to_millis(value, field="date"):
    """Epoch milliseconds for any accepted date form; None stays None.
    Raises ValidationError (naming `field`) for anything else, or outside the years 1 to 9999."""
    millis = _to_millis(value, field)
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
        if re.match(r"^-?\d+$", text):
            return int(text)
        millis = _from_iso(text)
        if millis is not None:
            return millis
        raise errors.ValidationError.for_field(
            field, "%s '%s' is not a date: use epoch milliseconds or ISO-8601 such as "
                   "2025-03-14T09:26:53.589Z" % (field, value))
    if hasattr(value, "toEpochMilli"):  # java.time.Instant
        return int(value.toEpochMilli())
    if hasattr(value, "getTime"):  # java.util.Date and java.sql.Timestamp
        return int(value.getTime())
    raise errors.ValidationError.for_field(
        field, "%s has an unsupported type %s; pass epoch milliseconds, an ISO-8601 string, "
               "a java.util.Date or a datetime" % (field, type(value).__name__))


def to_iso(millis):
    """'2025-03-14T09:26:53.589Z' for epoch milliseconds; None stays None."""
    if millis is None:
        return None
    moment = _EPOCH + datetime.timedelta(milliseconds=int(millis))
    return "%04d-%02d-%02dT%02d:%02d:%02d.%03dZ" % (
        moment.year, moment.month, moment.day, moment.hour, moment.minute, moment.second,
        moment.microsecond // 1000)


def iso(value):
    """Any accepted date form (including what a database hands back) as an ISO string."""
    return to_iso(to_millis(value))


def now_millis():
    """The gateway's clock (system.date.now), which the harness can control."""
    return int(platform.system().date.now().getTime())


def to_database(millis):
    """The value to bind for a timestamp column: a java.util.Date made by system.date, which
    every Ignition database translator accepts."""
    if millis is None:
        return None
    return platform.system().date.fromMillis(int(millis))
