"""system.mes.location: the plant's locations (gateway spelling: mes.location.<function>)."""
from __future__ import absolute_import
from mes.persistence import db
from mes.services import permissions
from mes.services.locations import LOCATION, children

_KEYS = permissions.LOCATION


def newLocation():
    return LOCATION.new()


def validateLocation(**location):
    permissions.require("LOCATION.READ.VALIDATE")
    return LOCATION.validate(location)


def saveLocation(**location):
    permissions.require("LOCATION.WRITE.SAVE")
    return LOCATION.save(location)


def getLocation(idOrPath):
    permissions.require("LOCATION.READ.GET")
    return LOCATION.get(db.reader(), idOrPath)


def getAllLocations():
    permissions.require("LOCATION.READ.GET")
    return LOCATION.query(db.reader(), order_by="t.path")


def getChildren(locationIdOrPath):
    permissions.require("LOCATION.READ.GET")
    return children(db.reader(), locationIdOrPath)


def getLocationReferences(idOrPath):
    permissions.require("LOCATION.READ.GET")
    session = db.reader()
    return LOCATION.references(session, LOCATION.require(session, idOrPath)["id"])


def deleteLocation(idOrPath):
    permissions.require("LOCATION.WRITE.DELETE")
    return LOCATION.delete(idOrPath)


def getLocationPermissions():
    return list(_KEYS)
