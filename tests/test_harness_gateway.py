"""The plain-Python entry to the fake gateway, used by scripts and the demo."""
import pytest

import harness
from mes.persistence import schema


def test_gateway_context_manager_gives_a_ready_system_and_cleans_up(backend):
    with harness.gateway(db=backend) as system:
        assert system.mes.setup.getSchemaVersion() == schema.MIGRATIONS[-1].version
        import system as active
        assert active.db is system.db  # library code doing `import system` reaches this gateway
        saved = system.mes.location.saveLocation(**dict(system.mes.location.newLocation(), name="Dock"))
        assert system.mes.location.getLocation("Dock").id == saved.id
    import system as inactive
    with pytest.raises(RuntimeError) as caught:
        inactive.db
    assert "no harness gateway is active" in str(caught.value)


def test_nested_gateways_are_isolated(backend):
    with harness.gateway(db=backend) as outer:
        outer.mes.location.saveLocation(**dict(outer.mes.location.newLocation(), name="Outer"))
        with harness.gateway(db=backend) as inner:
            assert inner.mes.location.getAllLocations() == []
        assert [l.name for l in outer.mes.location.getAllLocations()] == ["Outer"]
