import os

import pytest
from hypothesis import given, strategies as st

from .. import inventory
from ..errors import PayloadError

SAMPLE = os.path.join(os.path.dirname(__file__), "samples", "inventory_feed.csv")


def feed():
    with open(SAMPLE, "rb") as handle:
        return inventory.parse(handle.read())


def test_each_bad_row_has_its_own_reason_and_the_rest_imports():
    results = {row: (vehicle, error) for row, _raw, vehicle, error in feed()}
    good = {row: vehicle for row, (vehicle, error) in results.items() if vehicle}
    reasons = {row: error.reason for row, (vehicle, error) in results.items() if error}
    assert sorted(good) == [2, 8, 10]
    assert "17 characters" in reasons[3] and reasons[3].startswith("field vin")
    assert "placeholder" in reasons[4]
    assert reasons[5].startswith("field stock_number") and "repeats row 2" in reasons[5]
    assert reasons[6] == "field price: is empty"
    assert reasons[7].startswith("field price: is zero")
    assert reasons[9].startswith("field vin") and "check digit" in reasons[9]


def test_good_rows_are_normalised():
    rows = {row: vehicle for row, _raw, vehicle, _error in feed() if vehicle}
    golf = rows[2]
    assert golf["price"] == 32500.0
    assert golf["options"] == "Navigation; Heated seats; Towbar"
    assert golf["condition"] == "new" and golf["status"] == "available"
    assert rows[8]["status"] == "sold"
    assert rows[10]["condition"] == "demo"
    assert rows[10]["options"] == "Sunroof; Tow bar"


@pytest.mark.parametrize("vin, ok", [
    ("1HGCM82633A004352", True),        # North American, right check digit
    ("1HGCM82634A004352", False),       # North American, wrong check digit
    ("WVWZZZ1KZAW000001", True),        # European: no check digit to verify
    ("VF1RFB00X56789012", True),
    ("WVWZZZ1KZAW00000", False),
    ("WVWZZZ1KZAW0000O1", False),       # the letter O
    ("AAAAAAAAAAAAAAAAA", False),
])
def test_vin_rules(vin, ok):
    assert (inventory.vin_error(vin) == "") is ok


def test_a_saved_column_mapping_wins():
    body = "Chassis;Nummer;Merk;Type;Prijs\nWVWZZZ1KZAW000001;X1;VW;Golf;100\n"
    results = inventory.parse(body, {"Nummer": "stock_number", "Merk": "make", "Type": "model", "Prijs": "price"})
    assert results[0][2]["stock_number"] == "X1"
    assert results[0][2]["model"] == "Golf"


def test_a_feed_without_the_needed_columns_is_refused():
    with pytest.raises(PayloadError) as caught:
        inventory.parse("a,b\n1,2\n")
    assert "lacks the columns vin, stock_number, make, model, price" in str(caught.value)
    with pytest.raises(PayloadError):
        inventory.parse(b"")


def test_windows_1252_and_quoted_cells():
    body = 'vin,stock,make,model,price,options\nWVWZZZ1KZAW000001,X1,Citro\xebn,"C4, Picasso","12,500","a;b"\n'
    vehicle = inventory.parse(body.encode("cp1252"))[0][2]
    assert vehicle["make"] == "Citro\xebn"
    assert vehicle["model"] == "C4, Picasso"
    assert vehicle["price"] == 12500.0


@given(st.lists(st.lists(st.text(alphabet=st.characters(blacklist_categories=("Cs",)), max_size=20),
                         max_size=8), max_size=6))
def test_any_rows_give_a_vehicle_or_a_reason(rows):
    header = "vin,stock_number,make,model,price,year,mileage"
    body = header + "\n" + "\n".join(",".join('"%s"' % cell.replace('"', '""') for cell in row) for row in rows)
    try:
        results = inventory.parse(body)
    except PayloadError as error:
        assert str(error)
        return
    for _row, _raw, vehicle, error in results:
        assert (vehicle is None) != (error is None)
        if error:
            assert error.reason
