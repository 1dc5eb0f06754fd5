"""Differential test of the evaluator's number rules against the JVM itself (docs/expressions.md#java-fidelity).

A tiny Java class, written and compiled here with javac, applies each operator to primitive int,
long, float and double operands, so Java's compiler picks the result type (binary numeric promotion)
and Java's arithmetic computes it; boxing the result tells its class. The evaluator gets the same
operands as tag values of the matching types. Both sides are compared by result class and by
String.valueOf of the result, which also checks Float.toString and Double.toString.

Seeded generators; the pairs include the edges (MIN/MAX of each width, -0.0, NaN, infinities,
subnormals) and random bit patterns.
"""
import random
import shutil
import struct
import subprocess

import pytest

from mes.expression import api, java_numbers, values

jpype = pytest.importorskip("jpype")

_TYPES = ("int", "long", "float", "double")
_ARITH = (("add", "+"), ("sub", "-"), ("mul", "*"), ("div", "/"), ("rem", "%"))
_BITS = (("and", "&"), ("or", "|"), ("xor", "^"), ("shl", "<<"), ("shr", ">>"))
_COMPARE = (("lt", "<"), ("le", "<="), ("eq", "=="), ("ne", "!="))
_EXPRESSION_OP = {"^": "xor", "==": "="}


def _java_source():
    """One static method per operator and pair of primitive types: Java decides the result's type."""
    lines = ["public class ExprNumberOps {"]
    for name, op in _ARITH + _COMPARE:
        for a in _TYPES:
            for b in _TYPES:
                body = "a %s b" % op
                if name == "div" and a in ("int", "long") and b in ("int", "long"):
                    body = "(double) a / (double) b"  # the expression language: whole numbers divide as doubles
                lines.append("  public static Object %s_%s_%s(%s a, %s b) { return %s; }" % (name, a, b, a, b, body))
    for name, op in _BITS:
        for a in ("int", "long"):
            for b in ("int", "long"):
                lines.append("  public static Object %s_%s_%s(%s a, %s b) { return a %s b; }" % (name, a, b, a, b, op))
    for t in _TYPES:
        lines.append("  public static Object neg_%s(%s a) { return -a; }" % (t, t))
    for t in ("int", "long"):
        lines.append("  public static Object not_%s(%s a) { return ~a; }" % (t, t))
    lines.append("  public static Object toFloat(double a) { return (float) a; }")
    lines.append("}")
    return "\n".join(lines) + "\n"


@pytest.fixture(scope="module")
def ops(tmp_path_factory):
    from harness import jvm
    javac = shutil.which("javac")
    if javac is None:
        print("skipped: no JDK compiler (javac) on PATH to build the reference class")
        pytest.skip("no javac on PATH: the reference class cannot be compiled")
    folder = tmp_path_factory.mktemp("java_ops")
    source = folder / "ExprNumberOps.java"
    source.write_text(_java_source())
    subprocess.run([javac, "--release", "8", str(source)], check=True, capture_output=True)
    jvm.ensure_jvm()
    url = jpype.JClass("java.io.File")(str(folder)).toURI().toURL()
    loader = jpype.JClass("java.net.URLClassLoader")([url])
    return jpype.JClass("ExprNumberOps", loader=loader)


# --- operands ----------------------------------------------------------------------------------------

def _random_float(rng):
    return struct.unpack("<f", struct.pack("<I", rng.getrandbits(32)))[0]


def _random_double(rng):
    return struct.unpack("<d", struct.pack("<Q", rng.getrandbits(64)))[0]


_EDGES = {
    "int": [0, 1, -1, 2, 7, -7, 31, 32, 33, 63, 64, 65, java_numbers.INT_MAX, java_numbers.INT_MIN,
            java_numbers.INT_MAX - 1, java_numbers.INT_MIN + 1, 65536, 46341],
    "long": [0, 1, -1, 3, -3, 63, 64, 65, java_numbers.INT_MAX + 1, java_numbers.INT_MIN - 1, java_numbers.LONG_MAX,
             java_numbers.LONG_MIN, java_numbers.LONG_MAX - 1, 2 ** 53 + 1, -(2 ** 53) - 1, 2 ** 24 + 1, 3037000500],
    "float": [0.0, -0.0, 1.0, -1.0, 0.5, 0.1, 3.4028234663852886e38, 1.401298464324817e-45, float("inf"),
              float("-inf"), float("nan"), 16777216.0, 16777217.0, 1e-5, 1e7],
    "double": [0.0, -0.0, 1.0, -1.0, 0.1, 1e308, 5e-324, float("inf"), float("-inf"), float("nan"),
               9007199254740993.0, 2.5, -2.5, 1e-3, 1e7, 4294967296.5],
}


def _operand(rng, kind):
    """A random value of a Java primitive type: an edge, a small number, or random bits."""
    pick = rng.random()
    if pick < 0.25:
        value = rng.choice(_EDGES[kind])
    elif kind == "int":
        value = rng.randint(-1000, 1000) if pick < 0.5 else rng.randint(java_numbers.INT_MIN, java_numbers.INT_MAX)
    elif kind == "long":
        value = rng.randint(-10 ** 6, 10 ** 6) if pick < 0.5 else rng.randint(java_numbers.LONG_MIN, java_numbers.LONG_MAX)
    elif kind == "float":
        value = rng.uniform(-1000, 1000) if pick < 0.5 else _random_float(rng)
    else:
        value = rng.uniform(-1e6, 1e6) if pick < 0.5 else _random_double(rng)
    if kind == "float":
        value = java_numbers.single(value)
    return value


def _ours(kind, value):
    """The operand as the evaluator holds a tag value of that Java type."""
    if kind == "int":
        return int(value)
    if kind == "long":
        return java_numbers.JavaLong(value)
    if kind == "float":
        return java_numbers.JavaFloat(value)
    return float(value)


def _theirs(kind, value):
    return {"int": jpype.JInt, "long": jpype.JLong, "float": jpype.JFloat, "double": jpype.JDouble}[kind](value)


def _is_zero(value):
    return value == 0


# --- the comparison ---------------------------------------------------------------------------------

_A, _B = "[default]A", "[default]B"


def _evaluate(compiled, a, b=None):
    tags = {_A: a} if b is None else {_A: a, _B: b}
    try:
        return compiled.evaluate(tag_values=tags).value
    except api.ExpressionEvaluationError as e:
        return e


def _java_result(result):
    if isinstance(result, bool):
        return "Boolean", "true" if result else "false"
    return str(result.getClass().getSimpleName()), str(jpype.JClass("java.lang.String").valueOf(result))


def _our_result(result):
    if isinstance(result, Exception):
        return "error", str(result)
    if isinstance(result, bool):
        return "Boolean", "true" if result else "false"
    return values.java_type_name(result), values.to_text(result)


def _binary_cases(ops, rng, pairs, per_pair):
    cases = []
    for name, op in pairs:
        compiled = api.compile_expression("{%s} %s {%s}" % (_A, _EXPRESSION_OP.get(op, op), _B))
        kinds = _TYPES if (name, op) in _ARITH + _COMPARE else ("int", "long")
        for ka in kinds:
            for kb in kinds:
                method = getattr(ops, "%s_%s_%s" % (name, ka, kb))
                for _ in range(per_pair):
                    a, b = _operand(rng, ka), _operand(rng, kb)
                    if name in ("div", "rem") and _is_zero(b):
                        continue  # the expression language makes a zero divisor an evaluation error
                    ours = _our_result(_evaluate(compiled, _ours(ka, a), _ours(kb, b)))
                    theirs = _no_wrap(name, ka, kb, a, b) or _java_result(method(_theirs(ka, a), _theirs(kb, b)))
                    cases.append(("%s %s %s %r %s %r" % (op, ka, kb, a, op, b), ours, theirs))
    return cases


_EXACT = {"add": lambda a, b: a + b, "sub": lambda a, b: a - b, "mul": lambda a, b: a * b,
          "neg": lambda a, b: -a}


def _no_wrap(name, ka, kb, a, b=0):
    """Where Java's int or long arithmetic overflows, what the evaluator gives instead (it never wraps,
    docs/expressions.md#java-fidelity): an Integer result beyond 32 bits is that Long, a Long beyond
    64 bits an evaluation error. None where Java's own result stands."""
    if name not in _EXACT or ka not in ("int", "long") or kb not in ("int", "long"):
        return None
    result = _EXACT[name](int(a), int(b))
    if ka == kb == "int" and java_numbers.INT_MIN <= result <= java_numbers.INT_MAX:
        return None
    if java_numbers.LONG_MIN <= result <= java_numbers.LONG_MAX:
        return ("Long", str(result)) if ka == kb == "int" else None
    return ("error", None)


def _agree(ours, theirs):
    if theirs[0] == "error":
        return ours[0] == "error"
    return ours == theirs or _known_text_gap(ours, theirs)


_SMALLEST_NORMAL = {"Float": 2.0 ** -126, "Double": 2.0 ** -1022}


def _known_text_gap(ours, theirs):
    """The two places where Java 8-18's Float/Double.toString is not the shortest form the evaluator
    prints, for the same value (docs/expressions.md#java-fidelity): subnormal numbers (below about
    1.2E-38 for a Float, 2.2E-308 for a Double), where Java prints more digits (1.4E-45 for 1.0E-45),
    and some Floats of 2**82 to 2**83 and 2**85 to 2**86 (about 5e24 and 5e25), where Java's last
    digit is one lower."""
    if ours[0] != theirs[0] or ours[0] not in _SMALLEST_NORMAL:
        return False
    mine, java = float(ours[1]), float(theirs[1])
    if ours[0] == "Float":
        mine, java = java_numbers.single(mine), java_numbers.single(java)
    if mine != java or java != java or abs(java) == float("inf"):
        return False
    subnormal = abs(java) < _SMALLEST_NORMAL[ours[0]]
    binade = int(abs(java)).bit_length() - 1 if abs(java) >= 1 else None
    return subnormal or (ours[0] == "Float" and binade in (82, 85))


def _report(cases):
    bad = [c for c in cases if not _agree(c[1], c[2])]
    return bad[:10], len(bad)


def test_arithmetic_agrees_with_java_in_value_and_type(ops):
    cases = _binary_cases(ops, random.Random(16101), _ARITH, per_pair=60)
    bad, count = _report(cases)
    assert len(cases) >= 4500 and count == 0, (count, bad)


def test_bit_operators_and_shifts_agree_with_java(ops):
    cases = _binary_cases(ops, random.Random(16102), _BITS, per_pair=120)
    bad, count = _report(cases)
    assert len(cases) >= 2000 and count == 0, (count, bad)


def test_comparisons_across_types_agree_with_java(ops):
    cases = _binary_cases(ops, random.Random(16103), _COMPARE, per_pair=40)
    bad, count = _report(cases)
    assert len(cases) >= 2500 and count == 0, (count, bad)


def test_unary_minus_and_bit_not_agree_with_java(ops):
    rng = random.Random(16104)
    cases = []
    for op, name, kinds in (("-", "neg", _TYPES), ("~", "not", ("int", "long"))):
        compiled = api.compile_expression("%s{%s}" % (op, _A))
        for kind in kinds:
            method = getattr(ops, "%s_%s" % (name, kind))
            for _ in range(150):
                a = _operand(rng, kind)
                theirs = _no_wrap(name, kind, kind, a) or _java_result(method(_theirs(kind, a)))
                cases.append(("%s%s %r" % (op, kind, a), _our_result(_evaluate(compiled, _ours(kind, a))), theirs))
    bad, count = _report(cases)
    assert len(cases) >= 900 and count == 0, (count, bad)


def test_to_float_rounds_and_prints_as_java_float(ops):
    """toFloat of a double is Java's (float) cast; toStr of it is Float.toString."""
    rng = random.Random(16105)
    compiled = api.compile_expression("toFloat({%s})" % _A)
    doubles = _EDGES["double"] + [rng.uniform(-1e4, 1e4) for _ in range(1500)] + \
        [_random_double(rng) for _ in range(1500)] + [rng.uniform(-1, 1) * 10 ** rng.randint(-40, 39) for _ in range(1500)]
    cases = [(x, _our_result(_evaluate(compiled, x)), _java_result(ops.toFloat(jpype.JDouble(x)))) for x in doubles]
    bad, count = _report(cases)
    assert len(cases) >= 4500 and count == 0, (count, bad)
