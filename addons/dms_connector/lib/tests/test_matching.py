import pytest

from .. import matching, phases
from ..hashing import payload_hash


@pytest.fixture
def index():
    index = matching.CustomerIndex(region="NL")
    index.add_binding("C-1", 1)
    index.add_partner(1, email="anna@example.nl", phones=("020-1234567",), first_name="Anna",
                      last_name="Alpha", zip_code="1012 LG")
    index.add_partner(2, email="bert@example.nl", phones=("+31 6 12345678",), first_name="Bert",
                      last_name="Beta", zip_code="3511 AB")
    index.add_partner(3, email="", phones=("+31 6 12345678",), first_name="Bart", last_name="Beta",
                      zip_code="3511 AB")
    return index


def test_phone_numbers_are_compared_in_e164():
    assert matching.phone_key("06-12345678") == "+31612345678"
    assert matching.phone_key("+31 (0)6 1234 5678") == "+31612345678"
    assert matching.phone_key("0031612345678") == "+31612345678"
    assert matching.phone_key("+1 650 253 0000") == "+16502530000"
    assert matching.phone_key("12") == ""
    assert matching.phone_key("call me") == ""


@pytest.mark.parametrize("customer, partner, rule, trusted", [
    ({"external_id": "C-1"}, 1, "binding", True),
    ({"email": " ANNA@example.nl "}, 1, "email", True),
    ({"phone": "+31 20 123 4567"}, 1, "phone", True),
    ({"first_name": "anna", "last_name": "ALPHA", "zip": "1012lg"}, 1, "name_zip", False),
    ({"mobile": "06 12345678"}, 2, "phone", False),  # two partners share the number: ambiguous
    ({"email": "bert@example.nl", "mobile": "0612345678"}, 2, "email+phone", True),
    ({"email": "nobody@example.nl"}, None, "", False),
])
def test_rules_and_confidence(index, customer, partner, rule, trusted):
    match = index.match(customer)
    assert match.partner_id == partner
    assert match.rule == rule
    assert match.trusted is trusted
    if partner:
        assert 0 < match.confidence <= 1


def test_a_binding_beats_an_email_pointing_elsewhere(index):
    match = index.match({"external_id": "C-1", "email": "bert@example.nl"})
    assert (match.partner_id, match.rule, match.confidence) == (1, "binding", 1.0)


def test_candidates_are_ranked_by_confidence(index):
    match = index.match({"email": "anna@example.nl", "mobile": "06 12345678"})
    assert match.partner_id == 1
    assert match.candidate_ids == (1, 2, 3)


def test_the_name_and_zip_match_waits_for_a_person(index):
    match = index.match({"first_name": "Anna", "last_name": "Alpha", "zip": "1012 LG"})
    assert match.confidence == matching.CONFIDENCE["name_zip"] < matching.THRESHOLD


def test_phase_rule_uses_the_table_and_never_guesses():
    table = {"CALL_OUT": ("call", 7)}
    assert phases.resolve(" call_out", table, "dms1") == ("call", 7)
    with pytest.raises(phases.UnknownTypeCode) as caught:
        phases.resolve("SMOKE_SIGNAL", table, "dms1")
    assert str(caught.value) == "unknown type code SMOKE_SIGNAL for backend dms1"
    with pytest.raises(phases.UnknownTypeCode):
        phases.resolve(None, table, "dms1")


def test_hash_is_stable():
    assert payload_hash({"a": 1, "b": [1, 2]}) == payload_hash({"b": [1, 2], "a": 1})
    assert len(payload_hash("x")) == 64
