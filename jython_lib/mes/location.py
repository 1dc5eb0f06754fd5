"""system.mes.location: the plant's locations (gateway spelling: mes.location.<function>)."""
from mes.persistence import db
from mes.services import permissions
from mes.services.locations import LOCATION, children

__all__ = [
    "newLocation", "validateLocation", "saveLocation", "getLocation", "getAllLocations", "getChildren",
    "getLocationReferences", "deleteLocation", "getLocationPermissions",
]

_KEYS = permissions.LOCATION


def newLocation():
    """A new, unsaved location with the documented keys and their defaults; nothing is written and no permission
    is checked.

    Returns:
        MesObject: the location, to fill in and pass to saveLocation(**obj).
    """
    return LOCATION.new()


def validateLocation(**location):
    """Report what keeps a location from being stored; nothing is written.

    Args:
        location: the location's keys, passed as **obj.

    Returns:
        dict: {field: [messages]}, empty when the location can be saved (unknown keys are reported too).

    Raises:
        PermissionDeniedError: the calling user lacks LOCATION.READ.VALIDATE.
    """
    permissions.require("LOCATION.READ.VALIDATE")
    return LOCATION.validate(location)


def saveLocation(**location):
    """Create or update a location in one transaction. Renaming or moving a location rewrites the path of every
    location below it in the same transaction.

    Args:
        location: the location's keys, passed as **obj. With an `id` it updates that location (keys left out
            keep their stored values); an id that does not exist yet creates the location with that id.

    Returns:
        MesObject: the location as stored.

    Raises:
        ValidationError: what validate reports (its `errors` map); nothing is written.
        PermissionDeniedError: the calling user lacks LOCATION.WRITE.SAVE.
    """
    permissions.require("LOCATION.WRITE.SAVE")
    return LOCATION.save(location)


def getLocation(idOrPath):
    """The location with this id, else with this path. Leading and trailing slashes of a path are ignored.

    Args:
        idOrPath: the location's id or path.

    Returns:
        MesObject: the location, or None when nothing matches.

    Raises:
        PermissionDeniedError: the calling user lacks LOCATION.READ.GET.
    """
    permissions.require("LOCATION.READ.GET")
    return LOCATION.get(db.reader(), idOrPath)


def getAllLocations():
    """Every locations, ordered by path.

    Returns:
        list of MesObject (empty when there are none).

    Raises:
        PermissionDeniedError: the calling user lacks LOCATION.READ.GET.
    """
    permissions.require("LOCATION.READ.GET")
    return LOCATION.query(db.reader(), order_by="t.path")


def getChildren(locationIdOrPath):
    """The locations directly below a location, in sort order then name.

    Args:
        locationIdOrPath: the parent location's id or path.

    Returns:
        list of MesObject (empty when it has none).

    Raises:
        NotFoundError: no such location exists.
        PermissionDeniedError: the calling user lacks LOCATION.READ.GET.
    """
    permissions.require("LOCATION.READ.GET")
    return children(db.reader(), locationIdOrPath)


def getLocationReferences(idOrPath):
    """Every row that points at the location (what keeps it from being deleted).

    Args:
        idOrPath: the location's id or path.

    Returns:
        list: [{tableName, references: [{fkColName, id}]}], empty when nothing points at it.

    Raises:
        NotFoundError: no such location exists.
        PermissionDeniedError: the calling user lacks LOCATION.READ.GET.
    """
    permissions.require("LOCATION.READ.GET")
    session = db.reader()
    return LOCATION.references(session, LOCATION.require(session, idOrPath)["id"])


def deleteLocation(idOrPath):
    """Delete the location in one transaction.

    Args:
        idOrPath: the location's id or path.

    Returns:
        MesObject: {success: True, message, data: the deleted id, error: None}.

    Raises:
        NotFoundError: no such location exists.
        InUseError: rows still point at it (the error names each table, column and id); nothing is deleted.
        PermissionDeniedError: the calling user lacks LOCATION.WRITE.DELETE.
    """
    permissions.require("LOCATION.WRITE.DELETE")
    return LOCATION.delete(idOrPath)


def getLocationPermissions():
    """The permission keys the location calls check; holding a key grants every key below it. No permission is
    needed.

    Returns:
        list of str: the dotted keys, e.g. 'LOCATION.READ.GET'.
    """
    return list(_KEYS)
