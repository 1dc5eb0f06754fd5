"""system.mes.productionOrder: production orders (gateway spelling: mes.productionOrder.<function>)."""
from __future__ import absolute_import
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
