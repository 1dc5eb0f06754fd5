"""JSON functions (docs/expressions.md#json): jsonGet, jsonSet, jsonFormat on JSON text.

A path is dot-separated keys with [n] list indexes ("line.lots[0].code"). jsonGet gives the value
(objects and lists as compact JSON text), null when the path is not there; jsonSet returns the JSON
text with the value put at the path (creating missing object keys); bad JSON is an evaluation error.
"""
from __future__ import absolute_import, unicode_literals

import json
import re

from mes.core import compat
from mes.expression.expr_errors import ExpressionEvaluationError
from mes.expression.registry import register
from mes.expression.values import DateValue, to_text

_STEP = re.compile(r"([^.\[\]]+)|\[(\d+)\]")


def _load(text):
    try:
        return json.loads(to_text(text))
    except ValueError as e:
        raise ExpressionEvaluationError("not valid JSON (%s): %s" % (e, to_text(text)[:80]))


def _steps(path):
    text = to_text(path).strip()
    if text.startswith("$"):
        text = text[1:].lstrip(".")
    steps = []
    for key, index in _STEP.findall(text):
        steps.append(int(index) if index else key)
    return steps


def _dump(value):
    return json.dumps(value, separators=(",", ":"), sort_keys=False)


def _plain(value):
    if isinstance(value, (dict, list)):
        return _dump(value)
    return value


def _json_get(text, path):
    node = _load(text)
    for step in _steps(path):
        if isinstance(step, int) and isinstance(node, list) and step < len(node):
            node = node[step]
        elif not isinstance(step, int) and isinstance(node, dict) and step in node:
            node = node[step]
        else:
            return None
    return _plain(node)


def _json_value(value):
    if isinstance(value, DateValue):
        return value.millis
    if compat.is_string(value):
        try:
            parsed = json.loads(value)
        except ValueError:
            return value
        return parsed if isinstance(parsed, (dict, list)) else value
    return value


def _json_set(text, path, value):
    root = _load(text)
    steps = _steps(path)
    if not steps:
        return _dump(_json_value(value))
    node = root
    for step, following in zip(steps, steps[1:]):
        node = _child(node, step, [] if isinstance(following, int) else {})
    _put(node, steps[-1], _json_value(value))
    return _dump(root)


def _child(node, step, empty):
    if isinstance(step, int):
        if not isinstance(node, list) or step >= len(node):
            raise ExpressionEvaluationError("jsonSet: index [%d] is not in the list" % step)
        return node[step]
    if not isinstance(node, dict):
        raise ExpressionEvaluationError("jsonSet: \"%s\" is a key, but the value there is not an object" % step)
    return node.setdefault(step, empty)


def _put(node, step, value):
    if isinstance(step, int):
        if not isinstance(node, list) or step > len(node):
            raise ExpressionEvaluationError("jsonSet: index [%d] is not in the list" % step)
        if step == len(node):
            node.append(value)
        else:
            node[step] = value
    elif isinstance(node, dict):
        node[step] = value
    else:
        raise ExpressionEvaluationError("jsonSet: \"%s\" is a key, but the value there is not an object" % step)


def _json_format(text):
    return json.dumps(_load(text), indent=2, separators=(",", ": "))


def _nullsafe(fn):
    def safe(*args):
        return None if args[0] is None else fn(*args)
    return safe


register("jsonGet", 2, 2, _nullsafe(_json_get))
register("jsonSet", 3, 3, _nullsafe(_json_set))
register("jsonFormat", 1, 1, _nullsafe(_json_format))
