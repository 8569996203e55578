import datetime

import pytest

from sales_monitor.lib import report_pack


def test_calls_and_meetings_have_their_own_kind_everything_else_is_a_task():
    assert report_pack.activity_kind("mail.mail_activity_data_call") == "call"
    assert report_pack.activity_kind("mail.mail_activity_data_meeting") == "event"
    assert report_pack.activity_kind("mail.mail_activity_data_todo") == "task"
    assert report_pack.activity_kind(None) == "task"


def test_won_and_lost_are_not_defined_here_but_in_lifecycle():
    # one fact, one place: automotive_presales lib/lifecycle.py says open, won or lost
    for name in ("is_open", "is_won", "is_lost", "CLOSED_STATUSES", "WON_STATUSES", "LOST_STATUSES"):
        assert not hasattr(report_pack, name), name


def test_expected_revenue_weighs_by_stage_or_gut_feel():
    assert report_pack.expected_revenue(20000, 30) == 6000
    assert report_pack.expected_revenue(None, 30) == 0
    assert report_pack.gut_probability(30, None) == 30
    assert report_pack.gut_probability(30, 0) == 30
    assert report_pack.gut_probability(30, 80) == 80


def test_only_planned_activities_before_today_are_overdue():
    today = datetime.date(2026, 3, 10)
    assert report_pack.is_overdue("planned", datetime.date(2026, 3, 9), today)
    assert not report_pack.is_overdue("planned", today, today)
    assert not report_pack.is_overdue("done", datetime.date(2026, 3, 1), today)


def test_inactivity_cutoff_and_clients_never_touched_are_inactive():
    today = datetime.date(2026, 3, 31)
    cutoff = report_pack.inactivity_cutoff(30, today)
    assert cutoff == datetime.date(2026, 3, 1)
    assert report_pack.is_inactive(None, cutoff)
    assert report_pack.is_inactive(datetime.date(2026, 2, 28), cutoff)
    assert not report_pack.is_inactive(cutoff, cutoff)
    for bad in (0, -5, 1.5, "30", True):
        with pytest.raises(report_pack.InvalidPeriod):
            report_pack.inactivity_cutoff(bad, today)


def test_week_bounds_run_monday_to_monday():
    assert report_pack.week_bounds(datetime.date(2026, 12, 3)) == (
        datetime.date(2026, 11, 30), datetime.date(2026, 12, 7))


def test_agenda_groups_by_day_then_hour_in_order():
    at = datetime.datetime
    entries = [{"start": at(2026, 12, 2, 9, 30), "name": "b"}, {"start": at(2026, 12, 1, 14, 0), "name": "c"},
               {"start": at(2026, 12, 2, 9, 0), "name": "a"}, {"start": at(2026, 12, 2, 11, 0), "name": "d"},
               {"start": at(2026, 12, 2, 0, 0), "name": "todo", "all_day": True}]
    grouped = report_pack.group_agenda(entries)
    assert [(day.day, [(hour, [e["name"] for e in items]) for hour, items in hours])
            for day, hours in grouped] == [
        (1, [(14, ["c"])]), (2, [(report_pack.ALL_DAY, ["todo"]), (9, ["a", "b"]), (11, ["d"])])]


def test_spend_is_spread_over_months_by_days_and_adds_up():
    parts = report_pack.spread_over_months(1000.0, datetime.date(2026, 1, 17), datetime.date(2026, 3, 1))
    assert [month for month, _amount in parts] == [
        datetime.date(2026, 1, 1), datetime.date(2026, 2, 1), datetime.date(2026, 3, 1)]
    # 15 days in January, 28 in February, 1 in March out of 44
    assert parts[0][1] == pytest.approx(1000 * 15 / 44)
    assert parts[1][1] == pytest.approx(1000 * 28 / 44)
    assert sum(amount for _month, amount in parts) == pytest.approx(1000.0)
    with pytest.raises(ValueError):
        report_pack.spread_over_months(1.0, datetime.date(2026, 2, 1), datetime.date(2026, 1, 1))
