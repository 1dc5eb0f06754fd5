"""The two errors of the expression language.

ExpressionError: the text is not a valid expression (bad syntax, unknown function, wrong number of
arguments). It is a ValidationError, so validation code can put its message on the field that holds
the expression. It carries the expression text, the 1-based position (offset, line, column) and what
the parser expected there.

ExpressionEvaluationError: evaluating a valid expression failed (a value that cannot be coerced, a
division by zero, a bad date field...). The try(expression, failover) function catches it.
"""
from __future__ import absolute_import, unicode_literals

from mes.core import errors


def _line_col(text, offset):
    """1-based line and column of a 0-based offset."""
    line = text.count("\n", 0, offset) + 1
    start = text.rfind("\n", 0, offset) + 1
    return line, offset - start + 1


class ExpressionError(errors.ValidationError):
    """Syntax error or unknown function; `text`, `position` (1-based), `line`, `column`, `expected`."""

    def __init__(self, text, offset, expected, found=None, field="expression"):
        self.text = text
        self.offset = offset
        self.position = offset + 1
        self.line, self.column = _line_col(text, offset)
        self.expected = expected
        self.found = found
        where = "column %d" % self.column
        if "\n" in text:
            where = "line %d, column %d" % (self.line, self.column)
        message = "Expression %s: at %s expected %s" % (_quote(text), where, expected)
        if found is not None:
            message += ", found %s" % found
        errors.ValidationError.__init__(self, message, {field: [message]})


class ExpressionEvaluationError(errors.MesError):
    """A run-time failure while evaluating; try() catches it."""

    def __init__(self, message, text=None):
        self.reason = message
        self.text = text
        if text is not None:
            message = "Expression %s: %s" % (_quote(text), message)
        errors.MesError.__init__(self, message)


def _quote(text):
    shown = text if len(text) <= 200 else text[:197] + "..."
    return '"%s"' % shown.replace("\n", "\\n")
