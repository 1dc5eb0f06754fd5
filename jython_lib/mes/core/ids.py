"""ULID ids (docs/rules.md#objects-ids-and-dates): 26 Crockford base-32 characters, printed as 10-8-8 dash groups.

The first 10 characters encode the creation time in epoch milliseconds, the last 16 carry 80
random bits. Within one millisecond the random part is incremented instead of redrawn, so ids
made by one process sort in creation order even when several are made per millisecond.
"""
from __future__ import absolute_import
import os
import threading
import time

from mes.core import errors
from mes.core.compat import is_string

ALPHABET = "0123456789ABCDEFGHJKMNPQRSTVWXYZ"
_DECODE = dict((c, i) for i, c in enumerate(ALPHABET))
# Crockford's decoding also accepts these look-alikes.
_DECODE.update({"O": 0, "I": 1, "L": 1})
_RANDOM_BITS = 80
_MAX_RANDOM = (1 << _RANDOM_BITS) - 1

_lock = threading.Lock()
_last = [-1, 0]  # [millis, random] of the previous id


def _encode(number, length):
    chars = []
    for _ in range(length):
        chars.append(ALPHABET[number & 31])
        number >>= 5
    return "".join(reversed(chars))


def _random80():
    value = 0
    for byte in bytearray(os.urandom(10)):
        value = (value << 8) | byte
    return value


def _next_parts(millis):
    with _lock:
        if millis == _last[0]:
            # Same millisecond: count up from the previous id so the two sort in creation order.
            rand = _last[1] + 1
            if rand > _MAX_RANDOM:
                millis, rand = millis + 1, _random80()
        else:
            rand = _random80()
        _last[0], _last[1] = millis, rand
        return millis, rand


def format_id(raw26):
    """Put the dashes into a 26-character ULID."""
    return "%s-%s-%s" % (raw26[:10], raw26[10:18], raw26[18:])


def new_id(millis=None):
    """A new ULID string such as 01JPAND53P-BZ61RZHZ-V7C6EEHG."""
    if millis is None:
        millis = int(time.time() * 1000)
    millis, rand = _next_parts(int(millis))
    made = format_id(_encode(millis, 10) + _encode(rand, 16))
    _remember(made, made)  # it is written next: binding it normalises it
    return made


# normalize_id's answers: a pure function of the text, asked several times per call for the same few
# ids (Jython pays ~1 us per character in the check). Bounded: emptied when it grows past the limit.
_NORMALIZED = {}
_NORMALIZED_LIMIT = 20000


def normalize_id(value):
    """Canonical form (upper case, dashed) of an id given with or without dashes, any case;
    None when the value is not a well-formed ULID."""
    try:
        return _NORMALIZED[value]  # only text is remembered, so a hit is text
    except (KeyError, TypeError):  # TypeError: an unhashable value, not text either
        pass
    if not is_string(value):
        return None
    canonical = _normalized(value)
    _remember(value, canonical)
    return canonical


def _remember(value, canonical):
    if len(_NORMALIZED) >= _NORMALIZED_LIMIT:
        _NORMALIZED.clear()
    _NORMALIZED[value] = canonical


def _normalized(value):
    raw = value.strip().replace("-", "").upper()
    if len(raw) != 26 or raw[0] > "7":
        return None
    for c in raw:
        if c not in _DECODE:
            return None
    raw = "".join(ALPHABET[_DECODE[c]] for c in raw)
    return format_id(raw)


def text_key_problem(key, value, expected="an id or a name"):
    """Why an id, name or path argument is unusable before any SQL, or None when it is text (or
    None: nothing given). False, a number, a list, a dict or an object would reach the database,
    which refuses or loosely compares it differently on each dialect (docs/rules.md#objects-ids-and-dates).

    Args:
        key: the argument or field the value came from, named in the message.
        value: what the caller gave.
        expected: what the argument takes, e.g. 'an id or a name'.

    Returns:
        str or None.
    """
    if value is None or is_string(value):
        return None
    shown = repr(value)
    return "%s must be text (%s); got %s" % (key, expected, shown if len(shown) <= 60 else shown[:57] + "...")


def require_text_key(key, value, expected="an id or a name"):
    """The value unchanged when it is text or None; see text_key_problem.

    Raises:
        ValidationError: the value is neither text nor None.
    """
    message = text_key_problem(key, value, expected)
    if message:
        raise errors.ValidationError.for_field(key, message)
    return value


def is_id(value):
    return normalize_id(value) is not None


def timestamp_millis(value):
    """The creation time encoded in an id, in epoch milliseconds."""
    canonical = normalize_id(value)
    if canonical is None:
        raise ValueError("not a ULID: %r" % (value,))
    number = 0
    for c in canonical.replace("-", "")[:10]:
        number = number * 32 + _DECODE[c]
    return number
