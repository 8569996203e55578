import datetime

import pytest

from ..retention import inactivity_cutoff, is_stale, kept_until, review_ends


def test_two_years_without_activity_is_stale_by_default():
    today = datetime.date(2026, 12, 7)
    assert inactivity_cutoff(today) == datetime.date(2024, 12, 7)
    assert is_stale(datetime.date(2024, 12, 6), today)
    assert not is_stale(datetime.date(2024, 12, 7), today)
    assert is_stale(datetime.date(2025, 6, 1), today, years=1)
    assert not is_stale(datetime.date(2026, 6, 1), today, years=1)
    assert is_stale(datetime.date(2021, 6, 1), today, years=5)


def test_leap_day_and_nonsense_periods():
    assert inactivity_cutoff(datetime.date(2028, 2, 29)) == datetime.date(2026, 2, 28)
    with pytest.raises(ValueError):
        inactivity_cutoff(datetime.date(2026, 1, 1), 0)


def test_invoices_are_kept_until_the_end_of_their_year_plus_seven():
    assert kept_until(datetime.date(2024, 3, 15)) == datetime.date(2031, 12, 31)
    assert kept_until(datetime.date(2019, 12, 31)) == datetime.date(2026, 12, 31)


def test_review_period():
    assert review_ends(datetime.date(2026, 12, 7)) == datetime.date(2027, 1, 6)
    assert review_ends(datetime.date(2026, 12, 7), 0) == datetime.date(2026, 12, 7)
