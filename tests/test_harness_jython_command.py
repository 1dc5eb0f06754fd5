"""`python3 build.py jython SCRIPT`: a user's script under real Jython 2.7 with the harness's `system`
on a fresh scratch database, dropped afterwards unless --keep.

Runs in the SQLite run only (it starts Jython twice; the database it uses is its own --db, not the
back-end of the run).
"""
import os
import re
import shutil
import subprocess
import sys

import pytest

from harness.clock import Clock
from harness.portable.db import Datasource, SystemDb

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
SCRIPT = '''
import sys

for name in sys.argv[1:]:
    location = system.mes.location.newLocation()
    location["name"] = name
    system.mes.location.saveLocation(**location)
for row in system.db.runQuery("SELECT name FROM locations ORDER BY name"):
    print("location %s" % row["name"])
print("interpreter %s" % sys.platform)
'''
SCRATCH = re.compile(r"scratch SQLite (\S+mes\.db)")

pytestmark = pytest.mark.skipif((os.environ.get("MES_TEST_DB") or "sqlite") != "sqlite",
                                reason="runs once, in the SQLite run (it picks its own --db)")


def build_py_jython(*args):
    result = subprocess.run([sys.executable, os.path.join(ROOT, "build.py"), "jython"] + list(args),
                            cwd=ROOT, capture_output=True, text=True, timeout=600)
    return result, "exit %s\n--- stdout\n%s\n--- stderr\n%s" % (result.returncode, result.stdout, result.stderr)


def rows_in(sqlite_file):
    datasource = Datasource("kept", "jdbc:sqlite:" + sqlite_file, "SQLITE")
    db = SystemDb({"kept": datasource}, "kept", Clock())
    try:
        return [row["name"] for row in db.runQuery("SELECT name FROM locations ORDER BY name")]
    finally:
        db.close()


def test_a_script_runs_under_jython_on_a_kept_scratch_database(tmp_path):
    script = tmp_path / "make_lines.py"
    script.write_text(SCRIPT)

    result, output = build_py_jython(str(script), "--db", "sqlite", "--keep", "--", "Line2", "Line1")

    assert result.returncode == 0, output
    lines = result.stdout.splitlines()
    assert lines[-3:-1] == ["location Line1", "location Line2"], output
    assert lines[-1].startswith("interpreter java"), output  # real Jython, not CPython
    kept = SCRATCH.findall(result.stderr)
    assert kept and "kept the scratch database" in result.stderr, output
    try:
        assert rows_in(kept[-1]) == ["Line1", "Line2"]
    finally:
        shutil.rmtree(os.path.dirname(kept[-1]), ignore_errors=True)


def test_the_scratch_database_is_dropped_and_the_exit_code_is_the_scripts(tmp_path):
    script = tmp_path / "fails.py"
    script.write_text(SCRIPT + "\nsys.exit(3)\n")

    result, output = build_py_jython(str(script), "--", "Dock")

    assert result.returncode == 3, output
    assert "location Dock" in result.stdout.splitlines(), output
    used = SCRATCH.findall(result.stderr)
    assert used and not os.path.exists(used[0]), output
