"""The end-to-end scenarios (tests/scenarios/) on CPython, on the back-end MES_TEST_DB names.
The same functions run under real Jython 2.7 in tests/test_jython_scenarios.py."""
import pytest

from scenarios import SCENARIOS


@pytest.mark.parametrize("scenario", [function for _, function in SCENARIOS],
                         ids=[name for name, _ in SCENARIOS])
def test_scenario(system, scenario):
    scenario(system)


def test_the_java_type_check_finds_java_objects(system):
    from scenarios.common import self_check
    self_check(system)
