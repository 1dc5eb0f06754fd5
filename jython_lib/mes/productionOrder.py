"""system.mes.productionOrder: production orders (gateway spelling: mes.productionOrder.<function>)."""
from mes.persistence import db
from mes.services import permissions, production_orders
from mes.services.production_orders import PRODUCTION_ORDER

_KEYS = permissions.PRODUCTION_ORDER


def newProductionOrder():
    return PRODUCTION_ORDER.new()


def validateProductionOrder(**productionOrderData):
    permissions.require("PRODUCTION_ORDER.READ.VALIDATE")
    return PRODUCTION_ORDER.validate(productionOrderData)


def saveProductionOrder(**productionOrderData):
    permissions.require("PRODUCTION_ORDER.WRITE.SAVE")
    return PRODUCTION_ORDER.save(productionOrderData)


def getProductionOrder(productionOrderIdOrName):
    permissions.require("PRODUCTION_ORDER.READ.GET")
    return production_orders.with_details(PRODUCTION_ORDER.get(db.reader(), productionOrderIdOrName))


def getAllProductionOrders():
    permissions.require("PRODUCTION_ORDER.READ.GET")
    return production_orders.all_orders(db.reader())


def getProductionOrderReferences(productionOrderIdOrName):
    permissions.require("PRODUCTION_ORDER.READ.GET")
    session = db.reader()
    return PRODUCTION_ORDER.references(session, PRODUCTION_ORDER.require(session, productionOrderIdOrName)["id"])


def deleteProductionOrder(productionOrderIdOrName):
    permissions.require("PRODUCTION_ORDER.WRITE.DELETE")
    return PRODUCTION_ORDER.delete(productionOrderIdOrName)


def getProductionOrderPermissions():
    return list(_KEYS)


# -- find query and import queue (docs/queries.md, docs/interchange.md) --------------------------------
from mes.services import finders as _finders  # noqa: E402  (appended section)
from mes.services.interchange_kinds import PRODUCTION_ORDERS as _FILES  # noqa: E402


def findProductionOrders(**queryRequest):
    """One page of production orders matching a query request (system.mes.query.newQueryRequest()).

    Returns:
        MesObject: content (orders as getProductionOrder returns them) and the paging keys.
    """
    permissions.require("PRODUCTION_ORDER.READ.GET")
    return _finders.PRODUCTION_ORDERS.find(db.reader(), queryRequest)


def getProductionOrderImportQueueSize():
    """Always 0: production orders have no import yet, so nothing ever waits in their queue."""
    permissions.require("PRODUCTION_ORDER.READ.GET")
    return _FILES.queue_size()


def cancelProductionOrderImportQueue():
    """Returns 0: production orders have no import yet, so there is nothing to cancel."""
    permissions.require("PRODUCTION_ORDER.WRITE.SAVE")
    return _FILES.cancel()
