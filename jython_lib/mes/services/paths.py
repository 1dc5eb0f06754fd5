"""Hierarchical paths ('DairyCo/Plant1/Line1') of locations and material classes.

A path is the parent's path plus '/' plus the name, stored without a leading slash. When a node
is renamed or moved, every path below it is rewritten by one UPDATE.
"""
from mes.core.compat import is_string
from mes.persistence import queries


def derive_path(session, table, name, parent_id, problems, name_key="name", parent_key="parentId"):
    """The path for a node, or None (with a message in `problems`) when it cannot be built."""
    if is_string(name) and "/" in name:
        problems.setdefault(name_key, []).append(
            "%s '%s' may not contain '/', which separates the levels of a path" % (name_key, name))
        return None
    if not name:
        return None
    if not parent_id:
        return name
    parent_path = queries.path_of(session, table, parent_id)
    if parent_path is None:
        return None  # the missing parent is reported by the reference check
    return parent_path + "/" + name


def check_not_own_ancestor(session, table, node_id, parent_id, problems, parent_key="parentId"):
    """A node may not be moved below itself or below one of its descendants."""
    if not parent_id:
        return
    if parent_id == node_id:
        problems.setdefault(parent_key, []).append("a %s cannot be its own parent" % table.label)
        return
    own = queries.path_of(session, table, node_id)
    parent = queries.path_of(session, table, parent_id)
    if own and parent and parent.startswith(own + "/"):
        problems.setdefault(parent_key, []).append(
            "%s '%s' lies below this %s; moving it there would make a cycle" % (table.label, parent, table.label))


def rename_descendants(session, table, old_path, new_path):
    """Rewrite the paths below old_path to sit below new_path; returns the rows changed."""
    if not old_path or old_path == new_path:
        return 0
    return queries.rename_path_prefix(session, table, old_path, new_path)
