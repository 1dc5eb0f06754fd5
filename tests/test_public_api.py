"""The public API as an integrator meets it in the Ignition script console.

Every facade module (`jython_lib/mes/*.py`, found on disk, so modules added later are checked too)
declares `__all__` with exactly its public functions; every one of them has a Google-style docstring
(a summary, `Args:` naming each parameter, `Returns:`, and `Raises:` where it can raise); and every
one appears in the README's table of implemented calls.
"""
from __future__ import absolute_import

import glob
import importlib
import inspect
import io
import os
import re

import pytest

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
FACADE_DIR = os.path.join(ROOT, "jython_lib", "mes")
FACADES = sorted(os.path.splitext(os.path.basename(p))[0] for p in glob.glob(os.path.join(FACADE_DIR, "*.py"))
                 if not os.path.basename(p).startswith("_"))

_SECTION = re.compile(r"^\s*(Args|Arguments|Returns|Yields|Raises|Note|Notes|Example|Examples):\s*$")
_REQUEST_TEMPLATE = {"newXRequest", "validateXRequest", "x"}
# Public functions the README's table does not list yet: the lead corrects the table when merging
# (the transactions row implies newReturnInventoryRequest, but the reference names the request
# calls of returnInventory newReturnRequest / validateReturnRequest). A stale entry fails.
README_TABLE_PENDING = set()
_ARG_ITEM = re.compile(r"^\s+\**(\w+)(?:\s*\([^)]*\))?\s*:")


def facade(name):
    return importlib.import_module("mes." + name)


def public_functions(module):
    """Functions (and classes, e.g. a context manager) defined in the module itself whose names do
    not start with an underscore."""
    return sorted(name for name, value in vars(module).items()
                  if (inspect.isfunction(value) or inspect.isclass(value))
                  and value.__module__ == module.__name__ and not name.startswith("_"))


def sections(docstring):
    """{section name: [lines]} of a Google-style docstring; the summary is under ''."""
    found, current = {"": []}, ""
    for line in inspect.cleandoc(docstring).splitlines():
        match = _SECTION.match(line)
        if match:
            current = match.group(1)
            found[current] = []
        else:
            found[current].append(line)
    return found


def documented_args(arg_lines):
    """Parameter names of an Args section (its items, not their continuation lines)."""
    indent = min([len(l) - len(l.lstrip()) for l in arg_lines if l.strip()] or [0])
    return [m.group(1) for m in (_ARG_ITEM.match(" " + l[indent:]) for l in arg_lines
                                 if l.strip() and len(l) - len(l.lstrip()) == indent) if m]


def parameters(function):
    """The parameter names a caller passes (a class: those of its __init__ after self)."""
    if inspect.isclass(function):
        if function.__init__ is object.__init__:
            return []
        return parameters(function.__init__)[1:]
    spec = inspect.getfullargspec(function)
    return list(spec.args) + ([spec.varargs] if spec.varargs else []) + ([spec.varkw] if spec.varkw else [])


def can_raise(function):
    """Takes input or checks a permission: it must say what it raises."""
    return bool(parameters(function)) or "permissions.require" in inspect.getsource(function)


def docstring_problems(function):
    doc = inspect.getdoc(function)
    if not doc or not doc.strip():
        return ["no docstring"]
    parts = sections(doc)
    problems = []
    if not "".join(parts[""]).strip():
        problems.append("no summary line")
    params = parameters(function)
    if params:
        named = documented_args(parts.get("Args", parts.get("Arguments", [])))
        if sorted(named) != sorted(params):
            problems.append("Args: documents %s, the signature has %s" % (named, params))
    if "Returns" not in parts and not inspect.isclass(function):
        problems.append("no Returns: section")
    if can_raise(function) and "Raises" not in parts:
        problems.append("no Raises: section")
    return problems


def readme_api_names():
    """Function names in the README's table of implemented calls (`name` or `name(args)`).

    A part of a row (between semicolons) that says "each as `newXRequest()`,
    `validateXRequest(**request)`, `x(**request)`: ..." lists the three calls of every action x it
    names (X is x with a capital first letter).
    """
    with io.open(os.path.join(ROOT, "README.md"), encoding="utf-8") as handle:
        rows = [line for line in handle.read().splitlines() if line.startswith("| `mes.")]
    names = set()
    for part in [p for row in rows for p in row.split("|")[2].split(";")]:
        listed = set(re.findall(r"`(\w+)(?:\([^`]*\))?`", part))
        if _REQUEST_TEMPLATE <= listed:
            listed -= _REQUEST_TEMPLATE
            for action in [n for n in listed if not n.startswith(("new", "validate"))]:
                listed.update(("new%s%sRequest" % (action[0].upper(), action[1:]),
                               "validate%s%sRequest" % (action[0].upper(), action[1:])))
        names.update(listed)
    return names


def test_facades_are_found_on_disk():
    assert {"inventory", "inventory_operation", "location", "material", "unitOfMeasure", "operation",
            "productionOrder", "trackandtrace", "setup"} <= set(FACADES)


def test_docstring_checker_catches_what_is_missing():
    def undocumented(a, b=None):
        return a

    def half_documented(a, b=None):
        """Does something.

        Args:
            a: the first.

        Returns:
            a.
        """
        return a

    class Acting(object):
        """Acts as someone.

        Args:
            who: the user.
        """

        def __init__(self, who, roles):
            self.who, self.roles = who, roles

    assert docstring_problems(undocumented) == ["no docstring"]
    assert docstring_problems(Acting) == ["Args: documents ['who'], the signature has ['who', 'roles']",
                                          "no Raises: section"]
    assert docstring_problems(half_documented) == ["Args: documents ['a'], the signature has ['a', 'b']",
                                                   "no Raises: section"]


@pytest.mark.parametrize("name", FACADES)
def test_all_lists_exactly_the_public_functions(name):
    module = facade(name)
    declared = getattr(module, "__all__", None)
    assert declared is not None, "mes.%s declares no __all__" % name
    assert len(declared) == len(set(declared)), "mes.%s lists a name twice in __all__" % name
    assert sorted(declared) == public_functions(module), (
        "mes.%s: __all__ must list exactly the functions defined there without a leading underscore" % name)


@pytest.mark.parametrize("name", FACADES)
def test_every_public_function_has_a_google_style_docstring(name):
    module = facade(name)
    problems = {}
    for function_name in public_functions(module):
        found = docstring_problems(getattr(module, function_name))
        if found:
            problems[function_name] = found
    assert problems == {}, "mes.%s: %s" % (name, problems)


@pytest.mark.parametrize("name", FACADES)
def test_every_public_function_is_in_the_readme_api_table(name):
    listed = readme_api_names() | README_TABLE_PENDING
    missing = [f for f in getattr(facade(name), "__all__", []) if f not in listed]
    assert missing == [], "mes.%s: not in the README's table of implemented calls: %s" % (name, missing)


def test_readme_table_pending_names_are_still_missing_from_the_table():
    stale = sorted(README_TABLE_PENDING & readme_api_names())
    assert stale == [], "the README's table lists these now; remove them from README_TABLE_PENDING: %s" % stale
