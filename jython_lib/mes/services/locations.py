"""Locations: the plant hierarchy and the storage rules inventory obeys there (docs/rules.md#locations-storage-and-units)."""
from __future__ import absolute_import
from mes.core.problems import add_problem
from mes.persistence import tables
from mes.services import entities, paths

TABLE = tables.LOCATIONS


def _prepare(session, values, existing, problems):
    values["path"] = paths.derive_path(session, TABLE, values.get("name"), values.get("parent_id"), problems)
    if existing is not None:
        paths.check_not_own_ancestor(session, TABLE, values["id"], values.get("parent_id"), problems)
        paths.check_descendant_paths(session, [TABLE], existing["path"], values["path"], problems)


def _check(session, values, existing, problems):
    capacity = values.get("storage_capacity")
    if capacity is not None and capacity < 0:
        add_problem(problems, "storageCapacity", 
            "storageCapacity must be zero or more (leave it empty for no limit), not %s" % capacity)


def _after_save(session, values, existing):
    if existing is not None:
        paths.rename_descendants(session, TABLE, existing["path"], values["path"])


LOCATION = entities.Entity(TABLE, lookup="path", derived=("path",), prepare=_prepare, check=_check,
                           after_save=_after_save)


def children(session, id_or_path):
    parent = LOCATION.require(session, id_or_path)
    return LOCATION.query(session, ("sort_order", "name"), parent_id=parent["id"])
