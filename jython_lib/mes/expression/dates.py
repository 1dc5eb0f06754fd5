"""Calendar arithmetic in the gateway's time zone (docs/expressions.md#dates-and-time-zones).

Dates are epoch milliseconds. A date's fields (year, month, hour...) are those of the wall clock in
the gateway's zone; building a date from fields, and adding days, weeks, months or years, keeps the
wall-clock time and resolves a daylight-saving gap or overlap as java.util.GregorianCalendar does;
adding hours, minutes, seconds or milliseconds adds elapsed time.

toDate formats (manual, toDate page): yyyy-MM-dd, MM/dd/yyyy, MM/dd/yyyy HH:mm:ss, hh:mm:ss a,
hh:mm a, MM/dd/yyyy hh:mm:ss a, yyyy-MM-dd HH:mm:ss.SSS, yyyy-MM-dd HH:mm:ss,
EEE MMM dd HH:mm:ss z yyyy, yyyyMMdd.HHmmssSSSZ, plus ISO-8601 with a zone. Fields are lenient about
leading zeros, as Java's parser is; a text without a zone is wall time in the gateway's zone.
"""
from __future__ import absolute_import, unicode_literals

import calendar
import datetime
import re

from mes.expression import zones
from mes.expression.expr_errors import ExpressionEvaluationError

DAY = zones.DAY_MILLIS
_EPOCH = datetime.datetime(1970, 1, 1)
_MIN_MILLIS = -62135596800000  # 0001-01-01, the start of the proleptic calendar this module uses
_MAX_MILLIS = 253402300799999  # 9999-12-31 23:59:59.999

_ISO = re.compile(r"^(\d{4})-(\d{1,2})-(\d{1,2})(?:[T ](\d{1,2}):(\d{1,2})(?::(\d{1,2})(?:\.(\d{1,3})\d*)?)?)?"
                  r"\s*(Z|[+-]\d{2}:?\d{2})?$", re.IGNORECASE)
_US = re.compile(r"^(\d{1,2})/(\d{1,2})/(\d{4})(?:\s+(\d{1,2}):(\d{1,2})(?::(\d{1,2}))?(?:\s*([AaPp][Mm]))?)?$")
_TIME = re.compile(r"^(\d{1,2}):(\d{1,2})(?::(\d{1,2}))?\s*([AaPp][Mm])$")
_COMPACT = re.compile(r"^(\d{4})(\d{2})(\d{2})\.(\d{2})(\d{2})(\d{2})(\d{3})([+-]\d{4})?$")
_JAVA_TEXT = re.compile(r"^\w{3} (\w{3}) (\d{1,2}) (\d{1,2}):(\d{2}):(\d{2}) (\S+) (\d{4})$")
_MONTHS = ("Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec")


# --- fields <-> instants --------------------------------------------------------------------------

def wall_datetime(millis, zone=None):
    """The wall-clock reading at an instant, as a naive datetime (to the millisecond)."""
    zone = zone or zones.gateway_zone()
    _check_range(millis)
    return _EPOCH + datetime.timedelta(milliseconds=zones.to_wall(zone, millis))


def from_wall_datetime(dt, zone=None):
    """The instant a naive wall-clock datetime means in the zone."""
    zone = zone or zones.gateway_zone()
    delta = dt - _EPOCH
    wall = (delta.days * 86400 + delta.seconds) * 1000 + delta.microseconds // 1000
    return zones.from_wall(zone, wall)


def from_fields(year, month, day, hour=0, minute=0, second=0, millis=0, zone=None):
    """The instant of a wall-clock reading; like a lenient Calendar, out-of-range fields roll over
    (month 12 is January of the next year, day 0 the last day of the month before)."""
    year += (month - 1) // 12
    month = (month - 1) % 12 + 1
    try:
        base = datetime.datetime(year, month, 1)
        dt = base + datetime.timedelta(days=day - 1, hours=hour, minutes=minute, seconds=second,
                                       milliseconds=millis)
    except (OverflowError, ValueError):
        raise ExpressionEvaluationError("the date %04d-%02d-%02d is outside the years 1 to 9999" % (year, month, day))
    return from_wall_datetime(dt, zone)


def _check_range(millis):
    if not _MIN_MILLIS <= millis <= _MAX_MILLIS:
        raise ExpressionEvaluationError("the date %d (epoch milliseconds) is outside the years 1 to 9999" % millis)


def millis_of_day(dt):
    """Milliseconds since the wall clock's midnight."""
    return ((dt.hour * 60 + dt.minute) * 60 + dt.second) * 1000 + dt.microsecond // 1000


# --- parsing ------------------------------------------------------------------------------------

def _hour12(hour, ampm):
    if ampm is None:
        return hour
    hour = hour % 12
    return hour + 12 if ampm.lower() == "pm" else hour


def _offset_minutes(text):
    sign = -1 if text[0] == "-" else 1
    digits = text[1:].replace(":", "")
    return sign * (int(digits[:2]) * 60 + int(digits[2:]))


def parse_date(text):
    """Millis for a date string in one of the supported formats, or None."""
    s = text.strip()
    try:
        return _parse(s)
    except (ValueError, OverflowError, ExpressionEvaluationError):  # e.g. month 13
        return None


def _parse(s):
    m = _ISO.match(s)
    if m:
        y, mo, d, hh, mi, ss, ms, tz = m.groups()
        local = datetime.datetime(int(y), int(mo), int(d), int(hh or 0), int(mi or 0), int(ss or 0),
                                  int((ms or "0").ljust(3, "0")) * 1000)
        if tz:
            offset = 0 if tz.upper() == "Z" else _offset_minutes(tz)
            return from_wall_datetime(local, zones.UTC) - offset * 60000
        return from_wall_datetime(local)
    m = _US.match(s)
    if m:
        mo, d, y, hh, mi, ss, ampm = m.groups()
        return from_wall_datetime(datetime.datetime(int(y), int(mo), int(d), _hour12(int(hh or 0), ampm),
                                                    int(mi or 0), int(ss or 0)))
    m = _TIME.match(s)
    if m:
        hh, mi, ss, ampm = m.groups()
        return from_wall_datetime(datetime.datetime(1970, 1, 1, _hour12(int(hh), ampm), int(mi), int(ss or 0)))
    m = _COMPACT.match(s)
    if m:
        y, mo, d, hh, mi, ss, ms, tz = m.groups()
        local = datetime.datetime(int(y), int(mo), int(d), int(hh), int(mi), int(ss), int(ms) * 1000)
        if tz:
            return from_wall_datetime(local, zones.UTC) - _offset_minutes(tz) * 60000
        return from_wall_datetime(local)
    m = _JAVA_TEXT.match(s)
    if m and m.group(1) in _MONTHS:
        mon, d, hh, mi, ss, _zone, y = m.groups()
        return from_wall_datetime(datetime.datetime(int(y), _MONTHS.index(mon) + 1, int(d), int(hh), int(mi),
                                                    int(ss)))
    return None


# --- arithmetic ---------------------------------------------------------------------------------

_ELAPSED = {"ms": 1, "millisecond": 1, "milliseconds": 1, "millis": 1,
            "second": 1000, "seconds": 1000, "sec": 1000, "secs": 1000,
            "minute": 60000, "minutes": 60000, "min": 60000, "mins": 60000,
            "hour": 3600000, "hours": 3600000, "hr": 3600000, "hrs": 3600000}
_CALENDAR_DAYS = {"day": 1, "days": 1, "week": 7, "weeks": 7}
_CALENDAR_MONTHS = {"month": 1, "months": 1, "year": 12, "years": 12}


def _field(field):
    key = ("%s" % (field,)).strip().lower()
    if key in _ELAPSED or key in _CALENDAR_DAYS or key in _CALENDAR_MONTHS:
        return key
    raise ExpressionEvaluationError("unknown date field \"%s\" (use ms, second, sec, minute, min, hour, hr, "
                                    "day, week, month or year)" % (field,))


def add_elapsed(millis, amount_millis):
    """An instant plus elapsed time (hours, minutes, seconds, ms: daylight saving does not matter)."""
    result = millis + amount_millis
    _check_range(result)
    return result


def add_days(millis, days):
    """Same wall-clock time `days` calendar days later (23 or 25 hours across a DST change)."""
    dt = wall_datetime(millis)
    try:
        return from_wall_datetime(dt + datetime.timedelta(days=days))
    except OverflowError:
        raise ExpressionEvaluationError("adding %d days leaves the years 1 to 9999" % days)


def add_months(millis, months):
    """Same day and time `months` later; a day the month lacks becomes its last (Mar 31 + 1 = Apr 30)."""
    dt = wall_datetime(millis)
    total = dt.year * 12 + (dt.month - 1) + months
    year, month = total // 12, total % 12 + 1
    if not 1 <= year <= 9999:
        raise ExpressionEvaluationError("adding %d months leaves the years 1 to 9999" % months)
    day = min(dt.day, calendar.monthrange(year, month)[1])
    return from_wall_datetime(dt.replace(year=year, month=month, day=day))


def date_arithmetic(millis, amount, field):
    """dateArithmetic: whole units; ms..hours are elapsed time, days and longer keep the wall clock."""
    key = _field(field)
    amount = int(amount)
    if key in _CALENDAR_MONTHS:
        return add_months(millis, amount * _CALENDAR_MONTHS[key])
    if key in _CALENDAR_DAYS:
        return add_days(millis, amount * _CALENDAR_DAYS[key])
    return add_elapsed(millis, amount * _ELAPSED[key])


def date_diff(millis1, millis2, field):
    """dateDiff: date2 - date1 in `field` units; fractional elapsed time (the manual's 17.019 days across
    the 2008 spring change in Los Angeles), except months and years: the difference of the calendar
    fields (Feb 24 -> Mar 12 is 1 month)."""
    key = _field(field)
    if key in _CALENDAR_MONTHS:
        d1, d2 = wall_datetime(millis1), wall_datetime(millis2)
        if _CALENDAR_MONTHS[key] == 12:
            return float(d2.year - d1.year)
        return float((d2.year - d1.year) * 12 + (d2.month - d1.month))
    unit = _ELAPSED.get(key) or _CALENDAR_DAYS[key] * DAY
    return (millis2 - millis1) / float(unit)


def truncate_toward_zero(numerator, denominator):
    """Java's integer division (Python's // floors instead)."""
    whole = abs(numerator) // denominator
    return whole if numerator >= 0 else -whole


def elapsed_between(millis1, millis2, unit_millis):
    """Whole units of elapsed time from date1 to date2, negative when date2 is earlier."""
    return truncate_toward_zero(millis2 - millis1, unit_millis)


def days_between(millis1, millis2):
    """Whole calendar days: elapsed time with each date's daylight-saving offset taken out, so
    midnight to midnight across a change is one day, not 23 hours."""
    zone = zones.gateway_zone()
    return truncate_toward_zero(zones.to_wall(zone, millis2) - zones.to_wall(zone, millis1), DAY)


def months_between(millis1, millis2):
    """Whole months: the calendar difference, less one when date2's day and time of month have not
    reached date1's yet."""
    if millis2 < millis1:
        return -months_between(millis2, millis1)
    d1, d2 = wall_datetime(millis1), wall_datetime(millis2)
    months = (d2.year - d1.year) * 12 + (d2.month - d1.month)
    if months > 0 and add_months(millis1, months) > millis2:
        months -= 1
    return months


def midnight(millis):
    """The first instant of the date's day."""
    dt = wall_datetime(millis)
    return from_wall_datetime(datetime.datetime(dt.year, dt.month, dt.day))


def java_weekday(dt):
    """Calendar.DAY_OF_WEEK: 1 = Sunday ... 7 = Saturday."""
    return (dt.weekday() + 1) % 7 + 1
