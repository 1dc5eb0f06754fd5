"""One lock order (docs/faults.md#lock-order): 8 gateway processes interleave consume, receive, move
and produce on ONE lot. On a private server (harness/servers.py) the server's own deadlock counter
belongs to this test alone: it must not move. No call may fail (the lot never runs short: each
process receives as often as it consumes on average, and the lot starts with enough for every
consume), the ledger audit is clean, and what the processes report is what the database holds."""
import rel_common
from rel_common import PROCESSES, STEPS


def test_processes_interleaving_calls_on_one_lot_never_deadlock(backend):
    with rel_common.private_or_shared(backend) as (datasource, where):
        with rel_common.attach(datasource.jdbc_url, datasource.db_type) as system:
            system.mes.setup.ensureSchema()
            ids = rel_common.seed(system)
            topped_up = system.mes.inventory.newReceiveRequest()
            topped_up.update(materialIdOrPath=ids["material"], lotIdOrName=rel_common.LOTS[0],
                             quantity=PROCESSES * STEPS, destinationLocationIdOrPath="Plant/A")
            system.mes.inventory.receive(**topped_up)
            before = rel_common.ledger_by_type(system)
            reports, elapsed, deadlocks = rel_common.run_measured(system, datasource, ids, mix="one_lot")

            unexpected = [u for r in reports for u in r["unexpected"]]
            assert unexpected == [], "\n".join(unexpected[:20])
            outcomes = {}
            for r in reports:
                for key, count in r["outcomes"].items():
                    outcomes[key] = outcomes.get(key, 0) + count
            failed = dict((k, v) for k, v in outcomes.items() if not k.endswith(":ok"))
            busy = sum(v for k, v in failed.items() if k.endswith(":sqlite_busy"))
            assert set(failed) <= set(["one_lot:sqlite_busy"]), "calls failed: %s" % failed
            assert system.mes.inventory.auditInventoryLedger() == []
            after = rel_common.ledger_by_type(system)
            for kind in ("CONSUME", "RECEIVE", "MOVE", "PRODUCE"):
                reported = sum(r["written"].get(kind, (0, 0.0))[0] for r in reports)
                grown = after.get(kind, (0, 0))[0] - before.get(kind, (0, 0))[0]
                assert grown == reported, (kind, grown, reported)
            calls = PROCESSES * STEPS
            rel_common.add_figure("one lot: %d processes x %d steps, calls/s" % (PROCESSES, STEPS),
                                  round(calls / elapsed, 1))
            rel_common.add_figure("one lot: SQLite busy refusals", busy)
            rel_common.check_deadlocks("one lot", deadlocks, where)
            print("\none lot on %s: %d calls in %.1f s (%.1f calls/s), outcomes %s" % (
                where, calls, elapsed, calls / elapsed, outcomes))
