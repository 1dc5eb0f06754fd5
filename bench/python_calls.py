"""How many Python function calls one executeInventoryOperation makes, by function: a count, not a time,
so it can be compared between commits on a shared, loaded machine where timings are noise.

    python3 build.py jython bench/python_calls.py --db sqlite -- [--top 25]                        # Jython 2.7
    .venv/bin/python harness/portable/script_runner.py --db sqlite bench/python_calls.py --top 25  # CPython

In a harness gateway (the execute benchmark's plant, bench/execute_bench.py), after a few real calls
(the configuration is cached), one CONSUME and one PRODUCE are run with system.db replaced by a replay
of what the real one returned for the same call (bench/runtime_bench.py), under sys.setprofile.
Counted: every Python function entered, the library's and the harness fake's alike (Java methods
and builtins are not). Prints per kind the total and the functions called most. Valid Python 2.7 and 3.11.
"""
from __future__ import absolute_import, print_function

import collections
import os
import sys

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import execute_bench  # noqa: E402
import runtime_bench  # noqa: E402

WARM_CALLS = 5


def count_calls(library):
    """Counter of 'file:line function' for one call of `library` with system.db replayed."""
    active = runtime_bench._active()
    real = active.db
    recorder = active.db = runtime_bench._Recorder(real)
    try:
        library()
    finally:
        active.db = real
    counts = collections.Counter()

    def tracer(frame, event, arg):
        if event == "call":
            code = frame.f_code
            counts["%s:%d %s" % (os.path.basename(code.co_filename), code.co_firstlineno, code.co_name)] += 1
    active.db = runtime_bench._Replayer(recorder.calls)
    try:
        sys.setprofile(tracer)
        try:
            library()
        finally:
            sys.setprofile(None)
    finally:
        active.db = real
    counts.pop("%s:%d %s" % (os.path.basename(tracer.__code__.co_filename), tracer.__code__.co_firstlineno,
                             "tracer"), None)
    return counts


def main(argv):
    top = int(argv[argv.index("--top") + 1]) if "--top" in argv else 25
    system = sys.modules["system"]
    plant = execute_bench._plant(system)
    print("Python function calls per executeInventoryOperation (%s, system.db replayed)"
          % runtime_bench.runtime_name())
    for kind in execute_bench.KINDS:
        library = execute_bench._library_call(system, plant, kind)
        for _ in range(WARM_CALLS):
            library()
        counts = count_calls(library)
        print("%s: %d calls" % (kind, sum(counts.values())))
        for name, n in counts.most_common(top):
            print("  %4d  %s" % (n, name))


if __name__ == "__main__":
    main(sys.argv[1:])
