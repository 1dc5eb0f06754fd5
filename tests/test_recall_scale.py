"""Recall at plant scale (docs/recall.md#exposure): on a generated plant of 10,000 lots over six
levels with merges of inputs, splits, MERGE records and a lot that is both an input and an output
of one run, getLotExposure from a root equals a brute-force walk over every record, and costs the
same number of statements from the deepest root as from a leaf."""
import pytest

import recall_plant

# Written here from the documented edge rule (README, History and trace), not imported from the
# library: the lot that gave material -> the lot that received it.
PRIMARY_GIVES = ("CONSUME", "SHIP", "SCRAP", "RETURN", "SPLIT")
SECONDARY_GIVES = ("PRODUCE", "UNCONSUME", "RECEIVE", "MERGE")


@pytest.fixture(scope="module")
def plant_system(backend):
    from harness import fake_gateway
    with fake_gateway.gateway(db=backend, schema=True) as system:
        plant = recall_plant.generate(system, seed=18)
        recall_plant.analyze(system)  # what autovacuum does after a bulk load
        yield system, plant


def _rows(system, sql, args=()):
    data = system.db.runPrepQuery(sql, list(args))
    names = [str(n).lower() for n in data.getColumnNames()]
    return [dict(zip(names, [data.getValueAt(r, c) for c in range(len(names))])) for r in range(data.getRowCount())]


def _number(value):
    return float(value.doubleValue()) if hasattr(value, "doubleValue") else float(value or 0)


def brute_force(system, root, downstream=True):
    """{lot id: depth} by a breadth-first walk over every record of the table, in Python."""
    following = {}
    for r in _rows(system, "SELECT lot_record_type, inventory_lot_id, secondary_inventory_lot_id, status "
                           "FROM inventory_lot_records"):
        primary, secondary = str(r["inventory_lot_id"]), r["secondary_inventory_lot_id"]
        kind = str(r["lot_record_type"])
        if secondary is None or str(secondary) == primary or str(r["status"]) not in ("COMPLETED", "RUNNING"):
            continue
        if kind in PRIMARY_GIVES:
            giver, taker = primary, str(secondary)
        elif kind in SECONDARY_GIVES:
            giver, taker = str(secondary), primary
        else:
            continue
        near, far = (giver, taker) if downstream else (taker, giver)
        following.setdefault(near, set()).add(far)
    depth, frontier = {root: 0}, [root]
    while frontier:
        nxt = []
        for lot in frontier:
            for far in following.get(lot, ()):
                if far not in depth:
                    depth[far] = depth[lot] + 1
                    nxt.append(far)
        frontier = nxt
    return depth


def test_the_generated_plant_is_a_clean_ledger_of_ten_thousand_lots(plant_system):
    system, plant = plant_system
    assert sum(len(level) for level in plant.levels) == 10000 and len(plant.levels) == 6
    kinds = dict((str(r["k"]), int(_number(r["n"]))) for r in _rows(
        system, "SELECT lot_record_type AS k, COUNT(*) AS n FROM inventory_lot_records GROUP BY lot_record_type"))
    assert all(kinds.get(k, 0) > 0 for k in ("RECEIVE", "CONSUME", "PRODUCE", "SPLIT", "MERGE", "SHIP", "SCRAP"))
    assert system.mes.inventory.auditInventoryLedger() == []


@pytest.mark.parametrize("level", [0, 1, 2])
def test_exposure_from_a_root_equals_a_brute_force_walk(plant_system, level):
    system, plant = plant_system
    root = plant.levels[level][level * 7]
    exposure = system.mes.trackandtrace.getLotExposure(root)
    found = dict((lot["lotId"], lot["depth"]) for lot in exposure["lots"])
    expected = brute_force(system, root)
    assert found == expected
    assert max(expected.values()) >= 6 - level
    # On hand and shipped per lot equal the inventory rows and the SHIP records.
    on_hand, shipped = {}, {}
    for r in _rows(system, "SELECT inventory_lot_id AS lot, quantity FROM inventory WHERE quantity <> 0"):
        on_hand[str(r["lot"])] = on_hand.get(str(r["lot"]), 0.0) + _number(r["quantity"])
    for r in _rows(system, "SELECT inventory_lot_id AS lot, quantity FROM inventory_lot_records "
                           "WHERE lot_record_type = 'SHIP'"):
        shipped[str(r["lot"])] = shipped.get(str(r["lot"]), 0.0) + _number(r["quantity"])
    for lot in exposure["lots"]:
        assert lot["onHand"] == pytest.approx(on_hand.get(lot["lotId"], 0.0))
        assert sum(s["quantity"] for s in lot["shipped"]) == pytest.approx(shipped.get(lot["lotId"], 0.0))
        assert len(lot["path"]) == lot["depth"]
        if lot["path"]:
            assert lot["path"][0]["sourceLotId"] == root and lot["path"][-1]["targetLotId"] == lot["lotId"]
    total_shipped = sum(t["shipped"] for t in exposure["totals"])
    assert total_shipped == pytest.approx(sum(shipped.get(lot, 0.0) for lot in expected))


def test_upstream_exposure_equals_a_brute_force_walk(plant_system):
    system, plant = plant_system
    leaf = plant.levels[5][11]
    exposure = system.mes.trackandtrace.getLotExposure(leaf, direction="INPUT")
    assert dict((lot["lotId"], lot["depth"]) for lot in exposure["lots"]) == brute_force(system, leaf, False)
    # Edges keep their direction (giver -> receiver): upstream, the path ends at the ancestor as a giver.
    for lot in exposure["lots"][1:]:
        assert lot["path"][0]["targetLotId"] == leaf and lot["path"][-1]["sourceLotId"] == lot["lotId"]


def test_the_rework_cycle_is_walked_once(plant_system):
    system, plant = plant_system
    x, y = plant.rework
    exposure = system.mes.trackandtrace.getLotExposure(x)
    depth = dict((lot["lotId"], lot["depth"]) for lot in exposure["lots"])
    assert depth[x] == 0 and depth[y] == 1 and len(depth) == len(set(depth))
    assert depth == brute_force(system, x)


def test_statements_per_call_do_not_grow_with_depth_or_size(plant_system):
    system, plant = plant_system
    counts = {}
    for name, root in (("deep", plant.levels[0][0]), ("leaf", plant.levels[5][0])):
        system.db.stats.reset()
        exposure = system.mes.trackandtrace.getLotExposure(root)
        counts[name] = (system.db.stats.snapshot()["statements"], len(exposure["lots"]),
                        max(lot["depth"] for lot in exposure["lots"]))
    assert counts["deep"][2] >= 5 and counts["deep"][1] > 100 and counts["leaf"][1] == 1
    # One lookup of the root lot, then four queries over the recursive lot set: edges, lots,
    # stock, outflows; the same from a root six levels deep as from a leaf.
    assert counts["deep"][0] == counts["leaf"][0] == 1 + 4


def test_the_as_of_query_reads_the_end_date_index(plant_system):
    from mes.persistence import recall_store
    from mes.services import record_types
    system, plant = plant_system
    # An early moment of a long history: the records before it are found through the index.
    moment = recall_plant.BASE_MILLIS + 200 * 1000  # records are one second apart; the first 200 are RECEIVEs
    sql, args = recall_store.balances_as_of_sql(record_types.EFFECTS, moment)
    plan = "\n".join(recall_plant.explain(system, sql, args))
    assert "ix_inventory_lot_records_end_date" in plan, plan
    rows = system.mes.inventory.getInventoryAsOf(moment)
    assert len(rows) == 200 and set(r["quantity"] for r in rows) == set([1000.0])  # the receipts only
