"""The location hierarchy as a tree, and locations by part of their path (docs/queries.md)."""
from __future__ import absolute_import

from mes.core import errors
from mes.core.compat import is_string
from mes.services import finders


def location_tree(session, name_filter=None):
    """Root locations, each with a `children` list (recursively), ordered by sortOrder then name.

    With a filter, only the locations whose name contains it (any case) and their ancestors."""
    if name_filter is not None and not is_string(name_filter):
        raise errors.ValidationError.for_field("filter", "filter must be text, not %s" % type(name_filter).__name__)
    every = _all_locations(session)
    keep = None
    if name_filter:
        wanted = name_filter.lower()
        keep = set()
        for location in every:
            if wanted in (location["name"] or "").lower():
                keep.update(_path_and_ancestors(location["path"]))
    nodes = {}
    roots = []
    for location in every:  # ordered by path: a parent comes before its children
        if keep is not None and location["path"] not in keep:
            continue
        node = location.copy()
        node["children"] = []
        nodes[node["id"]] = node
        parent = nodes.get(node.get("parentId"))
        (parent["children"] if parent is not None else roots).append(node)
    _sort(roots)
    return roots


def by_partial_path(session, partial):
    """Locations whose path contains `partial` (any case), ordered by path."""
    if not is_string(partial) or not partial.strip("/ "):
        raise errors.ValidationError.for_field("path", "path must be a non-empty part of a location path, "
                                               "e.g. 'Plant1/Line', not %r" % (partial,))
    request = {"pageSize": None, "sortFields": ["path"],
               "filters": [{"field": "path", "condition": "CONTAINS", "stringValue": partial}]}
    return finders.LOCATIONS.find(session, request)["content"]


def _all_locations(session):
    return finders.LOCATIONS.find(session, {"pageSize": None, "sortFields": ["path"]})["content"]


def _path_and_ancestors(path):
    parts = path.split("/")
    return ["/".join(parts[:n]) for n in range(1, len(parts) + 1)]


def _sort(nodes):
    nodes.sort(key=lambda n: (n.get("sortOrder") or 0, n.get("name") or "", n["id"]))
    for node in nodes:
        _sort(node["children"])
