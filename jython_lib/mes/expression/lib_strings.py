"""String functions, and the radix conversions (the manual files both under "String").

Rules (docs/expressions.md#supported-functions): a null argument gives null, except len(null), which is 0, and
concat, which writes "null". Positions are Java's: 0-based, end exclusive; a position outside the
text is an evaluation error, as Java's StringIndexOutOfBoundsException is on a gateway.
"""
from __future__ import absolute_import, unicode_literals

import re

from mes.expression import java_numbers, java_text
from mes.expression.expr_errors import ExpressionEvaluationError
from mes.expression.registry import register
from mes.expression.values import DatasetValue, is_dataset, to_integer, to_number, to_text

INT_MIN, INT_MAX = java_text.INT_MIN, java_text.INT_MAX


def _nullsafe(fn):
    """Wrap fn so that a null in any argument gives null."""
    def safe(*args):
        for a in args:
            if a is None:
                return None
        return fn(*args)
    safe.__name__ = fn.__name__
    return safe


def _concat(*values):
    return "".join(to_text(v) for v in values)


def _len(value):
    if value is None:
        return 0
    if is_dataset(value):
        return value.getRowCount()
    return len(to_text(value))


def _index(text, position, what):
    n = to_integer(position)
    if n < 0 or n > len(text):
        raise ExpressionEvaluationError("%s %d is outside the text \"%s\" (0 to %d)" % (what, n, text, len(text)))
    return n


def _substring(value, start, end=None):
    text = to_text(value)
    begin = _index(text, start, "start")
    finish = len(text) if end is None else _index(text, end, "end")
    if finish < begin:
        raise ExpressionEvaluationError("end %d is before start %d in substring of \"%s\"" % (finish, begin, text))
    return text[begin:finish]


def _left(value, count):
    text = to_text(value)
    return text[:_index(text, count, "character count")]


def _right(value, count):
    text = to_text(value)
    n = _index(text, count, "character count")
    return text[len(text) - n:]


def _index_of(value, part, start=0):
    return to_text(value).find(to_text(part), max(to_integer(start), 0))


def _last_index_of(value, part):
    return to_text(value).rfind(to_text(part))


def _repeat(value, count):
    n = to_integer(count)
    if n < 0:
        raise ExpressionEvaluationError("repeat count %d is negative" % n)
    return to_text(value) * n


def _replace(value, find, replacement):
    return to_text(value).replace(to_text(find), to_text(replacement))


def _java_trim(value):
    """String.trim(): removes characters up to and including the space (control characters too)."""
    text = to_text(value)
    start, end = 0, len(text)
    while start < end and text[start] <= " ":
        start += 1
    while end > start and text[end - 1] <= " ":
        end -= 1
    return text[start:end]


def _split(value, pattern, limit=0):
    """A one-column dataset ("parts") of the pieces, as String.split(regex, limit) cuts them."""
    text = to_text(value)
    try:
        rx = re.compile(to_text(pattern))
    except re.error as e:
        raise ExpressionEvaluationError("split pattern \"%s\" is not a valid regular expression (%s)" % (pattern, e))
    parts = java_split(rx, text, to_integer(limit))
    return DatasetValue(["parts"], [[p] for p in parts])


def java_split(rx, text, limit):
    """Pattern.split: at most `limit` pieces when limit > 0; a zero-width match at the start makes no
    empty first piece; with limit 0 trailing empty pieces are dropped."""
    parts, index = [], 0
    for m in rx.finditer(text):
        if limit > 0 and len(parts) >= limit - 1:
            break
        if index == 0 and m.start() == 0 and m.end() == 0:
            continue
        parts.append(text[index:m.start()])
        index = m.end()
    if index == 0 and not parts:
        return [text]
    parts.append(text[index:])
    if limit == 0:
        while parts and parts[-1] == "":
            parts.pop()
    return parts


def _escape_sql(value):
    return to_text(value).replace("'", "''")


_XML = (("&", "&amp;"), ("<", "&lt;"), (">", "&gt;"), ("\"", "&quot;"), ("'", "&apos;"))


def _escape_xml(value):
    text = to_text(value)
    for raw, entity in _XML:
        text = text.replace(raw, entity)
    return text


def _unescape_xml(value):
    text = to_text(value)
    for raw, entity in reversed(_XML):
        text = text.replace(entity, raw)
    return text


_URL_SAFE = set("abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789.-*_")


def _url_encode(value):
    """URLEncoder.encode(text, "UTF-8"): space -> '+', other unsafe bytes -> %XX."""
    out = []
    for ch in to_text(value):
        if ch in _URL_SAFE:
            out.append(ch)
        elif ch == " ":
            out.append("+")
        else:
            out.extend("%%%02X" % b for b in bytearray(ch.encode("utf-8")))
    return "".join(out)


def _number_format(value, pattern):
    number = to_number(value)
    try:
        return java_text.format_number(number, to_text(pattern))
    except ValueError as e:
        raise ExpressionEvaluationError("numberFormat pattern \"%s\" is not valid: %s" % (pattern, e))


def _string_format(fmt, *args):
    try:
        return java_text.format_string(to_text(fmt), list(args))
    except ValueError as e:
        raise ExpressionEvaluationError("stringFormat(\"%s\", ...) failed: %s" % (fmt, e))


register("concat", 1, None, _concat)
register("len", 1, 1, _len)
register("upper", 1, 1, _nullsafe(lambda v: to_text(v).upper()))
register("lower", 1, 1, _nullsafe(lambda v: to_text(v).lower()))
register("substring", 2, 3, _nullsafe(_substring))
register("left", 2, 2, _nullsafe(_left))
register("right", 2, 2, _nullsafe(_right))
register("indexOf", 2, 3, _nullsafe(_index_of))
register("lastIndexOf", 2, 2, _nullsafe(_last_index_of))
register("repeat", 2, 2, _nullsafe(_repeat))
register("replace", 3, 3, _nullsafe(_replace))
register("trim", 1, 1, _nullsafe(_java_trim))
register("split", 2, 3, _nullsafe(_split))
register("escapeSQL", 1, 1, _nullsafe(_escape_sql))
register("escapeXML", 1, 1, _nullsafe(_escape_xml))
register("unescapeXML", 1, 1, _nullsafe(_unescape_xml))
register("urlEncode", 1, 1, _nullsafe(_url_encode))
register("numberFormat", 2, 2, _nullsafe(_number_format))
register("stringFormat", 1, None, lambda fmt, *args: None if fmt is None else _string_format(fmt, *args))


# --- radix (manual: toHex, toOctal, toBinary, fromHex, fromOctal, fromBinary) ----------------------

def unsigned_text(value, bits_per_digit):
    """Integer/Long.toHexString (toOctalString, toBinaryString), upper-case: a negative Integer is
    shown as its 32-bit two's complement, a Long (toLong(-1), or any number beyond int) as 64-bit."""
    n = to_integer(value)
    width = 64 if isinstance(value, java_numbers.JavaLong) or not INT_MIN <= n <= INT_MAX else 32
    n &= (1 << width) - 1
    if bits_per_digit == 4:
        return ("%X" % n)
    if bits_per_digit == 3:
        return "%o" % n
    return bin(n)[2:]


def _from_radix(radix, prefixes):
    def parse(value):
        """The int the text spells in the radix (a leading '-' and prefix allowed); null when it is not
        one or falls outside the 32-bit int range."""
        text = to_text(value).strip()
        sign = 1
        if text[:1] in ("-", "+"):
            sign = -1 if text[0] == "-" else 1
            text = text[1:]
        for prefix in prefixes:
            if text.lower().startswith(prefix):
                text = text[len(prefix):]
                break
        try:
            n = sign * int(text, radix)
        except ValueError:
            return None
        if not text or not INT_MIN <= n <= INT_MAX or not text.isalnum():
            return None
        return n
    return parse


register("toHex", 1, 1, _nullsafe(lambda v: unsigned_text(v, 4)))
register("toOctal", 1, 1, _nullsafe(lambda v: unsigned_text(v, 3)))
register("toBinary", 1, 1, _nullsafe(lambda v: unsigned_text(v, 1)))
register("fromHex", 1, 1, _nullsafe(_from_radix(16, ("0x",))))
register("fromOctal", 1, 1, _nullsafe(_from_radix(8, ("0o", "0"))))
register("fromBinary", 1, 1, _nullsafe(_from_radix(2, ("0b",))))

