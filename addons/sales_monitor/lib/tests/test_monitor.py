from datetime import date, datetime, timedelta

import pytest
from hypothesis import given, settings, strategies as st

from automotive_presales.lib import funnel, lifecycle
from automotive_presales.lib.tests.test_funnel import VOCABULARY
from sales_monitor.lib import monitor

NOW = datetime(2026, 5, 20, 12, 0)
TODAY = NOW.date()


def test_the_steps_are_the_funnels():
    assert monitor.STEP_CODES == funnel.STEP_CODES
    assert monitor.STEP_NUMBER == funnel.STEP_NUMBER


def test_every_sales_phase_but_lost_order_belongs_to_one_conversion_step():
    stepped = {phase.code for phase in VOCABULARY.phases if VOCABULARY.step_number(phase.code)}
    after_sales = {phase.code for phase in VOCABULARY.phases if VOCABULARY.after_sales(phase.code)}
    assert stepped == set(VOCABULARY.phase) - {"lost_order"} - after_sales
    assert monitor.furthest_step(["lost_order", "repair_order"], VOCABULARY.step_number) == 0
    assert monitor.furthest_step(["lead_digital", "offer_follow_up"], VOCABULARY.step_number) == 3


def test_filters_default_to_the_last_90_days_and_refuse_what_they_do_not_know():
    parsed = monitor.parse_filters("branches", {}, TODAY)
    assert (parsed["date_from"], parsed["date_to"]) == (TODAY - timedelta(days=89), TODAY)
    parsed = monitor.parse_filters("staff", {"date_from": "2026-01-01", "date_to": "2026-01-31",
                                             "team_id": 4, "customer_group": "business"}, TODAY)
    assert parsed["date_from"] == date(2026, 1, 1) and parsed["team_id"] == 4
    with pytest.raises(monitor.InvalidFilter, match="level 'region'"):
        monitor.parse_filters("region", {}, TODAY)
    with pytest.raises(monitor.InvalidFilter, match="filter colour is unknown"):
        monitor.parse_filters("branches", {"colour": "red"}, TODAY)
    with pytest.raises(monitor.InvalidFilter, match="date_from .* after date_to"):
        monitor.parse_filters("branches", {"date_from": "2026-02-01", "date_to": "2026-01-01"}, TODAY)
    with pytest.raises(monitor.InvalidFilter, match="longer than two years"):
        monitor.parse_filters("branches", {"date_from": "2023-01-01", "date_to": "2026-01-01"}, TODAY)
    with pytest.raises(monitor.InvalidFilter, match="filter team_id"):
        monitor.parse_filters("branches", {"team_id": "Amsterdam"}, TODAY)
    with pytest.raises(monitor.InvalidFilter, match="filter lead_type"):
        monitor.parse_filters("branches", {"lead_type": "pigeon"}, TODAY, lead_types=("web", "call"))


def test_a_period_splits_into_whole_months_and_loose_days():
    months, days = monitor.split_months(date(2026, 1, 15), date(2026, 4, 10))
    assert months == [date(2026, 2, 1), date(2026, 3, 1)]
    assert days == [(date(2026, 1, 15), date(2026, 1, 31)), (date(2026, 4, 1), date(2026, 4, 10))]
    assert monitor.split_months(date(2026, 2, 1), date(2026, 2, 28)) == ([date(2026, 2, 1)], [])
    assert monitor.split_months(date(2026, 2, 3), date(2026, 2, 5)) == ([], [(date(2026, 2, 3), date(2026, 2, 5))])


def test_the_current_phase_is_the_latest_moment_entered_at_the_start_of_its_run():
    day = datetime(2026, 5, 1)
    moments = [(day, 1, "lead_digital"), (day + timedelta(days=1), 2, "offer_made"),
               (day + timedelta(days=2), 3, "test_drive"), (day + timedelta(days=3), 4, "offer_made"),
               (day + timedelta(days=4), 5, "offer_made")]
    assert monitor.current_phase(moments) == ("offer_made", day + timedelta(days=3), day + timedelta(days=4))
    # same time: the later record wins
    assert monitor.current_phase([(day, 7, "test_drive"), (day, 8, "lost_order")])[0] == "lost_order"
    assert monitor.current_phase([]) is None
    assert monitor.phase_durations(moments) == [
        ("lead_digital", day, day + timedelta(days=1)),
        ("offer_made", day + timedelta(days=1), day + timedelta(days=2)),
        ("test_drive", day + timedelta(days=2), day + timedelta(days=3))]


def test_conversion_counts_a_sales_up_at_every_step_up_to_its_furthest():
    result = monitor.conversion([1, 1, 2, 3, 5])
    assert result["counts"] == {"lead": 5, "test_drive": 3, "offer": 2, "agreement": 1, "delivery": 1}
    assert result["rates"] == {"test_drive": 60.0, "offer": 66.7, "agreement": 50.0, "delivery": 100.0}
    assert monitor.conversion([])["rates"]["offer"] is None


def test_potential_percentiles_median_and_rank():
    assert monitor.potential(30000.0, 40) == 12000.0
    assert monitor.potential(30000.0, None) == 0.0
    assert monitor.percentile([10, 20, 30, 40], 0.75) == 32.5
    assert monitor.median([5, None, 1, 3]) == 3
    assert monitor.median([]) is None
    assert monitor.rank([10, 30, 10, 20]) == [3, 1, 3, 2]


def test_stalled_limit_takes_stays_that_ended_in_the_last_90_days_per_branch_and_phase():
    stays = [(1, "test_drive", NOW - timedelta(days=10, hours=hours), NOW - timedelta(days=10))
             for hours in (2, 4, 6, 8)]
    stays.append((1, "test_drive", NOW - timedelta(days=200), NOW - timedelta(days=100)))
    stays.append((2, "test_drive", NOW - timedelta(days=3), NOW - timedelta(days=1)))
    limits = monitor.stalled_limits(stays, NOW)
    assert limits == {(1, "test_drive"): 6.5 * 3600, (2, "test_drive"): 2 * 86400}


def _sales_up(**values):
    base = {"is_open": True, "oldest_deadline": None, "needs_attention": False, "lead_status": "warm",
            "lead_date": NOW - timedelta(days=1), "furthest_step": 1, "phase": "lead_digital",
            "phase_since": NOW - timedelta(hours=1)}
    base.update(values)
    return base


def test_urgency_names_each_reason_and_closed_sales_ups_have_none():
    assert monitor.urgency_reasons(_sales_up(), NOW, TODAY) == []
    assert monitor.urgency_reasons(_sales_up(oldest_deadline=TODAY - timedelta(days=1)), NOW, TODAY) == ["overdue"]
    assert monitor.urgency_reasons(_sales_up(oldest_deadline=TODAY), NOW, TODAY) == []
    assert monitor.urgency_reasons(_sales_up(needs_attention=True), NOW, TODAY) == ["untouched"]
    hot = _sales_up(lead_status="hot", lead_date=NOW - timedelta(days=4))
    assert monitor.urgency_reasons(hot, NOW, TODAY) == ["hot_no_test_drive"]
    assert monitor.urgency_reasons(hot, NOW, TODAY, hot_no_test_drive_days=5) == []
    assert monitor.urgency_reasons(dict(hot, furthest_step=2), NOW, TODAY) == []
    offer = _sales_up(phase="offer_made", awaits_follow_up=True, phase_since=NOW - timedelta(days=6))
    assert monitor.urgency_reasons(offer, NOW, TODAY) == ["offer_not_followed"]
    assert monitor.urgency_reasons(offer, NOW, TODAY, stalled_limit=86400.0) == ["offer_not_followed", "stalled"]
    assert monitor.urgency_reasons(offer, NOW, TODAY, stalled_limit=7 * 86400.0) == ["offer_not_followed"]
    assert monitor.urgency_reasons(dict(offer, is_open=False, needs_attention=True), NOW, TODAY) == []
    assert monitor.reasons_in_words(["stalled", "overdue"])[0] == "Follow-up overdue"
    assert monitor.reasons_in_words(["hot_no_test_drive"], hot_no_test_drive_days=4) == [
        "Hot lead without a test drive after 4 days"]
    dutch = {"Hot lead without a test drive after %d days": "Hete lead zonder proefrit na %d dagen"}
    assert monitor.reasons_in_words(["hot_no_test_drive"], 4, translate=lambda text: dutch.get(text, text)) == [
        "Hete lead zonder proefrit na 4 dagen"]


def test_customer_group():
    assert monitor.customer_group(False, False) == "private"
    assert monitor.customer_group(True, False) == "business"
    assert monitor.customer_group(False, True) == "business"


def test_open_won_and_lost_are_not_defined_here_but_in_lifecycle():
    # one fact, one place: automotive_presales lib/lifecycle.py says open, won or lost
    for name in ("is_open", "is_won", "is_lost", "CLOSED_STATUSES", "WON_STATUSES", "LOST_STATUSES"):
        assert not hasattr(monitor, name), name


def test_histogram_median_equals_the_median_of_all_values():
    import random
    generator = random.Random(7)
    for size in (1, 2, 3, 4, 5, 10, 101, 1000):
        values = [generator.choice((generator.randint(0, 3000), generator.randint(0, 30), 0)) for _n in range(size)]
        buckets = {}
        for value in values:
            buckets.setdefault(monitor.speed_bucket(value), []).append(value)
        counts = {bucket: len(members) for bucket, members in buckets.items()}
        wanted = monitor.median_buckets(counts)
        assert 1 <= len(wanted) <= 2
        median = monitor.histogram_median(counts, {bucket: sorted(buckets[bucket]) for bucket in wanted})
        assert median == monitor.median(values), size
    assert monitor.median_buckets({}) == set()
    assert monitor.histogram_median({}, {}) is None
    # hand-checked: 30, 120, 4440 minutes -> 120; 1, 2, 3, 100 -> 2.5
    assert monitor.median_buckets({2: 1, 5: 1, 33: 1}) == {5}
    assert monitor.histogram_median({2: 1, 5: 1, 33: 1}, {5: [120]}) == 120
    assert monitor.median_buckets({0: 3, 5: 1}) == {0}
    assert monitor.histogram_median({0: 3, 5: 1}, {0: [1, 2, 3]}) == 2.5


def test_speed_buckets_rise_with_the_minutes():
    assert [monitor.speed_bucket(minutes) for minutes in (0, 3, 4, 15, 16, 35, 36, 2880)] == [0, 0, 1, 1, 2, 2, 3, 26]
    assert monitor.speed_bucket(-5) == 0


def test_speed_bands_and_the_shares_within_5_and_30_minutes():
    assert [monitor.speed_band(minutes) for minutes in (None, 0, 4, 5, 12, 29, 30, 600)] == [0, 1, 1, 2, 2, 2, 3, 3]
    # a lead 40 minutes old first called at 12 minutes counts within 30, not within 5
    assert monitor.contacted_within({monitor.speed_band(12): 1}) == {5: 0.0, 30: 100.0}
    assert monitor.contacted_within({0: 1, 1: 1, 2: 1, 3: 1}) == {5: 25.0, 30: 50.0}
    assert monitor.contacted_within({}) == {5: None, 30: None}


def test_process_rates_against_the_benchmarks_counted_by_hand():
    flags = monitor.process_flags
    leads = {flags(False, False, False, False): 2,   # never reached
             flags(True, False, False, False): 3,    # contacted only
             flags(True, True, False, False): 2,     # appointment, no show
             flags(True, True, True, False): 1,      # came, did not buy
             flags(True, True, True, True): 1,       # came and bought
             flags(True, False, True, True): 1}      # walked in without appointment and bought
    rates = monitor.process_rates(leads)
    assert {code: rate["rate"] for code, rate in rates.items()} == {
        "contact": 80.0, "appointment": 40.0, "show": 50.0, "sold_of_shown": 66.7, "close": 20.0}
    assert rates["contact"]["benchmark"] == 70 and rates["contact"]["gap"] == 10.0
    assert rates["show"]["gap"] == -20.0
    custom = monitor.process_rates(leads, {"close": 25})
    assert custom["close"]["gap"] == -5.0 and custom["contact"]["benchmark"] is None
    assert monitor.process_rates({})["contact"] == {"rate": None, "benchmark": 70, "gap": None}


def test_the_replacement_radar_says_why_in_words():
    today = date(2026, 12, 7)
    reasons = monitor.replacement_reasons(2018, 130000, date(2027, 3, 1), 4, today)
    assert [code for code, _words in reasons] == ["old_car", "high_mileage", "finance_ending", "frequent_workshop"]
    assert reasons[0][1] == "Car is 8 years old (6 or more)"
    assert reasons[2][1] == "Finance or lease ends on 2027-03-01 (within 6 months)"
    dutch = {"Car is %(value)s years old (%(threshold)s or more)": "Auto is %(value)s jaar oud (%(threshold)s of meer)"}
    assert monitor.replacement_reasons(2018, None, None, None, today, translate=lambda text: dutch.get(text, text)) == [
        ("old_car", "Auto is 8 jaar oud (6 of meer)")]
    assert monitor.replacement_reasons(2022, 40000, date(2028, 1, 1), 1, today) == []
    # a finance that ended already is no reason any more; unknown facts are no reason
    assert monitor.replacement_reasons(None, None, date(2026, 12, 1), None, today) == []
    assert [code for code, _words in monitor.replacement_reasons(2024, None, None, 2, today, {"visits": 2})] == [
        "frequent_workshop"]


def test_add_months_keeps_the_day_or_takes_the_months_last():
    assert monitor.add_months(date(2026, 8, 31), 6) == date(2027, 2, 28)
    assert monitor.add_months(date(2026, 12, 7), 1) == date(2027, 1, 7)
    assert monitor.add_months(date(2026, 1, 15), 48) == date(2030, 1, 15)


def test_filters_refuse_lists_and_dates_outside_the_calendar_they_can_compute_with():
    # issue 16: customer_group=[1, 2] and a year 9999 answered HTTP 500
    with pytest.raises(monitor.InvalidFilter, match="filter customer_group"):
        monitor.parse_filters("branches", {"customer_group": [1, 2]}, TODAY)
    with pytest.raises(monitor.InvalidFilter, match="filter lead_type"):
        monitor.parse_filters("branches", {"lead_type": ["web"]}, TODAY, lead_types=("web",))
    with pytest.raises(monitor.InvalidFilter, match="filter date_to: 9999-12-31 is outside"):
        monitor.parse_filters("branches", {"date_to": "9999-12-31"}, TODAY)
    with pytest.raises(monitor.InvalidFilter, match="filter date_from: 0001-01-01 is outside"):
        monitor.parse_filters("branches", {"date_from": "0001-01-01", "date_to": "2026-01-02"}, TODAY)
    with pytest.raises(monitor.InvalidFilter, match="filter date_to: 20260101 is not a date"):
        monitor.parse_filters("branches", {"date_to": 20260101}, TODAY)
    parsed = monitor.parse_filters("branches", {"date_from": "2999-12-01", "date_to": "2999-12-31"}, TODAY)
    assert monitor.period_bounds(parsed["date_from"], parsed["date_to"])[1] == datetime(2999, 12, 31, 23, 0)


JSON_VALUES = st.recursive(
    st.none() | st.booleans() | st.integers() | st.floats(allow_nan=False) | st.text(max_size=12)
    | st.dates().map(str),
    lambda children: st.lists(children, max_size=3) | st.dictionaries(st.text(max_size=5), children, max_size=3),
    max_leaves=6)


@settings(deadline=None)
@given(level=st.sampled_from(monitor.LEVELS) | JSON_VALUES,
       filters=st.dictionaries(st.sampled_from(monitor.FILTERS), JSON_VALUES, max_size=4))
def test_any_filter_values_a_client_sends_are_parsed_or_refused_by_name(level, filters):
    """Whatever JSON arrives in the filters, the answer is the parsed filters (whose period the
    monitor can compute with) or InvalidFilter, never another exception (a 500)."""
    try:
        parsed = monitor.parse_filters(level, filters, TODAY, lead_types=("web", "call"))
    except monitor.InvalidFilter:
        return
    monitor.period_bounds(parsed["date_from"], parsed["date_to"])
    monitor.split_months(parsed["date_from"], parsed["date_to"])


# ---- sold in the DMS: which sales up a sale belongs to ----

SOLD_AT = datetime(2026, 7, 5, 10, 0)
BEFORE = SOLD_AT - timedelta(days=20)


def test_the_sales_up_states_read_are_the_lifecycles():
    assert (monitor.SALES_UP_OPEN, monitor.SALES_UP_WON) == (lifecycle.OPEN, lifecycle.WON)


def test_a_sale_belongs_to_the_one_open_or_recently_won_sales_up_that_came_in_before_it():
    assert monitor.sale_sales_up(SOLD_AT, 7, [(1, "open", 8, BEFORE, None)]) == 1
    assert monitor.sale_sales_up(SOLD_AT, 7, [(1, "won", 8, BEFORE, SOLD_AT + timedelta(days=3))]) == 1
    assert monitor.sale_sales_up(SOLD_AT, 7, [(1, "won", 8, BEFORE, SOLD_AT - timedelta(days=89))]) == 1
    # won long before: another deal; lost: not this one; open, come in after the sale: the next deal
    assert monitor.sale_sales_up(SOLD_AT, 7, [(1, "won", 8, BEFORE, SOLD_AT - timedelta(days=91))]) is None
    assert monitor.sale_sales_up(SOLD_AT, 7, [(1, "lost", 8, BEFORE, BEFORE)]) is None
    assert monitor.sale_sales_up(SOLD_AT, 7, [(1, "open", 8, SOLD_AT + timedelta(hours=1), None)]) is None
    # a deal typed in and won a week after the DMS reported it: logged late, still this sale's
    later = SOLD_AT + timedelta(days=7)
    assert monitor.sale_sales_up(SOLD_AT, 7, [(1, "won", 8, later, later)]) == 1
    assert monitor.sale_sales_up(SOLD_AT, 7, []) is None


def test_of_several_candidates_the_salesperson_the_dms_named_decides_or_nobody():
    both = [(1, "open", 8, BEFORE, None), (2, "open", 7, BEFORE, None)]
    assert monitor.sale_sales_up(SOLD_AT, 7, both) == 2
    assert monitor.sale_sales_up(SOLD_AT, 9, both) is None
    assert monitor.sale_sales_up(SOLD_AT, None, both) is None
    assert monitor.sale_sales_up(SOLD_AT, 7, both + [(3, "open", 7, BEFORE, None)]) is None
    # the lost one is no candidate, so the open one alone matches whoever the DMS named
    assert monitor.sale_sales_up(SOLD_AT, 9, [(1, "lost", 7, BEFORE, BEFORE), (2, "open", 8, BEFORE, None)]) == 2


@given(st.lists(st.tuples(st.integers(1, 50), st.sampled_from(["open", "won", "lost"]), st.integers(1, 3),
                          st.integers(-200, 200), st.one_of(st.none(), st.integers(-200, 200))), max_size=6),
       st.one_of(st.none(), st.integers(1, 3)))
def test_a_match_is_always_one_of_the_customers_open_or_won_sales_ups(rows, salesperson_id):
    sales_ups = [(lead_id, state, owner, SOLD_AT + timedelta(days=came), None if closed is None
                  else SOLD_AT + timedelta(days=closed)) for lead_id, state, owner, came, closed in rows]
    match = monitor.sale_sales_up(SOLD_AT, salesperson_id, sales_ups)
    if match is not None:
        assert any(lead_id == match and state in ("open", "won") for lead_id, state, *_rest in sales_ups)


def test_the_monitor_counts_the_groups_days():
    # winter (CET, UTC+1) and summer (CEST, UTC+2): midnight in Amsterdam as naive UTC
    winter = (datetime(2025, 12, 31, 23, 0), datetime(2026, 1, 31, 23, 0))
    assert monitor.period_bounds(date(2026, 1, 1), date(2026, 1, 31)) == winter
    # the night the clocks go forward: a day of 23 hours
    assert monitor.period_bounds(date(2026, 3, 29), date(2026, 3, 29)) == (
        datetime(2026, 3, 28, 23, 0), datetime(2026, 3, 29, 22, 0))
    assert monitor.period_bounds(date(2026, 4, 1), date(2026, 4, 1), tz="UTC") == (
        datetime(2026, 4, 1), datetime(2026, 4, 2))
    assert monitor.today(datetime(2026, 3, 31, 22, 30)) == date(2026, 4, 1)
    assert monitor.today(datetime(2026, 3, 31, 21, 30)) == date(2026, 3, 31)
    assert monitor.local_sql("occurred_at") == "(occurred_at AT TIME ZONE 'UTC' AT TIME ZONE 'Europe/Amsterdam')"
