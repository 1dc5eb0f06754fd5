"""The gateway's time zone, as an offset function (docs/expressions.md#dates-and-time-zones).

A gateway computes dates in its JVM default zone. Under Jython the zone is java.util.TimeZone;
under CPython (the harness without a JVM) the zone rules come from the standard library's zoneinfo
(Python 3.9+); without either only fixed offsets and UTC are known. Everything else in the evaluator
needs one question answered: "what is the zone's offset from UTC at this instant?". Wall time to
instant (Calendar's rule, including the daylight-saving gap and overlap) is computed from that.

set_gateway_zone(zone_id) chooses the zone (the harness's setting; None means the platform's default:
the JVM default under Jython, UTC elsewhere).
"""
from __future__ import absolute_import

import datetime
import sys

try:  # CPython 3.9+
    import zoneinfo as _zoneinfo
except ImportError:  # Python 2.7 / Jython: zones come from Java
    _zoneinfo = None

_IS_JYTHON = sys.platform.startswith("java")
if _IS_JYTHON:  # pragma: no cover - exercised under Jython
    from java.util import Date as _JavaDate, TimeZone as _JavaTimeZone
else:
    _JavaDate = _JavaTimeZone = None

DAY_MILLIS = 86400000
_YEAR_1900 = -2208988800
_EPOCH = datetime.datetime(1970, 1, 1)


class FixedZone(object):
    """A zone with one offset all year (UTC, or 'GMT+02:00')."""

    def __init__(self, zone_id, offset_millis, short_name=None):
        self.id = zone_id
        self._offset = offset_millis
        self._short = short_name or zone_id

    def offset(self, utc_millis):
        """Offset from UTC in milliseconds at the instant `utc_millis`."""
        return self._offset

    def raw_offset(self):
        """The standard (non-daylight) offset in milliseconds."""
        return self._offset

    def short_name(self, utc_millis):
        """The zone's abbreviation at the instant (UTC, PST, CEST, ...)."""
        return self._short


class JavaZone(object):  # pragma: no cover - exercised under Jython
    """java.util.TimeZone, answering the same three questions."""

    def __init__(self, java_zone):
        self.id = java_zone.getID()
        self._zone = java_zone

    def offset(self, utc_millis):
        """Offset from UTC in milliseconds at the instant `utc_millis`."""
        return self._zone.getOffset(utc_millis)

    def raw_offset(self):
        """The standard (non-daylight) offset in milliseconds."""
        return self._zone.getRawOffset()

    def short_name(self, utc_millis):
        """The zone's abbreviation at the instant (UTC, PST, CEST, ...)."""
        daylight = self._zone.inDaylightTime(_JavaDate(utc_millis))
        return self._zone.getDisplayName(daylight, _JavaTimeZone.SHORT)


class ZoneInfoZone(object):
    """A tz database zone read through CPython's zoneinfo."""

    def __init__(self, zone_id):
        self.id = zone_id
        self._zone = _zoneinfo.ZoneInfo(zone_id)
        self._cache = {}

    def _local(self, utc_millis):
        # Before 1900 Java's zones use their standard offset, not the local mean time of the tz database.
        seconds = max(utc_millis // 1000, _YEAR_1900)
        return datetime.datetime.fromtimestamp(seconds, self._zone) if seconds < 253402300799 else None

    def offset(self, utc_millis):
        """Offset from UTC in milliseconds at the instant `utc_millis`."""
        local = self._local(utc_millis)
        if local is None:
            return self.raw_offset()
        delta = local.utcoffset()
        return (delta.days * 86400 + delta.seconds) * 1000

    def raw_offset(self):
        """The standard (non-daylight) offset in milliseconds: the smaller of mid-January's and mid-July's."""
        cached = self._cache.get("raw")
        if cached is None:
            cached = self._cache["raw"] = min(self.offset(_utc(2024, 1, 15)), self.offset(_utc(2024, 7, 15)))
        return cached

    def short_name(self, utc_millis):
        """The zone's abbreviation at the instant (UTC, PST, CEST, ...), as Java names it (Java calls
        the wartime and double-summer rules plain daylight time)."""
        local = self._local(utc_millis)
        if local is None:
            return self.id
        name = local.tzname()
        return _JAVA_NAMES.get(name, name)


def _utc(year, month, day):
    return int((datetime.datetime(year, month, day) - _EPOCH).total_seconds()) * 1000


_JAVA_NAMES = {"PWT": "PDT", "PPT": "PDT", "MWT": "MDT", "MPT": "MDT", "CWT": "CDT", "CPT": "CDT",
               "EWT": "EDT", "EPT": "EDT", "CEMT": "CEST"}
UTC = FixedZone("UTC", 0, "UTC")
_JAVA_ZONES = {}
_configured = [None]


def set_gateway_zone(zone_id):
    """Choose the zone dates are computed in (None: the platform default). Returns the zone.

    Raises ValueError when the zone is not known."""
    _configured[0] = None if zone_id is None else zone_for(zone_id)
    return gateway_zone()


def zone_for(zone_id):
    """The zone named `zone_id` (a tz database id such as America/Los_Angeles, or UTC)."""
    if zone_id in ("UTC", "GMT", "Z", "Etc/UTC"):
        return FixedZone(zone_id, 0, "UTC" if zone_id != "GMT" else "GMT")
    if _JavaTimeZone is not None:  # pragma: no cover - Jython
        java_zone = _JavaTimeZone.getTimeZone(zone_id)
        if java_zone.getID() != zone_id:
            raise ValueError("unknown time zone %r" % (zone_id,))
        return JavaZone(java_zone)
    if _zoneinfo is None:
        raise ValueError("time zone %r needs Java or Python 3.9's zoneinfo" % (zone_id,))
    try:
        return ZoneInfoZone(zone_id)
    except (_zoneinfo.ZoneInfoNotFoundError, ValueError):
        raise ValueError("unknown time zone %r" % (zone_id,))


def gateway_zone():
    """The zone the evaluator computes dates in now."""
    zone = _configured[0]
    if zone is not None:
        return zone
    if _JavaTimeZone is not None:  # pragma: no cover - Jython: the JVM default, as on a gateway
        default = _JavaTimeZone.getDefault()
        zone = _JAVA_ZONES.get(default.getID())
        if zone is None:
            zone = _JAVA_ZONES[default.getID()] = JavaZone(default)
        return zone
    return UTC


def to_wall(zone, utc_millis):
    """The wall-clock reading (as millis since a naive 1970-01-01) at the instant."""
    return utc_millis + zone.offset(utc_millis)


def from_wall(zone, wall_millis):
    """The instant a wall-clock reading means, as java.util.GregorianCalendar decides it: in a gap
    (spring forward) the clock is read with the offset before the change (02:30 becomes 03:30 daylight
    time); in an overlap (fall back) the later, standard-time instant wins."""
    before = zone.offset(wall_millis - DAY_MILLIS)
    after = zone.offset(wall_millis + DAY_MILLIS)
    if before == after:
        return wall_millis - before
    late = wall_millis - after
    if zone.offset(late) == after:
        return late
    early = wall_millis - before
    if zone.offset(early) == before:
        return early
    return early  # in the gap
