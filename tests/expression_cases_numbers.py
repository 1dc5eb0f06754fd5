# -*- coding: utf-8 -*-
"""Expression table, part 3: Java's number types (docs/expressions.md#java-fidelity). Same row format
as tests/expression_cases.py; pure data, Python 2.7 and 3.

Sources: M/<path> is a page of the Ignition 8.1 manual (https://docs.inductiveautomation.com/docs/8.1/
<path>); "Java: JLS x" is a rule of the Java Language Specification (SE 17) that a gateway's arithmetic
follows where the manual is silent; "edge" marks this project's own rule, written in the docs.
"""
from __future__ import unicode_literals

E = ("EVAL_ERROR",)
S = ("SYNTAX_ERROR",)


def L(n):
    return ("LONG", n)


def F(x):
    return ("FLOAT", x)


INT_MAX, INT_MIN = 2147483647, -2147483648
LONG_MAX, LONG_MIN = 9223372036854775807, -9223372036854775808

CASES = [
    # --- literals: Java: JLS 3.10.1 (int, long), 3.10.2 (a decimal literal is a double) -------------
    ("typeOf(5)", "Integer"),
    ("typeOf(2147483647)", "Integer"),
    ("typeOf(2147483648)", "Long"),
    ("typeOf(-2147483648)", "Integer"),  # Java: JLS 3.10.1, the one negative literal that is an int
    ("typeOf(-2147483649)", "Long"),
    ("typeOf(0x7FFFFFFF)", "Integer"),
    ("typeOf(0xFFFFFFFF)", "Long"),  # edge: a hex literal is its positive value, so beyond int a Long
    ("typeOf(9223372036854775807)", "Long"),
    ("9223372036854775808", S),  # edge: beyond a Long is a save-time error, not a silent Double
    ("typeOf(1.5)", "Double"),
    ("typeOf(1e3)", "Double"),
    ("typeOf(2.0)", "Double"),
    # --- casts: M/appendix/expression-functions/type-casting/toInt, toLong, toFloat, toDouble -------
    ("typeOf(toInt(5))", "Integer"),
    ("typeOf(toInt(toLong(5)))", "Integer"),
    ("typeOf(toInt(5.6))", "Integer"),
    ("toInt(5.6)", 6),  # M/.../toInt: "will round if appropriate"
    ("toInt(-5.5)", -5),  # Java: Math.round, halves toward positive infinity
    ("toInt(\"2147483647\")", INT_MAX),
    ("toInt(2147483648)", E),  # edge: beyond 32 bits a cast fails instead of wrapping
    ("toInt(2147483648, -1)", -1),
    ("toInt(3e9, 0)", 0),
    ("typeOf(toLong(5))", "Long"),
    ("toLong(5)", L(5)),
    ("toLong(33.9)", L(34)),
    ("toLong(\"9223372036854775807\")", L(LONG_MAX)),
    ("toLong(1e19)", E),  # edge: beyond 64 bits a cast fails
    ("toLong(1e19, 0)", 0),
    ("typeOf(toFloat(5))", "Float"),
    ("typeOf(toFloat(\"38.772\"))", "Float"),
    ("toFloat(0.1)", F(0.1)),
    ("toStr(toFloat(0.1))", "0.1"),  # Java: Float.toString, the shortest digits of the float
    ("toFloat(0.1) + 0.0", 0.10000000149011612),  # Java: JLS 5.1.2, float widened to double exactly
    ("toStr(toFloat(\"38.772\"))", "38.772"),  # M/.../toFloat: returns 38.772
    ("toStr(toFloat(1) / 3)", "0.33333334"),
    ("toStr(toFloat(16777217))", "1.6777216E7"),  # Java: JLS 5.1.2, int to float rounds to 24 bits
    ("toStr(toFloat(1e10))", "1.0E10"),
    ("toStr(toFloat(1e39))", "Infinity"),  # Java: JLS 5.1.3, beyond Float.MAX_VALUE an infinity
    ("toStr(toFloat(3000000000))", "3.0E9"),
    ("toStr(toFloat(2147483392))", "2.14748339E9"),  # Java 8-18: FloatingDecimal keeps a whole number's digits
    ("typeOf(toDouble(5))", "Double"),
    ("toDouble(toFloat(0.1))", 0.10000000149011612),
    ("toDouble(\"38.772\")", 38.772),
    ("typeOf(toDouble(\"1\"))", "Double"),
    # --- binary numeric promotion: Java: JLS 5.6.2 ------------------------------------------------
    ("typeOf(1 + 1)", "Integer"),
    ("typeOf(1 + toLong(1))", "Long"),
    ("typeOf(toLong(1) * 2)", "Long"),
    ("typeOf(1 + toFloat(1))", "Float"),
    ("typeOf(toLong(1) - toFloat(1))", "Float"),
    ("typeOf(toFloat(1) * 1.0)", "Double"),
    ("typeOf(1 + 1.0)", "Double"),
    ("typeOf(toLong(2) % 3)", "Long"),
    ("typeOf(toFloat(7) % 2)", "Float"),
    ("typeOf(7.5 % 2)", "Double"),
    ("typeOf(-toLong(1))", "Long"),
    ("typeOf(-toFloat(1))", "Float"),
    ("toLong(1) + 1", L(2)),
    ("toFloat(1.5) * 2", F(3.0)),
    ("toFloat(0.1) * 3", F(0.30000001192092896)),  # Java: JLS 15.17.1, float product rounded to a float
    ("0.1 * 3", 0.30000000000000004),
    ("true + 1", 2),  # edge: a boolean is the Integer 1 or 0 in arithmetic
    ("typeOf(true + 1)", "Integer"),
    ("typeOf(\"5\" * 2)", "Integer"),  # edge: numeric text is a number of the size it has
    ("typeOf(\"5000000000\" * 1)", "Long"),
    ("typeOf(\"2.5\" * 1)", "Double"),
    # --- no wrapping: Java would keep the low-order bits (JLS 15.18.2 / 15.17.1); this library keeps the
    # exact result, an Integer beyond 32 bits becoming a Long and a Long beyond 64 bits an evaluation
    # error, because a wrapped count or quantity is a wrong one that still looks valid ----------------
    ("2147483647 + 1", L(2147483648)),
    ("typeOf(2147483647 + 1)", "Long"),
    ("-2147483648 - 1", L(-2147483649)),
    ("65536 * 65536", L(4294967296)),
    ("46341 * 46341", L(2147488281)),
    ("100000 * 100000", L(10000000000)),
    ("5000000 * 1000", L(5000000000)),  # edge: a count tag times a factor, the case that must not wrap
    ("toLong(100000) * 100000", L(10000000000)),
    ("toLong(9223372036854775807) + 1", E),
    ("try(toLong(9223372036854775807) + 1, -1)", -1),
    ("toLong(-9223372036854775807) - 2", E),
    ("toLong(4294967296) * 4294967296", E),
    ("3037000500 * 3037000500", E),
    ("typeOf(2147483646 + 1)", "Integer"),
    ("typeOf(toLong(2) + 1)", "Long"),
    ("-(-2147483648)", L(2147483648)),
    ("-toLong(-9223372036854775807 - 1)", E),
    ("abs(-2147483648)", L(2147483648)),
    ("abs(toLong(-7))", L(7)),
    ("abs(toFloat(-1.5))", F(1.5)),
    ("typeOf(abs(-7))", "Integer"),
    # --- division and remainder: M/platform/expression-language-and-syntax; Java: JLS 15.17.2/3 ------
    ("7 / 2", 3.5),  # edge: two whole numbers divide as doubles
    ("-7 / 2", -3.5),
    ("typeOf(6 / 3)", "Double"),
    ("typeOf(toLong(6) / 3)", "Double"),
    ("toFloat(1) / 3", F(1.0 / 3)),
    ("typeOf(toFloat(1) / 3)", "Float"),
    ("typeOf(toFloat(1) / 3.0)", "Double"),
    ("1 / 0", E),  # edge: division by zero is an evaluation error, also for doubles
    ("1.0 / 0", E),
    ("7 % 3", 1),
    ("-7 % 3", -1),  # Java: JLS 15.17.3, the remainder takes the dividend's sign
    ("7 % -3", 1),
    ("-7 % -3", -1),
    ("-2147483648 % -1", 0),
    ("toLong(-7) % 3", L(-1)),
    ("-7.5 % 2", -1.5),
    ("7.5 % -2", 1.5),
    ("toFloat(-7.5) % 2", F(-1.5)),
    ("5 % 0", E),
    ("5.5 % 0", E),
    # --- bit operators and shifts: Java: JLS 15.19 (distance masked), 15.22.1 -----------------------
    ("1 << 31", INT_MIN),
    ("1 << 32", 1),  # the distance of an int shift is masked to 5 bits
    ("1 << 33", 2),
    ("toLong(1) << 32", L(4294967296)),
    ("toLong(1) << 64", L(1)),  # the distance of a long shift is masked to 6 bits
    ("toLong(1) << 63", L(LONG_MIN)),
    ("-16 >> 2", -4),
    ("-1 >> 40", -1),
    ("toLong(-16) >> 2", L(-4)),
    ("1 << toLong(3)", 8),  # the left operand alone gives a shift its type
    ("typeOf(1 << toLong(3))", "Integer"),
    ("12 & toLong(10)", L(8)),
    ("-1 & 4294967295", L(4294967295)),  # the int -1 widens to the long -1 first
    ("12 | 3", 15),
    ("12 xor toLong(10)", L(6)),
    ("~2147483647", INT_MIN),
    ("~toLong(0)", L(-1)),
    ("typeOf(~5)", "Integer"),
    ("5.9 & 3", 1),  # edge: a Double in a bit operation is truncated toward zero first
    ("typeOf(5.9 & 3)", "Integer"),
    ("1e30 & 1", E),  # edge: a truncated Double must fit a Long
    # --- comparisons: Java: JLS 15.20.1, 15.21.1 (compared after promotion) --------------------------
    ("5 = toLong(5)", True),
    ("5 = 5.0", True),
    ("toFloat(0.1) = 0.1", False),  # the Float 0.1 widens to 0.10000000149011612
    ("toFloat(0.1) = toFloat(0.1)", True),
    ("toFloat(0.5) = 0.5", True),
    ("16777217 = toFloat(16777216)", True),  # the int is rounded to a float first
    ("16777217 > toFloat(16777216)", False),
    ("9007199254740993 = 9007199254740992.0", True),  # the long is rounded to a double first
    ("9007199254740993 > 9007199254740992.0", False),
    ("toLong(3) < 3.5", True),
    ("2147483648 > 2147483647", True),
    ("\"10\" > 9", True),
    ("toFloat(1.5) >= 1.5", True),
    # --- math functions: M/appendix/expression-functions/math -----------------------------------------
    ("typeOf(round(2.5))", "Long"),  # M/.../math/round: without decimals the result is a long
    ("typeOf(round(2.567, 2))", "Double"),  # M/.../math/round: with decimals a double
    ("round(toFloat(2.5))", L(3)),
    ("typeOf(floor(5))", "Double"),  # M/.../math/floor: returns a floating point value
    ("typeOf(ceil(toFloat(1.2)))", "Double"),
    ("typeOf(sqrt(4))", "Double"),
    ("max(1, toLong(2))", L(2)),  # Java: the arguments promote as an operator's would
    ("max(3, 2.5)", 3.0),
    ("min(toFloat(1.5), 2)", F(1.5)),
    ("typeOf(max(1, 2))", "Integer"),
    ("typeOf(2 ^ 3)", "Double"),  # M/platform/expression-language-and-syntax: ^ is power, Math.pow
    # --- text: Java: String.valueOf of each type ----------------------------------------------------
    ("toStr(toLong(5))", "5"),
    ("toLong(5) + \"x\"", "5x"),
    ("toFloat(2.5) + \"x\"", "2.5x"),
    ("toStr(toFloat(100))", "100.0"),
    ("toStr(toFloat(-0.0))", "-0.0"),
    ("toStr(1.0E7)", "1.0E7"),
    ("toStr(1.0E-3)", "0.001"),
    ("toStr(toFloat(1.0E-4))", "1.0E-4"),
    ("toStr(2147483647 + 1)", "2147483648"),
]
