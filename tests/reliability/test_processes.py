"""N processes (each its own Python, JVM and connections: N gateways) share one database and run a
seeded random mix of transactions and inventory-operation runs on the same lots and operations.
Afterwards: the ledger audit is clean, every quantity is conserved by record type, no operation has
two RUNNING records (none is left running at all), and the records in the database are exactly
what the processes report having written."""
import json

import rel_common

def test_processes_share_lots_and_operations_without_losing_or_doubling_anything(backend):
    with rel_common.private_or_shared(backend) as (datasource, where):
        with rel_common.attach(datasource.jdbc_url, datasource.db_type) as system:
            system.mes.setup.ensureSchema()
            ids = rel_common.seed(system)
            before = rel_common.ledger_by_type(system)
            reports, elapsed, deadlocks = rel_common.run_measured(system, datasource, ids)

            # Nothing but library errors, and no error that is neither a lost race nor missing stock.
            unexpected = [u for r in reports for u in r["unexpected"]]
            assert unexpected == [], "\n".join(unexpected)

            # 1. The ledger audit is clean.
            assert system.mes.inventory.auditInventoryLedger() == []

            # 2. What the processes report = what the database holds, per record type.
            reported = {}
            for r in reports:
                for kind, (count, quantity) in r["written"].items():
                    c, q = reported.get(kind, (0, 0.0))
                    reported[kind] = (c + count, q + quantity)
            after = rel_common.ledger_by_type(system)
            for kind in sorted(set(after) | set(reported) | set(before)):
                grown = (after.get(kind, (0, 0.0))[0] - before.get(kind, (0, 0.0))[0],
                         after.get(kind, (0, 0.0))[1] - before.get(kind, (0, 0.0))[1])
                got = reported.get(kind, (0, 0.0))
                assert grown[0] == got[0] and abs(grown[1] - got[1]) < 1e-6, (
                    "%s: the database gained %r records/quantity, the processes reported %r" % (kind, grown, got))

            # 3. Conservation by record type: increases - decreases = the sum of all balances.
            expected = (sum(after.get(k, (0, 0.0))[1] for k in rel_common.INCREASES)
                        - sum(after.get(k, (0, 0.0))[1] for k in rel_common.DECREASES)
                        + after.get("EDIT", (0, 0.0))[1])
            assert abs(rel_common.balance_sum(system) - expected) < 1e-6
            for kind in after:
                assert kind in rel_common.INCREASES + rel_common.DECREASES + ("MOVE",), kind
            # MOVE nets zero: every lot's balances over both locations equal its non-MOVE records.
            for name, lot_id in ids["lots"].items():
                held = rel_common.number(system.db.runScalarPrepQuery(
                    "SELECT SUM(quantity) FROM inventory WHERE inventory_lot_id = ?", [lot_id]))
                signed = 0.0
                for row in rel_common.rows(system, "SELECT lot_record_type AS t, SUM(quantity) AS q FROM "
                                                   "inventory_lot_records WHERE inventory_lot_id = ? AND status = ? "
                                                   "AND moves_inventory = ? GROUP BY lot_record_type",
                                           [lot_id, "COMPLETED", True]):
                    kind = str(row["t"])
                    sign = 1 if kind in rel_common.INCREASES else -1 if kind in rel_common.DECREASES else 0
                    signed += sign * rel_common.number(row["q"])
                assert abs(held - signed) < 1e-6, name
                # and no balance went below zero (no location here allows negative inventory)
                low = rel_common.number(system.db.runScalarPrepQuery(
                    "SELECT MIN(quantity) FROM inventory WHERE inventory_lot_id = ?", [lot_id]))
                assert low >= 0, name

            # 4. No operation has two RUNNING records; none is left running; every start ended.
            doubled = rel_common.rows(system, "SELECT inventory_operation_id AS op, COUNT(*) AS n FROM "
                                              "inventory_lot_records WHERE status = ? GROUP BY "
                                              "inventory_operation_id HAVING COUNT(*) > 1", ["RUNNING"])
            assert doubled == []
            running = rel_common.rows(system, "SELECT id FROM inventory_lot_records WHERE status = ?", ["RUNNING"])
            assert running == []
            for name, op_id in ids["ops"].items():
                assert system.mes.inventory.operation.getInventoryOperationStatus(op_id) in ("IDLE", "CANCELLED"), name
            # Every start wrote one RUNNING record that ended exactly once (COMPLETED by a stop or by
            # another gateway's execute, or CANCELLED); every other record of an operation is a fresh
            # execute some process reported.
            starts = sum(r["starts"] for r in reports)
            started = set(i for r in reports for i in r["started_ids"])
            executed = set(i for r in reports for i in r["executed_ids"])
            assert len(started) == starts
            op_records = dict((str(row["id"]), str(row["status"])) for row in rel_common.rows(
                system, "SELECT id, status FROM inventory_lot_records WHERE inventory_operation_id IS NOT NULL"))
            assert set(op_records) == started | executed
            assert all(op_records[i] in ("COMPLETED", "CANCELLED") for i in started)
            assert all(op_records[i] == "COMPLETED" for i in executed)
            outcomes = {}
            for r in reports:
                for key, count in r["outcomes"].items():
                    outcomes[key] = outcomes.get(key, 0) + count
            calls = sum(r["steps"] for r in reports)
            conflicts = sum(v for k, v in outcomes.items() if k.endswith(":conflict") or k == "cancel_conflict")
            rel_common.add_figure("processes: workers (separate processes)", rel_common.PROCESSES)
            rel_common.add_figure("processes: calls (transactions and op runs)", calls)
            rel_common.add_figure("processes: records written", sum(c for c, _ in reported.values()))
            rel_common.add_figure("processes: conflicts (lost races)", conflicts)
            rel_common.add_figure("processes: insufficient stock refusals",
                                  sum(v for k, v in outcomes.items() if "insufficient" in k))
            rel_common.add_figure("processes: successful starts", starts)
            rel_common.add_figure("processes: SQLite busy (DatabaseError)",
                                  sum(v for k, v in outcomes.items() if k.endswith(":sqlite_busy")))
            rel_common.add_figure("processes: seconds", round(elapsed, 1))
            rel_common.add_figure("processes: calls/s", round(calls / elapsed, 1))
            rel_common.check_deadlocks("processes", deadlocks, where)
            print("\nprocess outcomes: %s" % json.dumps(outcomes, sort_keys=True))
            print("records by type (reported = database): %s" % json.dumps(reported, sort_keys=True))
