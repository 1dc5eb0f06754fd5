"""Fake system.tag: an in-memory tag provider with Ignition 8 qualities and clock timestamps.

The implementation is shared with the Jython-side `system` (tests/jython/run_scenarios.py):
see harness/portable/tag.py. This module keeps the CPython harness's import path.
"""
from harness.portable.tag import (  # noqa: F401
    Bad, Bad_Disabled, Bad_NotConnected, Bad_NotFound, Bad_ReadOnly, Bad_Stale, DEFAULT_PROVIDER,
    DEFAULT_TIMEOUT_MILLIS, Error_TypeConversion, Good, QUALITY_CODES, QualifiedValue, QualityCode,
    SystemTag, TagStats, Uncertain, Uncertain_LastKnownValue, quality_code)
