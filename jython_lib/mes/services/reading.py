"""How a facade reads: a service function run in an autocommit session this module opens, so
facades never touch persistence (docs/rules.md#surface-and-names)."""
from __future__ import absolute_import
from mes.persistence import db


def read(function, *args, **kwargs):
    """`function(session, *args, **kwargs)` in a fresh read session.

    Args:
        function: a service function (or bound method) taking the session first.
        *args: its other arguments.
        **kwargs: its keyword arguments.

    Returns:
        whatever the function returns.
    """
    return function(db.reader(), *args, **kwargs)


def references(entity, id_or_key, find=None):
    """The rows pointing at one object, looked up by `find(session, id_or_key)` (default
    entity.require): what every getXReferences returns.

    Args:
        entity: the services.entities.Entity of the object.
        id_or_key: the object's id (or its human key).
        find: the lookup raising NotFoundError for an unknown object.

    Returns:
        [{tableName, references: [{fkColName, id}]}].
    """
    session = db.reader()
    found = (find or entity.require)(session, id_or_key)
    return entity.references(session, found["id"])
