"""Fake system.date: Ignition's names and parameters, real java.util.Date values, time from a Clock.

Only the functions the library is likely to call are here; the signatures follow the
ignition-api-stubs (checked by tests/test_harness_signatures.py). The JVM runs in UTC
(harness.jvm; the Jython runner passes -Duser.timezone=UTC), so calendar arithmetic and format()
never depend on the machine's zone.

Portable (Python 2.7 under Jython, and 3.11).
"""
from __future__ import absolute_import

from harness.portable.javabridge import jclass, string_types, to_text

DEFAULT_FORMAT = "yyyy-MM-dd HH:mm:ss"  # Ignition's default for system.date.format/parse


def _millis(date):
    return int(date.getTime())


def _whole_units_between(date_1, date_2, unit_millis):
    # Ignition answers "whole units from date_1 to date_2": negative when date_2 is earlier,
    # truncated toward zero like Java's integer division (Python's // would floor instead).
    diff = _millis(date_2) - _millis(date_1)
    whole = abs(diff) // unit_millis
    return whole if diff >= 0 else -whole


class SystemDate(object):
    """system.date backed by a harness Clock."""

    def __init__(self, clock):
        self.clock = clock
        self._date = None  # java.util.Date, looked up at the first call (the JVM may start later)

    def now(self):
        date = self._date if self._date is not None else self._load_date_class()
        return date(self.clock.now_millis())

    def toMillis(self, date):
        return _millis(date)

    def fromMillis(self, millis):
        date = self._date if self._date is not None else self._load_date_class()
        return date(int(millis))

    def _load_date_class(self):
        self._date = jclass("java.util.Date")
        return self._date

    def addMillis(self, date, value):
        return self.fromMillis(_millis(date) + int(value))

    def addSeconds(self, date, value):
        return self.addMillis(date, int(value) * 1000)

    def addMinutes(self, date, value):
        return self.addMillis(date, int(value) * 60000)

    def addHours(self, date, value):
        return self.addMillis(date, int(value) * 3600000)

    def addDays(self, date, value):
        # Calendar arithmetic like Ignition (a day is a calendar day, not always 24 h).
        return self._add_calendar_field("DAY_OF_MONTH", date, value)

    def addWeeks(self, date, value):
        return self._add_calendar_field("WEEK_OF_YEAR", date, value)

    def millisBetween(self, date_1, date_2):
        return _millis(date_2) - _millis(date_1)

    def secondsBetween(self, date_1, date_2):
        return _whole_units_between(date_1, date_2, 1000)

    def minutesBetween(self, date_1, date_2):
        return _whole_units_between(date_1, date_2, 60000)

    def hoursBetween(self, date_1, date_2):
        return _whole_units_between(date_1, date_2, 3600000)

    def daysBetween(self, date_1, date_2):
        return _whole_units_between(date_1, date_2, 86400000)

    def isBefore(self, date_1, date_2):
        return _millis(date_1) < _millis(date_2)

    def isAfter(self, date_1, date_2):
        return _millis(date_1) > _millis(date_2)

    def isBetween(self, target_date, start_date, end_date):
        # Inclusive at both ends, as the manual describes.
        return _millis(start_date) <= _millis(target_date) <= _millis(end_date)

    def midnight(self, date):
        calendar = self._calendar(date)
        Calendar = jclass("java.util.Calendar")
        for field in ("HOUR_OF_DAY", "MINUTE", "SECOND", "MILLISECOND"):
            calendar.set(getattr(Calendar, field), 0)
        return calendar.getTime()

    def format(self, date, format=DEFAULT_FORMAT):
        formatter = jclass("java.text.SimpleDateFormat")(format)
        return to_text(formatter.format(date))

    def parse(self, dateString, formatString=DEFAULT_FORMAT, locale=None):
        SimpleDateFormat = jclass("java.text.SimpleDateFormat")
        formatter = SimpleDateFormat(formatString, self._locale(locale))
        return formatter.parse(dateString)  # java.text.ParseException on bad input, as in Ignition

    # -- helpers ---------------------------------------------------------------------------

    def _calendar(self, date):
        calendar = jclass("java.util.Calendar").getInstance()
        calendar.setTime(date)
        return calendar

    def _add_calendar_field(self, field_name, date, value):
        calendar = self._calendar(date)
        calendar.add(getattr(jclass("java.util.Calendar"), field_name), int(value))
        return calendar.getTime()

    def _locale(self, locale):
        Locale = jclass("java.util.Locale")
        if locale is None:
            return Locale.getDefault()
        if isinstance(locale, string_types):
            # Ignition accepts "en_US" as well as "en-US".
            return Locale.forLanguageTag(locale.replace("_", "-"))
        return locale
