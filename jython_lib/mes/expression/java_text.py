"""Java's text formats in pure Python: SimpleDateFormat, DecimalFormat and String.format (en_US).

A gateway evaluates dateFormat, numberFormat and stringFormat with these Java classes; under Jython
the public functions below call the Java classes themselves (faster, and exact by construction); under
CPython they run the Python implementations, which tests/test_expression_java.py checks against the
JVM through JPype for thousands of generated inputs (docs/expressions.md#java-fidelity).
A pattern Java refuses raises ValueError here; the callers turn it into an evaluation error.
"""
from __future__ import absolute_import, unicode_literals

import decimal
import math
import sys
import threading

from mes.core import compat, wording
from mes.expression import dates, java_numbers, zones

_IS_JYTHON = sys.platform.startswith("java")
try:
    _unichr = unichr  # noqa: F821 - Python 2 / Jython
except NameError:
    _unichr = chr

MONTHS = ("January", "February", "March", "April", "May", "June", "July", "August", "September",
          "October", "November", "December")
DAYS = ("Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday")
_LONG_ZONE_NAMES = {"UTC": "Coordinated Universal Time", "GMT": "Greenwich Mean Time",
                    "PST": "Pacific Standard Time", "PDT": "Pacific Daylight Time",
                    "MST": "Mountain Standard Time", "MDT": "Mountain Daylight Time",
                    "CST": "Central Standard Time", "CDT": "Central Daylight Time",
                    "EST": "Eastern Standard Time", "EDT": "Eastern Daylight Time",
                    "CET": "Central European Standard Time", "CEST": "Central European Summer Time",
                    "EET": "Eastern European Standard Time", "EEST": "Eastern European Summer Time",
                    "WET": "Western European Standard Time", "WEST": "Western European Summer Time",
                    "BST": "British Summer Time"}
INT_MIN, INT_MAX = -2 ** 31, 2 ** 31 - 1


# === SimpleDateFormat ===========================================================================

_DATE_LETTERS = "GyYMLwWDdFEuaHkKhmsSzZX"


def compile_date_pattern(pattern):
    """A SimpleDateFormat pattern -> [(letter, count) or literal text]. ValueError when Java refuses it."""
    parts = []
    i, n = 0, len(pattern)
    while i < n:
        c = pattern[i]
        if c == "'":
            end = i + 1
            text = []
            if end < n and pattern[end] == "'":
                parts.append("'")
                i += 2
                continue
            while True:
                if end >= n:
                    raise ValueError("Unterminated quote in date pattern %r" % pattern)
                if pattern[end] == "'":
                    if end + 1 < n and pattern[end + 1] == "'":
                        text.append("'")
                        end += 2
                        continue
                    break
                text.append(pattern[end])
                end += 1
            parts.append("".join(text))
            i = end + 1
        elif ("a" <= c <= "z") or ("A" <= c <= "Z"):
            if c not in _DATE_LETTERS:
                raise ValueError("Illegal pattern character '%s'" % c)
            j = i
            while j < n and pattern[j] == c:
                j += 1
            if c == "X" and j - i > 3:
                raise ValueError("invalid ISO 8601 format: length=%d" % (j - i))
            parts.append((c, j - i))
            i = j
        else:
            parts.append(c)
            i += 1
    return parts


def _pad(value, count):
    text = "%d" % abs(value)
    if len(text) < count:
        text = "0" * (count - len(text)) + text
    return ("-" + text) if value < 0 else text


def week_fields(dt):
    """(week of year, week year) with Sunday-first weeks and week 1 holding January 1 (en_US); dt is a
    dates.Wall, whose day of the year and year length count the days that exist (1582 has 355)."""
    doy = dt.day_of_year
    since_sunday = (dt.weekday() + 1) % 7
    jan1_since_sunday = (since_sunday - (doy - 1)) % 7
    week = (doy - 1 + jan1_since_sunday) // 7 + 1
    days_to_next_year = dt.year_days - doy + 1
    if days_to_next_year < 7 - since_sunday:
        return 1, dt.year + 1
    return week, dt.year


def _offset_text(offset_millis, count, letter):
    minutes = offset_millis // 60000
    sign = "-" if minutes < 0 else "+"
    hh, mm = divmod(abs(minutes), 60)
    if letter == "Z":
        return "%s%02d%02d" % (sign, hh, mm)
    if minutes == 0:
        return "Z"
    if count == 1:
        return "%s%02d" % (sign, hh)
    if count == 2:
        return "%s%02d%02d" % (sign, hh, mm)
    return "%s%02d:%02d" % (sign, hh, mm)


def _date_field(letter, count, dt, millis, zone):
    if letter == "y" or letter == "Y":
        year = dt.year if letter == "y" else week_fields(dt)[1]
        return _pad(year % 100, 2) if count == 2 else _pad(year, count)
    if letter == "M" or letter == "L":
        if count >= 4:
            return MONTHS[dt.month - 1]
        if count == 3:
            return MONTHS[dt.month - 1][:3]
        return _pad(dt.month, count)
    if letter == "E":
        name = DAYS[dt.weekday()]
        return name if count >= 4 else name[:3]
    if letter == "a":
        return "AM" if dt.hour < 12 else "PM"
    if letter == "G":
        return "AD"
    if letter in "zZX":
        offset = zone.offset(millis)
        if letter != "z":
            return _offset_text(offset, count, letter)
        short = zone.short_name(millis)
        return _LONG_ZONE_NAMES.get(short, short) if count >= 4 else short
    return _pad(_number_field(letter, dt), count)


def _number_field(letter, dt):
    if letter == "d":
        return dt.day
    if letter == "H":
        return dt.hour
    if letter == "m":
        return dt.minute
    if letter == "s":
        return dt.second
    if letter == "S":
        return dt.microsecond // 1000
    if letter == "h":
        return dt.hour % 12 or 12
    if letter == "K":
        return dt.hour % 12
    if letter == "k":
        return dt.hour or 24
    if letter == "D":
        return dt.day_of_year
    if letter == "u":
        return dt.weekday() + 1
    if letter == "F":
        return (dt.day_in_month - 1) // 7 + 1  # "F": counts the days that exist (October 1582)
    if letter == "w":
        return week_fields(dt)[0]
    first_since_sunday = ((dt.weekday() + 1) % 7 - (dt.day_in_month - 1)) % 7  # "W": week of month
    return (dt.day_in_month - 1 + first_since_sunday) // 7 + 1


def format_date_python(millis, pattern, zone=None):
    """SimpleDateFormat(pattern).format(date) in `zone` (default: the gateway's), in Python."""
    zone = zone or zones.gateway_zone()
    dt = dates.wall_datetime(millis, zone)
    out = []
    for part in _date_pattern(pattern):
        if isinstance(part, tuple):
            out.append(_date_field(part[0], part[1], dt, millis, zone))
        else:
            out.append(part)
    return "".join(out)


def cached(cache, key, build, limit=512):
    """cache[key], built by build(key) the first time; the cache is emptied when it holds `limit`."""
    value = cache.get(key)
    if value is None:
        value = build(key)
        if len(cache) >= limit:
            cache.clear()
        cache[key] = value
    return value


_PATTERNS = {}


def _date_pattern(pattern):
    return cached(_PATTERNS, pattern, compile_date_pattern)


# === DecimalFormat ==============================================================================

class _NumberPattern(object):
    __slots__ = ("pos_prefix", "pos_suffix", "neg_prefix", "neg_suffix", "min_int", "max_int", "min_frac",
                 "max_frac", "grouping", "multiplier", "exponent_digits", "show_decimal", "has_explicit_neg")


_SPECIAL = "0#,.E;%\u2030"


def _split_affixes(sub):
    """(prefix, number part, suffix, unquoted affix text) of one subpattern, quotes removed."""
    prefix, number, suffix, unquoted = [], [], [], []
    state = 0
    i, n = 0, len(sub)
    while i < n:
        c = sub[i]
        if c == "'":
            end = sub.find("'", i + 1)
            if end < 0:
                raise ValueError("Malformed pattern %r" % sub)
            text = "'" if end == i + 1 else sub[i + 1:end]
            (prefix if state == 0 else suffix).append(text)
            i = end + 1
            continue
        if c in "0#,." or (c == "E" and state == 1):
            if state == 2:
                raise ValueError("Unquoted special character '%s' in pattern %r" % (c, sub))
            state = 1
            number.append(c)
            if c == "E":
                i += 1
                while i < n and sub[i] == "0":
                    number.append("0")
                    i += 1
                continue
        else:
            if state == 1:
                state = 2
            (prefix if state == 0 else suffix).append(c)
            unquoted.append(c)
        i += 1
    return "".join(prefix), "".join(number), "".join(suffix), "".join(unquoted)


def compile_number_pattern(pattern):
    """A DecimalFormat pattern -> _NumberPattern. ValueError when Java refuses it."""
    positive, _, negative = _split_subpatterns(pattern)
    prefix, number, suffix, unquoted = _split_affixes(positive)
    p = _NumberPattern()
    p.pos_prefix, p.pos_suffix = prefix, suffix
    p.multiplier = 100 if "%" in unquoted else (1000 if "\u2030" in unquoted else 1)
    mantissa, _, exponent = number.partition("E")
    p.exponent_digits = len(exponent) if "E" in number else 0
    if "E" in number and not exponent:
        raise ValueError("Malformed exponential pattern %r" % pattern)
    whole, dot, frac = mantissa.partition(".")
    if "." in frac or "," in frac:
        raise ValueError("Malformed pattern %r" % pattern)
    digits = whole.replace(",", "")
    if "0" in digits and "#" in digits[digits.index("0"):]:
        raise ValueError("Unexpected '0' in pattern %r" % pattern)
    if "0" in frac and "#" in frac and frac.rindex("0") > frac.index("#"):
        raise ValueError("Unexpected '0' in pattern %r" % pattern)
    p.min_int = digits.count("0")
    p.max_int = len(digits) if p.exponent_digits else 2 ** 31 - 1
    p.min_frac = frac.count("0")
    p.max_frac = len(frac)
    if not p.min_int and not p.min_frac and dot and not p.exponent_digits:
        # Java's applyPattern makes one '#' next to the point required: "#.##" shows 0.5 as "0.5",
        # ".##" shows 0 as ".0"
        p.min_int, p.min_frac = (1, 0) if digits else (0, 1)
    if p.min_int == 0 and p.max_frac == 0 and not p.exponent_digits and not digits:
        p.min_int = 1
    groups = whole.split(",")
    p.grouping = len(groups[-1]) if len(groups) > 1 else 0
    if len(groups) > 1 and p.grouping == 0:
        raise ValueError("Malformed pattern %r" % pattern)
    p.show_decimal = False
    if negative is not None:
        neg_prefix, _n, neg_suffix, _u = _split_affixes(negative)
        p.neg_prefix, p.neg_suffix = neg_prefix, neg_suffix
    else:
        p.neg_prefix, p.neg_suffix = "-" + prefix, suffix
    return p


def _split_subpatterns(pattern):
    in_quote = False
    for i, c in enumerate(pattern):
        if c == "'":
            in_quote = not in_quote
        elif c == ";" and not in_quote:
            return pattern[:i], ";", pattern[i + 1:]
    return pattern, "", None


def _round_half_even(number, exact, quantum, ties_up=False):
    """DecimalFormat's rounding: the digits of Double.toString, rounded half-even, except that a tie in
    those digits is broken by the double's exact binary value (0.135 is really 0.13500000000000000888),
    and that a whole-number double's tie rounds up (Java's digit conversion does not mark it exact)."""
    down = number.quantize(quantum, rounding=decimal.ROUND_DOWN, context=_CONTEXT)
    rest = number - down
    if rest == quantum / 2 and (ties_up or exact != number):
        return down + quantum if ties_up or exact > number else down
    return number.quantize(quantum, rounding=decimal.ROUND_HALF_EVEN, context=_CONTEXT)


_CONTEXT = decimal.Context(prec=1200, rounding=decimal.ROUND_HALF_EVEN)


def format_number_python(value, pattern):
    """DecimalFormat(pattern).format(value), HALF_EVEN rounding of the exact value, in Python."""
    p = _number_pattern(pattern)
    if isinstance(value, float):
        if math.isnan(value):
            return "NaN"
        negative = math.copysign(1.0, value) < 0
        if math.isinf(value):
            return (p.neg_prefix if negative else p.pos_prefix) + "\u221e" + (p.neg_suffix if negative else p.pos_suffix)
    else:
        negative = value < 0
    ties_up = False
    if isinstance(value, float):
        scaled = abs(value) * p.multiplier  # Java multiplies the double first (3.865 * 100 = 386.49999999999994)
        number, exact = decimal.Decimal(repr(scaled)), decimal.Decimal(scaled)
        ties_up = scaled == math.floor(scaled) and scaled < 2.0 ** 62
    else:
        number = exact = decimal.Decimal(abs(value) * p.multiplier)
    if p.exponent_digits:
        body = _scientific(number, exact, ties_up, p)
    else:
        body = _fixed(number, exact, p)
    if negative and isinstance(value, float) is False and number == 0:
        negative = False
    if negative:
        return p.neg_prefix + body + p.neg_suffix
    return p.pos_prefix + body + p.pos_suffix


def _fixed(number, exact, p):
    quantum = decimal.Decimal(1).scaleb(-p.max_frac)
    rounded = _round_half_even(number, exact, quantum)
    text = "{0:f}".format(rounded)
    whole, _, frac = text.partition(".")
    frac = frac.rstrip("0")
    if len(frac) < p.min_frac:
        frac += "0" * (p.min_frac - len(frac))
    whole = whole.lstrip("0")
    if len(whole) < p.min_int:
        whole = "0" * (p.min_int - len(whole)) + whole
    if p.grouping and whole:
        whole = _group(whole, p.grouping)
    if not whole and not frac:
        whole = "0"  # Java never prints nothing
    if frac or p.show_decimal:
        return whole + "." + frac
    return whole


def _group(whole, size):
    chunks = []
    while len(whole) > size:
        chunks.insert(0, whole[-size:])
        whole = whole[:-size]
    chunks.insert(0, whole)
    return ",".join(chunks)


def _scientific(number, exact, ties_up, p):
    min_int = p.min_int
    max_int = p.max_int
    if number == 0:
        exponent = 0
    else:
        exponent = number.adjusted()
    if max_int > min_int and max_int > 1:  # engineering notation: exponent a multiple of max_int
        exponent = (exponent // max_int) * max_int if exponent >= 0 else -((-exponent + max_int - 1) // max_int) * max_int
        int_digits = 1
        sig_min = min_int + p.min_frac
        sig_max = max_int + p.max_frac
    else:
        int_digits = max(min_int, 1) if min_int else 1
        exponent -= int_digits - 1
        sig_min = min_int + p.min_frac
        sig_max = min_int + p.max_frac if min_int else p.max_frac
    if number == 0:
        whole = "0" * max(min_int, 1)
        return whole + ("." + "0" * p.min_frac if p.min_frac else "") + "E" + _pad(0, p.exponent_digits)
    mantissa = number.scaleb(-exponent)
    decimals = max(sig_max - (mantissa.adjusted() + 1), 0) if number != 0 else p.max_frac
    if max_int > min_int and max_int > 1:
        decimals = max(sig_max - (mantissa.adjusted() + 1), 0) if number != 0 else p.max_frac
    rounded = _round_half_even(mantissa, exact.scaleb(-exponent), decimal.Decimal(1).scaleb(-decimals), ties_up)
    if rounded != 0 and rounded.adjusted() >= (max_int if max_int > min_int and max_int > 1 else int_digits):
        step = max_int if max_int > min_int and max_int > 1 else 1
        exponent += step
        rounded = rounded.scaleb(-step)
    text = "{0:f}".format(rounded)
    whole, _, frac = text.partition(".")
    whole = whole.lstrip("0")
    if len(whole) < min_int:
        whole = "0" * (min_int - len(whole)) + whole
    frac = frac.rstrip("0")
    total_sig = len((whole + frac).lstrip("0"))
    if total_sig < sig_min:
        frac += "0" * (sig_min - total_sig)
    if len(frac) < p.min_frac:
        frac += "0" * (p.min_frac - len(frac))
    body = whole + ("." + frac if frac else "")
    exp_text = _pad(abs(exponent), p.exponent_digits)
    return body + "E" + ("-" if exponent < 0 else "") + exp_text


_NUMBER_PATTERNS = {}


def _number_pattern(pattern):
    return cached(_NUMBER_PATTERNS, pattern, compile_number_pattern)


# === Double.toString ============================================================================

def double_text(x):
    """Double.toString: plain notation for 1e-3 <= |x| < 1e7, else d.dddE[-]n; always a fraction part."""
    return _decimal_text(x, _double_digits)


def float_text(x):
    """Float.toString: as Double.toString, with the fewest digits that tell the 32-bit float apart
    from its neighbours (toFloat(0.1) prints 0.1, not 0.10000000149011612)."""
    return _decimal_text(x, _single_digits)


_DOUBLE_BITS, _SINGLE_BITS = 53, 24
_TWO_63 = 2.0 ** 63


def _double_digits(x):
    return _whole_number_digits(x, _DOUBLE_BITS) or shortest_digits(x)


def _single_digits(x):
    """(digits, exponent) of the shortest decimal that rounds back to the same 32-bit float."""
    whole = _whole_number_digits(x, _SINGLE_BITS)
    if whole is not None:
        return whole
    target = java_numbers.single(x)
    for precision in range(1, 10):
        text = "%.*e" % (precision - 1, x)
        if java_numbers.single(float(text)) == target:
            return shortest_digits(float(text))
    return shortest_digits(x)


def _whole_number_digits(x, significant_bits):
    """The digits Java's FloatingDecimal (Java 8 to 18, what gateways run) gives a whole number below
    2**63: not the shortest form but the number itself, with only the digits its precision cannot
    hold rounded off (Float.toString(2.14748339E9f) keeps 9 digits where 8 would identify it).
    None for any other number."""
    if not 1.0 <= x < _TWO_63 or x != math.floor(x):
        return None
    n = int(x)
    binary_exponent = len(bin(n)) - 3
    insignificant = 0
    if binary_exponent > significant_bits:
        insignificant = max(len(str(2 ** (binary_exponent - significant_bits - 1))) - 1, 0)
    if insignificant:
        n, residue = divmod(n, 10 ** insignificant)
        if residue >= 10 ** insignificant // 2:
            n += 1  # FloatingDecimal rounds the dropped digits half up
    text = str(n)
    return text.rstrip("0") or "0", len(text) + insignificant


def _decimal_text(x, digits_of):
    if math.isnan(x):
        return "NaN"
    if math.isinf(x):
        return "Infinity" if x > 0 else "-Infinity"
    if x == 0:
        return "-0.0" if math.copysign(1.0, x) < 0 else "0.0"
    sign = "-" if x < 0 else ""
    digits, exp = digits_of(abs(x))
    if 1e-3 <= abs(x) < 1e7:
        if exp <= 0:
            text = "0." + "0" * (-exp) + digits
        elif exp >= len(digits):
            text = digits + "0" * (exp - len(digits)) + ".0"
        else:
            text = digits[:exp] + "." + digits[exp:]
        return sign + text
    mantissa = digits[0] + "." + (digits[1:] or "0")
    return "%s%sE%d" % (sign, mantissa, exp - 1)


def shortest_digits(x):
    """(significant digits, exponent) with x == 0.<digits> * 10**exponent, from repr (shortest form)."""
    text = repr(x).lower()
    exp = 0
    if "e" in text:
        text, e = text.split("e")
        exp = int(e)
    if "." in text:
        whole, frac = text.split(".")
    else:
        whole, frac = text, ""
    digits = (whole + frac).lstrip("0")
    exp += len(whole) - ((len(whole + frac)) - len((whole + frac).lstrip("0")))
    digits = digits.rstrip("0") or "0"
    return digits, exp


# === String.format ==============================================================================

class FormatError(ValueError):
    """String.format refused the format or an argument (Java's IllegalFormatException family)."""


def _spec_iter(fmt):
    i, n = 0, len(fmt)
    while i < n:
        j = fmt.find("%", i)
        if j < 0:
            yield fmt[i:]
            return
        if j > i:
            yield fmt[i:j]
        k = j + 1
        index = None
        start = k
        while k < n and fmt[k].isdigit():
            k += 1
        if k < n and fmt[k] == "$" and k > start:
            index = int(fmt[start:k])
            k += 1
        else:
            k = start
        if k < n and fmt[k] == "<":
            index = -1
            k += 1
        flags_start = k
        while k < n and fmt[k] in "-#+ 0,(":
            k += 1
        flags = fmt[flags_start:k]
        width_start = k
        while k < n and fmt[k].isdigit():
            k += 1
        width = int(fmt[width_start:k]) if k > width_start else None
        precision = None
        if k < n and fmt[k] == ".":
            k += 1
            p_start = k
            while k < n and fmt[k].isdigit():
                k += 1
            if k == p_start:
                raise FormatError("Illegal precision in %r" % fmt)
            precision = int(fmt[p_start:k])
        if k >= n:
            raise FormatError("Format specifier '%s' is incomplete" % fmt[j:])
        conv = fmt[k]
        if conv in "tT":
            if k + 1 >= n:
                raise FormatError("Format specifier '%s' is incomplete" % fmt[j:])
            conv = fmt[k:k + 2]
            k += 1
        yield (index, flags, width, precision, conv)
        i = k + 1


def format_string_python(fmt, args):
    """java.lang.String.format(fmt, args) with Java's boxing of the evaluator's values, in Python."""
    out = []
    ordinary = 0
    last = None
    for part in _spec_iter(fmt):
        if not isinstance(part, tuple):
            out.append(part)
            continue
        index, flags, width, precision, conv = part
        check_spec(flags, width, precision, conv)
        if conv in ("%", "n"):
            text = "%" if conv == "%" else "\n"
            out.append(_justify(text, flags, width))
            continue
        if index == -1:
            if last is None:
                raise FormatError("Missing format argument for '%%<%s'" % conv)
            arg_pos = last
        elif index is not None:
            arg_pos = index - 1
        else:
            arg_pos = ordinary
            ordinary += 1
        if arg_pos >= len(args) or arg_pos < 0:
            raise FormatError("Missing format argument for '%%%s'" % conv)
        last = arg_pos
        out.append(_convert(args[arg_pos], flags, width, precision, conv))
    return "".join(out)


def _justify(text, flags, width):
    if width is None or len(text) >= width:
        return text
    if "-" in flags:
        return text + " " * (width - len(text))
    return " " * (width - len(text)) + text


def _check_flags(flags, allowed, conv):
    for f in flags:
        if f not in allowed:
            raise FormatError("Conversion = %s, Flags = %s" % (conv, f))


_FLAGS_ALLOWED = {"b": "-", "s": "-", "h": "-", "c": "-", "%": "-", "n": "", "d": "-+ 0,(", "o": "-#0",
                  "x": "-#0", "e": "-#+ 0(", "f": "-#+ 0,(", "g": "-+ 0,(", "t": "-"}


def check_spec(flags, width, precision, conv):
    """Java's Formatter refusals: flags the conversion does not take, '-' or '0' without a width,
    '+' with ' ', '-' with '0', repeated flags, a precision where none is allowed."""
    key = conv[0].lower()
    if len(set(flags)) != len(flags):
        raise FormatError("DuplicateFormatFlags %s" % flags)
    for f in flags:
        if f not in _FLAGS_ALLOWED.get(key, ""):
            raise FormatError("FormatFlagsConversionMismatch Conversion = %s, Flags = %s" % (conv, f))
    if ("+" in flags and " " in flags) or ("-" in flags and "0" in flags):
        raise FormatError("IllegalFormatFlags %s" % flags)
    if ("-" in flags or "0" in flags) and width is None:
        raise FormatError("MissingFormatWidth %%%s%s" % (flags, conv))
    if precision is not None and key in "cdoxtn%":
        raise FormatError("IllegalFormatPrecision %d" % precision)
    if key == "n" and width is not None:
        raise FormatError("IllegalFormatWidth %d" % width)


def _convert(arg, flags, width, precision, conv):
    lower = conv.lower()
    if lower in ("b",):
        _check_flags(flags, "-", conv)
        text = "false" if arg is None or arg is False else "true"
        return _case(_justify(_cut(text, precision), flags, width), conv)
    if lower == "s":
        _check_flags(flags, "-", conv)
        return _case(_justify(_cut(java_string(arg), precision), flags, width), conv)
    if lower == "h":
        text = "null" if arg is None else "%x" % _java_hash(arg)
        return _case(_justify(_cut(text, precision), flags, width), conv)
    if lower == "c":
        return _case(_justify(_char(arg), flags, width), conv)
    if lower in ("d", "o", "x"):
        if arg is None:
            return _justify("null", flags, width)
        return _case(_integer(arg, flags, width, precision, lower), conv)
    if lower in ("e", "f", "g"):
        if arg is None:
            return _justify("null", flags, width)
        return _case(_floating(arg, flags, width, precision, lower), conv)
    if lower[0] == "t":
        if arg is None:
            return _justify("null", flags, width)
        return _case(_justify(_time(arg, conv[1]), flags, width), conv)
    raise FormatError("Unknown format conversion: '%s'" % conv)


def _case(text, conv):
    return text.upper() if conv[0].isupper() else text


def _cut(text, precision):
    return text if precision is None else text[:precision]


def java_string(value):
    """String.valueOf: true/false, Double.toString's 1.0 and 1.0E10, "null", dates as Date.toString."""
    if value is None:
        return "null"
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, float):
        return float_text(value) if isinstance(value, java_numbers.JavaFloat) else double_text(value)
    if compat.is_string(value):
        return value
    return compat.text_type(value)


def _java_hash(arg):
    if isinstance(arg, bool):
        return 1231 if arg else 1237
    if isinstance(arg, compat.integer_types):
        if INT_MIN <= arg <= INT_MAX:
            return arg & 0xFFFFFFFF
        return (arg ^ (arg >> 32)) & 0xFFFFFFFF
    if compat.is_string(arg):
        h = 0
        for ch in arg:
            h = (31 * h + ord(ch)) & 0xFFFFFFFF
        return h
    raise FormatError("%%h of %s is not supported" % wording.with_article(type(arg).__name__))


def _char(arg):
    if isinstance(arg, compat.integer_types) and not isinstance(arg, bool) and 0 <= arg <= 0x10FFFF:
        return _unichr(arg)
    if arg is None:
        return "null"
    raise FormatError("c != %s" % _java_class(arg))


def _java_class(arg):
    if isinstance(arg, bool):
        return "java.lang.Boolean"
    if isinstance(arg, compat.integer_types):
        return "java.lang.Integer" if INT_MIN <= arg <= INT_MAX else "java.lang.Long"
    if isinstance(arg, float):
        return "java.lang.Double"
    if compat.is_string(arg):
        return "java.lang.String"
    return "java.util.Date" if hasattr(arg, "millis") else type(arg).__name__


def _integer(arg, flags, width, precision, conv):
    if isinstance(arg, bool) or not isinstance(arg, compat.integer_types):
        raise FormatError("%s != %s" % (conv, _java_class(arg)))
    if precision is not None:
        raise FormatError("IllegalFormatPrecision %d" % precision)
    if ("-" in flags or "0" in flags) and width is None:
        raise FormatError("MissingFormatWidth %%%s%s" % (flags, conv))
    if "-" in flags and "0" in flags:
        raise FormatError("IllegalFormatFlags %s" % flags)
    if conv == "d":
        negative = arg < 0
        digits = "%d" % abs(arg)
        if "," in flags:
            digits = _group(digits, 3)
        return _sign_and_pad(digits, negative, flags, width)
    _check_flags(flags, "-#0", conv)
    bits = 32 if INT_MIN <= arg <= INT_MAX else 64
    value = arg & ((1 << bits) - 1)
    digits = ("%o" if conv == "o" else "%x") % value
    if "#" in flags:
        digits = ("0" if conv == "o" else "0x") + digits
    if "0" in flags and width is not None and len(digits) < width:
        prefix = "0x" if digits.startswith("0x") else ""
        rest = digits[len(prefix):]
        digits = prefix + "0" * (width - len(digits)) + rest
    return _justify(digits, flags, width)


def _sign_and_pad(digits, negative, flags, width):
    if negative:
        if "(" in flags:
            prefix, suffix = "(", ")"
        else:
            prefix, suffix = "-", ""
    else:
        prefix = "+" if "+" in flags else (" " if " " in flags else "")
        suffix = ""
    if "0" in flags and width is not None:
        fill = width - len(prefix) - len(digits) - len(suffix)
        if fill > 0:
            digits = "0" * fill + digits
    return _justify(prefix + digits + suffix, flags, width)


def _floating(arg, flags, width, precision, conv):
    if isinstance(arg, bool) or not isinstance(arg, (float,) + compat.integer_types) or \
            isinstance(arg, compat.integer_types):
        raise FormatError("%s != %s" % (conv, _java_class(arg)))
    if ("-" in flags or "0" in flags) and width is None:
        raise FormatError("MissingFormatWidth %%%s%s" % (flags, conv))
    if math.isnan(arg) or math.isinf(arg):
        text = "NaN" if math.isnan(arg) else ("Infinity" if arg > 0 else "-Infinity")
        if not math.isnan(arg) and arg > 0 and "+" in flags:
            text = "+" + text
        return _justify(text, flags.replace("0", ""), width)
    negative = math.copysign(1.0, arg) < 0
    value = decimal.Decimal(repr(abs(arg)))  # Java rounds Double.toString's digits, HALF_UP
    if precision is None:
        precision = 6
    if conv == "f":
        digits = _fixed_half_up(value, precision, "," in flags)
    elif conv == "e":
        digits = _exponent_half_up(value, precision)
    else:
        digits = _general(value, precision, "," in flags)
    if "#" in flags and "." not in digits:  # '#': always a decimal point
        digits = digits.replace("e", ".e") if "e" in digits else digits + "."
    return _sign_and_pad(digits, negative, flags, width)


def _fixed_half_up(value, precision, grouping):
    rounded = value.quantize(decimal.Decimal(1).scaleb(-precision), rounding=decimal.ROUND_HALF_UP,
                             context=_CONTEXT)
    text = "{0:f}".format(rounded)
    if grouping:
        whole, dot, frac = text.partition(".")
        text = _group(whole, 3) + dot + frac
    return text


def _exponent_half_up(value, precision):
    if value == 0:
        return "0" + ("." + "0" * precision if precision else "") + "e+00"
    exponent = value.adjusted()
    mantissa = value.scaleb(-exponent).quantize(decimal.Decimal(1).scaleb(-precision),
                                                rounding=decimal.ROUND_HALF_UP, context=_CONTEXT)
    if mantissa >= 10:
        exponent += 1
        mantissa = value.scaleb(-exponent).quantize(decimal.Decimal(1).scaleb(-precision),
                                                    rounding=decimal.ROUND_HALF_UP, context=_CONTEXT)
    return "{0:f}e{1}{2:02d}".format(mantissa, "-" if exponent < 0 else "+", abs(exponent))


def _general(value, precision, grouping):
    if precision == 0:
        precision = 1
    if value == 0:
        return _fixed_half_up(value, precision - 1, grouping)
    rounded = value.quantize(decimal.Decimal(1).scaleb(value.adjusted() - precision + 1),
                             rounding=decimal.ROUND_HALF_UP, context=_CONTEXT)
    if decimal.Decimal("0.0001") <= rounded < decimal.Decimal(10) ** precision:
        return _fixed_half_up(value, precision - rounded.adjusted() - 1, grouping)
    return _exponent_half_up(value, precision - 1)


_TIME_SUFFIXES = {"H": "HH", "I": "hh", "k": "H", "l": "h", "M": "mm", "S": "ss", "L": "SSS", "p": "a",
                  "Z": "z", "B": "MMMM", "b": "MMM", "h": "MMM", "A": "EEEE", "a": "EEE", "Y": "yyyy",
                  "y": "yy", "j": "DDD", "m": "MM", "d": "dd", "e": "d", "R": "HH:mm", "T": "HH:mm:ss",
                  "r": "hh:mm:ss a", "D": "MM/dd/yy", "F": "yyyy-MM-dd", "c": "EEE MMM dd HH:mm:ss z yyyy",
                  "z": "Z"}


def _time(arg, suffix):
    millis = arg.millis if hasattr(arg, "millis") else arg
    if isinstance(millis, bool) or not isinstance(millis, compat.integer_types):
        raise FormatError("t%s != %s" % (suffix, _java_class(arg)))
    if suffix == "s":
        return "%d" % (millis // 1000)
    if suffix == "Q":
        return "%d" % millis
    if suffix == "N":
        return "%09d" % ((millis % 1000) * 1000000)
    pattern = _TIME_SUFFIXES.get(suffix)
    if pattern is None:
        raise FormatError("Unknown date/time conversion 't%s'" % suffix)
    text = format_date_python(millis, pattern)
    return text.lower() if suffix == "p" else text


# === entry points: Java's own classes under Jython ================================================

if _IS_JYTHON:  # pragma: no cover - exercised under Jython
    from java.lang import Double as _JDouble, Exception as _JavaError, Integer as _JInteger, Long as _JLong
    from java.lang import String as _JString
    from java.text import DecimalFormat as _JDecimalFormat, DecimalFormatSymbols as _JSymbols
    from java.text import SimpleDateFormat as _JSimpleDateFormat
    from java.util import Date as _JDate, GregorianCalendar as _JCalendar, Locale as _JLocale
    from java.util import TimeZone as _JTimeZone

    _SYMBOLS = _JSymbols(_JLocale.US)
    _LOCAL = threading.local()  # SimpleDateFormat is not thread-safe: one cache per thread

    def format_date(millis, pattern):
        """dateFormat: java.text.SimpleDateFormat in the gateway's zone (formatters cached per thread)."""
        cache = getattr(_LOCAL, "formats", None)
        if cache is None:
            cache = _LOCAL.formats = {}
        fmt = cached(cache, (pattern, zones.gateway_zone().id), _simple_date_format)
        return fmt.format(_JDate(millis))

    def _simple_date_format(key):
        pattern, zone_id = key
        try:
            fmt = _JSimpleDateFormat(pattern, _JLocale.US)
        except _JavaError as e:  # IllegalArgumentException
            raise ValueError(e.getMessage())
        fmt.setTimeZone(_JTimeZone.getTimeZone(zone_id))
        return fmt

    def format_number(value, pattern):
        """numberFormat: java.text.DecimalFormat (en_US symbols; formatters cached per thread)."""
        cache = getattr(_LOCAL, "numbers", None)
        if cache is None:
            cache = _LOCAL.numbers = {}
        return cached(cache, pattern, _decimal_format).format(_box(value))

    def _decimal_format(pattern):
        try:
            return _JDecimalFormat(pattern, _SYMBOLS)
        except _JavaError as e:
            raise ValueError(e.getMessage())

    def format_string(fmt, args):
        """stringFormat: java.lang.String.format."""
        try:
            return _JString.format(_JLocale.US, fmt, [_box(a) for a in args])
        except _JavaError as e:  # the IllegalFormatException family
            raise FormatError("%s %s" % (e.getClass().getSimpleName(), e.getMessage()))

    def _box(value):
        if isinstance(value, bool) or value is None or compat.is_string(value):
            return value
        if isinstance(value, float):
            return _JDouble(value)
        if isinstance(value, compat.integer_types):
            return _JInteger(value) if INT_MIN <= value <= INT_MAX else _JLong(value)
        if hasattr(value, "millis"):  # a Calendar, so %t reads the fields in the gateway's zone
            calendar = _JCalendar(_JTimeZone.getTimeZone(zones.gateway_zone().id), _JLocale.US)
            calendar.setTimeInMillis(value.millis)
            return calendar
        return value
else:
    def format_date(millis, pattern):
        """dateFormat: SimpleDateFormat's rules in the gateway's zone."""
        return format_date_python(millis, pattern)

    def format_number(value, pattern):
        """numberFormat: DecimalFormat's rules (en_US symbols)."""
        return format_number_python(value, pattern)

    def format_string(fmt, args):
        """stringFormat: String.format's rules."""
        return format_string_python(fmt, args)
