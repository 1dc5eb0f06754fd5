"""The find... query of every entity that has one (docs/queries.md): one Finder each."""
from __future__ import absolute_import

from mes.services import lots, operation_runtime, production_orders
from mes.services.inventory_operations import INVENTORY_OPERATION
from mes.services.locations import LOCATION
from mes.services.materials import MATERIAL, MATERIAL_CLASS, REASON_CODE
from mes.services.operations import OPERATION
from mes.services.query_requests import Finder
from mes.services.units import CONVERSION, UNIT


def _finish_lots(session, found):
    for lot in found:
        lot.setdefault(lots.QUANTITY_FORMAT_KEY, None)


def _finish_orders(session, found):
    for order in found:
        production_orders.with_details(order)


LOTS = Finder(lots.LOT, finish=_finish_lots)
LOCATIONS = Finder(LOCATION)
MATERIALS = Finder(MATERIAL)
MATERIAL_CLASSES = Finder(MATERIAL_CLASS)
MATERIAL_REASON_CODES = Finder(REASON_CODE)
OPERATIONS = Finder(OPERATION)
OPERATION_RECORDS = Finder(operation_runtime.RECORD)
PRODUCTION_ORDERS = Finder(production_orders.PRODUCTION_ORDER, finish=_finish_orders)
UNITS_OF_MEASURE = Finder(UNIT)
UNIT_CONVERSIONS = Finder(CONVERSION)
INVENTORY_OPERATIONS = Finder(INVENTORY_OPERATION)
