# -*- coding: utf-8 -*-
"""Export and import scenarios: an export is a Java byte[] under Jython (what Perspective's
download and system.file.writeFile take) and bytes on CPython; it imports back unchanged.

Valid Python 2.7 and 3.11; no pytest here.
"""
from __future__ import absolute_import, division, print_function, unicode_literals

import json

from scenarios.common import IS_JYTHON, Plant, plain


def _is_platform_bytes(value):
    if IS_JYTHON:  # a Java byte[] reaches Jython code as array('b')
        return type(value).__name__ == "array" and value.typecode == "b"
    return isinstance(value, bytes)


def _text(value):
    raw = value.tostring() if IS_JYTHON else value
    return raw.decode("utf-8")


def _unstamped(row):
    return dict((k, v) for k, v in row.items() if k not in ("modifiedDate", "modifiedBy"))


def scenario_export_is_platform_bytes_and_imports_back(system):
    plant = Plant(system)
    plant.op("Fill bottles", operationType="PRODUCE", destinationLocationPath="Plant/Line", materialPath="Milk",
             notes="caf\u00e9 line")
    exports = [("inventory.operation json", plant.run.exportAsJson()),
               ("inventory.operation csv", plant.run.exportAsCsv()),
               ("location csv bytes", plant.mes.location.exportAsCsvBytes()),
               ("material json", plant.mes.material.exportAsJson())]
    for name, data in exports:
        assert _is_platform_bytes(data), (name, type(data))
    rows = json.loads(_text(exports[0][1]))
    assert [r["name"] for r in rows] == ["Fill bottles"] and rows[0]["notes"] == "caf\u00e9 line"
    assert _text(exports[1][1]).splitlines()[0].startswith("id,")

    # The downloaded bytes and a Perspective upload's getBytes() are the same Java byte[].
    system.perspective.download("ops.json", exports[0][1])
    response = plain(plant.run.importFromJson(exports[0][1]), "importFromJson")
    assert response["success"] and response["data"] == 1, response
    response = plain(plant.run.importFromCsv(exports[1][1]), "importFromCsv")
    assert response["success"] and response["data"] == 1, response
    # The same object, updated by the imports: only the modification stamp moved.
    again = json.loads(_text(plant.run.exportAsJson()))
    assert again[0]["modifiedDate"] is not None
    assert [_unstamped(r) for r in again] == [_unstamped(r) for r in rows]
    assert len(plant.run.getAllInventoryOperations()) == 1


SCENARIOS = [("export_is_platform_bytes_and_imports_back", scenario_export_is_platform_bytes_and_imports_back)]
