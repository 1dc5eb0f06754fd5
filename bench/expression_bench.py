"""Evaluations per second of a typical trigger expression, with tag values already read.

Runs under CPython and Jython 2.7:  python bench/expression_bench.py [seconds]
prints one line:  expression evals/s: N
"""
from __future__ import print_function

import os
import sys
import time

_ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
_LIB = os.path.join(_ROOT, "jython_lib")
if _LIB not in sys.path:
    sys.path.insert(0, _LIB)

TRIGGER = "{[default]Line1/Running} && {[default]Line1/Count} > 0"


class _Quality(object):
    def isGood(self):
        return True


class _QualifiedValue(object):
    def __init__(self, value):
        self.value = value
        self.quality = _Quality()


def run(seconds=2.0):
    """Evaluate TRIGGER repeatedly for about `seconds`; returns evaluations per second."""
    from mes.expression import api
    compiled = api.compile_expression(TRIGGER)
    values = {"[default]Line1/Running": _QualifiedValue(True), "[default]Line1/Count": _QualifiedValue(12)}
    evaluate = compiled.evaluate
    for _ in range(2000):  # warm up (lets Jython's JIT settle)
        evaluate(values)
    count = 0
    batch = 1000
    start = time.time()
    deadline = start + seconds
    while True:
        for _ in range(batch):
            evaluate(values)
        count += batch
        now = time.time()
        if now >= deadline:
            break
    return count / (now - start)


if __name__ == "__main__":
    secs = float(sys.argv[1]) if len(sys.argv) > 1 else 2.0
    print("expression evals/s: %d" % run(secs))
