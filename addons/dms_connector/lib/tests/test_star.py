"""STAR Automotive JSON as STAR publishes it (samples/star, see SOURCES.md there): every example of
a kind we read gives one result per record; fragments that are not documents are refused."""
import datetime
import glob
import json
import os

import pytest

from .. import formats
from ..errors import PayloadError
from ..formats import star

SAMPLES = os.path.join(os.path.dirname(__file__), "samples", "star")
DOCUMENTS = sorted(os.path.basename(path) for path in glob.glob(os.path.join(SAMPLES, "*.json"))
                   if not path.endswith("schemas.json"))
# documents whose every record we refuse, and why (they hold no customer)
REFUSED = {
    "minimal_contact_method.json": "holds no customer",
    "simple_contact_method.json": "holds no customer",
    "rdr_example_price.json": "no buyer, lessee or owner",
    "rdr_price_summary.json": "no buyer, lessee or owner",
    "rdr_price_summary_2.json": "no buyer, lessee or owner",
}


def load(name):
    with open(os.path.join(SAMPLES, name), "rb") as handle:
        return handle.read()


def items(name):
    return formats.parse(load(name), "application/json")


def is_document(name):
    return star.is_star(json.loads(load(name).decode("utf-8")))


def test_stars_examples_are_here():
    assert len(DOCUMENTS) == 30
    assert sum(1 for name in DOCUMENTS if is_document(name)) == 19


@pytest.mark.parametrize("name", DOCUMENTS)
def test_every_example_is_read_record_by_record_or_refused_as_no_document(name):
    if not is_document(name):
        # a fragment of a document (options, safety ratings, a lifecycle pulse): refused as a
        # whole, or, where it happens to carry a key of our schema, each record with its reason
        try:
            found = items(name)
        except PayloadError as error:
            assert "neither our moment schema nor a STAR document" in str(error)
        else:
            assert found and all(item.error and item.error.reason for item in found)
        return
    found = items(name)
    assert found and all(item.kind.startswith("star") for item in found)
    for item in found:
        assert (item.parsed is None) != (item.error is None)
        assert item.external_id
        if name in REFUSED:
            assert REFUSED[name] in item.error.reason
        else:
            assert item.error is None, item.error.reason


def test_communication_events_become_moments_with_offsets_in_utc():
    found = items("communication_event.json")
    assert [item.kind for item in found] == ["star_contact"] + ["star"] * 6
    first, failed, sms = found[1].parsed, found[2].parsed, found[3].parsed
    assert first["occurred_at"] == datetime.datetime(2026, 10, 5, 13, 0)  # 09:00-04:00
    assert (first["type_code"], first["channel"], first["direction"]) == ("STAR_EMAIL_OUTBOUND", "email", "outbound")
    assert first["lead_external_id"] == "LEAD-77882"
    assert first["site"] == "DEALER-001"
    assert (first["customer"]["external_id"], first["customer"]["first_name"], first["customer"]["last_name"]) == (
        "CUST-10001", "Jane", "Smith")
    assert first["customer"]["email"] == "jane.smith@example.com"
    assert failed["summary"] == "Sales advisor called customer. No answer. (failed)"
    assert sms["channel"] == "chat"
    inbound = found[4].parsed
    assert inbound["direction"] == "inbound" and inbound["site"] == "DEALER-001"


def test_channel_authorisations_are_the_customers_consent():
    contact = items("contact_method.json")[0].parsed
    assert [(consent["channel"], consent["state"]) for consent in contact["consents"]] == [
        ("email", "given"), ("phone", "given"), ("post", "given")]
    moment = items("contact_method.json")[1].parsed
    assert moment["customer"]["marketing_consent"] == ["email", "phone", "post"]
    assert moment["customer"]["last_name"] == "Smith"  # the target party of the event
    no_follow = items("contact_method_no_follow.json")[0].parsed
    assert [(consent["channel"], consent["state"]) for consent in no_follow["consents"]] == [
        ("email", "given"), ("phone", "given"), ("post", "refused")]
    assert no_follow["customer"]["email"] == "jane.smith@example.com"


def test_source_party_as_object_or_array():
    body = json.loads(load("contact_method.json").decode("utf-8"))
    event = body["customer_contact_profile"]["communication_events"][0]
    as_object = dict(event, source_party=event["source_party"][0])
    for variant in (event, as_object):
        body["customer_contact_profile"]["communication_events"] = [variant]
        moment = formats.parse(json.dumps(body).encode(), "application/json")[1].parsed
        assert moment["site"] == "DEALER-ATL-001"


def test_customers_with_parties_lead_sources_garage_and_lifecycle():
    first, created, deleted = [item.parsed for item in items("customers.json")]
    assert (first["customer"]["first_name"], first["customer"]["last_name"]) == ("Michael", "Johnson")
    assert {lead["lead_id"] for lead in first["leads"]} == {"LEAD-77881"}
    assert [lead["source"] for lead in first["leads"]] == ["Ford.com", "Dealer Website", "Dealership Phone Inquiry"]
    assert [(car["vin"], car["current"]) for car in first["vehicles"]] == [
        ("1FAABC00TEST00002", True), ("1FMXYZ00TEST00088", False)]
    assert [event["type"] for event in first["events"]] == [
        "REQUEST_RECEIVED", "VEHICLE_ASSOCIATED", "VEHICLE_DISASSOCIATED", "SEARCHED", "UPDATED"]
    assert created["events"][0]["type"] == "CREATED" and not created["customer"]["last_name"]
    assert deleted["deleted"]


def test_delivery_reports_with_numbers_as_strings_and_lease_terms():
    lease = items("rdr_example_1.json")[0].parsed
    assert lease["vehicle"]["vin"] == "1G1RE6E47HF123456"
    assert lease["terms"]["term_months"] == 36 and lease["terms"]["residual"] == 32000.0
    assert lease["terms"]["price"] == 55000.0
    assert lease["moment"]["type_code"] == "DELIVERY"
    assert lease["moment"]["occurred_at"] == datetime.datetime(2026, 3, 13, 10, 30)
    assert lease["moment"]["customer"]["external_id"] == "CUST-001"
    assert lease["address"]["zip"] == "30004"
    assert "36 months" in lease["moment"]["summary"]
    named = items("rdr_version_1.json")[0].parsed
    assert (named["moment"]["customer"]["first_name"], named["moment"]["customer"]["last_name"]) == ("Eban", "Thomas")
    assert named["vehicle"]["make"] == "Lucid"


def test_lifecycle_events_and_lead_sources_sent_alone():
    events = items("customer_lifecycle_events.json")
    assert [item.parsed["event"]["type"] for item in events] == ["LEAD_RECEIVED", "LEAD_RECEIVED"]
    assert [item.external_id for item in items("lead_sources.json")] == ["LEAD-77881", "LEAD-88442", "LEAD-99117"]


def test_a_bad_value_names_its_field():
    body = json.loads(load("communication_event.json").decode("utf-8"))
    body["customer_contact_profile"]["communication_events"][0]["occurrence_date_time"] = "soon"
    found = formats.parse(json.dumps(body).encode(), "application/json")
    assert found[1].external_id == "COMM-001" and "occurred_at" in found[1].error.reason
    assert all(item.error is None for item in found[2:])
