"""system.mes.security (gateway spelling mes.security): who the library's permission checks see as
the caller in each scope, and turning role permissions on (docs/permissions.md).

This namespace is this project's addition; the reference product checks permissions inside its
own gateway module, where the session user is always known.
"""
from __future__ import absolute_import

from mes.services import permissions

__all__ = ["actingUser", "getActingUser", "getGatewayPrincipal", "setGatewayPrincipal", "setUserSource",
           "useRolePermissions"]


def useRolePermissions(roleKeys):
    """Check every call against the caller's roles from now on.

    Args:
        roleKeys: {role: [keys]}, e.g. {'Operator': ['INVENTORY.READ', 'INVENTORY.WRITE.CONSUME']};
            a key grants every key below it. None grants everything again (the default).
    """
    permissions.use_role_permissions(roleKeys)


def actingUser(username, roles=None):
    """The caller of the library calls inside a block or a decorated function, on this thread.

    For Perspective, whose scripts run in gateway scope where Ignition knows no user:
    `with system.mes.security.actingUser(self.session.props.auth.user.userName,
    self.session.props.auth.user.roles):`. Other threads are not affected; blocks nest.

    Args:
        username: the user the calls are made for (shown in denials and created_by).
        roles: the user's roles; None looks them up with system.user.getUser in the user source
            named by setUserSource.

    Returns:
        A context manager that is also a decorator.
    """
    return permissions.acting_user(username, roles)


def setGatewayPrincipal(name, roles=()):
    """Who gateway events, tag change scripts and the trigger engine act as (call it in the
    gateway startup script). Without one, those calls are refused once role permissions are on.

    Args:
        name: the principal's name, e.g. 'mes-gateway'; None removes it.
        roles: its roles, e.g. ['MES_Gateway'], granted keys with useRolePermissions.
    """
    permissions.set_gateway_principal(name, roles)


def getGatewayPrincipal():
    """The configured gateway principal as {'username', 'roles'}, or None."""
    principal = permissions.gateway_principal()
    return None if principal is None else {"username": principal[0], "roles": list(principal[1])}


def setUserSource(userSource):
    """The Ignition user source actingUser reads roles from when none are passed (None: none)."""
    permissions.set_user_source(userSource)


def getActingUser():
    """Who a permission check made here would see: {'username', 'roles', 'scope'}; username is
    None in gateway scope without a principal."""
    username, roles, scope, _fix = permissions.caller()
    return {"username": username, "roles": list(roles), "scope": scope}
