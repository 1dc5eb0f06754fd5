"""End-to-end scenarios that run under CPython (tests/test_scenarios.py) and under real Jython 2.7
(tests/jython/run_scenarios.py) alike: plain functions `scenario(system)` using only the public API.

SCENARIOS: [(name, function)] in a fixed order.
"""
from __future__ import absolute_import

from scenarios.interchange_scenarios import SCENARIOS as _INTERCHANGE
from scenarios.inventory_scenarios import SCENARIOS as _INVENTORY

SCENARIOS = _INVENTORY + _INTERCHANGE
