"""system.mes.productionOrder: production orders (gateway spelling: mes.productionOrder.<function>)."""
from __future__ import absolute_import
from mes.services import reading
from mes.services.reading import read
from mes.services import permissions, production_orders
from mes.services import finders as _finders
from mes.services.interchange_kinds import PRODUCTION_ORDERS as _FILES
from mes.services.production_orders import PRODUCTION_ORDER

__all__ = [
    "newProductionOrder", "validateProductionOrder", "saveProductionOrder", "getProductionOrder",
    "getAllProductionOrders", "getProductionOrderReferences", "deleteProductionOrder",
    "getProductionOrderPermissions",
    "findProductionOrders", "getProductionOrderImportQueueSize", "cancelProductionOrderImportQueue",
]

_KEYS = permissions.PRODUCTION_ORDER


def newProductionOrder():
    """A new, unsaved production order with the documented keys and their defaults; nothing is written and no
    permission is checked.

    Returns:
        MesObject: the production order, to fill in and pass to saveProductionOrder(**obj).
    """
    return PRODUCTION_ORDER.new()


def validateProductionOrder(**productionOrderData):
    """Report what keeps a production order from being stored; nothing is written.

    Args:
        productionOrderData: the production order's keys, passed as **obj.

    Returns:
        dict: {field: [messages]}, empty when the production order can be saved (unknown keys are reported
            too).

    Raises:
        PermissionDeniedError: the calling user lacks PRODUCTION_ORDER.READ.VALIDATE.
    """
    permissions.require("PRODUCTION_ORDER.READ.VALIDATE")
    return PRODUCTION_ORDER.validate(productionOrderData)


def saveProductionOrder(**productionOrderData):
    """Create or update a production order in one transaction. It needs a name and a product material; its unit
    defaults to the product's base unit; quantities are zero or more.

    Args:
        productionOrderData: the production order's keys, passed as **obj. With an `id` it updates that
            production order (keys left out keep their stored values); an id that does not exist yet creates
            the production order with that id.

    Returns:
        MesObject: the production order as stored.

    Raises:
        ValidationError: what validate reports (its `errors` map); nothing is written.
        PermissionDeniedError: the calling user lacks PRODUCTION_ORDER.WRITE.SAVE.
    """
    permissions.require("PRODUCTION_ORDER.WRITE.SAVE")
    return PRODUCTION_ORDER.save(productionOrderData)


def getProductionOrder(productionOrderIdOrName):
    """The production order with this id, else with this name.

    Args:
        productionOrderIdOrName: the production order's id or name.

    Returns:
        MesObject: the production order, or None when nothing matches.

    Raises:
        PermissionDeniedError: the calling user lacks PRODUCTION_ORDER.READ.GET.
    """
    permissions.require("PRODUCTION_ORDER.READ.GET")
    return production_orders.with_details(read(PRODUCTION_ORDER.get, productionOrderIdOrName))


def getAllProductionOrders():
    """Every production orders, ordered by name.

    Returns:
        list of MesObject (empty when there are none).

    Raises:
        PermissionDeniedError: the calling user lacks PRODUCTION_ORDER.READ.GET.
    """
    permissions.require("PRODUCTION_ORDER.READ.GET")
    return read(production_orders.all_orders)


def getProductionOrderReferences(productionOrderIdOrName):
    """Every row that points at the production order (what keeps it from being deleted).

    Args:
        productionOrderIdOrName: the production order's id or name.

    Returns:
        list: [{tableName, references: [{fkColName, id}]}], empty when nothing points at it.

    Raises:
        NotFoundError: no such production order exists.
        PermissionDeniedError: the calling user lacks PRODUCTION_ORDER.READ.GET.
    """
    permissions.require("PRODUCTION_ORDER.READ.GET")
    return reading.references(PRODUCTION_ORDER, productionOrderIdOrName)


def deleteProductionOrder(productionOrderIdOrName):
    """Delete the production order in one transaction.

    Args:
        productionOrderIdOrName: the production order's id or name.

    Returns:
        MesObject: {success: True, message, data: the deleted id, error: None}.

    Raises:
        NotFoundError: no such production order exists.
        InUseError: rows still point at it (the error names each table, column and id); nothing is deleted.
        PermissionDeniedError: the calling user lacks PRODUCTION_ORDER.WRITE.DELETE.
    """
    permissions.require("PRODUCTION_ORDER.WRITE.DELETE")
    return PRODUCTION_ORDER.delete(productionOrderIdOrName)


def getProductionOrderPermissions():
    """The permission keys the production order calls check; holding a key grants every key below it. No
    permission is needed.

    Returns:
        list of str: the dotted keys, e.g. 'PRODUCTION_ORDER.READ.GET'.
    """
    return list(_KEYS)


# -- find query and import queue (docs/queries.md, docs/interchange.md) --------------------------------


def findProductionOrders(**queryRequest):
    """One page of production orders matching a query request (system.mes.query.newQueryRequest()).

    Args:
        **queryRequest: pageSize, pageIndex, sortFields, sortDirections (or one sortDirection) and filters
            (system.mes.query.newFilterRequest() each, AND-combined); see docs/queries.md.

    Returns:
        MesObject: content (production orders as getProductionOrder returns them), totalPages, totalElements,
        pageSize, pageIndex, hasContent, isFirst, isLast, hasNext, hasPrevious.

    Raises:
        ValidationError: the request has an unknown key, a page size or index out of range, a field that is not
            one of the getProductionOrder keys, an unknown sort direction or condition, or a filter value that
            does not fit its field; every problem is listed at once and nothing is read.
        PermissionDeniedError: the calling user lacks PRODUCTION_ORDER.READ.GET.
    """
    permissions.require("PRODUCTION_ORDER.READ.GET")
    return read(_finders.PRODUCTION_ORDERS.find, queryRequest)


def getProductionOrderImportQueueSize():
    """Always 0: production orders have no import yet, so nothing ever waits in their queue.

    Returns:
        int: 0.

    Raises:
        PermissionDeniedError: the calling user lacks PRODUCTION_ORDER.READ.GET.
    """
    permissions.require("PRODUCTION_ORDER.READ.GET")
    return _FILES.queue_size()


def cancelProductionOrderImportQueue():
    """Cancels nothing: production orders have no import yet, so no import runs.

    Returns:
        int: 0, the rows that were waiting.

    Raises:
        PermissionDeniedError: the calling user lacks PRODUCTION_ORDER.WRITE.SAVE.
    """
    permissions.require("PRODUCTION_ORDER.WRITE.SAVE")
    return _FILES.cancel()
