"""Fake system.security: who the current user is and which roles they hold.

The implementation is shared with the Jython-side `system` (tests/jython/run_scenarios.py):
see harness/portable/security.py. This module keeps the CPython harness's import path.
"""
from harness.portable.security import (  # noqa: F401
    SystemSecurity)
