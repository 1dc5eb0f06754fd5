"""Python 2.7 (Jython) and 3.11 differences, in one place."""
from __future__ import absolute_import
import sys

PY2 = sys.version_info[0] == 2

if PY2:  # pragma: no cover - exercised under Jython
    text_type = unicode  # noqa: F821
    string_types = (str, unicode)  # noqa: F821
    integer_types = (int, long)  # noqa: F821
else:
    text_type = str
    string_types = (str,)
    integer_types = (int,)

number_types = integer_types + (float,)


def iteritems(d):
    return iter(d.items())


def is_string(value):
    return isinstance(value, string_types)


def is_number(value):
    """True for ints and floats, never for booleans (True is an int in Python)."""
    return isinstance(value, number_types) and not isinstance(value, bool)
