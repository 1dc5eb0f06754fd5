"""The functions that reach outside the expression (docs/expressions.md#queries-scripts-and-alarms):
runScript, the query functions, hasChanged and the alarm functions.

All of them are time-dependent (registry.FunctionSpec): a script's, a query's or the alarm status's
answer, and whether a value changed since the last evaluation, can differ while the expression's tags
keep their values, so the trigger engine evaluates them at every tick, like now(). A poll rate argument is evaluated (it must
be a valid expression) and otherwise means nothing here: the caller decides how often to evaluate.
"""
from __future__ import absolute_import, unicode_literals

import keyword
import re
import sys

from mes.core import compat, errors
from mes.expression import operators
from mes.expression.expr_errors import ExpressionEvaluationError
from mes.expression.functions import evaluate_scoped
from mes.expression.registry import register
from mes.expression.values import is_dataset, normalize, to_boolean, to_integer, to_text
from mes.persistence import expression_queries

try:
    import __builtin__ as _builtins  # Jython 2.7
except ImportError:  # CPython 3
    import builtins as _builtins
if sys.platform.startswith("java"):  # pragma: no cover - exercised under Jython
    from java.lang import Throwable as _JavaThrowable  # Java exceptions are no Python Exception there
else:
    _JavaThrowable = Exception
# What a script or the alarm status may raise: Python errors and, under Jython, Java exceptions.
_ANY_ERROR = (Exception, _JavaThrowable)

# --- runScript ---------------------------------------------------------------------------------------

_SCRIPTS = {}  # text -> (code, globals)
_CALLABLES = {}  # text called with arguments -> the callable it names
_SCRIPTS_LIMIT = 256
# The dotted names a script uses (Jython's code objects do not list them), found outside its string literals.
_DOTTED = re.compile(r"(?<![\w.])([A-Za-z_]\w*(?:\.[A-Za-z_]\w*)*)")
_STRING_LITERAL = re.compile(r"'(?:[^'\\]|\\.)*'|\"(?:[^\"\\]|\\.)*\"")


def _run_script(ctx, args):
    """runScript(script, [pollRate], [args...]): the script's value; with args, the text names a
    callable and the result is what it returns for them."""
    text = args[0](ctx)
    if len(args) > 1:
        args[1](ctx)  # the poll rate
    if text is None:
        return None
    text = to_text(text)
    values = [fn(ctx) for fn in args[2:]]
    try:
        if values:
            return normalize(_callable(text)(*values))
        code, names = _script(text)
        return normalize(eval(code, names))
    except ExpressionEvaluationError:
        raise
    except _ANY_ERROR:  # a script may raise anything, Java exceptions included
        raise ExpressionEvaluationError("runScript(%r) failed: %s" % (text, _describe(sys.exc_info()[1])))


def _script(text):
    """(code, globals) of a script text, resolved once: the text compiled, and every top-level name it
    uses that is not a builtin bound to its module (imported once here, as a gateway makes a project's
    script packages visible by name), so an evaluation never runs an import."""
    found = _SCRIPTS.get(text)
    if found is not None:
        return found
    try:
        code = compile(text.strip(), "<runScript>", "eval")
    except SyntaxError as e:
        raise ExpressionEvaluationError("runScript(%r) is not one line of Python: %s" % (text, e.msg))
    names = {"__builtins__": _builtins}
    for dotted in _DOTTED.findall(_STRING_LITERAL.sub("''", text)):
        first = dotted.split(".")[0]
        if first not in names and not keyword.iskeyword(first) and not hasattr(_builtins, first):
            module = _import_chain(dotted)
            if module is not None:
                names[first] = module
    _remember(_SCRIPTS, text, (code, names))
    return code, names


def _callable(text):
    """The callable a text names (resolved once per text)."""
    found = _CALLABLES.get(text)
    if found is not None:
        return found
    code, names = _script(text)
    target = eval(code, names)
    if not callable(target):
        raise ExpressionEvaluationError("runScript(%r, ...) has arguments, so its text must name a function; it "
                                        "names %s" % (text, to_text(target)))
    _remember(_CALLABLES, text, target)
    return target


def _import_chain(dotted):
    """The top-level module of a dotted name, importing each package level the name walks through
    (a.b.c imports a, then a.b when a has no attribute b...); None when the first name is no module."""
    parts = dotted.split(".")
    try:
        top = __import__(parts[0])
    except ImportError:
        return None
    current = top
    for k in range(1, len(parts)):
        if hasattr(current, parts[k]):
            current = getattr(current, parts[k])
            continue
        try:
            __import__(".".join(parts[:k + 1]))
        except ImportError:
            break
        current = getattr(current, parts[k], None)
        if current is None:
            break
    return top


def _remember(cache, text, entry):
    if len(cache) >= _SCRIPTS_LIMIT:
        cache.clear()
    cache[text] = entry


def _describe(error):
    message = getattr(error, "getMessage", None)
    text = message() if message is not None else None
    return "%s: %s" % (type(error).__name__, text if text is not None else error)


# The functions that run code or SQL of the expression's author: saving an inventory operation that
# uses one needs a permission of its own (docs/permissions.md#scripts-and-queries-in-expressions).
RUNS_CODE = ("runScript", "runQuery", "runScalarQuery", "runPrepQuery", "runNamedQuery")

register("runScript", 1, None, _run_script, lazy=True, time_dependent=True)


# --- queries ---------------------------------------------------------------------------------------------

def _database(value):
    """A database argument: null or "" means the library's configured connection."""
    return None if value is None else to_text(value)


def _query_call(run, sql, *rest):
    """Run a query function; its database failure is an evaluation error (try() catches it)."""
    if sql is None:
        return None
    try:
        return run(to_text(sql), *rest)
    except errors.MesError as failed:
        raise ExpressionEvaluationError("%s failed: %s" % (_short(to_text(sql)), failed))


def _short(text, limit=120):
    return text if len(text) <= limit else text[:limit - 3] + "..."


def _run_query(sql, database=None, poll_rate=None):
    """runQuery(query, [database], [pollRate]): the rows as a Dataset."""
    return _query_call(expression_queries.run_query, sql, _database(database))


def _run_scalar_query(sql, database=None, poll_rate=None):
    """runScalarQuery(query, [database], [pollRate]): the first value of the first row, null when none."""
    return normalize(_query_call(expression_queries.run_scalar_query, sql, _database(database)))


def _run_prep_query(sql, database=None, *values):
    """runPrepQuery(query, [database], [args...]): each ? of the query bound to the next argument."""
    return _query_call(expression_queries.run_prep_query, sql, list(values), _database(database))


def _run_named_query(path, *pairs):
    """runNamedQuery(path, [name, value]...): the named query with those parameters."""
    if len(pairs) % 2:
        raise ExpressionEvaluationError("runNamedQuery(%r, ...) takes its parameters as name, value pairs; the "
                                        "last name has no value" % to_text(path))
    parameters = dict((to_text(pairs[k]), pairs[k + 1]) for k in range(0, len(pairs), 2))
    if path is None:
        return None
    result = _query_call(expression_queries.run_named_query, path, parameters)
    return result if is_dataset(result) else normalize(result)


register("runQuery", 1, 3, _run_query, time_dependent=True)
register("runScalarQuery", 1, 3, _run_scalar_query, time_dependent=True)
register("runPrepQuery", 1, None, _run_prep_query, time_dependent=True)
register("runNamedQuery", 1, None, _run_named_query, time_dependent=True)


# --- hasChanged ----------------------------------------------------------------------------------------

_NOTHING = object()


def _has_changed(ctx, args, site):
    """hasChanged(value, [includeQuality], [pollRate]): whether the value (and, asked, its quality)
    differs from what this site saw at its previous evaluation; false at the first one."""
    value, quality, error = evaluate_scoped(ctx, args[0])
    if error is not None:
        raise error
    ctx.degrade(quality)
    include_quality = len(args) > 1 and to_boolean(args[1](ctx))
    if len(args) > 2:
        args[2](ctx)  # the poll rate
    seen = (value, quality.name if include_quality else None)
    if ctx.memory is None:
        return False
    previous = ctx.memory.get(site, _NOTHING)
    ctx.memory[site] = seen
    if previous is _NOTHING:
        return False
    return not _same(previous, seen)


def _same(a, b):
    """Two (value, quality name) sightings are the same: equal qualities, and values of one kind
    (numbers, texts, booleans...) that are equal; "5" after 5 is a change, 5.0 after 5 is not."""
    (x, x_quality), (y, y_quality) = a, b
    if x_quality != y_quality:
        return False
    if x is None or y is None:
        return x is None and y is None
    if is_dataset(x) or is_dataset(y):
        return x is y
    if not (compat.is_number(x) and compat.is_number(y)) and type(x) is not type(y):
        return False
    try:
        return operators.equal(x, y)
    except ExpressionEvaluationError:
        return False


register("hasChanged", 1, 3, _has_changed, lazy=True, time_dependent=True, sited=True)


# --- alarms ----------------------------------------------------------------------------------------------

_ACTIVE_STATES = ["ActiveUnacked", "ActiveAcked"]
_CLEARED_STATES = ["ClearUnacked", "ClearAcked"]
_SOURCE = re.compile(r"^prov:([^:]*):/tag:(.*):/alm:(.*)$")
_PROVIDER_PREFIX = re.compile(r"^\[[^\]]*\]")


def _system():
    """Ignition's (or the harness's) system module: a dict lookup once loaded (see compiler._system)."""
    found = sys.modules.get("system")
    if found is None:
        import system as found
    return found


def _wildcard(pattern):
    """A '*' wildcard pattern as a case-insensitive regular expression (tag paths ignore case)."""
    return re.compile("^" + ".*".join(re.escape(piece) for piece in pattern.split("*")) + "$", re.IGNORECASE)


def _tag_pattern(path):
    """A tag path pattern with its provider: {path} rules apply ([default] when none is written)."""
    text = to_text(path).strip()
    return _wildcard(text if text.startswith("[") or text == "*" else "[default]" + text)


def _event_tag_and_name(event):
    """([provider]tag path, alarm name) of an alarm event, from its qualified source path."""
    source = _SOURCE.match(to_text(event.getSource()))
    if source is None:
        return None, to_text(event.getName())
    provider, path, name = source.groups()
    return "[%s]%s" % (provider, path), to_text(event.getName() or name)


def _priority_of(event):
    priority = event.getPriority()
    ordinal = getattr(priority, "ordinal", None)
    return ordinal() if ordinal is not None else int(priority)


def _matching_alarms(tag_path, alarm_name, display_path="*", priorities=(0, 4), cleared=False, acked=True,
                     shelved=False):
    """The number of alarm events in the gateway's alarm status that match (system.alarm.queryStatus)."""
    tag = _tag_pattern(tag_path)
    name = _wildcard(_PROVIDER_PREFIX.sub("", to_text(alarm_name).strip()))
    display = _wildcard(to_text(display_path))
    states = _ACTIVE_STATES + (_CLEARED_STATES if cleared else [])
    count = 0
    try:
        events = _system().alarm.queryStatus(state=states, includeShelved=shelved)
    except _ANY_ERROR:  # Java exceptions too: the alarm status could not be read
        raise ExpressionEvaluationError("the gateway's alarm status could not be read: %s"
                                        % _describe(sys.exc_info()[1]))
    for event in events:
        path, event_name = _event_tag_and_name(event)
        if path is None or not tag.match(path) or not name.match(event_name):
            continue
        if not display.match(to_text(event.getDisplayPath() or "")):
            continue
        if not priorities[0] <= _priority_of(event) <= priorities[1]:
            continue
        if event.isAcked() and not acked:
            continue
        count += 1
    return count


def _is_alarm_active(tag_path, alarm_name="*", poll_rate=None):
    """isAlarmActive(tagPath, [alarmName], [pollRate]): an active alarm (acknowledged or not, not
    shelved) on a matching tag."""
    if tag_path is None:
        return None
    return _matching_alarms(tag_path, "*" if alarm_name is None else alarm_name) > 0


def _is_alarm_active_filtered(tag_path, alarm_name, display_path, min_priority, max_priority, allow_cleared,
                              allow_acked, allow_shelved, poll_rate=None):
    """isAlarmActiveFiltered(tagPath, alarmName, displayPath, minPriority, maxPriority, allowCleared,
    allowAcked, allowShelved, [pollRate])."""
    if tag_path is None:
        return None
    return _matching_alarms(tag_path, "*" if alarm_name is None else alarm_name,
                            "*" if display_path is None else display_path,
                            (to_integer(min_priority), to_integer(max_priority)), to_boolean(allow_cleared),
                            to_boolean(allow_acked), to_boolean(allow_shelved)) > 0


register("isAlarmActive", 1, 3, _is_alarm_active, time_dependent=True)
register("isAlarmActiveFiltered", 8, 9, _is_alarm_active_filtered, time_dependent=True)
