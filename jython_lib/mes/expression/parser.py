"""Parser: tokens -> a tree of tuples. Precedence climbing, every binary operator left-associative.

Precedence, lowest first:  ||   &&   |   xor   &   = == !=   < <= > >= like   << >>   + -   * / %   ^
then the unary operators - ! ~ (they bind tighter than ^, so -2^2 is 4), then values, tags, calls and
parentheses.

Tree nodes:  ("const", value) ("tag", canonical_path, pos) ("unary", op, node, pos)
             ("binary", op, left, right, pos) ("call", spec, [nodes], pos)
PARSE_COUNT counts parses, so tests can prove a compiled expression is never parsed again.
"""
from __future__ import absolute_import, unicode_literals

from mes.core import compat
from mes.expression import functions, java_numbers, lexer
from mes.expression.expr_errors import ExpressionError

PARSE_COUNT = [0]

_LEVELS = (("||",), ("&&",), ("|",), ("xor",), ("&",), ("=", "==", "!="), ("<", "<=", ">", ">=", "like"),
           ("<<", ">>"), ("+", "-"), ("*", "/", "%"), ("^",))
_WORD_OPERATORS = ("xor", "like")
_UNARY = ("-", "!", "~")
_CONSTANTS = {"true": True, "false": False, "null": None}


def canonical_tag_path(raw):
    """'{[Provider]Folder/Tag}' contents -> '[Provider]Folder/Tag'; no provider -> [default]."""
    text = raw.strip()
    provider = "default"
    if text.startswith("["):
        end = text.find("]")
        if end < 0:
            return None
        provider = text[1:end].strip() or "default"
        text = text[end + 1:]
    path = text.strip().strip("/").strip()
    if not path:
        return None
    return "[%s]%s" % (provider, path)


def parse(text):
    PARSE_COUNT[0] += 1
    return _Parser(text).parse()


class _Parser(object):
    def __init__(self, text):
        self.text = text
        self.tokens = lexer.tokenize(text)
        self.i = 0

    def parse(self):
        if self.tokens[0].kind == "EOF":
            raise ExpressionError(self.text, 0, "an expression", "nothing (the expression is empty)")
        node = self._level(0)
        tok = self.tokens[self.i]
        if tok.kind != "EOF":
            raise self._error(tok, "an operator or the end of the expression")
        return node

    def _error(self, tok, expected):
        return ExpressionError(self.text, tok.pos, expected, tok.describe())

    def _operator(self, tok):
        if tok.kind == "OP":
            return tok.value
        if tok.kind == "IDENT" and tok.value.lower() in _WORD_OPERATORS:
            return tok.value.lower()
        return None

    def _level(self, k):
        if k == len(_LEVELS):
            return self._unary()
        ops = _LEVELS[k]
        left = self._level(k + 1)
        while True:
            tok = self.tokens[self.i]
            op = self._operator(tok)
            if op not in ops:
                return left
            self.i += 1
            right = self._level(k + 1)
            left = ("binary", op, left, right, tok.pos)

    def _unary(self):
        tok = self.tokens[self.i]
        if tok.kind == "OP" and tok.value in _UNARY:
            self.i += 1
            operand = self._unary()
            if tok.value == "-" and operand[0] == "const" and _is_plain_number(operand[1]):
                return ("const", _negated_constant(operand[1]))
            return ("unary", tok.value, operand, tok.pos)
        return self._postfix(self._primary())

    def _postfix(self, node):
        """value[row, column] (a dataset's cell) or value[index] (an array's element)."""
        while self.tokens[self.i].kind == "OP" and self.tokens[self.i].value == "[":
            tok = self.tokens[self.i]
            self.i += 1
            args = [node, self._level(0)]
            if self.tokens[self.i].kind == "OP" and self.tokens[self.i].value == ",":
                self.i += 1
                args.append(self._level(0))
            self._expect("]", "']' to close the index opened at column %d" % self._column(tok.pos))
            node = ("call", functions.INDEX, args, tok.pos)
        return node

    def _primary(self):
        tok = self.tokens[self.i]
        kind = tok.kind
        if kind == "NUM" or kind == "STR":
            self.i += 1
            return ("const", tok.value)
        if kind == "TAG":
            path = canonical_tag_path(tok.value)
            if path is None:
                raise ExpressionError(self.text, tok.pos + 1, "a tag path inside the braces, like {[default]Folder/Tag}",
                                      "{%s}" % tok.value)
            self.i += 1
            return ("tag", path, tok.pos)
        if kind == "IDENT":
            low = tok.value.lower()
            if low in _CONSTANTS:
                self.i += 1
                return ("const", _CONSTANTS[low])
            if low in _WORD_OPERATORS:
                raise self._error(tok, "a value, tag, function call or '('")
            return self._call(tok)
        if kind == "OP" and tok.value == "(":
            self.i += 1
            node = self._level(0)
            self._expect(")", "')' to close the parenthesis opened at column %d" % self._column(tok.pos))
            return node
        raise self._error(tok, "a value, tag, function call or '('")

    def _column(self, pos):
        return pos - self.text.rfind("\n", 0, pos)

    def _expect(self, value, expected):
        tok = self.tokens[self.i]
        if tok.kind != "OP" or tok.value != value:
            raise self._error(tok, expected)
        self.i += 1

    def _call(self, name_tok):
        spec = functions.lookup(name_tok.value)
        if spec is None:
            raise ExpressionError(self.text, name_tok.pos, "a known function name",
                                  "unknown function '%s'" % name_tok.value)
        self.i += 1
        tok = self.tokens[self.i]
        if tok.kind != "OP" or tok.value != "(":
            raise self._error(tok, "'(' after the function name %s" % name_tok.value)
        self.i += 1
        args = []
        if self.tokens[self.i].kind == "OP" and self.tokens[self.i].value == ")":
            self.i += 1
        else:
            while True:
                args.append(self._level(0))
                tok = self.tokens[self.i]
                if tok.kind == "OP" and tok.value == ",":
                    self.i += 1
                    continue
                if tok.kind == "OP" and tok.value == ")":
                    self.i += 1
                    break
                raise self._error(tok, "',' or ')' in the arguments of %s(...)" % spec.name)
        problem = spec.check_arity(len(args))
        if problem:
            raise ExpressionError(self.text, name_tok.pos, problem, "%d argument%s" % (len(args), "" if len(args) == 1 else "s"))
        return ("call", spec, args, name_tok.pos)


def _is_plain_number(value):
    return compat.is_number(value)


def _negated_constant(value):
    """-literal, folded as the unary minus computes it (-(-2147483648) is the Long 2147483648); a Long
    literal is typed by the negated size, so -2147483648 is an Integer, as Java's literal is."""
    if isinstance(value, float):
        return -value
    if java_numbers.kind(value) == java_numbers.INTEGER:
        return java_numbers.exact(-value, java_numbers.INTEGER)
    return java_numbers.literal_integer(-int(value))
