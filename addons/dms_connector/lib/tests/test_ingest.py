import datetime

import pytest

from .. import ingest, phases
from ..moments import parse_moment

TABLES = {
    "types": {"CALL_OUT": ("call", 11), "LEAD_WEB": ("lead", 3)},
    "sites": {"AMS": 100}, "users": {"jdoe": (7, 100)}, "user_teams": {8: 200, 9: 300},
    "default_team": 900, "default_user": None, "backend_code": "dms1", "channels": ("phone", "web"),
}


def moment(**changes):
    raw = {"external_id": "M-1", "type_code": "CALL_OUT", "occurred_at": "2026-11-02T10:00:00Z",
           "customer": {"email": "a@b.nl", "marketing_consent": True}}
    raw.update(changes)
    return parse_moment(raw)


def test_mapped_user_and_site_win():
    values = ingest.moment_values(moment(user="JDOE", site="ams", channel="phone"), TABLES, partner_id=5,
                                  partner_owner=8, lead=(40, 9, 300))
    assert values == {
        "occurred_at": datetime.datetime(2026, 11, 2, 10), "kind": "call", "phase_id": 11, "channel": "phone",
        "direction": "outbound", "summary": "CALL_OUT", "user_id": 7, "team_id": 100, "partner_id": 5,
        "lead_id": 40, "origin": "dms", "no_marketing_consent": False}


@pytest.mark.parametrize("lead, owner, user, team", [
    ((40, 9, 300), 8, 9, 300),     # the sales up's owner and their branch
    (None, 8, 8, 200),             # no sales up: the portfolio owner
    (None, None, None, 900),       # nobody: unassigned in the default branch
])
def test_a_moment_belongs_to_its_sales_up_or_customer(lead, owner, user, team):
    values = ingest.moment_values(moment(), TABLES, partner_id=5, partner_owner=owner, lead=lead)
    assert (values["user_id"], values["team_id"]) == (user, team)


def test_unknown_codes_are_never_guessed():
    with pytest.raises(phases.UnknownTypeCode) as caught:
        ingest.moment_values(moment(type_code="FAX"), TABLES)
    assert str(caught.value) == "unknown type code FAX for backend dms1"


def test_consent_per_channel():
    raw = moment(channel="phone", customer={"email": "a@b.nl", "marketing_consent": ["Email", "phone"]})
    assert ingest.moment_values(raw, TABLES)["no_marketing_consent"] is False
    raw = moment(channel="web", customer={"email": "a@b.nl", "marketing_consent": ["email"]})
    assert ingest.moment_values(raw, TABLES)["no_marketing_consent"] is True


def test_consent_and_channels():
    assert ingest.moment_values(moment(customer={"email": "a@b.nl"}), TABLES)["no_marketing_consent"] is True
    assert ingest.moment_values(moment(channel="pigeon"), TABLES)["channel"] is None


def test_marketing_consents_per_ledger_channel():
    """What customer.marketing_consent states for the consent ledger: nothing when absent, every
    channel given on true, the named ones on a list (WhatsApp is SMS), the rest no longer given."""
    assert ingest.marketing_consents({"email": "a@b.nl"}) == []
    assert ingest.marketing_consents(None) == []
    assert ingest.marketing_consents({"marketing_consent": True}) == [
        ("phone", "given"), ("email", "given"), ("sms", "given"), ("post", "given")]
    assert ingest.marketing_consents({"marketing_consent": False}) == [
        ("phone", "withdrawn"), ("email", "withdrawn"), ("sms", "withdrawn"), ("post", "withdrawn")]
    assert ingest.marketing_consents({"marketing_consent": ["email", "whatsapp", "web"]}) == [
        ("phone", "withdrawn"), ("email", "given"), ("sms", "given"), ("post", "withdrawn")]
    parsed = parse_moment({"external_id": "M-1", "type_code": "CALL_OUT", "occurred_at": "2026-11-02T10:15:00Z",
                           "customer": {"email": "a@b.nl"}})
    assert parsed["customer"]["marketing_consent"] is None, "absent is no statement"
