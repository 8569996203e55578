"""The funnel's rules, over the vocabulary the addon ships (read from its data file, no database)."""
import datetime
import os

import pytest
from defusedxml import ElementTree

from automotive_presales.lib import funnel

DATA = os.path.join(os.path.dirname(__file__), "..", "..", "data", "presales_funnel_data.xml")


def _shipped():
    """The Vocabulary of data/presales_funnel_data.xml, read as Odoo would load it."""
    records = {}
    for record in ElementTree.parse(DATA).getroot().iter("record"):
        values = {}
        for field in record.iter("field"):
            if field.get("ref"):
                values[field.get("name")] = field.get("ref")
            elif field.get("eval"):
                text = field.get("eval")
                values[field.get("name")] = (
                    [part.split("'")[1] for part in text.split("ref(")[1:]] if "ref(" in text else text == "True")
            else:
                values[field.get("name")] = field.text
        records.setdefault(record.get("model"), {})[record.get("id")] = values
    code = {xmlid: values["code"] for model in records.values() for xmlid, values in model.items() if "code" in values}
    blocks = [funnel.Block(item["code"], item["name"], int(item["sequence"]), bool(item.get("after_sales")))
              for item in records["presales.funnel.block"].values()]
    phases = [funnel.Phase(item["code"], item["name"], int(item["sequence"]), code[item["block_id"]],
                           item.get("step"), bool(item.get("is_lost")), bool(item.get("awaits_follow_up")),
                           funnel.split_codes(item.get("lead_channels")))
              for item in records["presales.funnel.phase"].values()]
    kinds = [funnel.Kind(item["code"], item["name"], int(item["sequence"]),
                         tuple(code[ref] for ref in item["phase_ids"]), code.get(item.get("phase_id")))
             for item in records["presales.moment.kind"].values()]
    types = [funnel.TypeCode(item["code"], item["name"], code[item["kind_id"]], code[item["phase_id"]])
             for item in records["presales.moment.type"].values()]
    rules = {(code[item["kind_id"]], item.get("channel")): item["counts"]
             for item in records["presales.first.contact.rule"].values()}
    return funnel.Vocabulary(blocks, phases, kinds, types), rules


VOCABULARY, RULES = _shipped()


def test_the_shipped_vocabulary_is_sound():
    assert VOCABULARY.problems() == []


def test_every_kind_and_channel_maps_to_a_known_phase():
    for kind in VOCABULARY.kinds:
        if kind.default_phase:
            assert VOCABULARY.phase_for_moment(kind.code) in VOCABULARY.phase
        else:
            for channel in funnel.CHANNEL_CODES:
                assert VOCABULARY.phase_for_moment(kind.code, channel) in VOCABULARY.phase


def test_a_new_lead_lands_in_the_phase_of_its_channel():
    assert VOCABULARY.phase_for_moment("lead", "importer") == "lead_importer"
    assert VOCABULARY.phase_for_moment("lead", "web") == "lead_digital"
    assert VOCABULARY.phase_for_moment("lead", "chat") == "lead_digital"
    assert VOCABULARY.phase_for_moment("lead", "showroom") == "lead_showroom"


def test_later_moments_follow_the_sales_process():
    assert VOCABULARY.phase_for_moment("test_drive") == "test_drive"
    assert VOCABULARY.phase_for_moment("offer_sent") == "offer_made"
    assert VOCABULARY.phase_for_moment("agreement") == "sales_agreement"
    assert VOCABULARY.phase_for_moment("lost") == "lost_order"
    assert VOCABULARY.phase_for_moment("happy_call") == "happy_call"
    assert VOCABULARY.phase_for_moment("workshop_visit") == "workshop_visit"


def test_the_phases_sit_in_the_seed_blocks_in_funnel_order():
    grouped = [(block.code, [phase.code for phase in phases]) for block, phases in VOCABULARY.grouped()]
    assert grouped == [
        ("leads", ["lead_importer", "lead_digital", "lead_showroom"]),
        ("follow_up", ["lead_follow_up", "test_drive"]),
        ("offers", ["offer_made", "offer_follow_up"]),
        ("agreement", ["sales_agreement"]),
        ("lost", ["lost_order"]),
        ("delivery", ["planned_delivery", "vehicle_delivery", "happy_call"]),
        ("after_sales", ["workshop_visit", "periodic_inspection", "repair_order", "warranty_claim"]),
    ]
    assert VOCABULARY.after_sales("repair_order") and not VOCABULARY.after_sales("happy_call")


def test_steps_and_their_entry_phases():
    assert [VOCABULARY.step_number(code) for code in ("lead_digital", "lead_follow_up", "test_drive", "offer_made",
                                                      "planned_delivery", "happy_call")] == [1, 1, 2, 3, 4, 5]
    assert VOCABULARY.step_number("lost_order") == 0 and VOCABULARY.step_number("warranty_claim") == 0
    assert [VOCABULARY.entry_phase(step) for step in funnel.STEP_CODES] == [
        "lead_importer", "test_drive", "offer_made", "sales_agreement", "vehicle_delivery"]


def test_a_phase_that_does_not_fit_the_kind_is_refused():
    assert VOCABULARY.fits("call", "offer_follow_up")
    assert not VOCABULARY.fits("agreement", "happy_call")
    with pytest.raises(funnel.PhaseMisfit) as error:
        VOCABULARY.check_fit("workshop_visit", "lead_importer")
    assert "workshop_visit" in str(error.value) and "lead_importer" in str(error.value)


def test_a_type_code_whose_phase_does_not_fit_is_a_problem():
    broken = funnel.Vocabulary(VOCABULARY.blocks, VOCABULARY.phases, VOCABULARY.kinds,
                               [funnel.TypeCode("ORDER_DELIVERED", "x", "agreement", "vehicle_delivery")])
    assert broken.problems() == ["type code ORDER_DELIVERED: phase vehicle_delivery does not fit kind agreement"]


def test_a_channel_routed_to_two_lead_phases_is_a_problem():
    phases = [phase._replace(lead_channels=phase.lead_channels + ("web",)) if phase.code == "lead_showroom" else phase
              for phase in VOCABULARY.phases]
    problems = funnel.Vocabulary(VOCABULARY.blocks, phases, VOCABULARY.kinds).problems()
    assert problems == ["kind lead: channel web leads to two phases, lead_digital and lead_showroom"]


def test_unknown_kind_is_refused_with_the_known_kinds_named():
    with pytest.raises(funnel.UnknownMomentKind) as error:
        VOCABULARY.phase_for_moment("fax")
    assert "'fax'" in str(error.value)
    assert "test_drive" in str(error.value)


def test_a_lead_without_a_known_channel_is_refused():
    with pytest.raises(funnel.UnknownMomentKind) as error:
        VOCABULARY.phase_for_moment("lead", "pigeon")
    assert "'pigeon'" in str(error.value)


def test_every_shipped_standard_type_fits_its_kind_and_every_phase_has_one():
    assert {item.code for item in VOCABULARY.type_codes} >= {"CALL_OUT", "ORDER", "WORKSHOP_VISIT", "WARRANTY"}
    assert all(VOCABULARY.fits(item.kind, item.phase) for item in VOCABULARY.type_codes)
    # the DMS can report a moment in every phase (its mapping starts from these codes)
    assert {item.phase for item in VOCABULARY.type_codes} == set(VOCABULARY.phase)


# ---- first contact ----

START = datetime.datetime(2026, 3, 2, 9, 0)


def test_an_outbound_call_counts_and_an_automatic_email_does_not():
    assert funnel.counts_as_first_contact(RULES, "call", "phone")
    assert not funnel.counts_as_first_contact(RULES, "email_auto", "email")
    assert not funnel.counts_as_first_contact(RULES, "lead", "web")
    moments = [(START + datetime.timedelta(minutes=1), "email_auto", "email"),
               (START + datetime.timedelta(minutes=12), "call", "phone"),
               (START + datetime.timedelta(minutes=20), "email", "email")]
    assert funnel.first_contact_at(START, moments, RULES) == START + datetime.timedelta(minutes=12)


def test_a_channel_rule_wins_over_the_kind_rule():
    rules = dict(RULES)
    rules[("email", "chat")] = False
    assert funnel.counts_as_first_contact(rules, "email", "web")
    assert not funnel.counts_as_first_contact(rules, "email", "chat")


def test_nothing_before_the_lead_arrived_or_without_a_rule_stops_the_clock():
    moments = [(START - datetime.timedelta(minutes=5), "call", "phone"),
               (START + datetime.timedelta(minutes=3), "workshop_visit", None)]
    assert funnel.first_contact_at(START, moments, RULES) is None
    assert funnel.first_contact_at(None, moments, RULES) is None
