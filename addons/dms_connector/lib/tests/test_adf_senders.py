"""ADF as real senders write it: every file of samples/adf (sources and licences in SOURCES.md)
is read lead by lead, and the dialects seen in the wild are read or refused with a reason."""
import datetime
import glob
import os

import pytest

from ..formats import adf
from ..errors import PayloadError

SENDERS = os.path.join(os.path.dirname(__file__), "samples", "adf")
FILES = sorted(os.path.basename(path) for path in glob.glob(os.path.join(SENDERS, "*.xml")))
REFUSED = {"everlogic_blank_template.xml": "email address or a phone number"}


def sample(name):
    with open(os.path.join(SENDERS, name), "rb") as handle:
        return handle.read()


def test_there_are_samples_of_several_senders():
    assert len(FILES) >= 9


@pytest.mark.parametrize("name", FILES)
def test_every_sender_is_read_lead_by_lead(name):
    results = adf.parse(sample(name))
    assert len(results) == 1
    parsed, error = results[0]
    if name in REFUSED:
        assert parsed is None and REFUSED[name] in error.reason
        return
    assert error is None, error.reason
    assert parsed["customer"]["last_name"] or parsed["customer"]["first_name"]
    assert parsed["customer"]["email"] or parsed["customer"]["phone"]
    assert parsed["keys"][-1].startswith("fingerprint:")


def test_what_each_sender_brings():
    spec = adf.parse(sample("spec_minimal.xml"))[0][0]
    assert (spec["customer"]["first_name"], spec["customer"]["last_name"]) == ("John", "Doe")
    assert spec["request_date"] == datetime.datetime(2000, 3, 30, 23, 30, 20)
    assert spec["vendor"]["name"] == "Acura of Bellevue"
    wiki = adf.parse(sample("wikipedia_example.xml"))[0][0]
    assert wiki["request_date"] == datetime.datetime(2000, 3, 30, 23, 30, 20)  # "-08:0"
    launch = adf.parse(sample("launchlabs_example.xml"))[0][0]
    assert launch["vehicles"] == []  # <vehicle interest="buy" status="new"/> names no car
    assert launch["comments"].splitlines()[0] == "Click for full customer profile: https://example.com/profile"
    assert len(launch["comments"].splitlines()) == 5
    impel = adf.parse(sample("impel_template.xml"))[0][0]
    assert "attribute values quoted" in impel["repaired"]
    assert impel["vehicles"] == []  # <year></year><make></make><model></model>
    assert impel["external_id"] == "prospect:IMP-20240611-0042@impel"
    agency = adf.parse(sample("agency_offer_form.xml"))[0][0]
    assert agency["vendor"]["name"] == "Toyota of Greer"  # beside the prospect, not in it
    assert agency["source"] == "Chumney & Associates"
    assert agency["request_date"] is None
    assert agency["comments"] == "Is the 4Runner still available?"
    phone = adf.parse(sample("phone_agent_lead.xml"))[0][0]
    assert [(car["make"], car["mileage"]) for car in phone["vehicles"]] == [("Toyota", 50292)]
    assert [car["model"] for car in phone["trade_ins"]] == ["Civic"]
    assert phone["comment_fields"]["timeframe"] == "within 2 weeks"
    assert (phone["purchase_start"], phone["purchase_end"]) == (datetime.date(2026, 5, 4), datetime.date(2026, 5, 18))
    roadster = adf.parse(sample("roadster_test_lead.xml"))[0][0]
    assert roadster["vendor"] == {"id": "", "name": ""} and roadster["source"] == "Roadster Online"
    assert roadster["customer"]["zip"] == "33134"


def test_a_comment_before_the_declaration_and_several_documents_in_one_body():
    body = (b"<!-- forwarded by the marketplace -->\n" + sample("sendadf_output.xml") + b"\n\n"
            + sample("wikipedia_example.xml"))
    results = adf.parse(body)
    assert [parsed["customer"]["last_name"] for parsed, _error in results] == ["Doe", "Last"]
    assert "2 <adf> documents in one body" in results[0][0]["repaired"]


def test_timeframe_dates_and_values_with_tabs_and_newlines():
    body = sample("sendadf_output.xml").replace(
        b"</contact>", b"</contact><timeframe><description>soon</description>"
                       b"<earliestdate>2020-03-01</earliestdate><latestdate>2020-04-15</latestdate></timeframe>", 1)
    body = body.replace(b"<model>Blazer</model>", b"<model>\t Blazer\n  LT\t</model>")
    lead = adf.parse(body)[0][0]
    assert (lead["purchase_start"], lead["purchase_end"]) == (datetime.date(2020, 3, 1), datetime.date(2020, 4, 15))
    assert lead["vehicles"][0]["model"] == "Blazer LT"


def test_name_type_full_and_mailto_addresses():
    body = sample("sendadf_output.xml").replace(
        b'<name part="full" type="individual">John Doe</name>', b'<name type="full">Anna de Wit</name>'
    ).replace(b"<phone", b"<email>mailto:anna@example.nl</email><phone", 1)
    lead = adf.parse(body)[0][0]
    assert (lead["customer"]["first_name"], lead["customer"]["last_name"]) == ("Anna de", "Wit")
    assert lead["customer"]["email"] == "anna@example.nl"


def test_control_characters_and_broken_markup_are_repaired_and_said():
    body = sample("sendadf_output.xml").replace(b"John Doe", b"John\x00 \x07Doe").replace(
        b'<vehicle interest="buy"', b"<vehicle interest=buy")
    lead = adf.parse(body)[0][0]
    assert lead["customer"]["last_name"] == "Doe"
    assert "attribute values quoted" in lead["repaired"] and "control characters removed" in lead["repaired"]
    unclosed = sample("sendadf_output.xml").replace(b"</contact></customer>", b"</customer>")
    lead = adf.parse(unclosed)[0][0]
    assert "recovering parser" in lead["repaired"]
    assert lead["customer"]["last_name"] == "Doe"


@pytest.mark.parametrize("body, reason", [
    (b"<!DOCTYPE adf [<!ENTITY x SYSTEM 'file:///etc/passwd'>]><adf><prospect>&x;</prospect></adf>", "entities"),
    (b"Dear dealer, please call me back.", "not XML"),
    (b"<html><body><p>Lead from the website</p></body></html>", "root element is <html>"),
])
def test_what_is_not_adf_is_refused_with_its_reason(body, reason):
    with pytest.raises(PayloadError) as caught:
        adf.parse(body)
    assert reason in str(caught.value)
