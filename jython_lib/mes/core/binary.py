"""Bytes in and out of the library: uploads as scripts hand them over, exports as a gateway
expects them (a Java byte[] under Jython, bytes on CPython)."""
from __future__ import absolute_import

from mes.core import errors
from mes.core.compat import PY2, is_string, text_type

try:  # Jython: a java.lang.String encodes straight into the byte[] Perspective and system.file take
    from java.lang import String as _JavaString
except ImportError:  # CPython: no Java types, plain bytes
    _JavaString = None

_BOM = u"\ufeff"


def to_platform_bytes(text):
    """UTF-8 bytes of `text`: a Java byte[] under Jython, bytes on CPython."""
    if _JavaString is not None:
        return _JavaString(text).getBytes("UTF-8")
    return text.encode("utf-8")


def to_text(content, what="import content"):
    """The text of an upload: a string, bytes, a bytearray, or a Java byte[] (signed values).

    Raises:
        ValidationError: the content is none of those or is not UTF-8.
    """
    if isinstance(content, text_type) or (not PY2 and is_string(content)):
        text = content
    else:
        text = _decode(_as_bytes(content, what), what)
    return text[1:] if text.startswith(_BOM) else text


def _as_bytes(content, what):
    if isinstance(content, (bytes, bytearray)):
        return bytes(content)
    if hasattr(content, "tostring"):  # Jython's array('b'), which a Java byte[] becomes
        return content.tostring()
    try:
        return bytes(bytearray(b & 0xFF for b in content))
    except TypeError:
        raise errors.ValidationError.for_field("importBytes", "%s must be bytes or a string (e.g. "
                                               "event.file.getBytes()), not %s" % (what, type(content).__name__))


def _decode(raw, what):
    try:
        return raw.decode("utf-8")
    except UnicodeDecodeError as bad:
        raise errors.ValidationError.for_field("importBytes", "%s is not UTF-8 text (byte %d); save the file as "
                                               "UTF-8 and import it again" % (what, bad.start))
