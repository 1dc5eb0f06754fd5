"""Another gateway process on the same database: saves one inventory operation with the fields given.

    python other_gateway.py '{"url": ..., "db_type": ..., "id": ..., "fields": {...}}'

Its own Python, JVM, connections and gateway globals, as a second Ignition gateway would have.
Prints SAVED <config version> when done.
"""
import json
import os
import sys

HERE = os.path.dirname(os.path.abspath(__file__))
REPO = os.path.dirname(HERE)
for _path in (REPO, os.path.join(REPO, "jython_lib")):
    if _path not in sys.path:
        sys.path.insert(0, _path)

from harness.portable.db import Datasource  # noqa: E402
from harness.portable.gateway import serving  # noqa: E402


def main(config):
    datasource = Datasource("mes", config["url"], config["db_type"], description="shared with the test")
    with serving(datasource, schema=False) as system:
        run = system.mes.inventory.operation
        saved = run.saveInventoryOperation(**dict(run.getInventoryOperation(config["id"]), **config["fields"]))
        print("SAVED %s" % saved["id"])


if __name__ == "__main__":
    main(json.loads(sys.argv[1]))
