"""pytest fixtures for tests of code written against Ignition's `system`.

    def test_something(system):
        system.mes.setup.getSchemaVersion()

`system`: a fresh gateway with the MES schema on the back-end chosen by MES_TEST_DB; `empty_system`
the same without the schema; `clock` and `tags` are that gateway's clock and tag provider.
A back-end that cannot be reached skips the test with the reason (shown with `pytest -rs`).
"""
import pytest

from harness import backends
from harness import fake_gateway


@pytest.fixture(scope="session")
def backend():
    try:
        return backends.select_backend()
    except backends.BackendUnavailable as unavailable:
        pytest.skip(str(unavailable))


def _gateway(backend, schema):
    with fake_gateway.gateway(db=backend, schema=schema) as system:
        yield system


@pytest.fixture
def system(backend):
    for s in _gateway(backend, True):
        yield s


@pytest.fixture
def empty_system(backend):
    for s in _gateway(backend, False):
        yield s


@pytest.fixture
def clock(system):
    return system.clock


@pytest.fixture
def tags(system):
    return system.tag


def pytest_configure(config):
    # The gateway's time zone (MES_GATEWAY_TIMEZONE, default UTC) for the evaluator on CPython; under
    # Jython the runner makes it the JVM default, which is what a gateway's evaluator reads.
    from harness.jython_runner import gateway_time_zone
    from mes.expression import zones
    zones.set_gateway_zone(gateway_time_zone())


def pytest_report_header(config):
    try:
        return "MES back-end: " + backends.select_backend().describe()
    except backends.BackendUnavailable as unavailable:
        return "MES back-end unavailable: %s" % unavailable
