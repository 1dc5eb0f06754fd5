"""Fake system.security, system.vision and system.user: who the current user is, per scope and
Ignition version.

The implementation is shared with the Jython-side `system` (tests/jython/run_scenarios.py):
see harness/portable/security.py. This module keeps the CPython harness's import path.
"""
from harness.portable.security import (  # noqa: F401
    ScriptContext, SystemSecurity, SystemUser, SystemVision, script_modules)
