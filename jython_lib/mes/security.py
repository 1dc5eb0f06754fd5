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
    """Check every call in this JVM against the caller's roles from now on, overriding ROLE_PERMISSIONS of
    mes/settings.py (which every JVM reads) here.

    Args:
        roleKeys: {role: [keys]}, e.g. {'Operator': ['INVENTORY.READ', 'INVENTORY.WRITE.CONSUME']};
            a key grants every key below it. None grants everything in this JVM.

    Returns:
        None.

    Raises:
        ValidationError: roleKeys is not a dict of role -> list of keys.
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

    Raises:
        PermissionDeniedError: (inside the block) a call the user's roles do not allow.
    """
    return permissions.acting_user(username, roles)


def setGatewayPrincipal(name, roles=()):
    """Who gateway events, tag change scripts and the trigger engine act as, in this JVM (overriding
    GATEWAY_PRINCIPAL of mes/settings.py). Without one, those calls are refused once role permissions are on.

    Args:
        name: the principal's name, e.g. 'mes-gateway'; None leaves this JVM without one.
        roles: its roles, e.g. ['MES_Gateway'], granted keys with useRolePermissions.

    Returns:
        None.

    Raises:
        ValidationError: name is not a string or roles is not a list of strings.
    """
    permissions.set_gateway_principal(name, roles)


def getGatewayPrincipal():
    """The gateway principal that gateway-scope calls act as.

    Returns:
        dict: {'username', 'roles'} of the principal set with setGatewayPrincipal, else of GATEWAY_PRINCIPAL in
            mes/settings.py, or None.
    """
    principal = permissions.gateway_principal()
    return None if principal is None else {"username": principal[0], "roles": list(principal[1])}


def setUserSource(userSource):
    """Name the Ignition user source that actingUser reads roles from when none are passed.

    Args:
        userSource: the user source's name, as system.user.getUser takes it; None for none.

    Returns:
        None.

    Raises:
        ValidationError: userSource is not a string or None.
    """
    permissions.set_user_source(userSource)


def getActingUser():
    """Who a permission check made here, now, would see as the caller.

    Returns:
        dict: {'username', 'roles', 'scope'}; username is None in gateway scope without a principal.
    """
    username, roles, scope, _fix = permissions.caller()
    return {"username": username, "roles": list(roles), "scope": scope}
