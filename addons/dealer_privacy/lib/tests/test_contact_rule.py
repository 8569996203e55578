import datetime

import pytest
from hypothesis import given, strategies as st

from ..contact_rule import (CHANNELS, PURPOSES, STATES, Statement, add_years, customer_window_end,
                            moment_channel, permission)

TODAY = datetime.date(2026, 12, 7)


def at(day, hour=12):
    return datetime.datetime.combine(day, datetime.time(hour))


def said(state, channel="phone", purpose="marketing", day=datetime.date(2025, 1, 3), source="web_form"):
    return Statement(channel, purpose, state, at(day), source)


def test_customer_of_at_most_three_years_may_be_called_until_the_third_anniversary():
    result = permission("phone", "marketing", TODAY, last_purchase=datetime.date(2024, 3, 15))
    assert result.allowed and result.code == "customer"
    assert result.values == {"since": "2024-03-15", "until": "2027-03-15"}
    last_day = datetime.date(2027, 3, 15)
    assert permission("phone", "marketing", last_day, last_purchase=datetime.date(2024, 3, 15)).allowed


def test_the_day_after_the_third_anniversary_the_call_needs_consent():
    result = permission("phone", "marketing", datetime.date(2027, 3, 16), last_purchase=datetime.date(2024, 3, 15))
    assert not result.allowed
    assert result.code == "customer_expired" and result.values["until"] == "2027-03-15"


def test_a_prospect_without_consent_may_not_be_called_or_mailed_but_may_get_a_letter():
    assert permission("phone", "marketing", TODAY).code == "no_basis"
    assert not permission("email", "survey", TODAY).allowed
    assert not permission("sms", "sales", TODAY).allowed
    letter = permission("post", "marketing", TODAY)
    assert letter.allowed and letter.basis == "legitimate_interest"


def test_consent_allows_and_the_latest_statement_wins():
    statements = [said("given", day=datetime.date(2024, 1, 1)), said("withdrawn", day=datetime.date(2025, 5, 1)),
                  said("given", channel="email", day=datetime.date(2025, 6, 1))]
    phone = permission("phone", "marketing", TODAY, statements)
    assert not phone.allowed and phone.code == "withdrawn" and phone.values["date"] == "2025-05-01"
    email = permission("email", "marketing", TODAY, statements)
    assert email.allowed and email.code == "consent" and email.basis == "consent"
    again = statements + [said("given", day=datetime.date(2026, 1, 2), source="in_person")]
    assert permission("phone", "marketing", TODAY, again).values == {"date": "2026-01-02", "source": "in_person"}


def test_an_objection_beats_the_customer_rule_the_contract_and_the_open_sales_up():
    refused = [said("refused", purpose=purpose) for purpose in PURPOSES]
    recent = datetime.date(2026, 6, 1)
    for purpose in PURPOSES:
        result = permission("phone", purpose, TODAY, refused, last_purchase=recent, open_request=recent)
        assert not result.allowed and result.code == "refused", purpose
    assert not permission("post", "marketing", TODAY, [said("refused", channel="post")]).allowed


def test_a_statement_concerns_only_its_channel_and_purpose():
    statements = [said("withdrawn", channel="email", purpose="marketing")]
    assert permission("email", "service", TODAY, statements, last_purchase=datetime.date(2020, 1, 1)).allowed
    assert permission("phone", "marketing", TODAY, statements, last_purchase=datetime.date(2026, 1, 1)).allowed


def test_service_reminders_follow_the_contract_and_sales_follow_ups_the_open_request():
    old = datetime.date(2015, 5, 1)
    service = permission("email", "service", TODAY, last_purchase=old)
    assert service.allowed and service.basis == "contract"
    assert not permission("email", "marketing", TODAY, last_purchase=old).allowed
    follow_up = permission("phone", "sales", TODAY, open_request=datetime.datetime(2026, 11, 2, 9, 30))
    assert follow_up.allowed and follow_up.code == "open_request" and follow_up.values == {"since": "2026-11-02"}
    assert not permission("phone", "marketing", TODAY, open_request=datetime.date(2026, 11, 2)).allowed


def test_unknown_channel_or_purpose_is_an_error():
    with pytest.raises(ValueError):
        permission("fax", "sales", TODAY)
    with pytest.raises(ValueError):
        permission("phone", "spam", TODAY)


def test_leap_day_purchase_ends_on_28_february():
    assert customer_window_end(datetime.date(2024, 2, 29)) == datetime.date(2027, 2, 28)
    assert add_years(datetime.date(2024, 2, 29), 4) == datetime.date(2028, 2, 29)


def test_moment_channels():
    assert moment_channel("call", None) == "phone"
    assert moment_channel("happy_call", "showroom") == "phone"
    assert moment_channel("email", None) == "email"
    assert moment_channel("offer_follow_up", "chat") == "sms"
    assert moment_channel("call", "chat") == "sms", "the floor's WhatsApp message"
    assert moment_channel("call", "phone") == "phone"
    assert moment_channel("showroom_visit", "showroom") is None
    assert moment_channel("test_drive", None) is None


days = st.dates(min_value=datetime.date(2000, 1, 1), max_value=datetime.date(2060, 12, 31))
times = st.datetimes(min_value=datetime.datetime(2000, 1, 1), max_value=datetime.datetime(2060, 1, 1))
statements = st.lists(st.builds(Statement, st.sampled_from(CHANNELS), st.sampled_from(PURPOSES),
                                st.sampled_from(STATES), times, st.sampled_from(("dms", "web_form", "in_person"))),
                      max_size=8)


@given(st.sampled_from(CHANNELS), st.sampled_from(PURPOSES), days, statements,
       st.one_of(st.none(), days), st.one_of(st.none(), days))
def test_the_rule_never_allows_what_the_law_forbids(channel, purpose, today, ledger, last_purchase, open_request):
    result = permission(channel, purpose, today, ledger, last_purchase, open_request)
    own = [statement for statement in ledger if (statement.channel, statement.purpose) == (channel, purpose)]
    latest = max(own, key=lambda statement: statement.time) if own else None
    if latest is not None and latest.state in ("refused", "withdrawn"):
        assert not result.allowed
    if result.allowed and channel in ("phone", "email", "sms") and purpose in ("marketing", "survey"):
        # Telecommunicatiewet 11.7: consent, or a customer of at most three years
        assert (latest is not None and latest.state == "given") or (
            last_purchase is not None and today <= customer_window_end(last_purchase))
    assert isinstance(result.values, dict) and result.code
