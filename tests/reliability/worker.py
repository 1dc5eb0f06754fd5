"""One reliability worker: a separate Python process with its own JVM and connections, standing for
one gateway. It attaches to the shared database, runs a seeded random mix of transactions and
inventory-operation runs on the shared lots and operations, and prints what it did as one JSON line
(prefixed REPORT:) on stdout.

    python tests/reliability/worker.py '{"url": ..., "db_type": ..., "seed": 1, "steps": 60, ...}'

It runs every one of its steps (no time limit: a run that does not finish is the parent's failure).
"mix": "all" (default) draws from every kind of step; "one_lot" interleaves consume, receive, move
and produce on one lot (the lock-order check). A ConflictError is a genuine state conflict (a lost
start/stop race) only when no database failure is behind it: a deadlock or serialization failure
that outlived the library's retries, or a lock timeout, is unexpected.
"""
import json
import random
import sys
import time
import traceback

import rel_common


class Report(object):
    def __init__(self, worker):
        self.data = {"worker": worker, "steps": 0, "calls": 0, "written": {}, "outcomes": {},
                     "unexpected": [], "started_ids": [], "executed_ids": [], "starts": 0, "stops": 0, "cancels": 0}

    def outcome(self, name):
        self.data["outcomes"][name] = self.data["outcomes"].get(name, 0) + 1

    def wrote(self, records):
        if records is None:
            return
        if not isinstance(records, list):
            records = [records]
        for record in records:
            kind = str(record["lotRecordType"])
            count, quantity = self.data["written"].get(kind, (0, 0.0))
            self.data["written"][kind] = (count + 1, quantity + float(record["quantity"]))


def main(config):
    from mes.core import errors
    from mes.persistence import db

    rng = random.Random(config["seed"])
    report = Report(config["worker"])
    ids = config["ids"]
    lots = rel_common.LOTS
    consume_ops = [ids["ops"][n] for n in ("Consume A1", "Consume A2")]
    produce_ops = [ids["ops"][n] for n in ("Produce B1", "Produce B2")]
    material = ids["material"]

    with rel_common.attach(config["url"], config["db_type"]) as system:
        inv = system.mes.inventory
        run = inv.operation

        def request(kind, **fields):
            new = getattr(inv, "new%sRequest" % kind)()
            new.update(materialIdOrPath=material, **fields)
            return new

        def place():
            return rng.choice(("Plant/A", "Plant/B"))

        def step_receive():
            report.wrote(inv.receive(**request("Receive", lotIdOrName=rng.choice(lots), quantity=rng.randint(1, 5),
                                               destinationLocationIdOrPath=place())))

        def step_consume():
            report.wrote(inv.consume(**request("Consume", lotIdOrName=rng.choice(lots), quantity=rng.randint(1, 8),
                                               sourceLocationIdOrPath=place())))

        def step_move():
            source = place()
            target = "Plant/B" if source == "Plant/A" else "Plant/A"
            report.wrote(inv.move(**request("Move", lotIdOrName=rng.choice(lots), quantity=rng.randint(1, 5),
                                            sourceLocationIdOrPath=source, destinationLocationIdOrPath=target)))

        def step_scrap():
            report.wrote(inv.scrap(**request("Scrap", lotIdOrName=rng.choice(lots), quantity=rng.randint(1, 3),
                                             sourceLocationIdOrPath=place())))

        def step_produce():
            report.wrote(inv.produce(**request("Produce", lotIdOrName=rng.choice(rel_common.PRODUCED_LOTS),
                                               quantity=rng.randint(1, 5), destinationLocationIdOrPath="Plant/B")))

        def step_actions():
            lot = rng.choice(lots)
            quantity = rng.randint(1, 6)
            requests = [
                request("Receive", lotIdOrName=lot, quantity=rng.randint(1, 4), destinationLocationIdOrPath="Plant/A"),
                request("Consume", lotIdOrName=lot, quantity=quantity, sourceLocationIdOrPath="Plant/A"),
                request("Move", lotIdOrName=lot, quantity=rng.randint(1, 4), sourceLocationIdOrPath="Plant/A",
                        destinationLocationIdOrPath="Plant/B"),
            ]
            rng.shuffle(requests)
            report.wrote(inv.executeInventoryActions(**{"requests": requests}))

        def step_execute_op():
            if rng.random() < 0.5:
                op, lot = rng.choice(consume_ops), rng.choice(lots)
            else:
                op, lot = rng.choice(produce_ops), rng.choice(rel_common.PRODUCED_LOTS)
            record = run.executeInventoryOperation(op, lot, rng.randint(1, 5))
            report.data["executed_ids"].append(record["id"])  # a fresh run, or the stop of another's run
            report.wrote(record)

        def step_start_stop():
            # Every worker races for the same four operations: a start that loses is a conflict.
            if rng.random() < 0.5:
                op, lot = rng.choice(consume_ops), rng.choice(lots)
            else:
                op, lot = rng.choice(produce_ops), rng.choice(rel_common.PRODUCED_LOTS)
            started = run.startInventoryOperation(op, lot)
            report.data["starts"] += 1
            report.data["started_ids"].append(started["id"])
            time.sleep(rng.random() * 0.02)  # let the others race for it
            try:
                report.wrote(run.stopInventoryOperation(op, rng.randint(1, 5)))
                report.data["stops"] += 1
            except errors.MesError as error:
                # insufficient stock, or the stop lost a race (deadlock): end the run by cancelling it,
                # unless another gateway already stopped or cancelled it
                report.outcome("stop_" + type(error).__name__)
                end_run(op)
                raise

        def end_run(op):
            for _ in range(5):
                if run.getInventoryOperationStatus(op) != "RUNNING":
                    return
                try:
                    run.cancelInventoryOperation(op)
                    report.data["cancels"] += 1
                    return
                except errors.ConflictError:
                    report.outcome("cancel_conflict")
                    time.sleep(0.05)

        def step_one_lot():
            kind = rng.choice(("Consume", "Receive", "Move", "Produce"))
            fields = {"Consume": dict(sourceLocationIdOrPath="Plant/A"),
                      "Receive": dict(destinationLocationIdOrPath="Plant/A"),
                      "Move": dict(sourceLocationIdOrPath="Plant/A", destinationLocationIdOrPath="Plant/B"),
                      "Produce": dict(destinationLocationIdOrPath="Plant/B")}[kind]
            call = {"Consume": inv.consume, "Receive": inv.receive, "Move": inv.move, "Produce": inv.produce}[kind]
            report.wrote(call(**request(kind, lotIdOrName=lots[0], quantity=1, **fields)))

        steps = [(step_receive, 2), (step_consume, 3), (step_move, 2), (step_scrap, 1), (step_produce, 1),
                 (step_actions, 2), (step_execute_op, 2), (step_start_stop, 3)]
        if config.get("mix") == "one_lot":
            steps = [(step_one_lot, 1)]
        bag = [s for s, weight in steps for _ in range(weight)]
        started = time.time()
        for _ in range(config["steps"]):
            chosen = rng.choice(bag)
            name = chosen.__name__[5:]
            report.data["steps"] += 1
            try:
                chosen()
                report.outcome(name + ":ok")
            except errors.InsufficientInventoryError:
                report.outcome(name + ":insufficient")
            except errors.ConflictError as error:
                reason = db.reason_of(error)
                if reason is None:
                    report.outcome(name + ":conflict")  # a genuine state conflict (a lost race)
                elif reason == "busy":
                    # SQLite, several processes, a loaded machine: the busy timeout ran out. The call
                    # failed as a whole (the parent checks that nothing it did is in the database).
                    report.outcome(name + ":sqlite_busy")
                else:
                    report.outcome(name + ":" + reason)
                    report.data["unexpected"].append("%s: ConflictError (%s): %s" % (name, reason, error))
            except errors.MesError as error:
                report.outcome(name + ":" + type(error).__name__)
                if len(report.data["unexpected"]) < 20:
                    report.data["unexpected"].append("%s: %s: %s" % (name, type(error).__name__, error))
            except Exception as error:  # not a library error: a product bug, reported to the parent
                report.outcome(name + ":NOT_A_LIBRARY_ERROR")
                report.data["unexpected"].append("%s: %s: %s\n%s" % (name, type(error).__name__, error,
                                                                      traceback.format_exc()[-1500:]))
        report.data["seconds"] = time.time() - started
        for op in consume_ops + produce_ops:  # leave nothing running (a lost stop race may have)
            end_run(op)
    return report.data


if __name__ == "__main__":
    data = main(json.loads(sys.argv[1]))
    sys.stdout.write("REPORT:" + json.dumps(data) + "\n")
    sys.stdout.flush()
