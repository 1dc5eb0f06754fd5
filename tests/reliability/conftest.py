"""The reliability suite (issue 10): run only by `build.py test --reliability` (pytest.ini keeps this
folder out of the default run). The `backend` fixture comes from harness.pytest_plugin (tests/conftest.py);
every figure the parts record in rel_common.FIGURES is printed at the end."""
import os
import sys

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))

import rel_common  # noqa: E402


def pytest_terminal_summary(terminalreporter):
    if not rel_common.FIGURES:
        return
    terminalreporter.write_sep("=", "reliability figures")
    for key in sorted(rel_common.FIGURES):
        terminalreporter.write_line("%-45s %s" % (key, rel_common.FIGURES[key]))
