"""course.sandboxed.plain: hidden fix tests compare only values built of exact builtin types."""
from decimal import Decimal
from fractions import Fraction

import pytest

from course.sandboxed.plain import NotPlain, plain, plain_attrs


class AlwaysEqual(int):
    """The red team's result type: an int that equals everything."""
    def __eq__(self, other):
        return True

    __hash__ = int.__hash__


class Text(str):
    pass


@pytest.mark.parametrize("value", [0, 2500, 2.5, 1j, "lamp", b"x", True, None, Decimal("1.5"), Fraction(1, 3),
                                   [1, (2, "a")], {"amount_cents": 500, "refs": ["ch_1"]}, {1, 2}, frozenset(), ()])
def test_plain_values_come_back_themselves(value):
    assert plain(value) is value


@pytest.mark.parametrize("value, where", [
    (AlwaysEqual(7), "the result is a AlwaysEqual object"),
    ([1, AlwaysEqual(2)], "the result[1] is a AlwaysEqual object"),
    ({"amount_cents": AlwaysEqual(500)}, "the result['amount_cents'] is a AlwaysEqual object"),
    ({Text("k"): 1}, "a key of the result is a Text object"),
    (type("Rows", (list,), {})([1]), "the result is a Rows object"),
    ((object(),), "the result[0] is a object object"),
])
def test_anything_else_is_refused_with_where_it_sits(value, where):
    assert AlwaysEqual(7) == 8                     # what the comparison would have said
    with pytest.raises(NotPlain, match=where.replace("[", r"\[").replace("]", r"\]")):
        plain(value)


def test_a_list_that_contains_itself_is_refused():
    loop = [1]
    loop.append(loop)
    with pytest.raises(NotPlain, match="contains itself"):
        plain(loop)


def test_a_fixs_own_record_is_read_field_by_field():
    class Summary:
        order_id, customer = 3, AlwaysEqual(1)
    assert plain_attrs(Summary(), "order_id") == (3,)
    with pytest.raises(NotPlain, match=r"a summary\.customer is a AlwaysEqual object"):
        plain_attrs(Summary(), "order_id", "customer", what="a summary")
