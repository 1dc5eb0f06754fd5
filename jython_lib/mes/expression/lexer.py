"""Tokenizer of the Ignition expression language.

Token kinds: NUM (int/float value), STR (decoded text), TAG (raw text between braces), IDENT (function
name or keyword), OP (operator or punctuation), EOF. `//` starts a comment to the end of the line.
TOKENIZE_COUNT counts calls, so tests can prove evaluation never tokenizes again.
"""
from __future__ import absolute_import, unicode_literals

from mes.expression import java_numbers
from mes.expression.expr_errors import ExpressionError

TOKENIZE_COUNT = [0]

# Longest first, so "<=" wins over "<".
_OPERATORS = ("<<", ">>", "<=", ">=", "!=", "==", "&&", "||",
              "+", "-", "*", "/", "%", "^", "=", "<", ">", "!", "&", "|", "~", "(", ")", ",", "[", "]")
_ESCAPES = {"n": "\n", "t": "\t", "r": "\r", "b": "\b", "f": "\f", "\\": "\\", '"': '"', "'": "'", "0": "\0"}
_IDENT_START = "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ_"
_IDENT_PART = _IDENT_START + "0123456789."
_DIGITS = "0123456789"
_HEX = "0123456789abcdefABCDEF"


class Token(object):
    __slots__ = ("kind", "value", "pos")

    def __init__(self, kind, value, pos):
        self.kind = kind
        self.value = value
        self.pos = pos

    def describe(self):
        if self.kind == "EOF":
            return "the end of the expression"
        if self.kind == "STR":
            return "string %r" % (self.value,)
        if self.kind == "TAG":
            return "tag {%s}" % self.value
        return "'%s'" % (self.value,)

    def __repr__(self):
        return "Token(%s, %r, %d)" % (self.kind, self.value, self.pos)


def tokenize(text):
    TOKENIZE_COUNT[0] += 1
    tokens = []
    i = 0
    n = len(text)
    while i < n:
        c = text[i]
        if c in " \t\r\n\f":
            i += 1
        elif c == "/" and text.startswith("//", i):
            end = text.find("\n", i)
            i = n if end < 0 else end + 1
        elif c in _DIGITS or (c == "." and i + 1 < n and text[i + 1] in _DIGITS):
            i = _number(text, i, tokens)
        elif c == '"' or c == "'":
            i = _string(text, i, tokens)
        elif c == "{":
            end = text.find("}", i + 1)
            if end < 0:
                raise ExpressionError(text, i, "'}' to close the tag reference", "the end of the expression")
            tokens.append(Token("TAG", text[i + 1:end], i))
            i = end + 1
        elif c in _IDENT_START:
            j = i + 1
            while j < n and text[j] in _IDENT_PART:
                j += 1
            tokens.append(Token("IDENT", text[i:j], i))
            i = j
        else:
            for op in _OPERATORS:
                if text.startswith(op, i):
                    tokens.append(Token("OP", op, i))
                    i += len(op)
                    break
            else:
                raise ExpressionError(text, i, "an operator, value, tag or function", "'%s'" % c)
    tokens.append(Token("EOF", None, n))
    return tokens


def _number(text, i, tokens):
    n = len(text)
    start = i
    if text.startswith(("0x", "0X"), i):
        j = i + 2
        while j < n and text[j] in _HEX:
            j += 1
        if j == i + 2:
            raise ExpressionError(text, j, "hexadecimal digits after 0x")
        tokens.append(Token("NUM", _whole(text, start, int(text[i + 2:j], 16)), start))
        return _check_end(text, j)
    j = i
    is_float = False
    while j < n and text[j] in _DIGITS:
        j += 1
    if j < n and text[j] == "." and j + 1 < n and text[j + 1] in _DIGITS:
        is_float = True
        j += 1
        while j < n and text[j] in _DIGITS:
            j += 1
    if j < n and text[j] in "eE":
        k = j + 1
        if k < n and text[k] in "+-":
            k += 1
        if k < n and text[k] in _DIGITS:
            is_float = True
            j = k
            while j < n and text[j] in _DIGITS:
                j += 1
    raw = text[i:j]
    tokens.append(Token("NUM", float(raw) if is_float else _whole(text, start, int(raw)), start))
    return _check_end(text, j)


def _whole(text, start, value):
    """A whole-number literal: an Integer when it fits 32 bits, else a Long; beyond a Long a syntax error."""
    if not java_numbers.fits(value, java_numbers.LONG):
        raise ExpressionError(text, start, "a whole number within the range of a Long (64 bits)", "'%d'" % value)
    return java_numbers.literal_integer(value)


def _check_end(text, j):
    if j < len(text) and text[j] in _IDENT_START:
        raise ExpressionError(text, j, "an operator after the number", "'%s'" % text[j])
    return j


def _string(text, i, tokens):
    quote = text[i]
    parts = []
    j = i + 1
    n = len(text)
    while j < n:
        c = text[j]
        if c == quote:
            tokens.append(Token("STR", "".join(parts), i))
            return j + 1
        if c == "\\" and j + 1 < n:
            esc = text[j + 1]
            if esc == "u" and j + 5 < n:
                try:
                    parts.append(_unichr(int(text[j + 2:j + 6], 16)))
                    j += 6
                    continue
                except ValueError:
                    pass
            parts.append(_ESCAPES.get(esc, esc))
            j += 2
            continue
        parts.append(c)
        j += 1
    raise ExpressionError(text, i, "a closing %s to end the string" % quote, "the end of the expression")


try:  # pragma: no cover - Python 2 / Jython
    _unichr = unichr  # noqa: F821
except NameError:
    _unichr = chr
