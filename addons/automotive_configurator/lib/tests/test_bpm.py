"""BPM and rest-BPM, checked by hand against the published tables.

The tables are the ones in data/presales_bpm_tariff_data.xml (see the sources cited there):
2025: from 0 g/km EUR 667 + 2/g, from 79 EUR 825 + 79/g, from 101 EUR 2,563 + 173/g,
      from 141 EUR 9,483 + 284/g, from 157 EUR 14,027 + 568/g; diesel EUR 109.87/g above 70.
2026: from 0 g/km EUR 687 + 2/g, from 77 EUR 841 + 82/g, from 100 EUR 2,727 + 181/g,
      from 139 EUR 9,786 + 297/g, from 155 EUR 14,538 + 594/g; diesel EUR 114.83/g above 69.
"""
import datetime
from decimal import Decimal

import pytest

from ..bpm import BpmError, Tariff, depreciation_percent, months_elapsed, rest_bpm, table_problems, brackets_of

T2025 = Tariff(2025, [(0, 667, 2), (79, 825, 79), (101, 2563, 173), (141, 9483, 284), (157, 14027, 568)], 70, "109.87")
T2026 = Tariff(2026, [(0, 687, 2), (77, 841, 82), (100, 2727, 181), (139, 9786, 297), (155, 14538, 594)], 69, "114.83")
# 2024 for the rules that changed in 2025: zero-emission cars exempt, plug-in hybrids on a table
# of their own (a made-up two-bracket table: only the choice of table is tested here)
T2024_RULES = Tariff(2024, [(0, 440, 2), (80, 600, 76)], 70, "106.07", phev_brackets=[(0, 0, 0), (50, 0, 150)],
                     zero_emission_exempt=True)


def gross(tariff, fuel, co2):
    return tariff.gross(fuel, co2)[0]


@pytest.mark.parametrize("tariff, fuel, co2, expected", [
    # petrol 128 g/km (the demo Golf 1.5 TSI): 2,727 + 181 x (128 - 100)
    (T2026, "petrol", 128, "7795.00"),
    # 2025: 2,563 + 173 x (128 - 101)
    (T2025, "petrol", 128, "7234.00"),
    # diesel 119 g/km: 2,727 + 181 x 19 = 6,166 plus 114.83 x (119 - 69) = 5,741.50
    (T2026, "diesel", 119, "11907.50"),
    # 2025: 2,563 + 173 x 18 = 5,677 plus 109.87 x (119 - 70) = 5,383.63
    (T2025, "diesel", 119, "11060.63"),
    # a diesel at the threshold pays no surcharge: 687 + 2 x 69
    (T2026, "diesel", 69, "825.00"),
    # plug-in hybrid 16 g/km on the general table from 2025: 687 + 2 x 16
    (T2026, "plug_in_hybrid", 16, "719.00"),
    (T2025, "plug_in_hybrid", 16, "699.00"),
    # electric: the fixed amount only
    (T2026, "electric", 0, "687.00"),
    (T2025, "electric", None, "667.00"),
    # a hybrid is taxed like petrol
    (T2026, "hybrid", 125, "7252.00"),
    # on a boundary the next bracket starts where the previous ends: 687 + 2 x 77 = 841
    (T2026, "petrol", 77, "841.00"),
    # the top bracket: 14,538 + 594 x (200 - 155)
    (T2026, "petrol", 200, "41268.00"),
])
def test_gross_bpm_by_hand(tariff, fuel, co2, expected):
    assert gross(tariff, fuel, co2) == Decimal(expected)


def test_parts_name_the_surcharge():
    total, parts = T2026.gross("diesel", 119)
    assert [(str(label), amount) for label, amount in parts] == [
                     ("CO2 table, 119 g/km", Decimal("6166.00")),
                     ("diesel surcharge, 50 g/km above 69", Decimal("5741.50"))]
    assert total == sum(amount for _label, amount in parts)


def test_rules_before_2025():
    assert gross(T2024_RULES, "electric", 0) == Decimal("0.00")
    assert str(T2024_RULES.gross("electric", 0)[1][0][0]) == "zero-emission car: exempt"
    # the plug-in hybrid table: 0 + 150 x (60 - 50)
    assert gross(T2024_RULES, "plug_in_hybrid", 60) == Decimal("1500.00")
    assert gross(T2024_RULES, "petrol", 60) == Decimal("560.00")


@pytest.mark.parametrize("co2, message", [(None, "unknown"), (-1, "negative")])
def test_unknown_co2_is_refused(co2, message):
    with pytest.raises(BpmError) as error:
        T2026.gross("petrol", co2)
    assert message in str(error.value)


def test_the_published_tables_are_continuous():
    assert T2025.problems() == []
    assert T2026.problems() == []


@pytest.mark.parametrize("rows, message", [
    ([], "no brackets"),
    ([(5, 667, 2)], "must start at 0 g/km"),
    ([(0, 667, 2), (79, 852, 79)], "the bracket from 79 g/km must start at 825 (667 + 2 x 79 g/km), not 852"),
    ([(0, 667, 2), (0, 667, 2)], "two brackets start at 0 g/km"),
    ([(0, -1, 2)], "negative"),
])
def test_a_table_with_a_typing_error_is_found(rows, message):
    assert any(message in str(problem) for problem in table_problems(brackets_of(rows)))


def test_an_unsound_tariff_computes_nothing():
    broken = Tariff(2026, [(0, 687, 2), (77, 941, 82)], 69, "114.83")
    with pytest.raises(BpmError) as error:
        broken.gross("petrol", 100)
    assert "not sound" in str(error.value)


# ---- rest-BPM: the flat-rate table by months wholly or partly past ----

D = datetime.date


@pytest.mark.parametrize("start, end, expected", [
    (D(2023, 1, 31), D(2023, 2, 28), (1, False)),   # the Belastingdienst's own example: one month
    (D(2023, 1, 31), D(2023, 3, 1), (1, True)),     # ... and one day into the second
    (D(2024, 1, 31), D(2024, 2, 28), (0, True)),    # in a leap year 28 February is not the month's end
    (D(2024, 1, 31), D(2024, 2, 29), (1, False)),
    (D(2024, 1, 15), D(2024, 1, 15), (0, False)),
    (D(2024, 1, 15), D(2024, 1, 16), (0, True)),
    (D(2020, 6, 15), D(2026, 3, 10), (68, True)),
    (D(2020, 2, 29), D(2021, 2, 28), (12, False)),
])
def test_months_elapsed(start, end, expected):
    assert months_elapsed(start, end) == expected


@pytest.mark.parametrize("start, end, percent", [
    (D(2026, 3, 1), D(2026, 3, 1), "0"),
    (D(2026, 3, 1), D(2026, 3, 10), "12"),          # the first month, begun
    (D(2026, 1, 1), D(2026, 2, 1), "12"),           # exactly one month: 12 %, nothing added yet
    (D(2026, 1, 1), D(2026, 2, 2), "16"),           # 12 % + 4 % for the second month begun
    (D(2026, 1, 1), D(2026, 4, 1), "20"),           # three months: the next row starts at 20 %
    (D(2020, 6, 15), D(2026, 3, 10), "68.26"),      # 66 months and part of 3 more: 67 % + 3 x 0.42 %
    (D(2016, 3, 1), D(2026, 3, 1), "82.14"),        # 120 months: 81 % + 6 x 0.19 %
    (D(2000, 1, 1), D(2026, 3, 1), "100"),          # never more than everything
])
def test_flat_rate_depreciation(start, end, percent):
    assert depreciation_percent(start, end) == Decimal(percent)


def test_rest_bpm_of_a_six_year_old_car():
    # 7,795.00 gross, 68.26 % depreciated: 7,795 x 31.74 % = 2,474.133
    assert rest_bpm("7795.00", D(2020, 6, 15), D(2026, 3, 10)) == (Decimal("2474.13"), Decimal("68.26"))


def test_a_first_admission_in_the_future_is_refused():
    with pytest.raises(BpmError):
        depreciation_percent(D(2027, 1, 1), D(2026, 1, 1))
