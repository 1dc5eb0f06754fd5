"""Expression results of every Java number type are quantities the library takes
(docs/expressions.md#java-fidelity)."""
import pytest

from mes.core import numbers
from mes.expression import api

CASES = [
    ("toInt(\"12\")", "Integer", 12.0),
    ("2147483646 + 1", "Integer", 2147483647.0),
    ("2147483647 + 1", "Long", 2147483648.0),  # never wrapped
    ("toLong(12)", "Long", 12.0),
    ("toLong(100000) * 100000", "Long", 1e10),
    ("toFloat(\"2.5\")", "Float", 2.5),
    ("toFloat(0.1)", "Float", 0.1),  # 0.10000000149011612 rounds to 0.1 at the 8 places quantities keep
    ("toFloat(1234.567)", "Float", 1234.567),  # recorded as the decimal it prints (api.library_value)
    ("toDouble(\"2.75\")", "Double", 2.75),
    ("round(2.5)", "Long", 3.0),
]


@pytest.mark.parametrize("text, java_type, quantity", CASES, ids=[c[0] for c in CASES])
def test_every_number_type_is_a_quantity(text, java_type, quantity):
    value = api.library_value(api.compile_expression(text).evaluate().value)
    assert api.evaluate("typeOf(%s)" % text).value == java_type
    assert numbers.quantity_problem("quantity", value) == (quantity, None)
