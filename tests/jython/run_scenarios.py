# -*- coding: utf-8 -*-
"""Run every end-to-end scenario (tests/scenarios/) under real Jython 2.7, each in a fresh gateway
built from the portable harness (harness/portable/: the same java.sql system.db, datasets,
system.tag/date/util/security as the CPython harness) on a scratch database.

    jython tests/jython/run_scenarios.py [sqlite|postgres|mariadb] [scenario name ...]

The back-end defaults to MES_TEST_DB (else sqlite); postgres/mariadb take their server from
MES_TEST_POSTGRES_URL / MES_TEST_MARIADB_URL. Prints one line per scenario and a summary line
`scenarios: N passed, M failed`; exits 1 when any failed (2 on a setup error).
tests/test_jython_scenarios.py starts it through harness.jython_runner. Also runs on CPython.
"""
from __future__ import absolute_import, print_function

import os
import sys
import time
import traceback

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.dirname(os.path.dirname(HERE))
for _path in (os.path.join(ROOT, "tests"), os.path.join(ROOT, "jython_lib"), ROOT):
    if _path not in sys.path:
        sys.path.insert(0, _path)


def main(argv):
    backend = (argv[0] if argv else os.environ.get("MES_TEST_DB") or "sqlite").strip().lower()
    wanted = set(argv[1:])
    try:
        from harness.portable import gateway
        from scenarios import SCENARIOS
        from scenarios.common import self_check
    except Exception:
        traceback.print_exc()
        print("scenarios: setup failed (imports)")
        return 2
    interpreter = "Jython %s" % sys.version.split()[0] if sys.platform.startswith("java") else \
        "CPython %s" % sys.version.split()[0]
    print("interpreter: %s; back-end: %s" % (interpreter, backend))
    with gateway.gateway(backend, schema=False) as system:
        self_check(system)
    passed, failed = [], []
    began = time.time()
    for name, scenario in SCENARIOS:
        if wanted and name not in wanted:
            continue
        started = time.time()
        try:
            with gateway.gateway(backend) as system:
                scenario(system)
        except Exception:
            failed.append(name)
            print("FAIL %s (%.2f s)" % (name, time.time() - started))
            traceback.print_exc(file=sys.stdout)
        else:
            passed.append(name)
            print("ok   %s (%.2f s)" % (name, time.time() - started))
        sys.stdout.flush()
    print("scenarios: %d passed, %d failed in %.1f s (%s, %s)"
          % (len(passed), len(failed), time.time() - began, interpreter, backend))
    if failed:
        print("failed: " + ", ".join(failed))
    return 1 if failed or not passed else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
