"""system.mes.location: the plant's locations (gateway spelling: mes.location.<function>)."""
from __future__ import absolute_import
from mes.services import reading
from mes.services.reading import read
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
    return read(LOCATION.get, idOrPath)


def getAllLocations():
    permissions.require("LOCATION.READ.GET")
    return read(LOCATION.query, ("path",))


def getChildren(locationIdOrPath):
    permissions.require("LOCATION.READ.GET")
    return read(children, locationIdOrPath)


def getLocationReferences(idOrPath):
    permissions.require("LOCATION.READ.GET")
    return reading.references(LOCATION, idOrPath)


def deleteLocation(idOrPath):
    permissions.require("LOCATION.WRITE.DELETE")
    return LOCATION.delete(idOrPath)


def getLocationPermissions():
    return list(_KEYS)
