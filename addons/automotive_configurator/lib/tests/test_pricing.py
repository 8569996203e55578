from decimal import Decimal

import pytest

from ..pricing import PriceError, breakdown, format_amount, money


def test_roll_up_to_the_cent():
    result = breakdown(
        {"base": ("Golf Life", 29990.0), "engine": ("2.0 TDI", 2150.0), "transmission": ("DSG", 1900.0),
         "colour": ("Kings Red metallic", 745.0), "upholstery": ("Cloth", 0)},
        [("Tow bar", 810.33), ("Panoramic roof", 1100.0)], discount=1500, vat_rate=21)
    assert result.vehicle_price == Decimal("34785.00")
    assert result.options_price == Decimal("1910.33")
    assert result.untaxed == Decimal("35195.33")
    # per line: 7304.85 + 170.17 + 231.00 - 315.00
    assert result.tax == Decimal("7391.02")
    assert result.total == Decimal("42586.35")
    assert [label for label, _unit, _qty in result.lines()] == ["vehicle", "Tow bar", "Panoramic roof", "discount"]


def test_vat_rounds_per_line_half_up():
    result = breakdown({"base": ("A", "0.50")}, [("B", "0.50")], vat_rate=21)
    # 0.105 -> 0.11 twice; rounding the sum once would give 0.21
    assert result.tax == Decimal("0.22")
    assert result.total == Decimal("1.22")


def test_float_prices_do_not_drift():
    assert money(19.99) == Decimal("19.99")
    assert money(0.1 + 0.2) == Decimal("0.30")
    result = breakdown({"base": ("A", 0.1)}, [("B", 0.2)] * 10, vat_rate=0)
    assert result.total == Decimal("2.10")


def test_quantity_multiplies_every_line():
    result = breakdown({"base": ("A", 1000)}, [("B", 99.99)], discount=10, vat_rate=21, quantity=3)
    assert result.untaxed == Decimal("3269.97")
    assert result.tax == Decimal("630.00") + Decimal("62.99") - Decimal("6.30")
    assert result.total == result.untaxed + result.tax


def test_free_options_are_not_lines():
    result = breakdown({"base": ("A", 1000)}, [("Included", 0)], vat_rate=21)
    assert [label for label, _unit, _qty in result.lines()] == ["vehicle"]


def test_describe():
    text = breakdown({"base": ("Golf Life", 29990)}, [("Tow bar", 810)], discount=100, vat_rate=21).describe()
    assert text == ["Golf Life: EUR 29,990.00", "Tow bar: EUR 810.00", "Discount: EUR -100.00",
                    "Total excl. VAT: EUR 30,700.00", "VAT 21 %: EUR 6,447.00", "Total incl. VAT: EUR 37,147.00",
                    "BPM: EUR 0.00", "Price on the road: EUR 37,147.00"]
    assert format_amount(Decimal("1234567.5")) == "1,234,567.50"


ROAD_COSTS = [("Registration fee", "51.20", False), ("Number plates", "45.00", True),
              ("Delivery", "650.00", True), ("Full tank", "60.00", True), ("Recycling fee", "45.00", True)]


def test_price_on_the_road_by_hand():
    # Golf Style 2.0 TDI DSG red leather (41,240) with a tow bar (860), 750 discount, VAT 21 %;
    # BPM 2026 for 119 g/km diesel 11,907.50; road-ready costs 51.20 without VAT and 800.00 with.
    result = breakdown({"base": ("Golf Style", 41240)}, [("Tow bar", 860)], discount=750, vat_rate=21,
                       bpm="11907.50", road_costs=ROAD_COSTS)
    assert result.untaxed == Decimal("41350.00")
    assert result.tax == Decimal("8683.50")             # 8,660.40 + 180.60 - 157.50
    assert result.total == Decimal("50033.50")
    assert result.bpm_total == Decimal("11907.50")
    assert result.road_untaxed == Decimal("851.20")
    assert result.road_tax == Decimal("168.00")         # 9.45 + 136.50 + 12.60 + 9.45
    assert result.road_total == Decimal("1019.20")
    # 50,033.50 + 11,907.50 + 1,019.20
    assert result.on_the_road == Decimal("62960.20")
    assert result.describe()[-7:] == [
        "BPM: EUR 11,907.50", "Registration fee (no VAT): EUR 51.20", "Number plates: EUR 54.45",
        "Delivery: EUR 786.50", "Full tank: EUR 72.60", "Recycling fee: EUR 54.45",
        "Price on the road: EUR 62,960.20"]


def test_the_discount_never_touches_bpm_or_road_costs():
    full = breakdown({"base": ("A", 30000)}, [], vat_rate=21, bpm=7795, road_costs=ROAD_COSTS)
    discounted = breakdown({"base": ("A", 30000)}, [], discount=1000, vat_rate=21, bpm=7795, road_costs=ROAD_COSTS)
    assert full.on_the_road - discounted.on_the_road == Decimal("1210.00")  # 1,000 and its VAT
    assert discounted.bpm_total == full.bpm_total
    assert discounted.road_total == full.road_total


def test_every_car_of_a_fleet_pays_bpm_and_road_costs():
    one = breakdown({"base": ("A", 30000)}, [], vat_rate=21, bpm=7795, road_costs=ROAD_COSTS)
    three = breakdown({"base": ("A", 30000)}, [], vat_rate=21, bpm=7795, road_costs=ROAD_COSTS, quantity=3)
    assert three.bpm_total == 3 * one.bpm_total
    assert three.road_total == 3 * one.road_total
    assert three.on_the_road == 3 * one.on_the_road


@pytest.mark.parametrize("kwargs, message", [
    ({"parts": {"base": ("A", 1)}, "options": [], "bpm": -1}, "the BPM cannot be negative"),
    ({"parts": {"base": ("A", 1)}, "options": [], "road_costs": [("Plates", -1, True)]},
     "Plates: the price cannot be negative"),
    ({"parts": {"base": ("A", -1)}, "options": []}, "A: the price cannot be negative"),
    ({"parts": {"base": ("A", 1)}, "options": [("B", -1)]}, "B: the price cannot be negative"),
    ({"parts": {"base": ("A", 1)}, "options": [], "discount": -5}, "the discount cannot be negative"),
    ({"parts": {"base": ("A", 100)}, "options": [], "discount": 101}, "cannot exceed"),
    ({"parts": {"base": ("A", 1)}, "options": [], "vat_rate": 120}, "VAT rate"),
    ({"parts": {"base": ("A", 1)}, "options": [], "quantity": 0}, "quantity"),
])
def test_bad_figures_are_refused(kwargs, message):
    with pytest.raises(PriceError) as error:
        breakdown(**kwargs)
    assert message in str(error.value)


def test_horsepower():
    from ..units import horsepower
    assert [horsepower(kw) for kw in (0, None, 85, 110, 210)] == [0, 0, 116, 150, 286]
