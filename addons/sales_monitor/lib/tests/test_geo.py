import io

import pytest

from sales_monitor.lib import geo

AMSTERDAM = (52.3676, 4.9041)
UTRECHT = (52.0907, 5.1214)
ROTTERDAM = (51.9244, 4.4777)
TABLE_CSV = """country,postcode,latitude,longitude,place
NL,10,52.37,4.90,Amsterdam
NL,1017,52.3640,4.8936,Amsterdam Centrum
NL,35,52.09,5.12,Utrecht
# comment lines are skipped
NL,30,51.92,4.48,Rotterdam
"""


def test_postcodes_are_found_by_their_longest_prefix():
    table = geo.read_postcode_table(io.StringIO(TABLE_CSV))
    assert geo.locate(table, "NL", "1017 ab") == (52.3640, 4.8936)
    assert geo.locate(table, "nl", "1081AB") == (52.37, 4.90)
    assert geo.locate(table, "NL", "3526") == (52.09, 5.12)
    assert geo.locate(table, "NL", "9999 ZZ") is None
    assert geo.locate(table, "BE", "1017") is None
    assert geo.locate(table, "NL", "") is None


@pytest.mark.parametrize("text, message", [
    ("country,zip,lat,lon,place\n", "line 1"),
    ("country,postcode,latitude,longitude,place\nNL,10,52.3\n", "line 2: expected 5 fields"),
    ("country,postcode,latitude,longitude,place\nNL,10,north,4.9,x\n", "line 2: fields latitude"),
    ("country,postcode,latitude,longitude,place\nNL,10,52,4,x\nNL,1,52,4,x\n", "line 3: field country"),
    ("country,postcode,latitude,longitude,place\nNL,10,95,4,x\n", "line 2: field latitude/longitude"),
])
def test_a_bad_table_line_is_named(text, message):
    with pytest.raises(geo.PostcodeTableError) as error:
        geo.read_postcode_table(io.StringIO(text))
    assert message in str(error.value)


def test_distances_between_the_three_branch_cities():
    assert geo.distance_km(AMSTERDAM, UTRECHT) == pytest.approx(34, abs=2)
    assert geo.distance_km(AMSTERDAM, ROTTERDAM) == pytest.approx(57, abs=2)
    assert geo.distance_km(UTRECHT, UTRECHT) == 0


def test_radius_selection_is_nearest_first_and_skips_customers_without_coordinates():
    customers = [("rotterdam", ROTTERDAM), ("unknown", None), ("utrecht", UTRECHT), ("amsterdam", AMSTERDAM)]
    assert geo.select_in_radius(customers, AMSTERDAM, 40) == ["amsterdam", "utrecht"]
    assert geo.select_in_radius(customers, AMSTERDAM, 60) == ["amsterdam", "utrecht", "rotterdam"]
    assert geo.select_in_radius(customers, AMSTERDAM, 1) == ["amsterdam"]
    for bad in (0, -3, None):
        with pytest.raises(geo.InvalidSelection):
            geo.select_in_radius(customers, AMSTERDAM, bad)


def test_area_selection_keeps_the_customers_inside_the_drawn_polygon():
    # a triangle around Amsterdam and Utrecht, leaving Rotterdam out
    area = [(52.6, 4.6), (52.0, 5.4), (51.95, 4.95)]
    customers = [("rotterdam", ROTTERDAM), ("utrecht", UTRECHT), ("amsterdam", AMSTERDAM), ("none", None)]
    assert geo.select_in_area(customers, area) == ["utrecht", "amsterdam"]
    with pytest.raises(geo.InvalidSelection):
        geo.select_in_area(customers, area[:2])


def test_symbols_grow_with_value_by_area():
    assert geo.symbol_radius(0, 1000) == 4.0
    assert geo.symbol_radius(1000, 1000) == 18.0
    assert geo.symbol_radius(250, 1000) == pytest.approx(4 + 14 * 0.5)
    assert geo.symbol_radius(5000, 1000) == 18.0
    assert geo.symbol_radius(10, 0) == 4.0
