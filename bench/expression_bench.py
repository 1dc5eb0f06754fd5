"""Evaluations per second of a typical trigger expression, with tag values already read.

Runs under CPython and Jython 2.7:

    python bench/expression_bench.py [seconds] [--lot-code]
        prints one line:  trigger evals/s: N   (--lot-code: the lot-code expression with dateFormat)
    python bench/expression_bench.py [seconds] --warmup S --repeat N --json
        warms up for S seconds (Jython's JIT needs it), then measures N windows of `seconds`
        each and prints one line:  BENCH_JSON {...}  (used by bench/run_bench.py)

Only the evaluation is timed: compile_expression runs once before, and the tag values are
already-read qualified values, as the trigger engine passes them after its one readBlocking.
"""
from __future__ import print_function

import json
import os
import sys
import time

_ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
_LIB = os.path.join(_ROOT, "jython_lib")
if _LIB not in sys.path:
    sys.path.insert(0, _LIB)

TRIGGER = "{[default]Line1/Running} && {[default]Line1/Count} > 0"
LOT_CODE = 'concat("L1-", dateFormat(now(), "yyMMdd"), "-", {[default]Line1/Shift})'
EXPRESSIONS = {"trigger": TRIGGER, "lot-code": LOT_CODE}
NOW_MILLIS = 1772953200000  # now() as a gateway's system.date.now() would give it
BATCH = 1000


class _Quality(object):
    def isGood(self):
        return True


class _QualifiedValue(object):
    def __init__(self, value):
        self.value = value
        self.quality = _Quality()


def _evaluator(name="trigger"):
    from mes.expression import api
    compiled = api.compile_expression(EXPRESSIONS[name])
    values = {"[default]Line1/Running": _QualifiedValue(True), "[default]Line1/Count": _QualifiedValue(12),
              "[default]Line1/Shift": _QualifiedValue("B")}
    evaluate = compiled.evaluate
    result = evaluate(values, now_millis=NOW_MILLIS)
    expected = True if name == "trigger" else "L1-260308-B"
    if not (result.good and result.value == expected):
        raise AssertionError("the benchmark expression evaluated to %r" % (result,))
    return lambda: evaluate(values, now_millis=NOW_MILLIS)


def _window(call, seconds):
    """Call repeatedly for about `seconds`; returns evaluations per second."""
    count = 0
    start = time.time()
    deadline = start + seconds
    while True:
        for _ in range(BATCH):
            call()
        count += BATCH
        now = time.time()
        if now >= deadline:
            return count / (now - start)


def measure(seconds=2.0, warmup=0.0, repeat=1, warmup_window=1.0, expression="trigger"):
    """Warm up for `warmup` seconds (rates of each warm-up window kept, to show the JIT at work),
    then measure `repeat` windows of `seconds`. Returns a dict of lists of evaluations/s.
    expression: "trigger" (a tag-driven trigger) or "lot-code" (concat and dateFormat of now())."""
    call = _evaluator(expression)
    for _ in range(2000):  # a minimal warm-up even when none is asked for
        call()
    curve = []
    started = time.time()
    while time.time() - started < warmup:
        curve.append(_window(call, min(warmup_window, max(warmup - (time.time() - started), 0.05))))
    rates = [_window(call, seconds) for _ in range(repeat)]
    return {"expression": EXPRESSIONS[expression], "seconds": seconds, "warmup_seconds": warmup,
            "warmup_window_seconds": warmup_window, "warmup_curve": curve, "rates": rates,
            "python": sys.version.split()[0], "implementation": _implementation()}


def _implementation():
    if sys.platform.startswith("java"):
        return "Jython"
    return getattr(getattr(sys, "implementation", None), "name", "python").replace("cpython", "CPython")


def run(seconds=2.0, expression="trigger"):
    """Evaluate an expression repeatedly for about `seconds`; returns evaluations per second."""
    return measure(seconds, expression=expression)["rates"][0]


def _options(argv):
    opts = {"seconds": 2.0, "warmup": 0.0, "repeat": 1, "json": False, "expression": "trigger"}
    args = list(argv)
    while args:
        arg = args.pop(0)
        if arg == "--json":
            opts["json"] = True
        elif arg == "--lot-code":
            opts["expression"] = "lot-code"
        elif arg in ("--warmup", "--repeat"):
            if not args:
                raise SystemExit("%s needs a value" % arg)
            opts[arg[2:]] = float(args.pop(0)) if arg == "--warmup" else int(args.pop(0))
        else:
            opts["seconds"] = float(arg)
    return opts


if __name__ == "__main__":
    o = _options(sys.argv[1:])
    if o["json"]:
        print("BENCH_JSON " + json.dumps(measure(o["seconds"], o["warmup"], o["repeat"], expression=o["expression"])))
    else:
        for rate in measure(o["seconds"], o["warmup"], o["repeat"], expression=o["expression"])["rates"]:
            print("%s evals/s: %d" % (o["expression"], rate))
