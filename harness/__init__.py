"""The CPython fake of Ignition in which jython_lib runs under pytest and in scripts.

    import harness
    with harness.gateway() as system:
        system.mes.setup.getSchemaVersion()
"""
import os
import sys

_JYTHON_LIB = os.path.join(os.path.dirname(os.path.dirname(os.path.abspath(__file__))), "jython_lib")
if _JYTHON_LIB not in sys.path:
    sys.path.insert(0, _JYTHON_LIB)


def gateway(*args, **kwargs):
    from harness.fake_gateway import gateway as _gateway
    return _gateway(*args, **kwargs)
