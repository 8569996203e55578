from automotive_presales.lib import sales_up
from automotive_presales.lib.tests.test_funnel import VOCABULARY


def test_every_lead_type_comes_in_through_a_channel_the_funnel_knows():
    for lead_type, _label in sales_up.LEAD_TYPES:
        channel = sales_up.CHANNEL_BY_LEAD_TYPE[lead_type]
        assert VOCABULARY.phase_for_moment("lead", channel) in VOCABULARY.phase


def test_keys_are_stable_lower_case():
    for vocabulary in (sales_up.LEAD_TYPES, sales_up.LEAD_STATUSES, sales_up.SALES_STEPS):
        for key, _label in vocabulary:
            assert key == key.lower() and " " not in key


def test_sales_steps_end_with_the_signature():
    keys = [key for key, _label in sales_up.SALES_STEPS]
    assert keys[0] == "greeting" and keys[-1] == "signed"
    assert keys.index("demo") < keys.index("write_up")


def test_missing_required_names_each_empty_field_in_order():
    values = {"contact_name": "Jan", "contact_lastname": "  ", "lead_type": "call"}
    assert sales_up.missing_required(values) == ["contact_lastname", "lead_date", "lead_status"]
    complete = dict(values, contact_lastname="de Vries", lead_date="2024-01-01 10:00:00", lead_status="warm")
    assert sales_up.missing_required(complete) == []


def test_names_from_an_email_sender():
    assert sales_up.names_from_sender("Jan de Vries", "jan@x.nl") == ("Jan", "de Vries")
    assert sales_up.names_from_sender("", "jan.devries@x.nl") == ("Jan", "Devries")
    assert sales_up.names_from_sender("Jan", "jan@x.nl") == ("Jan", "jan@x.nl")
    assert sales_up.names_from_sender(None, None) == (None, None)


def test_percentage_is_whole_and_between_0_and_100():
    assert sales_up.check_percentage(0) and sales_up.check_percentage(100)
    assert sales_up.check_percentage(False)
    assert not sales_up.check_percentage(101)
    assert not sales_up.check_percentage(-1)


def test_drop_off_marks_the_steps_a_sales_up_went_on_from():
    assert sales_up.step_drop_off(["demo", "greeting", "needs_analysis"]) == [
        ("greeting", True), ("needs_analysis", True), ("demo", False)]
    assert sales_up.step_drop_off([]) == []


def test_a_website_form_gives_what_the_five_fields_need():
    # what Odoo's website_crm contact form sends (contact_name, email_from, phone, partner_name,
    # name, description) and its input filter adds (medium Website)
    values = {"contact_name": "Jan de Vries", "email_from": "jan@x.nl", "phone": "+31 6 1", "partner_name": "Vries BV",
              "name": "Question about the Golf", "description": "Is it in stock?"}
    filled = sales_up.intake_values(values, "Website")
    assert filled == {"contact_name": "Jan", "contact_lastname": "de Vries", "lead_type": "web", "lead_status": "warm"}
    assert sales_up.missing_required(dict(values, lead_date="2024-01-01 10:00:00", **filled)) == []


def test_intake_fills_only_what_is_empty_and_known():
    assert sales_up.intake_values({"email_from": "jan.devries@x.nl"}) == {
        "contact_name": "Jan", "contact_lastname": "Devries", "lead_status": "warm"}
    assert sales_up.intake_values({"contact_name": "Jan", "contact_lastname": "Smit", "lead_type": "call",
                                   "lead_status": "hot"}, "Website") == {}
    assert sales_up.intake_values({}, "Unknown medium") == {"lead_status": "warm"}


def test_an_open_sales_up_closes_by_default_at_the_end_of_the_next_month():
    import datetime
    assert sales_up.expected_closing(datetime.date(2026, 3, 14)) == "2026-04-30"
    assert sales_up.expected_closing(datetime.date(2026, 12, 1)) == "2027-01-31"
    assert sales_up.expected_closing(datetime.date(2027, 1, 31)) == "2027-02-28"
