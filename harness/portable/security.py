"""Fake system.security: who the current user is and which roles they hold.

getUsername/getRoles are Vision-client functions in Ignition (the 8.3 stubs, which describe the
gateway scope, leave them out); the library's permission provider asks them for the acting user,
so tests switch users with set_user() to check permission rules.

Portable (Python 2.7 under Jython, and 3.11); the CPython harness module harness/system_security.py re-exports it.
"""
from __future__ import absolute_import

import threading

from harness.portable.javabridge import to_text


class SystemSecurity(object):

    HARNESS_ONLY = ("set_user",)

    def __init__(self, username="admin", roles=("Administrator",)):
        self._lock = threading.Lock()
        self.set_user(username, roles)

    def set_user(self, username, roles=()):
        """Act as another user from now on (roles: any iterable of role names)."""
        with self._lock:
            self._username = username
            self._roles = tuple(to_text(role) for role in roles)

    def getUsername(self):
        with self._lock:
            return self._username

    def getRoles(self):
        # A tuple of strings, as in Ignition.
        with self._lock:
            return self._roles
