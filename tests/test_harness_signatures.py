"""Every Ignition function the fakes implement has Ignition's parameter names, in Ignition's
order, with defaults in the same places, so library code that passes keywords (tx=..., timeout=...)
or relies on a default works the same on a gateway.

The reference is the ignition-api-stubs package (system/*.pyi), parsed with ast.
"""
import ast
import importlib
import importlib.metadata
import inspect
import os

import pytest


# fake class -> (module that defines it, stub file under the stubs' system/ package)
FAKES = {
    "SystemDb": ("harness.portable.db", "db.pyi"),
    "SystemAlarm": ("harness.portable.alarm", "alarm.pyi"),
    "SystemTag": ("harness.portable.tag", "tag.pyi"),
    "SystemUtil": ("harness.portable.util", "util.pyi"),
    "SystemDate": ("harness.portable.date", "date.pyi"),
    "SystemSecurity": ("harness.portable.security", "security.pyi"),
}

# Harness-side public names for fakes that do not declare a HARNESS_ONLY class attribute
# (the other fakes declare theirs; SystemDb may too, and then this entry is ignored).
HARNESS_ONLY_FALLBACK = {
    "SystemDb": ("stats", "statements_log", "close", "transaction_isolation",
                 "open_transaction_ids", "add_named_query"),
}

# Harness-side helpers that knowingly reuse an Ignition function's name with another signature:
# none (the tag fake's test-side creator is called create_tag so it cannot shadow configure).
KNOWN_SHADOWED = set()

# Ignition functions the fakes implement although the 8.3 stubs leave them out, with the
# parameters written down from the Ignition 8.1 manual. Each entry is a list of
# (name, has_default).
NOT_IN_STUBS = {
    "SystemDb": {
        # Dropped from the 8.3 stubs (the "legacy" non-prepared query functions), still in the
        # 8.1 manual: system.db.runQuery(query, [database], [tx]),
        # runScalarQuery(query, [database], [tx]),
        # runUpdateQuery(query, [database], [tx], [getKey], [skipAudit]) (Vision/Perspective
        # syntax; the gateway syntax lists database without brackets, but "" still means the
        # project default there, as it does for runPrepQuery in the stubs).
        "runQuery": [("query", False), ("database", True), ("tx", True)],
        "runScalarQuery": [("query", False), ("database", True), ("tx", True)],
        "runUpdateQuery": [("query", False), ("database", True), ("tx", True),
                           ("getKey", True), ("skipAudit", True)],
        # Deprecated in 8.3 (left out of its stubs), in the 8.1 manual's project scope syntax:
        # system.db.runNamedQuery(path, [parameters], [tx], [getKey]).
        "runNamedQuery": [("path", False), ("parameters", True), ("tx", True), ("getKey", True)],
    },
    "SystemSecurity": {
        # Vision-client functions (the stubs describe the gateway scope): no parameters.
        "getUsername": [],
        "getRoles": [],
    },
}

# The Ignition functions the library relies on; a fake without one of them is incomplete.
REQUIRED = {
    "SystemDb": ("runPrepQuery", "runPrepUpdate", "runScalarPrepQuery", "beginTransaction",
                 "commitTransaction", "rollbackTransaction", "closeTransaction"),
    "SystemTag": ("readBlocking", "writeBlocking", "writeAsync"),
    "SystemUtil": ("jsonEncode", "jsonDecode", "getLogger", "getGlobals", "invokeAsynchronous",
                   "getProjectName"),
    "SystemDate": ("now", "toMillis", "fromMillis", "format", "parse"),
    "SystemSecurity": ("getUsername", "getRoles"),
    "SystemAlarm": ("queryStatus",),
}


def _stubs_dir():
    return str(importlib.metadata.distribution("ignition-api-stubs").locate_file("system"))


def _stub_signatures(stub_file):
    """{function name: [(param, has_default), ..., ('*args', False), ('**kwargs', False)]}."""
    with open(os.path.join(_stubs_dir(), stub_file)) as handle:
        tree = ast.parse(handle.read())
    signatures = {}
    for node in tree.body:
        if isinstance(node, ast.FunctionDef):
            args = node.args
            params = args.posonlyargs + args.args
            first_default = len(params) - len(args.defaults)
            shape = [(p.arg, i >= first_default) for i, p in enumerate(params)]
            if args.vararg:
                shape.append(("*" + args.vararg.arg, False))
            if args.kwarg:
                shape.append(("**" + args.kwarg.arg, False))
            signatures[node.name] = shape
    return signatures


def _fake_signature(function):
    shape = []
    for param in list(inspect.signature(function).parameters.values())[1:]:  # drop self
        if param.kind == param.VAR_POSITIONAL:
            shape.append(("*" + param.name, False))
        elif param.kind == param.VAR_KEYWORD:
            shape.append(("**" + param.name, False))
        else:
            shape.append((param.name, param.default is not param.empty))
    return shape


def _load_fake(class_name):
    module_name = FAKES[class_name][0]
    try:
        module = importlib.import_module(module_name)
    except ImportError as error:
        if getattr(error, "name", None) == module_name:
            pytest.skip("%s is not written yet" % module_name)
        raise
    return getattr(module, class_name)


def _harness_only(cls):
    return set(getattr(cls, "HARNESS_ONLY", HARNESS_ONLY_FALLBACK.get(cls.__name__, ())))


def _public_methods(cls):
    """Public functions defined on the fake (constants and instance attributes are not checked)."""
    return sorted(name for name, member in inspect.getmembers(cls, inspect.isfunction)
                  if not name.startswith("_"))


@pytest.mark.parametrize("class_name", sorted(FAKES))
def test_fake_methods_match_ignition_signatures(class_name):
    cls = _load_fake(class_name)
    stubs = _stub_signatures(FAKES[class_name][1])
    expected = dict(stubs, **NOT_IN_STUBS.get(class_name, {}))
    harness_only = _harness_only(cls)
    problems = []
    for name in _public_methods(cls):
        if name in harness_only:
            continue
        if name not in expected:
            problems.append("%s.%s is neither an Ignition function in %s nor listed as "
                            "harness-only" % (class_name, name, FAKES[class_name][1]))
            continue
        actual = _fake_signature(getattr(cls, name))
        if actual != expected[name]:
            problems.append("%s.%s%s should be %s" % (class_name, name, actual, expected[name]))
    assert not problems, "\n".join(problems)


@pytest.mark.parametrize("class_name", sorted(FAKES))
def test_fake_implements_the_functions_the_library_uses(class_name):
    cls = _load_fake(class_name)
    missing = [name for name in REQUIRED[class_name] if not callable(getattr(cls, name, None))]
    assert not missing, "%s lacks %s" % (class_name, missing)


@pytest.mark.parametrize("class_name", sorted(FAKES))
def test_harness_only_names_do_not_hide_ignition_functions(class_name):
    # A harness helper named like an Ignition function would skip the signature check above;
    # only the acknowledged ones may.
    cls = _load_fake(class_name)
    stubs = _stub_signatures(FAKES[class_name][1])
    hidden = set(name for name in _harness_only(cls)
                 if name in stubs and (class_name, name) not in KNOWN_SHADOWED)
    assert not hidden, "%s marks Ignition functions as harness-only: %s" % (class_name, hidden)


def test_not_in_stubs_entries_really_are_missing_from_the_stubs():
    # When a later stubs release adds one of these back, the stub becomes the reference.
    for class_name, entries in NOT_IN_STUBS.items():
        stubs = _stub_signatures(FAKES[class_name][1])
        assert not set(entries) & set(stubs), (class_name, set(entries) & set(stubs))


def test_stub_parser_reads_known_signatures():
    tag = _stub_signatures("tag.pyi")
    assert tag["readBlocking"] == [("tagPaths", False), ("timeout", True)]
    db = _stub_signatures("db.pyi")
    assert db["beginNamedQueryTransaction"] == [("*args", False), ("**kwargs", False)]
