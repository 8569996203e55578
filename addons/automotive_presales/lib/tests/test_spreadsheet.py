from hypothesis import given
from hypothesis import strategies as st

from automotive_presales.lib import spreadsheet


def test_formula_starts_are_quoted():
    for cell in ("=1+1", "+31 20 555", "-2", "@SUM(A1)", "\t=cmd", "\r=cmd"):
        assert spreadsheet.neutralise(cell) == "'" + cell


def test_other_values_are_left_alone():
    for value in ("Jan", "", " =x", "'=x", 12, -3, None, 1.5):
        assert spreadsheet.neutralise(value) == value


@given(st.text())
def test_no_quoted_cell_starts_like_a_formula(text):
    cell = spreadsheet.neutralise(text)
    assert not cell.startswith(spreadsheet.FORMULA_STARTS)
    assert cell in (text, "'" + text)
