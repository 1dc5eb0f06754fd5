"""Date helpers for the expression functions (all in UTC, dates are epoch milliseconds).

toDate formats (manual, toDate page): yyyy-MM-dd, MM/dd/yyyy, MM/dd/yyyy HH:mm:ss, hh:mm:ss a,
hh:mm a, MM/dd/yyyy hh:mm:ss a, yyyy-MM-dd HH:mm:ss.SSS, yyyy-MM-dd HH:mm:ss, plus ISO-8601
(2025-03-14T09:26:53.589Z, decision D2). Fields are lenient about leading zeros, as Java's parser is.
"""
from __future__ import absolute_import, unicode_literals

import calendar
import datetime
import re

from mes.core import dates as core_dates
from mes.expression.expr_errors import ExpressionEvaluationError

_US = re.compile(r"^(\d{1,2})/(\d{1,2})/(\d{4})(?:\s+(\d{1,2}):(\d{1,2})(?::(\d{1,2}))?(?:\s*([AaPp][Mm]))?)?$")
_TIME = re.compile(r"^(\d{1,2}):(\d{1,2})(?::(\d{1,2}))?\s*([AaPp][Mm])$")
_COMPACT = re.compile(r"^(\d{4})(\d{2})(\d{2})\.(\d{2})(\d{2})(\d{2})(\d{3})([+-]\d{4})?$")

_DAYS = ("Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun")
_MONTHS = ("Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec")


# Epoch conversion and ISO-8601 belong to the library's date module (decision D2).
to_millis = core_dates.datetime_to_millis
from_millis = core_dates.millis_to_datetime


def _hour12(hour, ampm):
    if ampm is None:
        return hour
    hour = hour % 12
    return hour + 12 if ampm.lower() == "pm" else hour


def _offset_minutes(text):
    if not text or text == "Z":
        return 0
    sign = -1 if text[0] == "-" else 1
    digits = text[1:].replace(":", "")
    return sign * (int(digits[:2]) * 60 + int(digits[2:]))


def parse_date(text):
    """Millis for a date string in one of the supported formats, or None."""
    s = text.strip()
    try:
        millis = core_dates.iso_to_millis(s)
        if millis is not None:
            return millis
        m = _US.match(s)
        if m:
            mo, d, y, hh, mi, ss, ampm = m.groups()
            dt = datetime.datetime(int(y), int(mo), int(d), _hour12(int(hh or 0), ampm), int(mi or 0), int(ss or 0))
            return to_millis(dt)
        m = _TIME.match(s)
        if m:
            hh, mi, ss, ampm = m.groups()
            dt = datetime.datetime(1970, 1, 1, _hour12(int(hh), ampm), int(mi), int(ss or 0))
            return to_millis(dt)
        m = _COMPACT.match(s)
        if m:
            y, mo, d, hh, mi, ss, ms, tz = m.groups()
            dt = datetime.datetime(int(y), int(mo), int(d), int(hh), int(mi), int(ss), int(ms) * 1000)
            return to_millis(dt) - _offset_minutes(tz) * 60000
    except ValueError:  # e.g. month 13
        return None
    return None


def format_java(millis):
    """Like java.util.Date.toString() in UTC: 'Thu Apr 12 16:28:22 UTC 2007'."""
    dt = from_millis(millis)
    return "%s %s %02d %02d:%02d:%02d UTC %d" % (_DAYS[dt.weekday()], _MONTHS[dt.month - 1], dt.day,
                                                 dt.hour, dt.minute, dt.second, dt.year)


_FIELD_MILLIS = {"ms": 1, "millisecond": 1, "milliseconds": 1, "millis": 1,
                 "second": 1000, "seconds": 1000, "sec": 1000, "secs": 1000,
                 "minute": 60000, "minutes": 60000, "min": 60000, "mins": 60000,
                 "hour": 3600000, "hours": 3600000, "hr": 3600000, "hrs": 3600000,
                 "day": 86400000, "days": 86400000,
                 "week": 604800000, "weeks": 604800000}
_FIELD_MONTHS = {"month": 1, "months": 1, "year": 12, "years": 12}


def _field(field):
    key = ("%s" % (field,)).strip().lower()
    if key in _FIELD_MILLIS or key in _FIELD_MONTHS:
        return key
    raise ExpressionEvaluationError("unknown date field \"%s\" (use ms, second, sec, minute, min, hour, hr, "
                                    "day, week, month or year)" % (field,))


def add_months(millis, months):
    dt = from_millis(millis)
    total = dt.year * 12 + (dt.month - 1) + months
    year, month = total // 12, total % 12 + 1
    day = min(dt.day, calendar.monthrange(year, month)[1])  # March 31 + 1 month = April 30
    return to_millis(dt.replace(year=year, month=month, day=day))


def date_arithmetic(millis, amount, field):
    key = _field(field)
    if key in _FIELD_MONTHS:
        return add_months(millis, int(amount) * _FIELD_MONTHS[key])
    return millis + int(round(amount * _FIELD_MILLIS[key]))


def date_diff(millis1, millis2, field):
    """date2 - date1 in `field` units; fractional, except months and years: the difference of the
    calendar fields (Feb 24 -> Mar 12 is 1 month, as in the manual's example)."""
    key = _field(field)
    if key in _FIELD_MONTHS:
        d1, d2 = from_millis(millis1), from_millis(millis2)
        if _FIELD_MONTHS[key] == 12:
            return float(d2.year - d1.year)
        return float((d2.year - d1.year) * 12 + (d2.month - d1.month))
    return (millis2 - millis1) / float(_FIELD_MILLIS[key])
