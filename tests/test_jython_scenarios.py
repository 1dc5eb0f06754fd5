"""The end-to-end scenarios (tests/scenarios/) under real Jython 2.7, on the back-end MES_TEST_DB names
(sqlite, postgres or mariadb), through tests/jython/run_scenarios.py: a Jython-side `system`
assembled from harness/portable/ (the same java.sql system.db, datasets and system.tag/date/util/
security as the CPython harness) over a scratch database.

No Jython on the machine is a failure, not a skip: CI must prove the code runs there.
"""
import os
import re

import pytest

from harness import jython_runner
from harness.portable import scratch

SCRIPT = os.path.join("tests", "jython", "run_scenarios.py")
SUMMARY = re.compile(r"scenarios: (\d+) passed, (\d+) failed")


def _jython_backend():
    """(back-end name, extra environment) for the Jython run, or skip with the reason."""
    choice = (os.environ.get("MES_TEST_DB") or "sqlite").strip()
    env = {}
    if choice.lower().startswith("jdbc:"):
        dialect = scratch.dialect_of_url(choice)
        if dialect in scratch.URL_VARIABLES:
            env[scratch.URL_VARIABLES[dialect]] = choice
        choice = dialect
    choice = choice.lower()
    if choice in scratch.URL_VARIABLES and not (env or os.environ.get(scratch.URL_VARIABLES[choice])):
        pytest.skip("MES_TEST_DB=%s needs %s for the Jython run (Jython does not start testcontainers), e.g. %s"
                    % (choice, scratch.URL_VARIABLES[choice], scratch.EXAMPLE_URLS[choice]))
    if choice not in ("sqlite",) + tuple(scratch.URL_VARIABLES):
        pytest.skip("MES_TEST_DB=%r: the Jython scenario run covers sqlite, postgres and mariadb" % choice)
    return choice, env


def test_scenarios_pass_under_jython():
    backend, env = _jython_backend()
    saved = dict((key, os.environ.get(key)) for key in env)
    os.environ.update(env)
    try:
        try:
            result = jython_runner.run_jython([SCRIPT, backend], timeout=900)
        except jython_runner.JythonUnavailable as missing:
            pytest.fail("Jython 2.7 is required for this test: %s" % missing)
    finally:
        for key, value in saved.items():
            if value is None:
                os.environ.pop(key, None)
            else:
                os.environ[key] = value
    output = "exit code %s\n--- stdout\n%s\n--- stderr\n%s" % (result.returncode, result.stdout, result.stderr[-5000:])
    print(output)  # shown by pytest on failure, and with -s
    summary = SUMMARY.search(result.stdout)
    assert summary, "no summary line from Jython:\n" + output
    passed, failed = int(summary.group(1)), int(summary.group(2))
    from scenarios import SCENARIOS
    assert (passed, failed) == (len(SCENARIOS), 0), output
    assert result.returncode == 0, output
