"""Run any script with the harness's `system` on a fresh scratch database: what
`python3 build.py jython SCRIPT [--db ...] [--keep] [-- script args]` starts under real Jython 2.7.

    jython harness/portable/script_runner.py [--db sqlite|postgres|mariadb|JDBC-URL] [--keep] SCRIPT [ARG ...]

The script runs as __main__ with sys.argv = [SCRIPT, ARG ...], inside a gateway assembled by
harness/portable/gateway.py (the one tests/jython/run_scenarios.py uses): the MES schema is
created, `system` is importable and also predefined as in a gateway's script console, and its
clock follows the wall clock. The scratch database is dropped afterwards; with --keep it is kept
and where it is gets printed. Lines of this runner go to stderr, so the script's stdout is its own.
The exit code is the script's (1 when it raised). Valid Python 2.7 and 3.11.
"""
from __future__ import absolute_import, print_function

import argparse
import os
import sys
import traceback

ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
for _path in (os.path.join(ROOT, "jython_lib"), ROOT):
    if _path not in sys.path:
        sys.path.insert(0, _path)

from harness.clock import Clock  # noqa: E402
from harness.portable import gateway  # noqa: E402
from harness.portable.scratch import redact_url  # noqa: E402


def parse(argv):
    """The runner's own options, the script and the script's arguments."""
    parser = argparse.ArgumentParser(prog="build.py jython", description=__doc__.split("\n\n")[0])
    parser.add_argument("--db", default=os.environ.get("MES_TEST_DB") or "sqlite",
                        help="sqlite (default), postgres, mariadb or a JDBC URL; postgres and mariadb take "
                             "their server from MES_TEST_POSTGRES_URL / MES_TEST_MARIADB_URL")
    parser.add_argument("--keep", action="store_true", help="keep the scratch database and print where it is")
    parser.add_argument("script")
    parser.add_argument("script_args", nargs=argparse.REMAINDER)
    return parser.parse_args(argv)


def say(message):
    """One line of the runner's own on stderr."""
    print("build.py jython: " + message, file=sys.stderr)
    sys.stderr.flush()


def run_script(path, script_args, system_module):
    """Run the file at `path` as __main__; returns its exit code."""
    with open(path) as source_file:
        code = compile(source_file.read(), path, "exec")
    sys.argv = [path] + list(script_args)
    sys.path.insert(0, os.path.dirname(os.path.abspath(path)))
    namespace = {"__name__": "__main__", "__file__": path, "system": system_module}
    try:
        exec(code, namespace)
    except SystemExit as exit_:
        return exit_.code if isinstance(exit_.code, int) else (0 if exit_.code is None else 1)
    except Exception:
        traceback.print_exc()
        return 1
    return 0


def main(argv):
    """Create the scratch database, serve the gateway, run the script, drop (or keep) the database."""
    options = parse(argv)
    backend = gateway.backend_named(options.db)
    try:
        with backend.scratch_datasource(keep=options.keep) as datasource:
            say("%s on %s" % (options.script, datasource.description))
            with gateway.serving(datasource, backend.name, True, Clock(frozen=False)):
                code = run_script(options.script, options.script_args, sys.modules["system"])
            sys.stdout.flush()
            if options.keep:
                say("kept the scratch database: %s (%s)" % (datasource.description, redact_url(datasource.jdbc_url)))
    finally:
        backend.close()
    return code


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
