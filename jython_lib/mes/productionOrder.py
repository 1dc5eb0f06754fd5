"""system.mes.productionOrder: production orders (gateway spelling: mes.productionOrder.<function>)."""
from __future__ import absolute_import
from mes.services import reading
from mes.services.reading import read
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
    return production_orders.with_details(read(PRODUCTION_ORDER.get, productionOrderIdOrName))


def getAllProductionOrders():
    permissions.require("PRODUCTION_ORDER.READ.GET")
    return read(production_orders.all_orders)


def getProductionOrderReferences(productionOrderIdOrName):
    permissions.require("PRODUCTION_ORDER.READ.GET")
    return reading.references(PRODUCTION_ORDER, productionOrderIdOrName)


def deleteProductionOrder(productionOrderIdOrName):
    permissions.require("PRODUCTION_ORDER.WRITE.DELETE")
    return PRODUCTION_ORDER.delete(productionOrderIdOrName)


def getProductionOrderPermissions():
    return list(_KEYS)
