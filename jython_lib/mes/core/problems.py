"""The one problem collector: validation gathers {key: [messages]} instead of stopping at the first."""
from __future__ import absolute_import
from mes.core import wording


def add_problem(problems, key, message):
    """Record one problem for `key`.

    Args:
        problems: the {key: [messages]} being collected.
        key: the field or request key the message is about.
        message: what is wrong and how to fix it.
    """
    problems.setdefault(key, []).append(message)


def add_unknown_keys(problems, given, known, what, kind="field"):
    """One problem per key of `given` that is not in `known`, each with its "did you mean"; the
    known names are listed once, sorted, on the last of them (docs/rules.md#errors-and-atomicity).

    Args:
        problems: the {key: [messages]} being collected.
        given: the keys the caller passed.
        known: the keys the object or request takes.
        what: the object, with its article, e.g. 'an inventory operation'.
        kind: what a key is called in the message ('field', 'request key', 'column').

    Returns:
        list of str: the unknown keys, sorted (empty when none).
    """
    known = sorted(known)
    unknown = sorted(k for k in given if k not in known)
    for n, key in enumerate(unknown):
        message = "unknown %s '%s' for %s%s" % (kind, key, what, wording.did_you_mean(key, known))
        if n == len(unknown) - 1:
            message += "; the %ss of %s are: %s" % (kind, what, ", ".join(known))
        add_problem(problems, key, message)
    return unknown
