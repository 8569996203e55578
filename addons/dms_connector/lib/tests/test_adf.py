import datetime
import os

import pytest
from hypothesis import given, strategies as st

from ..formats import adf
from ..errors import PayloadError

SAMPLES = os.path.join(os.path.dirname(__file__), "samples")


def sample(name):
    with open(os.path.join(SAMPLES, name), "rb") as handle:
        return handle.read()


def only(body):
    results = adf.parse(body)
    assert len(results) == 1
    parsed, error = results[0]
    assert error is None, error
    return parsed


def test_a_plain_lead_gives_customer_vehicle_vendor_and_provider():
    lead = only(sample("adf_basic.xml"))
    assert lead["external_id"] == "provider:autoportal:AP-1001"
    assert lead["status"] == "new"
    assert lead["request_date"] == datetime.datetime(2026, 11, 2, 9, 15)
    assert lead["customer"]["first_name"] == "Jan"
    assert lead["customer"]["last_name"] == "de Vries"
    assert lead["customer"]["email"] == "jan@example.nl"
    assert lead["customer"]["phone"] == "020-1234567"
    assert lead["customer"]["phone_time"] == "evening"
    assert lead["customer"]["mobile"] == "06 12345678"
    assert lead["customer"]["zip"] == "1012 LG"
    assert lead["comments"] == "Would like a test drive on Saturday"
    assert [(v["make"], v["model"], v["colour"], v["price"]) for v in lead["vehicles"]] == [
        ("Volkswagen", "Golf", "Blue", 32500.0)]
    assert lead["trade_ins"] == []
    assert lead["lead_type"] == "web"
    assert lead["source"] == "AutoPortal"
    assert lead["vendor"] == {"id": "DLR-7", "name": "Dealer Amsterdam"}


def test_real_world_quirks_are_accepted():
    """PI before the declaration without '=', CRLF, padded values, upper-case root, miles,
    undeclared attributes, several vehicles with two trade-ins, trailing blank lines."""
    lead = only(sample("adf_quirks.xml"))
    assert lead["status"] == "resend"
    assert lead["external_id"] == "provider:importer leads:IMP-55"
    assert lead["customer"]["first_name"] == "Piet"
    assert lead["customer"]["last_name"] == "Jansen"
    assert [v["model"] for v in lead["vehicles"]] == ["A3", "Q4"]
    assert lead["vehicles"][0]["make"] == "Audi"
    assert lead["vehicles"][0]["mileage"] == 16093  # 10,000 miles in km
    assert [v["interest"] for v in lead["vehicles"]] == ["buy", "test-drive"]
    assert [(v["model"], v["mileage"]) for v in lead["trade_ins"]] == [("Astra", 150000), ("Panda", 80467)]
    assert lead["trade_ins"][0]["vin"] == "W0L0AHL4858012345"
    assert lead["lead_type"] == "importer"


@pytest.mark.parametrize("prolog", [
    b'<?adf version="1.0"?>\n<?xml version="1.0"?>\n',
    b'<?ADF VERSION "1.0"?><?xml version="1.0"?>',
    b'<?xml version="1.0"?>\n<?ADF VERSION="1.0"?>\n',
    b'<?xml version="1.0"?><?adf version "1.0"?>',
    b'\xef\xbb\xbf<?xml version="1.0" encoding="utf-8"?>',
    b'  \r\n<?adf version="1.0"?>',
    b'',
])
def test_the_adf_instruction_may_come_anywhere_in_the_prolog(prolog):
    body = prolog + sample("adf_basic.xml").split(b"?>", 2)[2]
    assert only(body)["customer"]["last_name"] == "de Vries"


def test_a_resend_hashes_like_the_original():
    original = sample("adf_basic.xml")
    resend = original.replace(b'status="new"', b'status="resend"', 1).replace(b"\n", b"\r\n")
    assert only(original)["payload_hash"] == only(resend)["payload_hash"]
    changed = original.replace(b"Golf", b"Polo")
    assert only(changed)["payload_hash"] != only(original)["payload_hash"]


def test_a_prospect_id_without_provider_source_is_keyed_with_the_vendor():
    body = sample("adf_basic.xml").replace(b'source="AutoPortal"', b'source="DealerSite"')
    assert only(body)["external_id"] == "prospect:AP-1001@dlr-7"


def test_one_bad_prospect_does_not_spoil_the_other():
    results = adf.parse(sample("adf_mixed.xml"))
    assert results[0][0] is None
    assert "customer.contact" in results[0][1].reason
    assert "email address or a phone number" in results[0][1].reason
    assert results[1][1] is None and results[1][0]["customer"]["last_name"] == "Good"


@pytest.mark.parametrize("body, reason", [
    (b"", "not XML"),
    (b"hello", "not XML"),
    (b"{\"external_id\": 1}", "not XML"),
    (b"<lead><prospect/></lead>", "root element is <lead>"),
    (b"<html><body>ADF</body></html>", "root element is <html>"),
    (b"<adf></adf>", "holds no <prospect>"),
    (b'<?xml version="1.0"?><!DOCTYPE adf [<!ENTITY a "aaaa"><!ENTITY b "&a;&a;&a;&a;">]><adf>&b;</adf>',
     "entities"),
    (b'<?xml version="1.0"?><!DOCTYPE adf [<!ENTITY x SYSTEM "http://example.com/x">]><adf>&x;</adf>',
     "entities"),
    (b"<adf>" + b"<a>" * 50 + b"</a>" * 50 + b"<prospect/></adf>", "nested deeper"),
    (b"<adf><prospect/>" + b" " * (adf.MAX_BYTES + 1) + b"</adf>", "more than"),
    (b'<?xml version="1.0" encoding="utf-8"?><adf>\xff\xfe</adf>', "holds no <prospect>"),
    (b'<?xml version="1.0" encoding="klingon"?><adf/>', "XML"),
])
def test_what_is_not_adf_is_refused_with_a_reason(body, reason):
    with pytest.raises(PayloadError) as caught:
        adf.parse(body)
    assert reason in str(caught.value)


@pytest.mark.parametrize("mutation, field", [
    ((b"<requestdate>2026-11-02T10:15:00+01:00</requestdate>", b"<requestdate>yesterday</requestdate>"),
     "requestdate"),
    ((b"<year>2026</year>", b"<year>twenty</year>"), "vehicle[0].year"),
    ((b'interest="buy"', b'interest="steal"'), "vehicle[0].interest"),
    ((b'<prospect status="new">', b'<prospect status="maybe">'), "status"),
    ((b"<email>jan@example.nl</email>", b""), None),
])
def test_a_bad_field_is_named(mutation, field):
    body = sample("adf_basic.xml").replace(*mutation)
    parsed, error = adf.parse(body)[0]
    if field is None:
        assert error is None  # phones still reach the customer
    else:
        assert parsed is None
        assert field in error.reason
        assert error.external_id == "provider:autoportal:AP-1001"


def test_a_customer_without_email_or_phone_is_refused():
    body = sample("adf_basic.xml")
    for tag in (b"email", b"phone"):
        while b"<%s" % tag in body:
            start = body.index(b"<%s" % tag)
            end = body.index(b"</%s>" % tag, start) + len(tag) + 3
            body = body[:start] + body[end:]
    error = adf.parse(body)[0][1]
    assert "email address or a phone number" in error.reason


def test_a_lead_without_any_id_is_keyed_by_its_content():
    """ADF 1.0 makes <id> optional and most real leads carry none: the fingerprint of the content
    recognises the same lead sent again, whatever its whitespace, and tells other leads apart."""
    body = sample("adf_basic.xml").replace(b'<id sequence="1" source="AutoPortal">AP-1001</id>', b"")
    lead = only(body)
    assert lead["external_id"].startswith("fingerprint:") and lead["keys"] == [lead["external_id"]]
    resend = body.replace(b'status="new"', b'status="resend"').replace(b"\n", b"\r\n  ")
    assert only(resend)["keys"] == lead["keys"]
    assert only(body.replace(b"Golf", b"Polo"))["keys"] != lead["keys"]
    assert only(body.replace(b"jan@example.nl", b"piet@example.nl"))["keys"] != lead["keys"]
    # a lead with ids carries the fingerprint as its last key too
    assert only(sample("adf_basic.xml"))["keys"][-1].startswith("fingerprint:")


def test_a_truncated_document_is_read_as_far_as_it_goes():
    body = sample("adf_basic.xml")
    parsed, error = adf.parse(body[:body.index(b"<customer>")])[0]
    assert parsed is None and "customer.contact" in error.reason


def test_importer_or_web_by_provider():
    assert adf.lead_type_for({"name": "VW Importer", "service": ""}) == "importer"
    assert adf.lead_type_for({"name": "Cars.com", "service": "Manufacturer portal"}) == "importer"
    assert adf.lead_type_for({"name": "AutoTrader", "service": "Classifieds"}) == "web"


@given(st.data())
def test_mutated_adf_is_parsed_or_refused_with_a_reason(data):
    """Truncated, spliced, re-encoded or bloated ADF: a PayloadError or per-prospect results."""
    body = sample(data.draw(st.sampled_from(["adf_basic.xml", "adf_quirks.xml", "adf_mixed.xml"])))
    mutation = data.draw(st.sampled_from(["truncate", "splice", "encode", "repeat", "attribute"]))
    if mutation == "truncate":
        body = body[:data.draw(st.integers(0, len(body)))]
    elif mutation == "splice":
        at = data.draw(st.integers(0, len(body)))
        body = body[:at] + data.draw(st.binary(max_size=40)) + body[at:]
    elif mutation == "encode":
        body = body.decode("utf-8").encode(data.draw(st.sampled_from(["utf-16", "latin-1", "utf-32"])))
    elif mutation == "repeat":
        body = body.replace(b"<prospect", b"<prospect><prospect" * data.draw(st.integers(1, 20)), 1)
    else:
        body = body.replace(b"<vehicle", b'<vehicle %s="%s"' % (
            data.draw(st.sampled_from([b"interest", b"status", b"x-y", b"units"])),
            data.draw(st.binary(max_size=10)).replace(b'"', b"").replace(b"<", b"").replace(b"&", b"")), 1)
    try:
        results = adf.parse(body)
    except PayloadError as error:
        assert str(error)
    else:
        for parsed, error in results:
            assert (parsed is None) != (error is None)
            assert parsed or error.reason
