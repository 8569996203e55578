from datetime import datetime, timedelta

import pytest

from automotive_presales.lib import lifecycle, neglect

LEAD_DATE = datetime(2024, 3, 4, 9, 0)


def test_minutes_between_are_whole_and_never_negative():
    assert neglect.minutes_between(LEAD_DATE, LEAD_DATE + timedelta(minutes=42, seconds=59)) == 42
    assert neglect.minutes_between(LEAD_DATE, LEAD_DATE - timedelta(days=2)) == 0


def test_untouched_hours_run_from_the_last_touch_or_else_from_the_lead_date():
    now = LEAD_DATE + timedelta(days=3, minutes=59)
    assert neglect.untouched_hours(None, LEAD_DATE, now) == 72
    assert neglect.untouched_hours(LEAD_DATE + timedelta(days=2), LEAD_DATE, now) == 24
    assert neglect.untouched_hours(None, None, now) is None
    # a touch logged ahead of the clock never gives negative hours
    assert neglect.untouched_hours(now + timedelta(hours=2), LEAD_DATE, now) == 0


def test_last_touch_is_the_latest_one():
    touches = [LEAD_DATE, LEAD_DATE + timedelta(hours=5), None]
    assert neglect.last_touch(touches) == LEAD_DATE + timedelta(hours=5)
    assert neglect.last_touch([None]) is None


def test_attention_starts_at_the_threshold_and_only_for_open_sales_ups():
    assert neglect.needs_attention(48, 48)
    assert not neglect.needs_attention(47, 48)
    assert not neglect.needs_attention(None, 48)
    assert not neglect.needs_attention(500, 48, is_open=False)


def test_won_archived_or_closed_sales_ups_are_not_open():
    assert lifecycle.is_open(True, 20, "hot")
    assert not lifecycle.is_open(False, 20, "hot")
    assert not lifecycle.is_open(True, 100, "warm")
    assert not lifecycle.is_open(True, 10, "sold")
    assert not lifecycle.is_open(True, 10, "bought_elsewhere")


@pytest.mark.parametrize("value, hours", [(None, 48), ("", 48), ("24", 24), (1, 1)])
def test_threshold_setting_is_read_as_whole_hours(value, hours):
    assert neglect.parse_threshold(value) == hours


@pytest.mark.parametrize("value", ["0", 0, -3, "two days"])
def test_threshold_below_one_hour_or_not_a_number_is_refused(value):
    with pytest.raises(neglect.InvalidThreshold):
        neglect.parse_threshold(value)
