"""findLots filtered by creation date at scale (docs/queries.md#results-and-cost): over 5,000 lots, the
count of a one-day range and its page read the created-date index (schema migration 5), not
every lot, on every database."""
import os
import sys

import pytest

import recall_plant

sys.path.insert(0, os.path.join(os.path.dirname(os.path.dirname(os.path.abspath(__file__))), "bench"))
import find_lots_bench  # noqa: E402  (its bulk loader: one INSERT ... SELECT)

LOTS = 5000  # one every 10 minutes from 2024-07-01: about 35 days


@pytest.fixture(scope="module")
def loaded(backend):
    from harness import fake_gateway
    with fake_gateway.gateway(db=backend, schema=True) as system:
        find_lots_bench.load_lots(system, LOTS)
        recall_plant.analyze(system)  # what autovacuum does after a bulk load
        yield system


def _one_day(system):
    query = find_lots_bench.example_request(system)
    query["filters"][0].update(minDateValue="2024-07-10T00:00:00Z", maxDateValue="2024-07-11T00:00:00Z")
    return query


def test_a_date_range_is_counted_through_the_created_date_index(loaded):
    system = loaded
    with find_lots_bench._Capture(system) as captured:
        result = system.mes.inventory.findLots(**_one_day(system))
    assert result["totalElements"] == 144 and len(result["content"]) == 10  # 24 h of one lot per 10 min
    count_sql, args = captured.seen[0]
    assert count_sql.startswith("SELECT COUNT(*) FROM inventory_lots")
    plan = "\n".join(recall_plant.explain(system, count_sql, args))
    assert "ix_inventory_lots_created_date" in plan, plan
