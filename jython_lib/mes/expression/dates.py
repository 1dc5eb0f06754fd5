"""Calendar arithmetic in the gateway's time zone (docs/expressions.md#dates-and-time-zones).

Dates are epoch milliseconds. A date's fields (year, month, hour...) are those of the wall clock in
the gateway's zone, in the calendar java.util.GregorianCalendar uses: Julian before 1582-10-15,
Gregorian from then on; building a date from fields, and adding days, weeks, months or years, keeps the
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
_EPOCH_ORDINAL = 719163  # datetime.date(1970, 1, 1).toordinal()
_EPOCH_JDN = 2440588  # the Julian day number of 1970-01-01
# java.util.GregorianCalendar's default cutover: 1582-10-15 (Gregorian) follows 1582-10-04 (Julian).
# A wall-clock day before it is read in the Julian calendar, as Calendar does (by the local day).
CUTOVER_YEAR = 1582
CUTOVER_DAYS = -141427  # 1582-10-15 in days since 1970-01-01
_MIN_MILLIS = -62135769600000  # 0001-01-01 in the Julian calendar, the first day Calendar calls year 1
_MAX_MILLIS = 253402300799999  # 9999-12-31 23:59:59.999

_ISO = re.compile(r"^(\d{4})-(\d{1,2})-(\d{1,2})(?:[T ](\d{1,2}):(\d{1,2})(?::(\d{1,2})(?:\.(\d{1,3})\d*)?)?)?"
                  r"\s*(Z|[+-]\d{2}:?\d{2})?$", re.IGNORECASE)
_US = re.compile(r"^(\d{1,2})/(\d{1,2})/(\d{4})(?:\s+(\d{1,2}):(\d{1,2})(?::(\d{1,2}))?(?:\s*([AaPp][Mm]))?)?$")
_TIME = re.compile(r"^(\d{1,2}):(\d{1,2})(?::(\d{1,2}))?\s*([AaPp][Mm])$")
_COMPACT = re.compile(r"^(\d{4})(\d{2})(\d{2})\.(\d{2})(\d{2})(\d{2})(\d{3})([+-]\d{4})?$")
_JAVA_TEXT = re.compile(r"^\w{3} (\w{3}) (\d{1,2}) (\d{1,2}):(\d{2}):(\d{2}) (\S+) (\d{4})$")
_MONTHS = ("Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec")


class Wall(object):
    """A wall-clock reading in the calendar java.util.GregorianCalendar uses for it (Julian before
    the cutover): year, month (1-12), day, hour, minute, second, microsecond like a datetime, plus
    what Calendar counts from actual days: day_of_year, year_days (days from this year's January 1st
    to the next, 355 in 1582) and day_in_month (days since the 1st + 1; the 15th of October 1582 is
    the 5th day of its month)."""
    __slots__ = ("year", "month", "day", "hour", "minute", "second", "microsecond", "days", "day_of_year",
                 "year_days", "day_in_month")

    def weekday(self):
        """Monday 0 ... Sunday 6, like datetime: weeks run on across the cutover (Thursday the 4th is
        followed by Friday the 15th)."""
        return (self.days + 3) % 7

    def __repr__(self):
        return "Wall(%04d-%02d-%02d %02d:%02d:%02d.%03d)" % (self.year, self.month, self.day, self.hour, self.minute,
                                                            self.second, self.microsecond // 1000)


def _julian_from_days(days):
    """(year, month, day) in the Julian calendar of a day number (days since 1970-01-01)."""
    c = days + _EPOCH_JDN + 32082
    d = (4 * c + 3) // 1461
    e = c - (1461 * d) // 4
    m = (5 * e + 2) // 153
    return d - 4800 + m // 10, m + 3 - 12 * (m // 10), e - (153 * m + 2) // 5 + 1


def _julian_days(year, month, day):
    """The day number (days since 1970-01-01) of a Julian calendar date (month 1-12; day may run over)."""
    a = (14 - month) // 12
    y = year + 4800 - a
    m = month + 12 * a - 3
    return day + (153 * m + 2) // 5 + 365 * y + y // 4 - 32083 - _EPOCH_JDN


def _gregorian_days(year, month, day):
    """The day number of a proleptic Gregorian date (month 1-12, day may run over); arithmetic, so the
    January 1st after 9999 has one too (a year's length)."""
    y = year - 1 if month <= 2 else year
    era = y // 400
    year_of_era = y - era * 400
    day_of_year = (153 * ((month + 9) % 12) + 2) // 5 + day - 1  # counted from March 1st
    return era * 146097 + year_of_era * 365 + year_of_era // 4 - year_of_era // 100 + day_of_year - 719468


def _first_of_month(year, month):
    """The day number of the 1st of a month, in the calendar that month starts in."""
    if (year, month) <= (CUTOVER_YEAR, 10):
        return _julian_days(year, month, 1)
    return _gregorian_days(year, month, 1)


def month_length(year, month):
    """Days in a month as Calendar pins a day to it (Julian leap years up to 1582; October 1582 has 31)."""
    if year <= CUTOVER_YEAR:
        return (31, 29 if year % 4 == 0 else 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31)[month - 1]
    return calendar.monthrange(year, month)[1]


def wall_from_local(local):
    """The Wall reading of a local (wall-clock) time in millis since 1970-01-01 00:00."""
    days, ms = divmod(local, DAY)
    if days >= CUTOVER_DAYS:
        date = datetime.date.fromordinal(days + _EPOCH_ORDINAL)
        year, month, day = date.year, date.month, date.day
    else:
        year, month, day = _julian_from_days(days)
    wall = Wall()
    wall.year, wall.month, wall.day, wall.days = year, month, day, days
    wall.hour, rest = divmod(ms, 3600000)
    wall.minute, rest = divmod(rest, 60000)
    wall.second, millis = divmod(rest, 1000)
    wall.microsecond = millis * 1000
    jan1 = _first_of_month(year, 1)
    wall.day_of_year = days - jan1 + 1
    wall.year_days = _first_of_month(year + 1, 1) - jan1
    wall.day_in_month = days - _first_of_month(year, month) + 1
    return wall


def local_from_fields(year, month, day, hour=0, minute=0, second=0, millis=0):
    """Local millis of wall-clock fields, as a lenient GregorianCalendar computes them: out-of-range
    fields roll over (month 13 is January of the next year, day 0 the last day of the month before);
    the year as given chooses the calendar (Julian before 1582, Gregorian after), and in 1582 the
    Gregorian reading unless it falls before the cutover (the missing 5th to 14th of October are read
    as Julian dates, ten days later)."""
    chosen_by = year
    year += (month - 1) // 12
    month = (month - 1) % 12 + 1
    if not 1 <= year <= 9999:
        raise ExpressionEvaluationError("the date %04d-%02d-%02d is outside the years 1 to 9999" % (year, month, day))
    if chosen_by < CUTOVER_YEAR:
        days = _julian_days(year, month, day)
    elif chosen_by > CUTOVER_YEAR:
        days = _gregorian_days(year, month, day)
    else:
        days = _gregorian_days(year, month, day)
        if days < CUTOVER_DAYS:
            days = _julian_days(year, month, day)
    return days * DAY + ((hour * 60 + minute) * 60 + second) * 1000 + millis


# --- fields <-> instants --------------------------------------------------------------------------

def wall_datetime(millis, zone=None):
    """The wall-clock reading at an instant, as a Wall (Julian fields before the cutover)."""
    zone = zone or zones.gateway_zone()
    _check_range(millis)
    return wall_from_local(zones.to_wall(zone, millis))


def from_wall_datetime(dt, zone=None):
    """The instant a naive (proleptic Gregorian) datetime's wall-clock reading means in the zone."""
    zone = zone or zones.gateway_zone()
    delta = dt - _EPOCH
    wall = (delta.days * 86400 + delta.seconds) * 1000 + delta.microseconds // 1000
    return zones.from_wall(zone, wall)


def from_fields(year, month, day, hour=0, minute=0, second=0, millis=0, zone=None):
    """The instant of a wall-clock reading (local_from_fields' rules) in the zone."""
    zone = zone or zones.gateway_zone()
    result = zones.from_wall(zone, local_from_fields(year, month, day, hour, minute, second, millis))
    if not _MIN_MILLIS <= result <= _MAX_MILLIS:
        raise ExpressionEvaluationError("the date %04d-%02d-%02d is outside the years 1 to 9999" % (year, month, day))
    return result


def _strict(year, month, day, hour=0, minute=0, second=0, millis=0, zone=None):
    """from_fields for a text's fields, which must each be in range (a 13th month or a February 30th is
    no date); the missing days of October 1582 are read as Calendar reads them."""
    if not (1 <= month <= 12 and 1 <= day <= month_length(year, month) and hour < 24 and minute < 60 and
            second < 60):
        raise ValueError("a field is out of range")
    return from_fields(year, month, day, hour, minute, second, millis, zone)


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
        fields = (int(y), int(mo), int(d), int(hh or 0), int(mi or 0), int(ss or 0), int((ms or "0").ljust(3, "0")))
        if tz:
            offset = 0 if tz.upper() == "Z" else _offset_minutes(tz)
            return _strict(*fields, zone=zones.UTC) - offset * 60000
        return _strict(*fields)
    m = _US.match(s)
    if m:
        mo, d, y, hh, mi, ss, ampm = m.groups()
        return _strict(int(y), int(mo), int(d), _hour12(int(hh or 0), ampm), int(mi or 0), int(ss or 0))
    m = _TIME.match(s)
    if m:
        hh, mi, ss, ampm = m.groups()
        return from_wall_datetime(datetime.datetime(1970, 1, 1, _hour12(int(hh), ampm), int(mi), int(ss or 0)))
    m = _COMPACT.match(s)
    if m:
        y, mo, d, hh, mi, ss, ms, tz = m.groups()
        fields = (int(y), int(mo), int(d), int(hh), int(mi), int(ss), int(ms))
        if tz:
            return _strict(*fields, zone=zones.UTC) - _offset_minutes(tz) * 60000
        return _strict(*fields)
    m = _JAVA_TEXT.match(s)
    if m and m.group(1) in _MONTHS:
        mon, d, hh, mi, ss, _zone, y = m.groups()
        return _strict(int(y), _MONTHS.index(mon) + 1, int(d), int(hh), int(mi), int(ss))
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
    """Same wall-clock time `days` days later (23 or 25 hours across a DST change); days run on across
    the calendar cutover (October 4th 1582 plus one day is October 15th)."""
    zone = zones.gateway_zone()
    _check_range(millis)
    result = zones.from_wall(zone, zones.to_wall(zone, millis) + days * DAY)
    if not _MIN_MILLIS <= result <= _MAX_MILLIS:
        raise ExpressionEvaluationError("adding %d days leaves the years 1 to 9999" % days)
    return result


def add_months(millis, months):
    """Same day and time `months` later; a day the month lacks becomes its last (Mar 31 + 1 = Apr 30)."""
    dt = wall_datetime(millis)
    total = dt.year * 12 + (dt.month - 1) + months
    year, month = total // 12, total % 12 + 1
    if not 1 <= year <= 9999:
        raise ExpressionEvaluationError("adding %d months leaves the years 1 to 9999" % months)
    day = min(dt.day, month_length(year, month))
    return from_fields(year, month, day, dt.hour, dt.minute, dt.second, dt.microsecond // 1000)


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
    zone = zones.gateway_zone()
    _check_range(millis)
    return zones.from_wall(zone, zones.to_wall(zone, millis) // DAY * DAY)


def java_weekday(dt):
    """Calendar.DAY_OF_WEEK: 1 = Sunday ... 7 = Saturday."""
    return (dt.weekday() + 1) % 7 + 1
