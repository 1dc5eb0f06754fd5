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


SQL_WORDS = re.compile(r"\b(SELECT|INSERT INTO|UPDATE \w+ SET|DELETE FROM|WHERE|ORDER BY|JOIN)\b|\bt\.\w+ (=|IN|IS)")


def _string_constants(tree):
    """Every string literal that is not a docstring."""
    docstrings = set()
    for node in ast.walk(tree):
        if isinstance(node, (ast.Module, ast.FunctionDef, ast.ClassDef)) and node.body \
                and isinstance(node.body[0], ast.Expr) and isinstance(node.body[0].value, ast.Constant):
            docstrings.add(id(node.body[0].value))
    for node in ast.walk(tree):
        if isinstance(node, ast.Constant) and isinstance(node.value, str) and id(node) not in docstrings:
            yield node


def _sql_in(path):
    return ["%s:%d %r" % (_relative(path), node.lineno, node.value[:60])
            for node in _string_constants(ast.parse(_source(path))) if SQL_WORDS.search(node.value)]


def test_services_and_facades_hold_no_sql():
    """Persistence owns all SQL: services and facades use named finders or keyword criteria."""
    services = [p for p in _modules(os.path.join(MES, "services"))]
    found = [hit for path in services + _facades() for hit in _sql_in(path)]
    assert found == []


def test_the_sql_check_sees_sql(tmp_path):
    sample = tmp_path / "sample.py"
    sample.write_text(u'"""SELECT in a docstring is fine."""\nX = LOT.query(s, "t.name = ?", [1])\n')
    assert len(_sql_in(str(sample))) == 1


def test_facades_reach_the_database_only_through_services():
    found = []
    for path in _facades():
        for node in ast.walk(ast.parse(_source(path))):
            names = []
            if isinstance(node, ast.ImportFrom):
                names = [node.module or ""] + ["%s.%s" % (node.module, a.name) for a in node.names]
            elif isinstance(node, ast.Import):
                names = [a.name for a in node.names]
            found.extend("%s imports %s" % (_relative(path), n) for n in names if n.startswith("mes.persistence"))
    assert found == []


DIALECT_NAMES = ("postgres", "postgresql", "mysql", "mariadb", "sqlite", "mssql")


def _dialect_comparisons(path):
    """Comparisons of anything with a dialect's name, or reads of `dialect.name`."""
    hits = []
    for node in ast.walk(ast.parse(_source(path))):
        if isinstance(node, ast.Compare):
            operands = [node.left] + list(node.comparators)
            for operand in operands:
                values = [operand] + (list(operand.elts) if isinstance(operand, (ast.Tuple, ast.List, ast.Set)) else [])
                if any(isinstance(v, ast.Constant) and isinstance(v.value, str) and v.value.lower() in DIALECT_NAMES
                       for v in values):
                    hits.append("%s:%d" % (_relative(path), node.lineno))
        if isinstance(node, ast.Attribute) and node.attr == "name" and isinstance(node.value, ast.Attribute) \
                and node.value.attr == "dialect":
            hits.append("%s:%d dialect.name" % (_relative(path), node.lineno))
    return hits


def test_no_caller_branches_on_a_dialect_name():
    """Dialect differences are methods of the dialect classes (persistence/dialects.py)."""
    outside = [p for p in _modules(MES) if not p.endswith(os.path.join("persistence", "dialects.py"))]
    found = [hit for path in outside for hit in _dialect_comparisons(path)]
    assert found == []


def test_the_dialect_check_sees_a_branch(tmp_path):
    sample = tmp_path / "sample.py"
    sample.write_text(u'if session.dialect.name == "mysql":\n    pass\n')
    assert len(_dialect_comparisons(str(sample))) == 2


def test_no_import_runs_inside_a_function():
    """Jython pays ~100 us for an import executed per call; the one exception is Ignition's own
    `system`, which exists only when a gateway runs the code (core/platform.py)."""
    found = []
    for path in _modules(MES):
        if os.sep + "expression" + os.sep in path:
            continue  # the expression package is owned and measured by its own engineer
        for node in ast.walk(ast.parse(_source(path))):
            if isinstance(node, (ast.FunctionDef, ast.Lambda)):
                for inner in ast.walk(node):
                    if isinstance(inner, (ast.Import, ast.ImportFrom)):
                        names = [a.name for a in inner.names]
                        if names != ["system"]:
                            found.append("%s:%d %s" % (_relative(path), inner.lineno, ", ".join(names)))
    assert found == []
