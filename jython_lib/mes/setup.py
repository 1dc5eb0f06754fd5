"""Gateway set-up calls: which database the library uses, and its schema.

Gateway spelling: mes.setup.configure(database='MES'); mes.setup.ensureSchema()
(the startup event script in gateway_resources/ does both).
"""
from mes.persistence import db, schema


def configure(database=None, dialect=None):
    """Choose the Ignition database connection (default: the project's default, "") and,
    only if auto-detection cannot tell, the SQL dialect ('postgres', 'mysql', 'sqlite')."""
    db.configure(database=database, dialect=dialect)


def ensureSchema(database=None):
    """Create or upgrade the MES tables; returns the migration versions applied now."""
    return schema.ensure_schema(database)


def getSchemaVersion(database=None):
    return schema.current_version(database)


from mes.services import inventory_state as _inventory_state  # noqa: E402  (appended section)


def configureInventoryTags(provider=None, rootFolder=None):
    """Choose where publishInventoryState writes: the tag provider (default 'default') and the root
    folder (default 'MES/Inventory'); None keeps the current value.

    Args:
        provider: the tag provider's name, without brackets.
        rootFolder: the folder under which one folder per location is written.
    """
    _inventory_state.configure_tags(provider, rootFolder)
