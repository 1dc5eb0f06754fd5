"""Two gateways sharing one database must not overdraw a lot (docs/rules.md#errors-and-atomicity): decreases are
conditional updates checked by row count, so concurrent consumers can only take what is there."""
import threading

import pytest

from mes.core import errors

pytestmark = pytest.mark.usefixtures("audited")

THREADS = 8
CONSUMES_PER_THREAD = 20
STOCK = 100


def _plant(system):
    m = system.mes
    each = m.unitOfMeasure.saveUnitOfMeasure(**dict(m.unitOfMeasure.newUnitOfMeasure(), name="Each", symbol="ea"))
    m.material.saveMaterial(**dict(m.material.newMaterial(), name="Cap", unitOfMeasureId=each.id))
    m.location.saveLocation(**dict(m.location.newLocation(), name="Line", lotStorageStrategy="ALLOW_MULTIPLE"))
    receive = m.inventory.newReceiveRequest()
    receive.update(quantity=STOCK, materialIdOrPath="Cap", destinationLocationIdOrPath="Line", lotIdOrName="C-1",
                   createIfNotExists=True)
    return m.inventory.receive(**receive)


def test_concurrent_consumers_take_exactly_the_stock(system):
    lot = _plant(system)
    outcomes = {"ok": 0, "insufficient": 0, "other": []}
    lock = threading.Lock()

    def consumer():
        for _ in range(CONSUMES_PER_THREAD):
            request = system.mes.inventory.newConsumeRequest()
            request.update(quantity=1, materialIdOrPath="Cap", sourceLocationIdOrPath="Line", lotIdOrName="C-1")
            try:
                system.mes.inventory.consume(**request)
                outcome = "ok"
            except errors.InsufficientInventoryError:
                outcome = "insufficient"
            except Exception as unexpected:  # recorded, so the assertion below names it
                with lock:
                    outcomes["other"].append(repr(unexpected))
                continue
            with lock:
                outcomes[outcome] += 1

    threads = [threading.Thread(target=consumer) for _ in range(THREADS)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(300)
    assert outcomes["other"] == []
    assert outcomes["ok"] == STOCK
    assert outcomes["insufficient"] == THREADS * CONSUMES_PER_THREAD - STOCK
    row = system.mes.inventory.getLotByIdOrNameAndMaterial("C-1", "Cap")
    assert row.totalQuantity == STOCK  # consumption never lowers a lot's total
    rows = system.db.runPrepQuery("SELECT quantity FROM inventory WHERE inventory_lot_id = ?", [lot.inventoryLotId])
    assert float(rows[0]["quantity"].doubleValue() if hasattr(rows[0]["quantity"], "doubleValue")
                 else rows[0]["quantity"]) == 0.0
    consumed = system.db.runScalarPrepQuery(
        "SELECT COUNT(*) FROM inventory_lot_records WHERE lot_record_type = 'CONSUME' AND inventory_lot_id = ?",
        [lot.inventoryLotId])
    assert int(consumed) == STOCK
