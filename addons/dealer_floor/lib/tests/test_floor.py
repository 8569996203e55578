from datetime import datetime

import pytest
from hypothesis import given, strategies as st

from dealer_floor.lib import floor

json_values = st.recursive(
    st.none() | st.booleans() | st.integers() | st.floats(allow_nan=False) | st.text(max_size=80),
    lambda children: st.lists(children, max_size=4) | st.dictionaries(st.text(max_size=12), children, max_size=4),
    max_leaves=12)
fields = st.sampled_from(["client_uuid", "first_name", "last_name", "phone", "email", "wish", "purpose",
                          "lead_id", "partner_id", "user_id", "action", "direction", "summary", "occurred_at",
                          "stock_vehicle_id", "fleet_vehicle_id", "start", "minutes", "licence_number",
                          "licence_expiry", "photo"])
payloads = st.one_of(json_values, st.dictionaries(fields, json_values, max_size=10))
NOW = datetime(2030, 5, 1, 12, 0, 0)


@given(payloads)
def test_whatever_a_phone_sends_is_cleaned_or_refused_naming_the_field(payload):
    for clean in (floor.clean_walk_in, lambda value: floor.clean_contact(value, NOW),
                  lambda value: floor.clean_test_drive(value, NOW)):
        try:
            clean(payload)
        except floor.InvalidInput as error:
            assert error.field and error.problem


def test_a_capture_uuid_is_canonical():
    assert floor.client_uuid(" 0F8FAD5B-D9CB-469F-A165-70867728950E ") == "0f8fad5b-d9cb-469f-a165-70867728950e"
    assert floor.client_uuid("") is None
    for bad in ("x", 12, "0f8fad5b" * 9):
        with pytest.raises(floor.InvalidInput):
            floor.client_uuid(bad)


def test_a_walk_in_needs_names_and_a_way_to_reach_them():
    values = floor.clean_walk_in({"first_name": " Noor ", "last_name": "de  Wit", "email": "noor@example.nl"})
    assert (values["first_name"], values["last_name"], values["purpose"]) == ("Noor", "de Wit", "look_around")
    with pytest.raises(floor.InvalidInput) as caught:
        floor.clean_walk_in({"first_name": "Noor", "last_name": "de Wit"})
    assert caught.value.field == "phone"


def test_a_contact_logged_offline_keeps_its_time_but_never_a_future_one():
    logged = floor.clean_contact({"lead_id": 3, "occurred_at": "2030-05-01T10:02:00"}, NOW)
    assert logged["occurred_at"] == datetime(2030, 5, 1, 10, 2)
    assert floor.clean_contact({"lead_id": 3, "occurred_at": "2031-01-01 00:00:00"}, NOW)["occurred_at"] == NOW


def test_next_up_waits_longest_first_and_skips_the_busy():
    present = {1: datetime(2030, 1, 1, 8), 2: datetime(2030, 1, 1, 9), 3: datetime(2030, 1, 1, 7)}
    last = {1: datetime(2030, 1, 1, 10), 3: datetime(2030, 1, 1, 11)}
    assert floor.next_up(present, set(), last) == 2
    assert floor.next_up(present, {2}, last) == 1
    assert floor.next_up(present, {1, 2, 3}, last) is None
    assert floor.next_up({4: None, 5: None}, set(), {}) == 4


def test_whatsapp_link_and_closing_time():
    assert floor.whatsapp_link("31612345678") == "https://wa.me/31612345678"
    assert floor.whatsapp_link("") is None
    assert floor.after_closing(datetime(2030, 1, 1, 17, 30), 17.5)
    assert not floor.after_closing(datetime(2030, 1, 1, 17, 29), 17.5)
