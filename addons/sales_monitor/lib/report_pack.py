"""The rules of the report pack that need no database: what kind an activity is, what a sales
up is expected to bring, and the inactivity periods.

Whether a sales up is open, won or lost is not defined here: that is automotive_presales
lib/lifecycle.py, which the reports ask (Python through its state(), SQL through its
sql_predicate()). The SQL views of the reports (sales_monitor/report/*.py) repeat the rules of
this module; tests/test_report_pack.py test_sql_views_agree_with_the_python_rules checks that
SQL and Python agree.
"""
import datetime

# What a dealer calls the things in their agenda and activity log.
ACTIVITY_KINDS = (
    ("event", "Event"),
    ("task", "Task"),
    ("call", "Call"),
    ("test_drive", "Test drive"),
)

# mail.activity.type xml ids with a kind of their own; every other activity type is a task.
KIND_BY_ACTIVITY_TYPE = {
    "mail.mail_activity_data_call": "call",
    "mail.mail_activity_data_meeting": "event",
}
DEFAULT_ACTIVITY_KIND = "task"

ACTIVITY_STATES = (
    ("planned", "Planned"),
    ("done", "Done"),
    ("cancelled", "Cancelled"),
)

# Test drive states (automotive_presales lib.agenda.TEST_DRIVE_STATES) as activity states.
STATE_BY_TEST_DRIVE_STATE = {
    "planned": "planned",
    "done": "done",
    "no_show": "cancelled",
    "cancelled": "cancelled",
}

# The inactivity periods the Inactive Clients wizard offers, in days.
INACTIVITY_PERIODS = (30, 60, 90, 180)

BEST_CALL_TIMES = (
    ("morning", "Morning (9-12)"),
    ("lunch", "Lunch (12-14)"),
    ("afternoon", "Afternoon (14-17)"),
    ("evening", "Evening (17-20)"),
    ("any", "Any time"),
)


def activity_kind(type_xmlid):
    """The kind (event, task, call) of an activity of the mail.activity.type with this xml id."""
    return KIND_BY_ACTIVITY_TYPE.get(type_xmlid or "", DEFAULT_ACTIVITY_KIND)


def expected_revenue(planned_revenue, probability):
    """The revenue a sales up is expected to bring: planned revenue weighted by a probability in %."""
    return (planned_revenue or 0.0) * (probability or 0) / 100.0


def gut_probability(stage_probability, gut):
    """The salesperson's own estimate where given, else the probability of the stage.

    Odoo 11 stores an emptied Integer as 0, so 0 means "no estimate", like an empty field.
    """
    return gut if gut else stage_probability


def is_overdue(state, deadline, today):
    """A planned activity is overdue once its date lies before today."""
    return state == "planned" and deadline is not None and deadline < today


class InvalidPeriod(ValueError):
    """An inactivity period that is not a whole number of days of at least 1."""


def inactivity_cutoff(days, today):
    """The first day a client must have had activity on not to count as inactive for `days`."""
    if not isinstance(days, int) or isinstance(days, bool) or days < 1:
        raise InvalidPeriod("the inactivity period must be a whole number of days of at least 1, got %r" % (days,))
    return today - datetime.timedelta(days=days)


def is_inactive(last_activity, cutoff):
    """A client with no activity at all, or none on or after the cutoff date, is inactive."""
    return last_activity is None or last_activity < cutoff


def week_bounds(day):
    """(monday, next monday) of the week holding `day`."""
    monday = day - datetime.timedelta(days=day.weekday())
    return monday, monday + datetime.timedelta(days=7)


ALL_DAY = -1


def group_agenda(entries):
    """Group agenda entries (dicts with a naive local `start` datetime and `all_day`) by day and hour.

    Returns [(date, [(hour, [entry, ...]), ...]), ...], days and hours in order, entries by start;
    all-day entries (a to-do due that day) come first, under the hour ALL_DAY.
    """
    days = {}
    for entry in sorted(entries, key=lambda entry: entry["start"]):
        start = entry["start"]
        hour = ALL_DAY if entry.get("all_day") else start.hour
        days.setdefault(start.date(), {}).setdefault(hour, []).append(entry)
    return [(day, sorted(hours.items())) for day, hours in sorted(days.items())]


def month_start(day):
    return day.replace(day=1)


def spread_over_months(amount, date_from, date_to):
    """Split spend over the months of [date_from, date_to] in proportion to the days in each.

    Returns [(first day of month, amount)]; the parts add up to the amount.
    """
    if date_to < date_from:
        raise ValueError("the period ends (%s) before it starts (%s)" % (date_to, date_from))
    total_days = (date_to - date_from).days + 1
    parts = []
    cursor = date_from
    while cursor <= date_to:
        next_month = (month_start(cursor) + datetime.timedelta(days=32)).replace(day=1)
        last = min(date_to, next_month - datetime.timedelta(days=1))
        parts.append((month_start(cursor), amount * ((last - cursor).days + 1) / total_days))
        cursor = next_month
    return parts
