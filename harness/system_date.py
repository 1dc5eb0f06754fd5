"""Fake system.date: Ignition's names and parameters, real java.util.Date values, time from a Clock.

The implementation is shared with the Jython-side `system` (tests/jython/run_scenarios.py):
see harness/portable/date.py. This module keeps the CPython harness's import path.
"""
from harness.portable.date import (  # noqa: F401
    DEFAULT_FORMAT, SystemDate)
