import datetime
import json

import pytest
from hypothesis import given, strategies as st

from .. import formats, moments
from ..errors import PayloadError, RecordError
from ..hashing import payload_hash

GOOD = {
    "external_id": "M-1001",
    "type_code": "call_out",
    "occurred_at": "2026-11-02T10:15:00+01:00",
    "summary": "  Called about   the Golf ",
    "direction": "outbound",
    "channel": "Phone",
    "site": "AMS",
    "user": "jdoe",
    "customer": {"external_id": "C-77", "first_name": "Jan", "last_name": "de Vries",
                 "email": "jan@example.nl", "phone": "020-1234567", "zip": "1012 LG",
                 "marketing_consent": False},
}


def test_a_good_moment_is_normalised():
    moment = moments.parse_moment(GOOD)
    assert moment["external_id"] == "M-1001"
    assert moment["type_code"] == "CALL_OUT"
    assert moment["occurred_at"] == datetime.datetime(2026, 11, 2, 9, 15)
    assert moment["summary"] == "Called about the Golf"
    assert moment["channel"] == "phone"
    assert moment["customer"]["last_name"] == "de Vries"
    assert moment["customer"]["marketing_consent"] is False
    assert moment["payload_hash"] == payload_hash(GOOD)


@pytest.mark.parametrize("text, expected", [
    ("2026-11-02T10:15:00Z", datetime.datetime(2026, 11, 2, 10, 15)),
    ("2026-11-02T10:15:00.123456Z", datetime.datetime(2026, 11, 2, 10, 15)),
    ("2026-11-02T10:15:00+0100", datetime.datetime(2026, 11, 2, 9, 15)),
    ("2026-11-02T10:15:00-05:00", datetime.datetime(2026, 11, 2, 15, 15)),
    ("2026-11-02 10:15:00", datetime.datetime(2026, 11, 2, 10, 15)),
    ("2026-11-02", datetime.datetime(2026, 11, 2)),
])
def test_dates_in_every_iso_shape(text, expected):
    assert moments.parse_datetime(text, "occurred_at") == expected


@pytest.mark.parametrize("change, field", [
    ({"external_id": None}, "external_id"),
    ({"external_id": ["x"]}, "external_id"),
    ({"type_code": ""}, "type_code"),
    ({"occurred_at": "02/11/2026"}, "occurred_at"),
    ({"occurred_at": 1700000000}, "occurred_at"),
    ({"occurred_at": "0001-01-01T00:00:00+01:00"}, "occurred_at"),
    ({"direction": "sideways"}, "direction"),
    ({"summary": {"text": "x"}}, "summary"),
    ({"summary": "x" * 501}, "summary"),
    ({"customer": "Jan"}, "customer"),
    ({"customer": {"marketing_consent": "yes", "email": "a@b.nl"}}, "customer.marketing_consent"),
    ({"customer": {"first_name": "Jan"}}, "customer"),
    ({"customer": {"email": [5]}}, "customer.email"),
])
def test_a_bad_field_is_named_with_the_external_id(change, field):
    raw = dict(GOOD, **change)
    with pytest.raises(RecordError) as caught:
        moments.parse_moment(raw)
    assert caught.value.reason.startswith("field %s:" % field)
    if field != "external_id":
        assert caught.value.external_id == "M-1001"


def test_the_hash_ignores_key_order_but_not_values():
    shuffled = json.loads(json.dumps(dict(reversed(list(GOOD.items())))))
    assert moments.parse_moment(shuffled)["payload_hash"] == moments.parse_moment(GOOD)["payload_hash"]
    changed = dict(GOOD, summary="Called again")
    assert moments.parse_moment(changed)["payload_hash"] != moments.parse_moment(GOOD)["payload_hash"]


@pytest.mark.parametrize("body, reason", [
    (b"", "not valid JSON"),
    (b"{", "not valid JSON"),
    (b"42", "JSON object or a list"),
    (b'"text"', "JSON object or a list"),
    (b"\xff\xfe{}", "not UTF-8"),
    (b"[" * 100000 + b"]" * 100000, "nested too deeply"),
])
def test_unreadable_bodies_raise_payload_errors(body, reason):
    with pytest.raises(PayloadError) as caught:
        moments.load_json(body)
    assert reason in str(caught.value)


def test_one_object_a_list_or_a_wrapped_list():
    assert len(moments.load_json(json.dumps(GOOD))) == 1
    assert len(moments.load_json(json.dumps([GOOD, GOOD]))) == 2
    assert len(moments.load_json(json.dumps({"moments": [GOOD]}))) == 1


def test_nul_characters_and_lone_surrogates_are_cleaned_not_fatal():
    moment = moments.parse_moment(dict(GOOD, summary="Called\x00 about \ud800 the Golf",
                                       customer=dict(GOOD["customer"], last_name="de\x00Vries")))
    assert moment["summary"] == "Called about the Golf"
    assert moment["customer"]["last_name"] == "de Vries"
    assert moments.storable({"a": "\x00\ud800"}) == '{"a": "\\u0000\\ud800"}'
    assert "\x00" not in moments.storable("x\x00y")


def test_a_mixed_batch_keeps_the_good_and_names_the_bad():
    items = formats.parse(json.dumps([GOOD, 5, dict(GOOD, external_id="M-2", direction="x")]).encode(),
                          "application/json")
    assert [item.error is None for item in items] == [True, False, False]
    assert [item.external_id for item in items] == ["M-1001", "", "M-2"]


def test_xml_goes_to_the_adf_parser_by_type_or_content():
    with pytest.raises(PayloadError) as caught:
        formats.parse(b"<lead/>", "text/plain")
    assert "root element" in str(caught.value)
    with pytest.raises(PayloadError):
        formats.parse(b"{}", "application/xml")
    with pytest.raises(PayloadError) as caught:
        formats.parse(b'{"safety_ratings_option": []}', "application/json")
    assert "neither our moment schema" in str(caught.value)
    with pytest.raises(PayloadError) as caught:
        formats.parse(b"   ", "application/json")
    assert "empty" in str(caught.value)


json_values = st.recursive(
    st.none() | st.booleans() | st.integers() | st.floats(allow_nan=False) | st.text(max_size=20),
    lambda children: st.lists(children, max_size=4) | st.dictionaries(st.text(max_size=10), children, max_size=4),
    max_leaves=6)


@given(st.dictionaries(st.sampled_from(sorted(GOOD) + ["x"]), json_values, max_size=10))
def test_any_json_object_parses_or_names_a_field(raw):
    try:
        moment = moments.parse_moment(dict(GOOD, **raw))
    except RecordError as error:
        assert error.reason
    else:
        assert isinstance(moment["occurred_at"], datetime.datetime)
        assert moment["external_id"]


@given(st.binary(max_size=300) | st.text(max_size=300).map(lambda text: text.encode("utf-8")))
def test_any_body_is_read_or_refused_with_a_payload_error(body):
    try:
        items = formats.parse(body, "application/json")
    except PayloadError as error:
        assert str(error)
    else:
        for item in items:
            assert item.parsed is not None or item.error.reason
