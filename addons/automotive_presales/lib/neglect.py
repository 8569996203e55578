"""Neglect of a sales up: how long it lies untouched (the first contact is lib/funnel.first_contact_at).

Times are naive UTC datetimes, as Odoo stores them. The SQL refresh of the hourly cron
(crm.lead._presales_refresh_neglect) computes the same hours with the same rules.
"""

from . import lifecycle

DEFAULT_ATTENTION_HOURS = 48

# Open/won/lost are defined in lifecycle.py. These two names stay importable from here only for
# sales_monitor's reports on main, which still read them from neglect; they are the lifecycle
# objects themselves, not a second definition. Move those reports to lifecycle and drop them.
CLOSED_STATUSES = lifecycle.CLOSED_STATUSES
is_open = lifecycle.is_open


class InvalidThreshold(ValueError):
    """An attention threshold that is not a whole number of hours of at least 1."""


def minutes_between(start, end):
    """Whole minutes from start to end; never negative."""
    return max(0, int((end - start).total_seconds() // 60))


def hours_between(start, end):
    """Whole hours from start to end; never negative."""
    return max(0, int((end - start).total_seconds() // 3600))


def last_touch(touch_times):
    """The latest touch (contact moment or completed activity), or None when never touched."""
    times = [moment for moment in touch_times if moment]
    return max(times) if times else None


def untouched_hours(last_touch_at, lead_date, now):
    """Hours since the last touch, or since the lead date when never touched; None without either."""
    since = last_touch_at or lead_date
    if not since:
        return None
    return hours_between(since, now)


def needs_attention(hours_untouched, threshold, is_open=True):
    """An open sales up (lifecycle.is_open) needs attention once it lies untouched for threshold
    hours or more."""
    return bool(is_open and hours_untouched is not None and hours_untouched >= threshold)


def parse_threshold(value):
    """The attention threshold in hours from a setting; at least 1."""
    if value is None or value == "":
        return DEFAULT_ATTENTION_HOURS
    try:
        hours = int(value)
    except (TypeError, ValueError):
        raise InvalidThreshold("the attention threshold must be a whole number of hours, got %r" % (value,))
    if hours < 1:
        raise InvalidThreshold("the attention threshold must be at least 1 hour, got %d" % hours)
    return hours
