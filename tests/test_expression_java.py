"""Differential tests: the evaluator's Python implementations of Java's classes against the JVM itself
(through JPype). Seeded generators, thousands of inputs per family, so a failure is reproducible.

dateFormat ~ java.text.SimpleDateFormat, numberFormat ~ java.text.DecimalFormat, stringFormat ~
java.lang.String.format, toHex/toOctal/toBinary ~ Integer/Long.toXxxString, round ~ Math.round, the
math functions ~ java.lang.Math, and the date functions ~ java.util.GregorianCalendar in UTC,
America/Los_Angeles (across DST changes) and Europe/Berlin.
"""
import math
import random

import pytest

from mes.expression import api, dates, java_text, zones

jpype = pytest.importorskip("jpype")

ZONES = ("UTC", "America/Los_Angeles", "Europe/Berlin")
# 1900..2100, plus instants near the 2023 DST changes of both zones
_SPAN = (-2208988800000, 4102444800000)
_DST_EDGES = (1678611600000, 1699174800000, 1679792400000, 1698541200000)
# Year 1 (Julian January 1st) to 1700, plus instants within ten days of the Julian-Gregorian cutover
# (1582-10-15) and around the February 29ths only the Julian calendar has (1500, 1300, 1100...)
_OLD_SPAN = (-62135769600000, -8520336000000)
_CUTOVER = -12219292800000
_OLD_EDGES = (_CUTOVER, -14825894400000, -21137414400000, -27448934400000, -52695014400000)


def _old_instants(rng, count):
    out = [rng.randint(*_OLD_SPAN) for _ in range(count)]
    for edge in _OLD_EDGES:
        out.extend(edge + rng.randint(-10 * 86400000, 10 * 86400000) for _ in range(count // 10))
    return out


@pytest.fixture(scope="module")
def java():
    from harness import jvm
    jvm.ensure_jvm()

    class J(object):
        SimpleDateFormat = jpype.JClass("java.text.SimpleDateFormat")
        DecimalFormat = jpype.JClass("java.text.DecimalFormat")
        Symbols = jpype.JClass("java.text.DecimalFormatSymbols")
        Locale = jpype.JClass("java.util.Locale")
        TimeZone = jpype.JClass("java.util.TimeZone")
        Date = jpype.JClass("java.util.Date")
        Calendar = jpype.JClass("java.util.Calendar")
        GregorianCalendar = jpype.JClass("java.util.GregorianCalendar")
        String = jpype.JClass("java.lang.String")
        Integer = jpype.JClass("java.lang.Integer")
        Long = jpype.JClass("java.lang.Long")
        Double = jpype.JClass("java.lang.Double")
        Math = jpype.JClass("java.lang.Math")
        Object = jpype.JClass("java.lang.Object")
    return J


@pytest.fixture
def gateway_zone():
    yield zones.set_gateway_zone
    zones.set_gateway_zone(None)


def _instants(rng, count):
    out = [rng.randint(*_SPAN) for _ in range(count)]
    for edge in _DST_EDGES:
        out.extend(edge + rng.randint(-7200000, 7200000) for _ in range(count // 20))
    return out


def _mismatches(pairs, limit=10):
    bad = [p for p in pairs if p[1] != p[2]]
    return bad[:limit], len(bad)


# --- dateFormat ~ SimpleDateFormat ------------------------------------------------------------------

_DATE_PIECES = ["G", "y", "yy", "yyyy", "yyyyy", "Y", "YY", "YYYY", "M", "MM", "MMM", "MMMM", "L", "LL", "w", "ww",
                "W", "D", "DDD", "d", "dd", "F", "E", "EEE", "EEEE", "u", "a", "H", "HH", "k", "kk", "K", "KK",
                "h", "hh", "m", "mm", "s", "ss", "S", "SS", "SSS", "SSSS", "z", "zzzz", "Z", "X", "XX", "XXX",
                "-", ":", " ", "/", ".", "'T'", "'o''clock'", "''", ","]


@pytest.mark.parametrize("span", ["1900-2100", "1-1700"])
def test_date_format_agrees_with_simple_date_format(java, span):
    """Before 1582-10-15 SimpleDateFormat's calendar is Julian, and so are the library's fields."""
    rng = random.Random(16001 if span == "1900-2100" else 16011)
    pairs = []
    for zone_id in ZONES:
        zone = zones.zone_for(zone_id)
        jzone = java.TimeZone.getTimeZone(zone_id)
        for millis in (_instants(rng, 1500) if span == "1900-2100" else _old_instants(rng, 1000)):
            pattern = "".join(rng.choice(_DATE_PIECES) for _ in range(rng.randint(1, 6)))
            try:
                fmt = java.SimpleDateFormat(pattern, java.Locale.US)
                fmt.setTimeZone(jzone)
                want = str(fmt.format(java.Date(millis)))
            except jpype.JException:
                want = "<refused>"
            try:
                got = java_text.format_date_python(millis, pattern, zone)
            except ValueError:
                got = "<refused>"
            pairs.append(((zone_id, millis, pattern), got, want))
    bad, count = _mismatches(pairs)
    assert len(pairs) >= 4500 and count == 0, bad


def test_date_format_refuses_what_java_refuses(java):
    for pattern in ("yyyy-MM-dd q", "'unterminated", "XXXX"):
        with pytest.raises(Exception):
            java.SimpleDateFormat(pattern, java.Locale.US).format(java.Date(0))
        with pytest.raises(ValueError):
            java_text.format_date_python(0, pattern, zones.UTC)


# --- numberFormat ~ DecimalFormat -------------------------------------------------------------------

_NUMBER_PATTERNS = ["0", "0.0", "00.0", "#,##0", "#,##0.#", "#,##0.0000", "#,##0;(#)", "0.###E0", "#.00%",
                    "#0.00'%'", "#", "#.##", "0.00", "000000", "#,###", "#,##0.00;-#,##0.00", "0.0##",
                    "##0.###E0", "00.00E00", "0.00E0", "'$'#,##0.00", "#%", "0.0\u2030", "#,##,###", "0.000000000"]


def _numbers(rng, count):
    out = []
    for _ in range(count):
        kind = rng.randint(0, 5)
        if kind == 0:
            out.append(rng.randint(-10 ** 7, 10 ** 7))
        elif kind == 1:
            out.append(rng.randint(-10 ** 4, 10 ** 4) / 8.0)  # exact binary halves, quarters, eighths: ties
        elif kind == 2:
            out.append(round(rng.uniform(-1e4, 1e4), rng.randint(0, 4)))
        elif kind == 3:
            out.append(rng.uniform(-1, 1) * 10 ** rng.randint(-8, 12))
        elif kind == 4:
            out.append(rng.randint(-999, 999) / 1000.0 + rng.randint(-5, 5))
        else:
            out.append(rng.choice([0, 0.0, -0.0, 0.5, 1.5, 2.5, -2.5, 0.125, 0.135, 1.005, 1e-10, 123456789.987]))
    return out


def test_number_format_agrees_with_decimal_format(java):
    rng = random.Random(16002)
    symbols = java.Symbols(java.Locale.US)
    formats = dict((p, java.DecimalFormat(p, symbols)) for p in _NUMBER_PATTERNS)
    pairs = []
    for number in _numbers(rng, 300):
        for pattern in _NUMBER_PATTERNS:
            boxed = java.Long(number) if isinstance(number, int) else java.Double(number)
            want = str(formats[pattern].format(boxed))
            pairs.append(((number, pattern), java_text.format_number_python(number, pattern), want))
    bad, count = _mismatches(pairs)
    assert len(pairs) >= 7500 and count == 0, bad


# --- stringFormat ~ String.format -------------------------------------------------------------------

def _format_case(rng):
    conv = rng.choice("dxXosSbfeEgG%c")
    flags = rng.choice(["", "", "", "-", "0", "+", ",", " ", "(", "#", "+,", "-#", "0,", "+0"])
    width = rng.choice([None, 1, 5, 12]) if not flags or rng.random() < 0.1 else rng.choice([1, 5, 12])
    precision = rng.choice([None, None, 0, 1, 3, 8]) if conv in "sSfeEgGbX" else None
    if conv in "dxXo":
        arg = rng.choice([rng.randint(-10 ** 6, 10 ** 6), rng.randint(-2 ** 40, 2 ** 40), 0, -1, 2 ** 31 - 1])
    elif conv in "feEgG":
        arg = rng.choice([rng.uniform(-1e6, 1e6), rng.randint(-100, 100) / 8.0, 1.005, 0.0001234, 1e-7, 12345678.9,
                          0.0, -0.0, 2.5, 0.125])
    elif conv == "c":
        arg = rng.choice(["x", 65, 0x263A])
    else:
        arg = rng.choice(["text", "", 42, 1.5, True, None, -7])
    spec = "%" + flags + ("%d" % width if width is not None else "") + \
        (".%d" % precision if precision is not None else "") + conv
    return "[" + spec + "]", [arg] if conv != "%" else []


def _java_args(java, args):
    out = []
    for a in args:
        if isinstance(a, bool) or a is None:
            out.append(a)
        elif isinstance(a, int):
            out.append(java.Integer(a) if -2 ** 31 <= a < 2 ** 31 else java.Long(a))
        elif isinstance(a, float):
            out.append(java.Double(a))
        else:
            out.append(java.String(a))
    return jpype.JArray(java.Object)(out)


def test_string_format_agrees_with_java(java):
    rng = random.Random(16003)
    pairs = []
    refused = 0
    for _ in range(3000):
        fmt, args = _format_case(rng)
        try:
            want = str(java.String.format(java.Locale.US, fmt, _java_args(java, args)))
        except jpype.JException:
            want = "<refused>"
            refused += 1
        try:
            got = java_text.format_string_python(fmt, args)
        except java_text.FormatError:
            got = "<refused>"
        pairs.append(((fmt, args), got, want))
    bad, count = _mismatches(pairs)
    assert count == 0 and len(pairs) - refused >= 1500, (bad, refused)


# --- radix, round and Math ----------------------------------------------------------------------------

def test_radix_functions_agree_with_integer_and_long_to_string(java):
    rng = random.Random(16004)
    pairs = []
    for _ in range(1500):
        n = rng.choice([rng.randint(-2 ** 31, 2 ** 31 - 1), rng.randint(-2 ** 63, 2 ** 63 - 1), rng.randint(-300, 300)])
        box = java.Integer if -2 ** 31 <= n < 2 ** 31 else java.Long
        for name, method in (("toHex", "toHexString"), ("toOctal", "toOctalString"), ("toBinary", "toBinaryString")):
            want = str(getattr(box, method)(n)).upper()
            pairs.append(((name, n), api.evaluate("%s(%d)" % (name, n)).value, want))
            if box is java.Integer:  # the same number held as a Long is shown in 64 bits
                want_long = str(getattr(java.Long, method)(n)).upper()
                pairs.append(((name, "toLong", n), api.evaluate("%s(toLong(%d))" % (name, n)).value, want_long))
        if -2 ** 31 <= n < 2 ** 31:
            text = str(java.Integer.toString(n, 16))
            pairs.append((("fromHex", text), api.evaluate("fromHex('%s')" % text).value, n))
    bad, count = _mismatches(pairs)
    assert len(pairs) >= 6000 and count == 0, bad


def test_round_agrees_with_math_round(java):
    rng = random.Random(16005)
    values = [rng.uniform(-1e6, 1e6) for _ in range(1000)] + [rng.randint(-1000, 1000) + 0.5 for _ in range(500)] + \
        [0.49999999999999994, -0.5, -1.5, 2.5, 4503599627370497.0, -4503599627370497.0]
    pairs = [((x,), api.evaluate("round(%r)" % x).value, int(java.Math.round(x))) for x in values]
    bad, count = _mismatches(pairs)
    assert count == 0, bad


_MATH = (("sqrt", "sqrt"), ("exp", "exp"), ("log", "log"), ("log10", "log10"), ("sin", "sin"), ("cos", "cos"),
         ("tan", "tan"), ("asin", "asin"), ("acos", "acos"), ("atan", "atan"), ("floor", "floor"), ("ceil", "ceil"),
         ("todegrees", "toDegrees"), ("toradians", "toRadians"), ("abs", "abs"))


def _ulps_apart(a, b):
    if math.isnan(a) and math.isnan(b):
        return 0
    if a == b:
        return 0 if math.copysign(1, a) == math.copysign(1, b) else 1
    if math.isinf(a) or math.isinf(b) or math.isnan(a) or math.isnan(b):
        return 99
    return abs(a - b) / (math.ulp(max(abs(a), abs(b))) if hasattr(math, "ulp") else 1e-16 * max(abs(a), abs(b)))


def test_math_functions_agree_with_java_lang_math(java):
    """Equal, or within one unit in the last place where Java's Math lets the platform's libm answer
    (Math.sin and friends are allowed 1 ulp of error by their contract)."""
    rng = random.Random(16006)
    values = [rng.uniform(-10, 10) for _ in range(250)] + [rng.uniform(-1, 1) for _ in range(100)] + \
        [0.0, -0.0, 1.0, -1.0, 2.0, 1e300, -1e-300, float("inf"), float("-inf"), float("nan"), 0.5, -0.5]
    bad = []
    count = 0
    for name, method in _MATH:
        for x in values:
            got = api.evaluate("%s(%s)" % (name, "toDouble('%r')" % x)).value
            want = float(getattr(java.Math, method)(java.Double(x).doubleValue()))
            count += 1
            if _ulps_apart(got, want) > 1:
                bad.append((name, x, got, want))
    assert count >= 5000 and not bad, bad[:10]


# --- date functions ~ GregorianCalendar ---------------------------------------------------------------

def _calendar(java, zone_id, millis):
    cal = java.GregorianCalendar(java.TimeZone.getTimeZone(zone_id), java.Locale.US)
    cal.setTimeInMillis(millis)
    return cal


def _added(java, zone_id, millis, field, amount):
    cal = _calendar(java, zone_id, millis)
    cal.add(field, amount)
    return int(cal.getTimeInMillis())


@pytest.mark.parametrize("span", ["1900-2100", "1-1700"])
def test_date_functions_agree_with_gregorian_calendar(java, gateway_zone, span):
    """Fields, adding, midnight, setTime and getDate as java.util.GregorianCalendar computes them; from
    year 1 to 1700 too, across the Julian-Gregorian cutover of 1582."""
    modern = span == "1900-2100"
    rng = random.Random(16007 if modern else 16017)
    C = java.Calendar
    pairs = []
    for zone_id in ZONES:
        gateway_zone(zone_id)
        for millis in (_instants(rng, 250) if modern else _old_instants(rng, 200)):
            cal = _calendar(java, zone_id, millis)
            values = {"[default]T": api.DateValue(millis)}

            def ev(text):
                try:
                    return api.evaluate(text, values).value
                except api.ExpressionEvaluationError:
                    return "<refused>"

            for fn, field in (("getYear", C.YEAR), ("getMonth", C.MONTH), ("getDayOfMonth", C.DAY_OF_MONTH),
                              ("getDayOfWeek", C.DAY_OF_WEEK), ("getDayOfYear", C.DAY_OF_YEAR),
                              ("getHour24", C.HOUR_OF_DAY), ("getHour12", C.HOUR), ("getMinute", C.MINUTE),
                              ("getSecond", C.SECOND), ("getMillis", C.MILLISECOND)):
                pairs.append(((zone_id, millis, fn), ev("%s({T})" % fn), int(cal.get(field))))
            n = rng.randint(-250, 250)
            for fn, field in (("addDays", C.DAY_OF_MONTH), ("addWeeks", C.WEEK_OF_YEAR), ("addMonths", C.MONTH),
                              ("addYears", C.YEAR), ("addHours", C.HOUR_OF_DAY), ("addMinutes", C.MINUTE)):
                want = _added(java, zone_id, millis, field, n)
                if want < _OLD_SPAN[0]:
                    want = "<refused>"  # before year 1: outside the library's years 1 to 9999
                pairs.append(((zone_id, millis, fn, n), ev("toMillis(%s({T}, %d))" % (fn, n)), want))
            mid = _calendar(java, zone_id, millis)
            for field in (C.HOUR_OF_DAY, C.MINUTE, C.SECOND, C.MILLISECOND):
                mid.set(field, 0)
            pairs.append(((zone_id, millis, "midnight"), ev("toMillis(midnight({T}))"), int(mid.getTimeInMillis())))
            h, m, s = rng.randint(0, 23), rng.randint(0, 59), rng.randint(0, 59)
            st = _calendar(java, zone_id, millis)
            st.set(C.HOUR_OF_DAY, h)
            st.set(C.MINUTE, m)
            st.set(C.SECOND, s)
            pairs.append(((zone_id, millis, "setTime", h, m, s), ev("toMillis(setTime({T}, %d, %d, %d))" % (h, m, s)),
                          int(st.getTimeInMillis())))
            y, mo, d = (rng.randint(1950, 2060) if modern else rng.choice([rng.randint(1, 1700), 1582, 1582])), \
                rng.randint(0, 11), rng.randint(1, 31 if not modern else 28)
            gd = java.GregorianCalendar(java.TimeZone.getTimeZone(zone_id), java.Locale.US)
            gd.clear()
            gd.set(y, mo, d)
            pairs.append(((zone_id, "getDate", y, mo, d), ev("toMillis(getDate(%d, %d, %d))" % (y, mo, d)),
                          int(gd.getTimeInMillis())))
    bad, count = _mismatches(pairs)
    assert len(pairs) >= 10000 and count == 0, bad


def test_wall_time_gap_and_overlap_resolve_as_calendar_does(java):
    """02:30 on the spring-forward day does not exist (Java reads it as 03:30 daylight time); 01:30 on
    the fall-back day happens twice (Java takes the standard-time one)."""
    for zone_id in ("America/Los_Angeles", "Europe/Berlin"):
        zone = zones.zone_for(zone_id)
        for (y, mo, d, h, mi) in ((2023, 3, 12, 2, 30), (2023, 11, 5, 1, 30), (2023, 3, 26, 2, 30),
                                  (2023, 10, 29, 2, 30), (2024, 3, 10, 2, 0), (2024, 11, 3, 1, 0)):
            cal = java.GregorianCalendar(java.TimeZone.getTimeZone(zone_id), java.Locale.US)
            cal.clear()
            cal.set(y, mo - 1, d, h, mi, 0)
            assert dates.from_fields(y, mo, d, h, mi, zone=zone) == int(cal.getTimeInMillis()), (zone_id, y, mo, d, h)


def test_split_agrees_with_string_split(java):
    """split(text, regex, limit) cuts as java.lang.String.split does (leading, trailing and zero-width
    matches, limits below, at and above the piece count)."""
    import re
    from mes.expression import lib_strings
    rng = random.Random(16008)
    patterns = [",", ";", ",+", "[,;]", "", "b*", "(?=b)", "a|,", "\\s+"]
    pairs = []
    for _ in range(300):
        text = "".join(rng.choice("ab,; ") for _ in range(rng.randint(0, 9)))
        for pattern in patterns:
            limit = rng.choice([-1, 0, 1, 2, 3, 10])
            want = [str(p) for p in java.String(text).split(pattern, limit)]
            pairs.append(((text, pattern, limit), lib_strings.java_split(re.compile(pattern), text, limit), want))
    bad, count = _mismatches(pairs)
    assert count == 0, bad


@pytest.mark.parametrize("value,article", [(1.5, "a float"), ({}, "a dict"), (object(), "an object")])
def test_a_hash_of_an_unsupported_value_names_it_with_the_right_article(value, article):
    with pytest.raises(java_text.FormatError) as raised:
        java_text.format_string_python("%h", [value])
    assert str(raised.value) == "%%h of %s is not supported" % article
