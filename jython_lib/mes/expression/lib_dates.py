"""Date and time functions, in the gateway's time zone (docs/expressions.md#dates-and-time-zones).

Months are 0-based (January is 0) as in Java's Calendar and the manual; getDayOfWeek is 1 for
Sunday. A null date gives null. The arithmetic and the differences live in dates.py.
"""
from __future__ import absolute_import, unicode_literals

from mes.expression import dates, java_text, zones
from mes.expression.expr_errors import ExpressionEvaluationError
from mes.expression.registry import register
from mes.expression.values import DateValue, to_date, to_integer, to_number, to_text

HOUR = 3600000


def _dated(fn):
    """fn(millis, *rest) as a function of a date-like first argument; null in gives null."""
    def apply(*args):
        for a in args:
            if a is None:
                return None
        return fn(to_date(args[0]).millis, *args[1:])
    apply.__name__ = fn.__name__
    return apply


def _wall(millis):
    return dates.wall_datetime(millis)


def _adder(kind, unit):
    def add(millis, amount):
        n = to_integer(amount)
        if kind == "months":
            return DateValue(dates.add_months(millis, n * unit))
        if kind == "days":
            return DateValue(dates.add_days(millis, n * unit))
        return DateValue(dates.add_elapsed(millis, n * unit))
    return add


for _name, _kind, _unit in (("addMillis", "elapsed", 1), ("addSeconds", "elapsed", 1000),
                            ("addMinutes", "elapsed", 60000), ("addHours", "elapsed", HOUR),
                            ("addDays", "days", 1), ("addWeeks", "days", 7),
                            ("addMonths", "months", 1), ("addYears", "months", 12)):
    register(_name, 2, 2, _dated(_adder(_kind, _unit)))


def _between(unit):
    def between(millis1, date2):
        return dates.elapsed_between(millis1, to_date(date2).millis, unit)
    return between


register("millisBetween", 2, 2, _dated(_between(1)))
register("secondsBetween", 2, 2, _dated(_between(1000)))
register("minutesBetween", 2, 2, _dated(_between(60000)))
register("hoursBetween", 2, 2, _dated(_between(HOUR)))
register("daysBetween", 2, 2, _dated(lambda m, d2: dates.days_between(m, to_date(d2).millis)))
register("weeksBetween", 2, 2, _dated(lambda m, d2: dates.truncate_toward_zero(dates.days_between(m, to_date(d2).millis), 7)))
register("monthsBetween", 2, 2, _dated(lambda m, d2: dates.months_between(m, to_date(d2).millis)))
register("yearsBetween", 2, 2, _dated(lambda m, d2: dates.truncate_toward_zero(dates.months_between(m, to_date(d2).millis), 12)))


def _date_arithmetic(millis, amount, field):
    return DateValue(dates.date_arithmetic(millis, to_number(amount), to_text(field)))


def _date_diff(millis1, date2, field):
    return dates.date_diff(millis1, to_date(date2).millis, to_text(field))


_EXTRACT = {
    "year": lambda dt: dt.year, "month": lambda dt: dt.month - 1, "week": lambda dt: java_text.week_fields(dt)[0],
    "day": lambda dt: dt.day, "dayofweek": dates.java_weekday, "dayofyear": lambda dt: dt.day_of_year,
    "hour": lambda dt: dt.hour, "minute": lambda dt: dt.minute, "second": lambda dt: dt.second,
    "ms": lambda dt: dt.microsecond // 1000, "millisecond": lambda dt: dt.microsecond // 1000,
}


def _date_extract(millis, field):
    getter = _EXTRACT.get(to_text(field).strip().lower())
    if getter is None:
        raise ExpressionEvaluationError("dateExtract field \"%s\" is not one of year, month, week, day, "
                                        "dayofweek, dayofyear, hour, minute, second, ms" % (field,))
    return getter(_wall(millis))


def _date_format(millis, pattern):
    try:
        return java_text.format_date(millis, to_text(pattern))
    except ValueError as e:
        raise ExpressionEvaluationError("dateFormat pattern \"%s\" is not valid: %s" % (pattern, e))


register("dateArithmetic", 3, 3, _dated(_date_arithmetic))
register("dateDiff", 3, 3, _dated(_date_diff))
register("dateExtract", 2, 2, _dated(_date_extract))
register("dateFormat", 2, 2, _dated(_date_format))

_GETTERS = (("getYear", "year"), ("year", "year"), ("getMonth", "month"), ("month", "month"),
            ("getDayOfMonth", "day"), ("getDayOfWeek", "dayofweek"), ("getDayOfYear", "dayofyear"),
            ("getHour24", "hour"), ("hour", "hour"), ("getMinute", "minute"), ("minute", "minute"),
            ("getSecond", "second"), ("second", "second"), ("getMillis", "ms"))
for _name, _field in _GETTERS:
    register(_name, 1, 1, _dated((lambda getter: lambda millis: getter(_wall(millis)))(_EXTRACT[_field])))
register("getHour12", 1, 1, _dated(lambda m: _wall(m).hour % 12))
register("getAMorPM", 1, 1, _dated(lambda m: "AM" if _wall(m).hour < 12 else "PM"))
register("getQuarter", 1, 1, _dated(lambda m: (_wall(m).month - 1) // 3 + 1))


def _compare(test):
    def compare(millis, other):
        return test(millis, to_date(other).millis)
    return compare


register("dateIsAfter", 2, 2, _dated(_compare(lambda a, b: a > b)))
register("dateIsBefore", 2, 2, _dated(_compare(lambda a, b: a < b)))
register("dateIsBetween", 3, 3, _dated(lambda m, start, end: to_date(start).millis <= m <= to_date(end).millis))
register("dateIsDaylight", 1, 1, _dated(lambda m: zones.gateway_zone().offset(m) != zones.gateway_zone().raw_offset()))


def _midnight(millis):
    return DateValue(dates.midnight(millis))


def _set_time(millis, hour, minute, second):
    dt = _wall(millis)
    return DateValue(dates.from_fields(dt.year, dt.month, dt.day, to_integer(hour), to_integer(minute),
                                       to_integer(second), dt.microsecond // 1000))  # Calendar.set keeps the ms


def _get_date(year, month, day):
    if year is None or month is None or day is None:
        return None
    return DateValue(dates.from_fields(to_integer(year), to_integer(month) + 1, to_integer(day)))


def _time_between(millis, start, end):
    """True when the date's time of day lies from start's time of day to end's (across midnight when
    end's is earlier)."""
    t = dates.millis_of_day(_wall(millis))
    a = dates.millis_of_day(_wall(to_date(start).millis))
    b = dates.millis_of_day(_wall(to_date(end).millis))
    return a <= t <= b if a <= b else (t >= a or t <= b)


register("midnight", 1, 1, _dated(_midnight))
register("setTime", 4, 4, _dated(_set_time))
register("getDate", 3, 3, _get_date)
register("timeBetween", 3, 3, _dated(_time_between))
register("toMillis", 1, 1, _dated(lambda m: m))
register("fromMillis", 1, 1, lambda v: None if v is None else DateValue(to_integer(v)))


def _timezone(*ignored):
    return zones.gateway_zone().id


def _timezone_offset(ctx, args):
    """Hours from UTC (daylight saving included) now, or at the given date."""
    date = args[0](ctx) if args else None
    millis = to_date(date).millis if date is not None else ctx.now()
    return zones.gateway_zone().offset(millis) / float(HOUR)


register("getTimezone", 0, 0, _timezone)
register("getTimezoneOffset", 0, 1, _timezone_offset, lazy=True, time_dependent=True)
register("getTimezoneRawOffset", 0, 0, lambda: zones.gateway_zone().raw_offset() / float(HOUR))

