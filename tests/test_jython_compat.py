"""The product really is Jython 2.7 code, and importing it touches nothing of Ignition's.

- every module under jython_lib/ compiles with real Jython 2.7;
- every module under jython_lib/mes imports under Jython with no `system` module to be had
  (Ignition re-imports the library on every project save, on several threads: `system.*` may only
  be used inside functions);
- the same import check under CPython, in a fresh interpreter, so neither a fake `system` that the
  harness installed in this process nor the `system` stub folder of ignition-api-stubs (which imports
  as an empty namespace package) can hide an import-time use.

No Jython on the machine is a failure, not a skip: CI must prove the code runs there.
"""
import json
import os
import shutil
import subprocess
import sys

import pytest

# tests/ may have no conftest putting the repository on sys.path; harness/ lives at its root.
REPO = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
if REPO not in sys.path:
    sys.path.insert(0, REPO)

from harness import jython_runner  # noqa: E402

LIB = os.path.join(REPO, "jython_lib")
RESULT_MARK = "MES-COMPAT-RESULT:"

# Runs under Jython 2.7 and CPython 3 alike: argv = [lib dir, dotted module names...].
# A meta-path finder refuses `system` and `system.*`, so any import-time use fails loudly.
IMPORT_CHECK = r'''
from __future__ import print_function
import json, sys, traceback

class NoSystem(object):
    """Refuses the Ignition `system` package: nothing may need it at import time."""
    def _refuse(self, name):
        if name == "system" or name.startswith("system."):
            raise ImportError("'%s' imported at import time" % name)
    def find_spec(self, name, path=None, target=None):   # Python 3
        self._refuse(name)
        return None
    def find_module(self, name, path=None):              # Python 2 / Jython
        self._refuse(name)
        return None

sys.meta_path.insert(0, NoSystem())
sys.path.insert(0, sys.argv[1])
failures = {}
for name in sys.argv[2:]:
    try:
        __import__(name)
    except BaseException:
        failures[name] = traceback.format_exc()
if "system" in sys.modules:
    failures["<system>"] = "a 'system' module got into sys.modules: %r" % (sys.modules["system"],)
print("%s%s" % (MARK, json.dumps({"imported": len(sys.argv) - 2, "failures": failures})))
'''.replace("MARK", repr(RESULT_MARK))

# Jython side of the compile check: py_compile (what compileall uses) with doraise=True on every
# file of a temporary copy, so no $py.class lands in the work tree. argv = [file, ...].
COMPILE_CHECK = r'''
from __future__ import print_function
import json, py_compile, sys
failures = {}
for path in sys.argv[1:]:
    try:
        py_compile.compile(path, doraise=True)
    except Exception as e:
        failures[path] = str(e)
print("%s%s" % (MARK, json.dumps({"compiled": len(sys.argv) - 1, "failures": failures})))
'''.replace("MARK", repr(RESULT_MARK))


def python_files(top):
    found = []
    for folder, dirs, files in os.walk(top):
        dirs[:] = sorted(d for d in dirs if d != "__pycache__" and not d.startswith("."))
        found += [os.path.join(folder, f) for f in sorted(files) if f.endswith(".py")]
    return found


def mes_module_names():
    """Dotted names of every module and package under jython_lib/mes."""
    names = []
    for path in python_files(os.path.join(LIB, "mes")):
        parts = os.path.relpath(path, LIB)[:-3].split(os.sep)
        if parts[-1] == "__init__":
            parts = parts[:-1]
        names.append(".".join(parts))
    return names


def run_jython_or_fail(args, **kwargs):
    try:
        result = jython_runner.run_jython(args, **kwargs)
    except jython_runner.JythonUnavailable as e:
        hint = "" if "build.py setup" in str(e) else " Run 'python3 build.py setup'."
        pytest.fail("Jython 2.7 is not available: %s.%s" % (e, hint), pytrace=False)
    return result


def parse_result(result):
    for line in result.stdout.splitlines():
        if line.startswith(RESULT_MARK):
            return json.loads(line[len(RESULT_MARK):])
    pytest.fail("the check printed no result (exit %s)\nstdout:\n%s\nstderr:\n%s"
                % (result.returncode, result.stdout[-4000:], result.stderr[-4000:]), pytrace=False)


def report(failures, what):
    lines = ["%d module(s) %s:" % (len(failures), what)]
    for name in sorted(failures):
        lines.append("--- %s\n%s" % (name, failures[name].rstrip()))
    return "\n".join(lines)


def write_script(tmp_path, name, text):
    path = tmp_path / name
    path.write_text(text)
    return str(path)


def test_every_module_compiles_under_jython(tmp_path):
    copy = tmp_path / "jython_lib"
    shutil.copytree(LIB, str(copy), ignore=shutil.ignore_patterns("__pycache__", "*.pyc", "*$py.class"))
    files = python_files(str(copy))
    assert files, "no Python files under jython_lib/"
    script = write_script(tmp_path, "compile_check.py", COMPILE_CHECK)
    outcome = parse_result(run_jython_or_fail([script] + files, cwd=str(tmp_path)))
    assert outcome["compiled"] == len(files)
    failures = {os.path.relpath(p, str(copy)): msg for p, msg in outcome["failures"].items()}
    assert not failures, report(failures, "do not compile under Jython 2.7")


def test_every_module_imports_under_jython_without_system(tmp_path):
    names = mes_module_names()
    assert names, "no modules under jython_lib/mes"
    script = write_script(tmp_path, "import_check.py", IMPORT_CHECK)
    outcome = parse_result(run_jython_or_fail([script, LIB] + names, cwd=str(tmp_path)))
    assert outcome["imported"] == len(names)
    assert not outcome["failures"], report(outcome["failures"], "fail to import under Jython with no 'system'")


def test_every_module_imports_under_cpython_without_system(tmp_path):
    names = mes_module_names()
    assert names, "no modules under jython_lib/mes"
    script = write_script(tmp_path, "import_check.py", IMPORT_CHECK)
    # -I: isolated mode, so no PYTHONPATH, user site or current folder sneaks a module in; the run
    # starts with a clean sys.modules by being a new process.
    result = subprocess.run([sys.executable, "-I", script, LIB] + names, cwd=str(tmp_path),
                            capture_output=True, text=True, timeout=300)
    outcome = parse_result(result)
    assert outcome["imported"] == len(names)
    assert not outcome["failures"], report(outcome["failures"], "fail to import under CPython with no 'system'")
