"""The table of expression functions: name -> FunctionSpec (arity, implementation, laziness).

Names are matched case-insensitively. Eager functions get their evaluated arguments: impl(*values).
Lazy functions decide what to evaluate: impl(ctx, arg_fns) where each arg_fn(ctx) evaluates one
argument. The parser checks the arity at save time, so a wrong count never reaches evaluation.
"""
from __future__ import absolute_import, unicode_literals


class FunctionSpec(object):
    __slots__ = ("name", "min_args", "max_args", "impl", "lazy", "even", "time_dependent", "sited", "tag_item")

    def __init__(self, name, min_args, max_args, impl, lazy=False, even=False, time_dependent=False, sited=False,
                 tag_item=False):
        self.name = name
        self.min_args = min_args
        self.max_args = max_args
        self.impl = impl
        self.lazy = lazy
        self.even = even
        # Its value can change while the expression's {tag} references keep theirs (the clock, a
        # tag read by a computed path): a trigger engine evaluates it at every tick.
        self.time_dependent = time_dependent
        # It remembers something between evaluations at its place in the expression (hasChanged):
        # a lazy impl(ctx, arg_fns, site) keeps it in ctx.memory[site], never in the shared compiled form.
        self.sited = sited
        # It looks at the tag read behind its first argument (timestampOf): a lazy impl(ctx, arg_fns,
        # item_of) where item_of(ctx), after arg_fns[0] ran, is the read's QualifiedValue, or None
        # when the argument is not a {path} reference or tag(path).
        self.tag_item = tag_item

    def check_arity(self, n):
        """None when n arguments are acceptable, else what was expected."""
        if n < self.min_args or (self.max_args is not None and n > self.max_args):
            if self.max_args is None:
                return "at least %d argument%s for %s(...)" % (self.min_args, _s(self.min_args), self.name)
            if self.min_args == self.max_args:
                return "%d argument%s for %s(...)" % (self.min_args, _s(self.min_args), self.name)
            return "%d to %d arguments for %s(...)" % (self.min_args, self.max_args, self.name)
        if self.even and n % 2:
            return "an even number of arguments for %s(...) (value, cases and returns, and a default)" % self.name
        return None

    def __repr__(self):
        return "FunctionSpec(%s)" % self.name


def _s(n):
    return "" if n == 1 else "s"


_REGISTRY = {}


def register(name, min_args, max_args, impl, lazy=False, even=False, aliases=(), time_dependent=False, sited=False,
             tag_item=False):
    """Add a function (and its aliases); max_args None means any number."""
    spec = FunctionSpec(name, min_args, max_args, impl, lazy, even, time_dependent, sited, tag_item)
    for key in (name,) + tuple(aliases):
        _REGISTRY[key.lower()] = spec
    return spec


def lookup(name):
    """The FunctionSpec of `name` (any case), or None."""
    return _REGISTRY.get(name.lower())


def names():
    """The canonical names of every registered function, sorted."""
    return sorted(set(spec.name for spec in _REGISTRY.values()))
