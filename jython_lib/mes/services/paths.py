"""Hierarchical paths ('DairyCo/Plant1/Line1') of locations and material classes.

A path is the parent's path plus '/' plus the name, stored without a leading slash. When a node
is renamed or moved, every path below it is rewritten by one UPDATE.
"""
from __future__ import absolute_import
from mes.core.problems import add_problem
from mes.core import limits, wording
from mes.core.compat import is_string
from mes.persistence import queries


def derive_path(session, table, name, parent_id, problems, name_key="name", parent_key="parentId"):
    """The path for a node, or None (with a message in `problems`) when it cannot be built."""
    if is_string(name) and "/" in name:
        add_problem(problems, name_key, 
            "%s '%s' may not contain '/', which separates the levels of a path" % (name_key, name))
        return None
    if not name:
        return None
    if not parent_id:
        return name
    parent_path = queries.path_of(session, table, parent_id)
    if parent_path is None:
        return None  # the missing parent is reported by the reference check
    path = parent_path + "/" + name
    if len(path) > limits.PATH:
        add_problem(problems, name_key, "the path '%s...' would be %d characters long; a path may have at most %d, "
                                        "so shorten %s or its parent's" % (path[:40], len(path), limits.PATH, name_key))
    return path


def check_descendant_paths(session, tables_below, old_path, new_path, problems, name_key="name"):
    """A rename or move may not make a path below the node longer than the path limit.

    Args:
        session: the caller's session.
        tables_below: the tables whose paths sit below the node (a class: classes and materials).
        old_path: the node's stored path (None for a new node).
        new_path: the node's path after the save.
        problems: the {key: [messages]} being collected.
        name_key: the key the problem is reported on.
    """
    if not old_path or not new_path or old_path == new_path:
        return
    growth = len(new_path) - len(old_path)
    for table in tables_below:
        longest = queries.longest_path_below(session, table, old_path)
        if longest and longest + growth > limits.PATH:
            add_problem(problems, name_key, "the new path would make %s path below it %d characters long; a path "
                                            "may have at most %d, so choose a shorter %s" % (
                wording.with_article(table.label), longest + growth, limits.PATH, name_key))


def check_not_own_ancestor(session, table, node_id, parent_id, problems, parent_key="parentId"):
    """A node may not be moved below itself or below one of its descendants."""
    if not parent_id:
        return
    if parent_id == node_id:
        add_problem(problems, parent_key, "%s cannot be its own parent" % wording.with_article(table.label))
        return
    own = queries.path_of(session, table, node_id)
    parent = queries.path_of(session, table, parent_id)
    if own and parent and parent.startswith(own + "/"):
        add_problem(problems, parent_key, 
            "%s '%s' lies below this %s; moving it there would make a cycle" % (table.label, parent, table.label))


def rename_descendants(session, table, old_path, new_path):
    """Rewrite the paths below old_path to sit below new_path; returns the rows changed."""
    if not old_path or old_path == new_path:
        return 0
    return queries.rename_path_prefix(session, table, old_path, new_path)
