"""House rules of the library, checked on its source: each rule has one home (docs/rules.md)."""
import ast
import io
import os
import re

import pytest

LIB = os.path.join(os.path.dirname(os.path.dirname(os.path.abspath(__file__))), "jython_lib")
MES = os.path.join(LIB, "mes")


def _modules(folder=LIB):
    for root, _, files in os.walk(folder):
        for name in sorted(files):
            if name.endswith(".py"):
                yield os.path.join(root, name)


def _source(path):
    with io.open(path, encoding="utf-8") as handle:
        return handle.read()


def _facades():
    return [os.path.join(MES, n) for n in sorted(os.listdir(MES)) if n.endswith(".py") and n != "__init__.py"]


def _relative(path):
    return os.path.relpath(path, LIB).replace(os.sep, "/")


def test_every_library_module_imports_absolutely():
    """(Empty package __init__ files excepted.) Jython resolves `import system` inside a package ~200x slower without absolute_import."""
    missing = []
    for path in _modules():
        if os.path.getsize(path) == 0:
            continue  # an Ignition script package's __init__ holds no code
        tree = ast.parse(_source(path))
        found = any(isinstance(node, ast.ImportFrom) and node.module == "__future__"
                    and any(alias.name == "absolute_import" for alias in node.names) for node in tree.body)
        if not found:
            missing.append(_relative(path))
    assert missing == []
