"""Gateway set-up calls: which database the library uses, and its schema.

Gateway spelling: mes.setup.configure(database='MES'); mes.setup.ensureSchema()
(the startup event script in gateway_resources/ does both).
"""
from __future__ import absolute_import
from mes.services import inventory_state as _inventory_state
from mes.services import schema_setup

__all__ = [
    "configure", "ensureSchema", "getSchemaVersion",
    "configureInventoryTags",
]


def configure(database=None, dialect=None):
    """Choose the Ignition database connection the library uses and, only where detection from the connection
    cannot tell, its SQL dialect. Call it from the gateway startup script; it reads or writes nothing.

    Args:
        database: the Ignition database connection name ("" is the project's default); None keeps the
            one set before.
        dialect: 'postgres', 'mysql' or 'sqlite' to override detection; None keeps what was set before
            (detection, unless a dialect was set).

    Returns:
        None.

    Raises:
        ValidationError: dialect is not one the library knows.
    """
    schema_setup.configure(database=database, dialect=dialect)


def ensureSchema(database=None):
    """Create the MES tables, or upgrade them by applying every migration newer than the recorded version, each
    in one transaction with its version row. Run again it changes nothing.

    Args:
        database: the connection to use; None is the one configure() chose.

    Returns:
        list: the migration versions applied by this call (empty when up to date).

    Raises:
        DatabaseError: a migration failed (on MariaDB/MySQL, where DDL commits by itself, a half-applied
            migration must be finished by hand).
    """
    return schema_setup.ensure_schema(database)


def getSchemaVersion(database=None):
    """The schema version recorded in the database.

    Args:
        database: the connection to use; None is the one configure() chose.

    Returns:
        int: the newest migration applied (0 when no schema exists yet).

    Raises:
        DatabaseError: the database cannot be read.
    """
    return schema_setup.schema_version(database)




def configureInventoryTags(provider=None, rootFolder=None):
    """Choose where publishInventoryState writes: the tag provider (default 'default') and the root folder
    (default 'MES/Inventory'); kept in the gateway's memory, nothing is written.

    Args:
        provider: the tag provider's name (brackets and surrounding slashes are stripped); None keeps the
            current one.
        rootFolder: the folder under which one folder per location is written; None keeps the current one.

    Returns:
        None.

    Raises:
        ValidationError: a value given is not text or is empty once brackets, slashes and spaces are stripped;
            neither setting changes.
    """
    _inventory_state.configure_tags(provider, rootFolder)
