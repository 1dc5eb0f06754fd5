"""Fake system.util: JSON, loggers, globals, background threads, project name.

The implementation is shared with the Jython-side `system` (tests/jython/run_scenarios.py):
see harness/portable/util.py. This module keeps the CPython harness's import path.
"""
from harness.portable.util import (  # noqa: F401
    HarnessLogger, JSONException, SystemUtil, TRACE)
