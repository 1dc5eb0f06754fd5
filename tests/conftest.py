import pytest

pytest_plugins = ["harness.pytest_plugin"]


@pytest.fixture
def audited(system):
    """The `system` fixture, plus a check after the test that the ledger audit is clean: every
    inventory balance equals what the records that moved inventory add up to (docs/rules.md#the-ledger).
    Ledger test modules use it for every test (pytestmark = pytest.mark.usefixtures('audited'))."""
    yield system
    differences = system.mes.inventory.auditInventoryLedger()
    assert differences == [], "the ledger audit found differences after the test: %s" % differences
