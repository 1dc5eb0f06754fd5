"""The library's settings for every scope of this gateway: edit them here, once, in the project that holds
the library (MES_Library), and save the project (docs/rules.md#surface-and-names).

Every scope reads this module: the gateway (events, timer scripts, Perspective), the Designer's script
console and Vision clients. mes.setup.configure(...) overrides a value only in the JVM that runs it (it is
kept in that JVM's system.util.getGlobals()), so a Designer or a Vision client that never ran the gateway
startup script still finds the database named here. Values are read when a call runs, so a saved edit
takes effect without a restart.
"""
from __future__ import absolute_import

__all__ = []

# The Ignition database connection the MES tables live in; "" is the project's default connection.
DATABASE = ""

# The SQL dialect, only where detection from the connection's type cannot tell: "postgres", "mysql",
# "sqlite", or None to detect it.
DIALECT = None

# Role permissions (docs/permissions.md): {role: [keys]}, e.g. {'Operator': ['INVENTORY.READ']}; None grants
# every caller everything. mes.security.useRolePermissions(...) overrides it in the JVM that calls it.
ROLE_PERMISSIONS = None

# Who gateway scripts without a user act as: ('mes-gateway', ['MES_Gateway']), or None for nobody.
# mes.security.setGatewayPrincipal(...) overrides it in the JVM that calls it.
GATEWAY_PRINCIPAL = None

# Where publishInventoryState writes: the tag provider and the folder under it.
INVENTORY_TAG_PROVIDER = "default"
INVENTORY_TAG_ROOT = "MES/Inventory"
