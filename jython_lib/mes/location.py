"""system.mes.location: the plant's locations (gateway spelling: mes.location.<function>)."""
from __future__ import absolute_import
from mes.services import reading
from mes.services import inventory_operation_cache as _operation_cache
from mes.services.reading import read
from mes.services import permissions
from mes.services import triggers as _triggers
from mes.services import finders as _finders
from mes.services import interchange as _interchange
from mes.services import location_tree as _tree
from mes.services.interchange_kinds import LOCATIONS as _FILES
from mes.services.locations import LOCATION, children

__all__ = [
    "newLocation", "validateLocation", "saveLocation", "getLocation", "getAllLocations", "getChildren",
    "getLocationReferences", "deleteLocation", "getLocationPermissions",
    "findLocations", "getLocationTree", "getLocationsByPartialPath", "clearLocationCache", "importFromCsv",
    "importFromJson", "exportAsCsv", "exportAsJson", "exportAsCsvBytes", "exportAsJsonBytes",
    "getLocationImportQueueSize", "cancelLocationImportQueue",
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
    saved = LOCATION.save(location)
    _triggers.source_saved(saved["id"])  # its allow-negative flag can make a triggered decrease ready
    return saved


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
    return read(LOCATION.get, idOrPath)


def getAllLocations():
    """Every locations, ordered by path.

    Returns:
        list of MesObject (empty when there are none).

    Raises:
        PermissionDeniedError: the calling user lacks LOCATION.READ.GET.
    """
    permissions.require("LOCATION.READ.GET")
    return read(LOCATION.query, ("path",))


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
    return read(children, locationIdOrPath)


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
    return reading.references(LOCATION, idOrPath)


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


# -- find queries, tree, import / export (docs/queries.md, docs/interchange.md) ------------------------


def findLocations(**queryRequest):
    """One page of locations matching a query request (system.mes.query.newQueryRequest()).

    Args:
        **queryRequest: pageSize, pageIndex, sortFields, sortDirections (or one sortDirection) and filters
            (system.mes.query.newFilterRequest() each, AND-combined); see docs/queries.md.

    Returns:
        MesObject: content (locations as getLocation returns them), totalPages, totalElements, pageSize,
        pageIndex, hasContent, isFirst, isLast, hasNext, hasPrevious.

    Raises:
        ValidationError: the request has an unknown key, a page size or index out of range, a field that is not
            one of the getLocation keys, an unknown sort direction or condition, or a filter value that does not
            fit its field; every problem is listed at once and nothing is read.
        PermissionDeniedError: the calling user lacks LOCATION.READ.GET.
    """
    permissions.require("LOCATION.READ.GET")
    return read(_finders.LOCATIONS.find, queryRequest)


def getLocationTree(filter=None):
    """Every location as a tree of {..., children}, roots first, each level ordered by sortOrder then name.

    Args:
        filter: optional text; only the locations whose name contains it (any case) and their ancestors.

    Returns:
        list: the root locations as getLocation returns them, each with its `children` list.

    Raises:
        ValidationError: filter is given and is not text.
        PermissionDeniedError: the calling user lacks LOCATION.READ.GET.
    """
    permissions.require("LOCATION.READ.GET")
    return read(_tree.location_tree, filter)


def getLocationsByPartialPath(path):
    """The locations whose path contains `path` (any case), ordered by path.

    Args:
        path: part of a path, e.g. 'Plant1/Line'.

    Returns:
        list: locations as getLocation returns them (empty when none matches).

    Raises:
        ValidationError: path is not text, or is empty once slashes and spaces are stripped.
        PermissionDeniedError: the calling user lacks LOCATION.READ.GET.
    """
    permissions.require("LOCATION.READ.GET")
    return read(_tree.by_partial_path, path)


def clearLocationCache():
    """Drop this gateway's cached inventory-operation configurations, which hold locations: the next
    start, stop or execute of each operation reads its configuration again. Other reads are not cached
    (docs/queries.md); a save on any gateway already makes those copies stale by itself.

    Returns:
        None.
    """
    _operation_cache.forget()
    return None


def importFromCsv(importString):
    """Import locations from CSV (the format exportAsCsv writes), parents before children. Every row is checked
    first; bad rows are skipped and named in the response, the good ones are written in batches, each batch in
    one transaction (docs/interchange.md).

    Args:
        importString: the CSV as bytes, a Java byte[] (e.g. a Perspective upload's event.file.getBytes()) or a
            string.

    Returns:
        ApiResponse: data is the number of locations created or updated; error names each bad row (by number,
        the header not counted) and field, and each batch that failed.

    Raises:
        ValidationError: the content is not bytes or a string, not UTF-8 text, or an empty CSV without a header
            row; nothing is written.
        PermissionDeniedError: the calling user lacks LOCATION.WRITE.SAVE.
    """
    permissions.require("LOCATION.WRITE.SAVE")
    return _interchange.import_content(_FILES, importString, "csv")


def importFromJson(importString):
    """Import locations from JSON (the format exportAsJson writes). Every row is checked first; bad rows are
    skipped and named in the response, the good ones are written in batches, each batch in one transaction
    (docs/interchange.md).

    Args:
        importString: the JSON as bytes, a Java byte[] (e.g. a Perspective upload's event.file.getBytes()) or a
            string.

    Returns:
        ApiResponse: data is the number of locations created or updated; error names each bad row (by number,
        the header not counted) and field, and each batch that failed.

    Raises:
        ValidationError: the content is not bytes or a string, not UTF-8 text, or not a JSON list of objects;
            nothing is written.
        PermissionDeniedError: the calling user lacks LOCATION.WRITE.SAVE.
    """
    permissions.require("LOCATION.WRITE.SAVE")
    return _interchange.import_content(_FILES, importString, "json")


def exportAsCsv():
    """Every location as CSV with a header row (exportAsCsvBytes gives the bytes).

    Returns:
        str: the export as text.

    Raises:
        PermissionDeniedError: the calling user lacks LOCATION.READ.GET.
    """
    permissions.require("LOCATION.READ.GET")
    return _interchange.export_text(_FILES, "csv")


def exportAsJson():
    """Every location as a JSON list (exportAsJsonBytes gives the bytes).

    Returns:
        str: the export as text.

    Raises:
        PermissionDeniedError: the calling user lacks LOCATION.READ.GET.
    """
    permissions.require("LOCATION.READ.GET")
    return _interchange.export_text(_FILES, "json")


def exportAsCsvBytes():
    """Every location as CSV with a header row.

    Returns:
        bytes: the export in UTF-8 (a Java byte[] in a gateway, bytes on CPython).

    Raises:
        PermissionDeniedError: the calling user lacks LOCATION.READ.GET.
    """
    permissions.require("LOCATION.READ.GET")
    return _interchange.export_bytes(_FILES, "csv")


def exportAsJsonBytes():
    """Every location as a JSON list.

    Returns:
        bytes: the export in UTF-8 (a Java byte[] in a gateway, bytes on CPython).

    Raises:
        PermissionDeniedError: the calling user lacks LOCATION.READ.GET.
    """
    permissions.require("LOCATION.READ.GET")
    return _interchange.export_bytes(_FILES, "json")


def getLocationImportQueueSize():
    """The number of location rows an import running now has still to write.

    Returns:
        int: 0 when no import runs.

    Raises:
        PermissionDeniedError: the calling user lacks LOCATION.READ.GET.
    """
    permissions.require("LOCATION.READ.GET")
    return _FILES.queue_size()


def cancelLocationImportQueue():
    """Cancel the running location import after the batch it is writing; the batches already written stay.

    Returns:
        int: the number of rows that were still waiting (0 when no import runs).

    Raises:
        PermissionDeniedError: the calling user lacks LOCATION.WRITE.SAVE.
    """
    permissions.require("LOCATION.WRITE.SAVE")
    return _FILES.cancel()
