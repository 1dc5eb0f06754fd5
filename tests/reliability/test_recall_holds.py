"""holdExposure while other processes consume the same lots (docs/recall.md#holds-and-concurrent-writers):
3 consumer processes (each its own JVM and connections: other gateways) consume the shared lots
25 times each while this process holds and releases the exposure of lot L1 again and again.
Every hold changes all four lots or none, no call fails (no deadlock, no lost race), every consume
is in the ledger, and the audit is clean."""
import json
import os
import subprocess
import sys

import rel_common

CONSUMERS = 3
STEPS = 25       # consumes per consumer
SECONDS = 60     # a consumer stops by itself after this long, whatever is left of its steps


def _genealogy(system, ids):
    """L1 -> L2 -> L3 -> L4: each consumed (1 ea) into the next, so L1's exposure is all four."""
    inv = system.mes.inventory
    for given, taken in zip(rel_common.LOTS, rel_common.LOTS[1:]):
        inv.consume(**dict(inv.newConsumeRequest(), materialIdOrPath=ids["material"], lotIdOrName=given, quantity=1,
                           sourceLocationIdOrPath="Plant/A", consumingLotIdOrName=taken,
                           consumingMaterialIdOrPath=ids["material"]))


def _start_consumers(datasource, ids):
    here = os.path.dirname(os.path.abspath(__file__))
    path = [here, rel_common.REPO, os.path.join(rel_common.REPO, "jython_lib")]
    env = dict(os.environ, PYTHONPATH=os.pathsep.join(path))
    return [subprocess.Popen([sys.executable, os.path.join(here, "recall_worker.py"), json.dumps(
        {"url": datasource.jdbc_url, "db_type": datasource.db_type, "seed": 18 + n, "seconds": SECONDS, "steps": STEPS,
         "material": ids["material"]})], cwd=here, env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE,
        universal_newlines=True) for n in range(CONSUMERS)]


def _report(worker):
    try:
        out, err = worker.communicate(timeout=SECONDS + 120)
    except subprocess.TimeoutExpired:
        worker.kill()
        out, err = worker.communicate()
    lines = [line for line in out.splitlines() if line.startswith("REPORT:")]
    assert worker.returncode == 0 and lines, "consumer failed (rc %s):\n%s\n%s" % (worker.returncode, out[-3000:],
                                                                                err[-3000:])
    return json.loads(lines[-1][len("REPORT:"):])


def _status_changes(system):
    return int(rel_common.number(system.db.runPrepQuery(
        "SELECT COUNT(*) FROM inventory_lot_records WHERE lot_record_type = ?", ["STATUS_CHANGE"]).getValueAt(0, 0)))


def test_hold_exposure_is_all_or_nothing_while_other_gateways_consume(backend):
    with backend.scratch_datasource() as datasource:
        with rel_common.attach(datasource.jdbc_url, datasource.db_type) as system:
            system.mes.setup.ensureSchema()
            ids = rel_common.seed(system, with_operations=False)
            _genealogy(system, ids)
            stock_before = rel_common.balance_sum(system)
            consumers = _start_consumers(datasource, ids)
            holds, statuses = 0, ("QA_HOLD", "AVAILABLE")
            while holds < 2 or any(worker.poll() is None for worker in consumers):
                status = statuses[holds % 2]
                result = system.mes.inventory.holdExposure("L1", ids["material"], status=status,
                                                           notes="hold %d" % holds)
                holds += 1
                # All or nothing: the four lots changed together, one STATUS_CHANGE record each.
                assert sorted(c["lotName"] for c in result["hold"]["changed"]) == list(rel_common.LOTS)
                lots = dict((lot["name"], lot["status"]) for lot in system.mes.inventory.getAllLots())
                assert [lots[name] for name in rel_common.LOTS] == [status] * 4
                assert _status_changes(system) == 4 * holds
            reports = [_report(worker) for worker in consumers]

            errors = [e for r in reports for e in r["errors"]]
            assert errors == [], "\n".join(errors)  # no deadlock, no conflict: consumers never wait in a circle
            consumed = sum(n for r in reports for n in r["consumed"].values())
            assert consumed == CONSUMERS * STEPS  # a held lot is still consumed: status does not gate
            assert rel_common.ledger_by_type(system)["CONSUME"][0] == consumed + 3  # + the genealogy's three
            assert rel_common.balance_sum(system) == stock_before - consumed
            assert system.mes.inventory.auditInventoryLedger() == []
            rel_common.add_figure("recall: holds while consuming", holds)
            rel_common.add_figure("recall: consumes during the holds", consumed)
