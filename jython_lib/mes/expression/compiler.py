"""Turns a parsed tree into nested closures, once; evaluation only calls them.

Quality travels beside the value: a context holds the worst quality met so far; reading a tag whose
quality is not good lowers it; quality functions (isGood, isBad, qualityOf), coalesce and try look at
their arguments' quality in a scope of their own.
"""
from __future__ import absolute_import, unicode_literals

import sys

from mes.expression import operators, parser
from mes.expression.expr_errors import ExpressionEvaluationError
from mes.expression.values import GOOD, NOT_FOUND, normalize, to_boolean, to_quality


class Result(object):
    """The outcome of one evaluation: `value` and `quality` (a Quality; `quality.isGood()`)."""
    __slots__ = ("value", "quality")

    def __init__(self, value, quality):
        self.value = value
        self.quality = quality

    @property
    def good(self):
        return self.quality.isGood()

    def __eq__(self, other):
        return isinstance(other, Result) and other.value == self.value and other.quality == self.quality

    def __ne__(self, other):
        return not self.__eq__(other)

    def __repr__(self):
        return "Result(%r, %s)" % (self.value, self.quality)


class _Context(object):
    __slots__ = ("slots", "quality", "now_millis", "tag_values", "read_tags", "memory", "dynamic_item")

    def __init__(self, slots, now_millis, tag_values=None, read_tags=None, memory=None):
        self.slots = slots
        self.quality = GOOD
        self.now_millis = now_millis
        self.tag_values = tag_values
        self.read_tags = read_tags
        # The caller's per-site memory ({site number: what hasChanged saw last}); None: a one-shot
        # evaluation, where every site is at its first evaluation.
        self.memory = memory
        self.dynamic_item = None  # the QualifiedValue tag(path) read last (timestampOf looks at it)

    def read_dynamic(self, path):
        """tag(path): the handed-in value when there is one, else one read (read_tags, or
        system.tag.readBlocking when neither was given); its quality lowers the result's."""
        canonical = parser.canonical_tag_path(path) or path
        item = _MISSING
        if self.tag_values is not None:
            item = _find(self.tag_values, canonical)
            if item is _MISSING and self.read_tags is None:
                self.degrade(NOT_FOUND)
                self.dynamic_item = None
                return None
        if item is _MISSING:
            item = (self.read_tags or _read_blocking)([canonical])[0]
        value, quality, self.dynamic_item = _qualified(item)
        if quality is not GOOD:
            self.degrade(quality)
        return value

    def degrade(self, quality):
        if quality.level > self.quality.level:
            self.quality = quality

    def now(self):
        if self.now_millis is None:
            self.now_millis = int(_system().date.now().getTime())
        return self.now_millis


def _qualified(item):
    """A tag read (QualifiedValue-like, or a plain value meaning good) -> (value, Quality, the read)."""
    if item is None:
        return None, GOOD, None
    quality = getattr(item, "quality", _MISSING)
    if quality is not _MISSING and hasattr(item, "value"):
        return normalize(item.value), to_quality(quality), item
    return normalize(item), GOOD, item


_MISSING = object()


def _find(tag_values, path):
    """The entry for `path` in tag_values, matched case-insensitively, or _MISSING."""
    if path in tag_values:
        return tag_values[path]
    low = path.lower()
    for key, value in tag_values.items():
        if ("%s" % key).lower() == low:
            return value
    return _MISSING


class CompiledExpression(object):
    """An expression parsed once. `text`, `tag_paths` (canonical, in order of first use), evaluate(),
    and `time_dependent`: True when a function in it (now(), tag(path), ...) can change its value
    while its tag_paths keep theirs, so it must be evaluated again even with unchanged tags."""

    __slots__ = ("text", "tag_paths", "time_dependent", "_fn", "_keys")

    def __init__(self, text, tree):
        paths = []
        index = {}
        fn = _compile(tree, paths, index, [0])
        object.__setattr__(self, "text", text)
        object.__setattr__(self, "tag_paths", tuple(paths))
        object.__setattr__(self, "time_dependent", calls_any(tree, _is_time_dependent))
        object.__setattr__(self, "_keys", tuple(p.lower() for p in paths))
        object.__setattr__(self, "_fn", fn)

    def __setattr__(self, name, value):
        raise AttributeError("compiled expressions are immutable")

    def __repr__(self):
        return "CompiledExpression(%r)" % (self.text,)

    def evaluate(self, tag_values=None, read_tags=None, now_millis=None, memory=None):
        """Evaluate; returns a Result. Raises ExpressionEvaluationError on a run-time failure.

        tag_values: {canonical path: QualifiedValue-like or plain value}, matched case-insensitively.
        Paths it lacks are read with read_tags(paths) when given; without read_tags a missing path is
        an unknown tag (null, Bad_NotFound). With neither, tags are read via system.tag.readBlocking.
        memory: a dict the caller keeps for one evaluation site (an operation's field) and hands in
        every time, where hasChanged keeps what it saw; None evaluates as a first evaluation.
        """
        slots = self._resolve(tag_values, read_tags) if self.tag_paths else ()
        ctx = _Context(slots, now_millis, tag_values, read_tags, memory)
        try:
            value = self._fn(ctx)
        except ExpressionEvaluationError as e:
            raise ExpressionEvaluationError(e.reason, self.text)
        return Result(value, ctx.quality)

    def _resolve(self, tag_values, read_tags):
        paths = self.tag_paths
        slots = [None] * len(paths)
        missing = []
        if tag_values is None:
            missing = list(range(len(paths)))
            if read_tags is None:
                read_tags = _read_blocking
        else:
            lowered = None
            for i, path in enumerate(paths):
                if path in tag_values:
                    slots[i] = _qualified(tag_values[path])
                    continue
                if lowered is None:
                    lowered = dict((("%s" % k).lower(), v) for k, v in tag_values.items())
                key = self._keys[i]
                if key in lowered:
                    slots[i] = _qualified(lowered[key])
                else:
                    missing.append(i)
        if missing:
            if read_tags is None:
                for i in missing:
                    slots[i] = (None, NOT_FOUND, None)
            else:
                reads = read_tags([paths[i] for i in missing])
                for i, item in zip(missing, reads):
                    slots[i] = _qualified(item)
        return slots


def _system():
    """Ignition's (or the harness's) system module, found at call time, never at import time; a dict
    lookup once it is loaded (an import statement costs ~100 us per call under Jython)."""
    found = sys.modules.get("system")
    if found is None:
        import system as found
    return found


def _read_blocking(paths):
    return _system().tag.readBlocking(paths)


# --- tree -> closures ----------------------------------------------------------------------------

def _compile(node, paths, index, sites):
    """sites: [the next site number]; each call of a sited function (hasChanged) takes one, in
    the order of the text, so a recompiled expression numbers its sites the same way."""
    kind = node[0]
    if kind == "const":
        value = node[1]
        return lambda ctx: value
    if kind == "tag":
        key = node[1].lower()
        slot = index.get(key)
        if slot is None:
            slot = index[key] = len(paths)
            paths.append(node[1])
        return _tag_reader(slot)
    if kind == "unary":
        operand = _compile(node[2], paths, index, sites)
        op = operators.UNARY[node[1]]
        return lambda ctx: op(operand(ctx))
    if kind == "binary":
        left = _compile(node[2], paths, index, sites)
        right = _compile(node[3], paths, index, sites)
        name = node[1]
        if name == "&&":
            # both sides are evaluated, so the quality of every tag reaches the result
            def and_(ctx):
                a = left(ctx)
                b = right(ctx)
                return to_boolean(a) and to_boolean(b)
            return and_
        if name == "||":
            def or_(ctx):
                a = left(ctx)
                b = right(ctx)
                return to_boolean(a) or to_boolean(b)
            return or_
        op = operators.BINARY[name]
        return lambda ctx: op(left(ctx), right(ctx))
    if kind == "call":
        spec = node[1]
        args = [_compile(arg, paths, index, sites) for arg in node[2]]
        impl = spec.impl
        if spec.tag_item:
            item_of = _item_of(node[2][0], index)
            return lambda ctx: impl(ctx, args, item_of)
        if spec.sited:
            site = sites[0]
            sites[0] += 1
            return lambda ctx: impl(ctx, args, site)
        if spec.lazy:
            return lambda ctx: impl(ctx, args)
        if len(args) == 1:
            only = args[0]
            return lambda ctx: impl(only(ctx))
        return lambda ctx: impl(*[fn(ctx) for fn in args])
    raise ValueError("unknown node %r" % (kind,))


def _item_of(node, index):
    """What a tag_item function's item_of is for its argument `node` (see FunctionSpec)."""
    if node[0] == "tag":
        slot = index[node[1].lower()]
        return lambda ctx: ctx.slots[slot][2]
    if node[0] == "call" and node[1].name == "tag":
        return lambda ctx: ctx.dynamic_item
    return lambda ctx: None


def calls_any(node, test):
    """Whether the tree calls a function whose FunctionSpec passes `test` (time_dependent, runs code...)."""
    kind = node[0]
    if kind == "call":
        return test(node[1]) or any(calls_any(arg, test) for arg in node[2])
    if kind == "unary":
        return calls_any(node[2], test)
    if kind == "binary":
        return calls_any(node[2], test) or calls_any(node[3], test)
    return False


def _is_time_dependent(spec):
    return spec.time_dependent


def _tag_reader(slot):
    def read(ctx):
        value, quality, _ = ctx.slots[slot]
        if quality is not GOOD:
            ctx.degrade(quality)
        return value
    return read
