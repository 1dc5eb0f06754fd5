"""A fake Ignition gateway for CPython tests and scripts: `gateway()` gives a `system` namespace
over a fresh scratch database of the chosen back-end, with a tag provider and a clock.

Library code does `import system` when it runs; the portable gateway (harness/portable/gateway.py,
shared with the Jython side) installs a module named `system` that forwards to the gateway active
right now, builds the namespaces, and wires `system.mes` to the facade modules. This module adds
what only CPython has: back-end selection (harness/backends.py, testcontainers) and pytest's use.
"""
import contextlib

from harness import backends
from harness.portable.gateway import serving


@contextlib.contextmanager
def gateway(db=None, schema=True, clock=None):
    """A gateway over a fresh, empty scratch database of the chosen back-end (`db`: 'sqlite',
    'postgres', 'mariadb', a JDBC URL, None for MES_TEST_DB, or a Backend already selected). With
    schema=True the MES tables are created through the library, as a gateway's startup script does."""
    backend = db if hasattr(db, "scratch_datasource") else backends.select_backend(db)
    with backend.scratch_datasource() as datasource:
        with serving(datasource, backend, schema, clock) as system:
            yield system
