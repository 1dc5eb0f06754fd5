"""The one problem collector: validation gathers {key: [messages]} instead of stopping at the first."""
from __future__ import absolute_import


def add_problem(problems, key, message):
    """Record one problem for `key`.

    Args:
        problems: the {key: [messages]} being collected.
        key: the field or request key the message is about.
        message: what is wrong and how to fix it.
    """
    problems.setdefault(key, []).append(message)
