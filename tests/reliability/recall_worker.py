"""A consumer standing for another gateway while a hold runs: consumes 1 ea of a random shared lot
at Plant/A, again and again, for a few seconds, and prints what it wrote as one JSON line
(prefixed REPORT:). Lot status does not gate consumption, so every consume must succeed.

    python tests/reliability/recall_worker.py '{"url": ..., "db_type": ..., "seed": 1, "seconds": 4, ...}'
"""
import json
import random
import sys
import time
import traceback

import rel_common


def main(config):
    from mes.core import errors
    rng = random.Random(config["seed"])
    report = {"consumed": {}, "errors": []}
    with rel_common.attach(config["url"], config["db_type"]) as system:
        inv = system.mes.inventory
        deadline = time.time() + config["seconds"]  # from when this gateway is up
        for _ in range(config["steps"]):
            if time.time() > deadline:
                break
            lot = rng.choice(rel_common.LOTS)
            request = dict(inv.newConsumeRequest(), materialIdOrPath=config["material"], lotIdOrName=lot,
                           quantity=1, sourceLocationIdOrPath="Plant/A")
            try:
                inv.consume(**request)
                report["consumed"][lot] = report["consumed"].get(lot, 0) + 1
            except errors.MesError as failed:
                report["errors"].append("%s: %s" % (type(failed).__name__, failed))
            except Exception:  # noqa: BLE001 - reported, the test fails on it
                report["errors"].append(traceback.format_exc())
    print("REPORT:" + json.dumps(report))


if __name__ == "__main__":
    main(json.loads(sys.argv[1]))
