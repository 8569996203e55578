"""What real senders write, pushed over HTTP as they would: every ADF sample and every STAR example
record by record, and documents built from the ADF 1.0 DTD and STAR's JSON schemas, valid and then
mutated (missing parts, wrong types, odd whitespace, control characters, huge values). No answer is
a 5xx; every record gets its answer; `make test` checks the server's log for ERROR lines.

DMS_GRAMMAR_EXAMPLES documents of each kind per run (`make fuzz`: 1,000)."""
import glob
import json
import os
import uuid

import pytest
import requests
from hypothesis import HealthCheck, given, settings, strategies as st
from hypothesis_jsonschema import from_schema

from .support import ROOT

SAMPLES = os.path.join(ROOT, "addons", "dms_connector", "lib", "tests", "samples")
EXAMPLES = int(os.environ.get("DMS_GRAMMAR_EXAMPLES", "15"))
STATUSES = ("accepted", "duplicate", "updated", "quarantined")
with open(os.path.join(SAMPLES, "star", "schemas.json")) as _handle:
    STAR_SCHEMAS = json.load(_handle)


@pytest.fixture(scope="module")
def director(odoo_server):
    from .support import RpcClient
    return RpcClient(odoo_server.url, odoo_server.db, "director")


@pytest.fixture(scope="module")
def key(director):
    return director.call("dms.backend", "generate_api_key", [director.ref("dms_connector.backend_demo")])


def push(server, key, body, content_type):
    return requests.post("%s/dms/demo-dms/moments" % server.url, data=body, timeout=300,
                         headers={"Content-Type": content_type, "Authorization": "Bearer %s" % key})


def answered(response, records=None):
    """The per-record answers of a push that may not be refused as a whole."""
    assert response.status_code == 200, response.text[:500]
    results = response.json()["results"]
    if records is not None:
        assert len(results) == records, results
    for result in results:
        assert result["status"] in STATUSES
        assert result["status"] != "quarantined" or result["reason"]
    return results


def read(*path):
    with open(os.path.join(SAMPLES, *path), "rb") as handle:
        return handle.read()


def test_every_adf_sender_over_http(odoo_server, key, director):
    for path in sorted(glob.glob(os.path.join(SAMPLES, "adf", "*.xml"))):
        body = read("adf", os.path.basename(path))
        first = answered(push(odoo_server, key, body, "application/xml"), 1)
        again = answered(push(odoo_server, key, body, "text/xml"), 1)
        if "everlogic" in path:
            assert first[0]["status"] == again[0]["status"] == "quarantined"
            continue
        # accepted on a fresh database; a database kept from an earlier run knows the lead already
        assert first[0]["status"] in ("accepted", "duplicate"), (path, first)
        assert again[0]["status"] == "duplicate", (path, again)
        leads = director.call("dms.lead.binding", "search_read", [("external_id", "=", first[0]["external_id"])],
                              ["odoo_id"])
        assert len({lead["odoo_id"][0] for lead in leads}) == 1


def test_every_star_example_over_http(odoo_server, key):
    for path in sorted(glob.glob(os.path.join(SAMPLES, "star", "rdr_*.json")) + glob.glob(
            os.path.join(SAMPLES, "star", "c*.json")) + glob.glob(os.path.join(SAMPLES, "star", "*contact_method.json"))
            + glob.glob(os.path.join(SAMPLES, "star", "lead_sources.json"))):
        response = push(odoo_server, key, read("star", os.path.basename(path)), "application/json")
        if response.status_code == 400:  # a fragment of a document, not a document
            assert "neither our moment schema nor a STAR document" in response.json()["error"], path
            assert os.path.basename(path) in FRAGMENTS, path
            continue
        answered(response)


FRAGMENTS = ("rdr_example_vehicle_identifier.json", "rdr_features_and_standard_groups.json", "rdr_lifecycle.json",
             "rdr_lifecycle_full.json", "rdr_protection_product.json", "rdr_safety.json",
             "rdr_vehicle_components.json", "rdr_vehicle_options.json", "rdr_vehicle_port_of_entry.json",
             "rdr_vehicle_production.json")


# ---- ADF from its DTD (ADF 1.0 specification, as in carmelosantana/sendadf docs/adf-1.0.dtd) ----
# element: (children in order as (name, "1" | "?" | "*" | "+"), attributes {name: values or None})
ADF_DTD = {
    "adf": ([("prospect", "+")], {}),
    "prospect": ([("id", "*"), ("requestdate", "1"), ("vehicle", "+"), ("customer", "1"), ("vendor", "1"),
                  ("provider", "?")], {"status": ("new", "resend")}),
    "vehicle": ([("id", "*"), ("year", "1"), ("make", "1"), ("model", "1"), ("vin", "?"), ("stock", "?"),
                 ("trim", "?"), ("doors", "?"), ("bodystyle", "?"), ("transmission", "?"), ("odometer", "?"),
                 ("colorcombination", "*"), ("imagetag", "?"), ("price", "?"), ("pricecomments", "?"),
                 ("option", "*"), ("finance", "?"), ("comments", "?")],
                {"interest": ("buy", "lease", "sell", "trade-in", "test-drive"), "status": ("new", "used")}),
    "odometer": ([], {"status": ("unknown", "rolledover", "replaced", "original"), "units": ("km", "mi")}),
    "colorcombination": ([("interiorcolor", "?"), ("exteriorcolor", "?"), ("preference", "1")], {}),
    "option": ([("optionname", "1"), ("manufacturercode", "?"), ("stock", "?"), ("weighting", "?"),
                ("price", "?")], {}),
    "finance": ([("method", "1"), ("amount", "+"), ("balance", "?")], {}),
    "amount": ([], {"type": ("downpayment", "monthly", "total"), "limit": ("maximum", "minimum", "exact"),
                    "currency": None}),
    "balance": ([], {"type": ("finance", "residual"), "currency": None}),
    "customer": ([("contact", "1"), ("id", "*"), ("timeframe", "?"), ("comments", "?")], {}),
    "timeframe": ([("description", "1"), ("earliestdate", "?"), ("latestdate", "?")], {}),
    "vendor": ([("id", "*"), ("vendorname", "1"), ("url", "?"), ("contact", "1")], {}),
    "provider": ([("id", "*"), ("name", "1"), ("service", "?"), ("url", "?"), ("email", "?"), ("phone", "?"),
                  ("contact", "?")], {}),
    "contact": ([("name", "+"), ("email", "?"), ("phone", "*"), ("address", "?")], {"primarycontact": ("0", "1")}),
    "name": ([], {"part": ("surname", "first", "middle", "last", "full"), "type": ("business", "individual")}),
    "email": ([], {"preferredcontact": ("0", "1")}),
    "phone": ([], {"type": ("voice", "fax", "cellphone", "pager"),
                   "time": ("morning", "afternoon", "evening", "nopreference", "day"), "preferredcontact": ("0", "1")}),
    "address": ([("street", "+"), ("apartment", "?"), ("city", "?"), ("regioncode", "?"), ("postalcode", "?"),
                 ("country", "?")], {"type": ("work", "home", "delivery")}),
    "street": ([], {"line": None}),
    "price": ([], {"type": ("quote", "offer", "msrp", "invoice", "call", "appraisal", "asking"), "currency": None,
                   "delta": ("absolute", "relative", "percentage"), "relativeto": ("msrp", "invoice"),
                   "source": None}),
    "id": ([], {"sequence": None, "source": None}),
    "imagetag": ([], {"width": None, "height": None, "alttext": None}),
}
words = st.text(st.characters(min_codepoint=32, max_codepoint=0x2fff, blacklist_categories=("Cs",)), min_size=1,
                max_size=20)
VALUES = {
    "requestdate": st.datetimes().map(lambda moment: moment.isoformat() + "Z") | st.sampled_from(
        ["2000-03-30T15:30:20-08:0", "2/9/2020 6:26PM", "2026-11-02 10:00:00", "yesterday"]),
    "year": st.integers(1900, 2100).map(str) | st.sampled_from(["", "twenty", "1850"]),
    "price": st.floats(0, 1e7, allow_nan=False).map(lambda value: "%.2f" % value),
    "odometer": st.integers(0, 10 ** 6).map(str), "amount": st.integers(0, 10 ** 6).map(str),
    "email": st.emails() | words, "phone": st.from_regex(r"\+?[0-9 ()-]{6,16}", fullmatch=True),
    "earliestdate": st.dates().map(str), "latestdate": st.dates().map(str),
    "vin": st.from_regex(r"[A-HJ-NPR-Z0-9]{17}", fullmatch=True),
}


@st.composite
def adf_element(draw, name, depth=0):
    children, attributes = ADF_DTD.get(name, ([], {}))
    attrs = "".join(' %s="%s"' % (attr, draw(st.sampled_from(values) if values else st.from_regex(
        r"[A-Za-z0-9]{1,12}", fullmatch=True))) for attr, values in attributes.items() if draw(st.booleans()))
    if not children:
        text = draw(VALUES.get(name, words))
        return "<%s%s>%s</%s>" % (name, attrs, text.replace("&", "&amp;").replace("<", "&lt;"), name)
    parts = []
    for child, count in children:
        times = {"1": 1, "?": draw(st.integers(0, 1)), "*": draw(st.integers(0, 2)),
                 "+": draw(st.integers(1, 2))}[count]
        parts.extend(draw(adf_element(child, depth + 1)) for _index in range(times))
    return "<%s%s>%s</%s>" % (name, attrs, "".join(parts), name)


MUTATIONS = ("none", "drop", "wrong type", "whitespace", "control", "huge", "unquoted", "upper", "truncate")


@st.composite
def adf_document(draw):
    """(body, prospects or None when the mutation may change their number)."""
    body = draw(adf_element("adf"))
    prospects = body.count("<prospect")
    mutation = draw(st.sampled_from(MUTATIONS))
    if mutation == "drop":
        tag = draw(st.sampled_from(["requestdate", "vehicle", "customer", "contact", "name", "vendor", "year"]))
        start = body.find("<%s" % tag)
        end = body.find("</%s>" % tag, start)
        if start >= 0 and end >= 0:
            body = body[:start] + body[end + len(tag) + 3:]
    elif mutation == "wrong type":
        body = body.replace("<year>", "<year>%s" % draw(words).replace("<", "").replace("&", ""), 1)
    elif mutation == "whitespace":
        body = body.replace("><", ">\r\n\t  <")
    elif mutation == "control":
        body = body.replace("</name>", "%s</name>" % draw(st.sampled_from(["\x00", "\x07\x1b", "\ufffe", "\x0b"])), 1)
    elif mutation == "huge":
        body = body.replace("</name>", "%s</name>" % ("x" * draw(st.integers(1000, 200000))), 1)
    elif mutation == "unquoted":
        body = body.replace('="', "=").replace('" ', " ").replace('">', ">")
    elif mutation == "upper":
        body = body.replace("<prospect", "<PROSPECT").replace("</prospect>", "</PROSPECT>")
    elif mutation == "truncate":
        body = body[:draw(st.integers(len(body) // 2, len(body)))]
    prolog = draw(st.sampled_from(['<?xml version="1.0"?>\n<?adf version="1.0"?>\n', '<?ADF VERSION "1.0"?>\n'
                                   '<?XML VERSION "1.0"?>\n', "<!-- lead -->\n", ""]))
    return (prolog + body).encode("utf-8", "surrogatepass"), (prospects if mutation in (
        "none", "wrong type", "whitespace", "control", "unquoted", "upper") else None)


@settings(max_examples=EXAMPLES, deadline=None, database=None,
          suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow, HealthCheck.data_too_large])
@given(document=adf_document())
def test_adf_built_from_the_dtd_is_answered_record_by_record(odoo_server, key, document):
    body, prospects = document
    response = push(odoo_server, key, body, "application/xml")
    assert response.status_code in (200, 400), response.text[:300]
    if response.status_code == 400:
        assert prospects is None, response.text[:300]  # only a truncated or cut document may be unreadable
        assert response.json()["error"]
    else:
        answered(response, prospects)


# ---- STAR from its JSON schemas (samples/star/schemas.json, reduced from STAR's OpenAPI files) ----

def mutate(data, draw):
    """The document with one value somewhere replaced: a wrong type, control characters, a huge
    text, or the key removed."""
    paths = []

    def walk(node, path):
        if isinstance(node, dict):
            for key, value in node.items():
                paths.append(path + [key])
                walk(value, path + [key])
        elif isinstance(node, list):
            for index, value in enumerate(node):
                paths.append(path + [index])
                walk(value, path + [index])
    walk(data, [])
    if not paths:
        return data
    path = draw(st.sampled_from(paths))
    parent = data
    for step in path[:-1]:
        parent = parent[step]
    kind = draw(st.sampled_from(["type", "control", "huge", "drop", "null"]))
    if kind == "drop" and isinstance(parent, dict):
        del parent[path[-1]]
    else:
        parent[path[-1]] = {"type": draw(st.sampled_from([17, 3.5, True, [], {}, "text"])),
                            "control": "a\x00b\ud800c\x1f", "huge": "y" * 100000, "null": None,
                            "drop": None}[kind]
    return data


@st.composite
def star_document(draw):
    kind = draw(st.sampled_from(sorted(STAR_SCHEMAS)))
    data = draw(from_schema(STAR_SCHEMAS[kind]))
    mutated = draw(st.booleans())
    if mutated:
        data = mutate(data, draw)
    return json.dumps(data).encode("utf-8"), mutated


@settings(max_examples=EXAMPLES, deadline=None, database=None,
          suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow, HealthCheck.data_too_large])
@given(document=star_document())
def test_star_built_from_its_schemas_is_answered_record_by_record(odoo_server, key, document):
    body, mutated = document
    response = push(odoo_server, key, body, "application/json")
    assert response.status_code in (200, 400), response.text[:300]
    if response.status_code == 400:
        assert mutated, response.text[:300]
        assert response.json()["error"]
    else:
        assert answered(response)


def test_status_messages_reach_the_dms_exactly_once(odoo_server, key, director):
    """A lead pushed over HTTP is acknowledged; an appointment, a booked test drive and an offer on
    its sales up, its status and its sale go back to the DMS (the simulator, which keeps each
    message once and counts second deliveries) through the server's own job runner, each once
    (a retried send: test_dms_pull_export)."""
    import subprocess
    import sys
    import time
    from .support import free_port
    port = free_port()
    simulator = subprocess.Popen([sys.executable, os.path.join(ROOT, "tools", "dms_simulator.py"), "--port", str(port),
                                  "--token", "events-token", "--moments", "0"],
                                 stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    backend_id = director.ref("dms_connector.backend_demo")
    try:
        for _attempt in range(50):
            try:
                requests.get("http://127.0.0.1:%d/_stats" % port, timeout=1)
                break
            except requests.RequestException:
                time.sleep(0.1)
        director.call("dms.backend", "write", [backend_id], {
            "base_url": "http://127.0.0.1:%d" % port, "password": "events-token", "outbound_channel": "rest"})
        body = read("adf", "phone_agent_lead.xml").replace(b"Dana", ("Dana%s" % uuid.uuid4().hex[:6]).encode())
        answer = answered(push(odoo_server, key, body, "application/xml"), 1)[0]
        assert answer["status"] == "accepted"
        lead_id = director.call("dms.lead.binding", "search_read", [("external_id", "=", answer["external_id"])],
                                ["odoo_id"])[0]["odoo_id"][0]
        partner = director.call("crm.lead", "read", [lead_id], ["partner_id"])[0]["partner_id"]
        if not partner:  # a drive is booked for a customer (a demo one: a new one would go to the DMS)
            director.call("crm.lead", "write", [lead_id],
                          {"partner_id": director.ref("automotive_presales.customer_01")})
            partner = director.call("crm.lead", "read", [lead_id], ["partner_id"])[0]["partner_id"]
        # a free hour of the demo car, far from the demo's bookings and from earlier runs
        day = "2031-%02d-%02d" % (1 + uuid.uuid4().int % 12, 1 + uuid.uuid4().int % 28)
        hour = 8 + uuid.uuid4().int % 10
        director.call("calendar.event", "create", {
            "name": "Trade-in appraisal", "opportunity_id": lead_id,
            "start": "%s %02d:00:00" % (day, hour), "stop": "%s %02d:30:00" % (day, hour)})
        director.call("presales.test.drive", "create", {
            "lead_id": lead_id, "partner_id": partner[0] if isinstance(partner, list) else partner,
            "fleet_vehicle_id": director.ref("automotive_presales.fleet_demo_car_1"),
            "start_datetime": "%s %02d:00:00" % (day, hour), "stop_datetime": "%s %02d:45:00" % (day, hour),
            "licence_number": "B-%s" % uuid.uuid4().hex[:6], "licence_expiry": "2035-01-01"})
        director.call("presales.contact.moment", "create", {
            "lead_id": lead_id, "kind": "offer_sent", "channel": "email", "summary": "Offer sent"})
        director.call("crm.lead", "write", [lead_id], {"lead_status": "hot"})
        director.call("crm.lead", "action_set_won", [lead_id])

        def events():
            stats = requests.get("http://127.0.0.1:%d/_events" % port, timeout=5).json()
            return [event for event in stats if event["record"]["id"] == lead_id]
        wanted = {"received", "appointment", "test_drive", "offer", "status", "sold"}
        for _attempt in range(120):
            if wanted <= {event["event"] for event in events()}:
                break
            time.sleep(0.5)
        found = events()
        kinds = sorted(event["event"] for event in found)
        for once in wanted - {"status"}:
            assert kinds.count(once) == 1, (once, kinds)
        assert kinds.count("status") >= 1, kinds
        assert {event["record"]["model"] for event in found} == {"crm.lead"}, found
        assert len({event["message_id"] for event in found}) == len(found)
        assert found[0]["record"]["external_id"] == answer["external_id"]
        messages = director.call("dms.outbound.message", "search_read",
                                 [("res_id", "=", lead_id), ("res_model", "=", "crm.lead")], ["state"])
        assert {message["state"] for message in messages} == {"sent"}
        assert requests.get("http://127.0.0.1:%d/_stats" % port, timeout=5).json()["duplicate_events"] == 0
    finally:
        director.call("dms.backend", "write", [backend_id], {"outbound_channel": "none"})
        simulator.terminate()
        simulator.wait(10)
