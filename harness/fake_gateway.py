"""A fake Ignition gateway for CPython tests and scripts: `gateway()` gives a `system` namespace
over a fresh scratch database of the chosen back-end, with a tag provider and a clock.

Library code does `import system` when it runs; the portable gateway (harness/portable/gateway.py,
shared with the Jython side) makes the gateway active right now the `system` in sys.modules,
builds the namespaces, and wires `system.mes` to the facade modules. This module adds
what only CPython has: back-end selection (harness/backends.py, testcontainers) and pytest's use.
"""
import contextlib
import sys

from harness import backends
from harness.portable.gateway import serving


@contextlib.contextmanager
def gateway(db=None, schema=True, clock=None, keep=False):
    """A gateway over a fresh, empty scratch database of the chosen back-end (`db`: 'sqlite',
    'postgres', 'mariadb', a JDBC URL, None for MES_TEST_DB, or a Backend already selected). With
    schema=True the MES tables are created through the library, as a gateway's startup script does.
    The scratch database is dropped on exit; keep=True keeps it for inspection (named mes_kept_...,
    never swept) and prints where it is on stderr."""
    backend = db if hasattr(db, "scratch_datasource") else backends.select_backend(db)
    with backend.scratch_datasource(keep=keep) as datasource:
        if keep:
            sys.stderr.write("harness.gateway: keeping the scratch database: %s (%s)\n"
                             % (datasource.description, datasource.jdbc_url))
        with serving(datasource, backend, schema, clock) as system:
            yield system
