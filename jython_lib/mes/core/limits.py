"""Input limits of text fields (docs/limits.md#text-limits), checked before anything is written."""
from __future__ import absolute_import
from mes.core import errors
from mes.core.compat import is_string

NAME = 255
# A unique index on MariaDB (utf8mb4, 4 bytes a character) must stay under 3072 bytes.
PATH = 700
# MariaDB's TEXT holds 65,535 bytes: 16,383 characters of 4 bytes; notes and spares stop below it.
LONGTEXT = 16000
ENUM = 32


def text_problem(key, value, limit):
    """A message naming `key` and `limit` when text is too long or holds a NUL; else None.

    Args:
        key: the field, request key or derived value, named in the message.
        value: the text (anything else passes; type checks live with the caller).
        limit: the maximum number of characters.

    Returns:
        str or None.
    """
    if not is_string(value):
        return None
    if u"\x00" in value:
        return "%s contains a NUL character (\\x00), which no database stores; remove it" % key
    if len(value) > limit:
        return "%s is %d characters long; at most %d are allowed" % (key, len(value), limit)
    return None


def require_text(key, value, limit):
    """`value` unchanged, or a ValidationError naming `key` and `limit` (see text_problem).

    Args:
        key: the field or request key, named in the error.
        value: the text to check.
        limit: the maximum number of characters.

    Returns:
        value.

    Raises:
        ValidationError: the text is too long or holds a NUL character.
    """
    message = text_problem(key, value, limit)
    if message:
        raise errors.ValidationError.for_field(key, message)
    return value
