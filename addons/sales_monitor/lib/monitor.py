"""The rules of the sales monitor: levels and filters, current phase, conversion, potential,
speed to lead, urgency with its reasons, and the percentile that says a sales up is stalled.

Plain Python, no Odoo: the monitor's SQL repeats some of these rules for speed, and each such
place has a parity test against the function here. Times are naive UTC datetimes; days are the
dealer group's (GROUP_TZ).
"""
import calendar
import datetime
import math

import pytz


def _(text):
    """Marks a sentence for Odoo's term extraction (it reads `_("...")`); the Odoo side passes a
    `translate` function that puts it in the user's language."""
    return text


def _same(text):
    return text


LEVELS = ("branches", "staff", "customers")
FILTERS = ("date_from", "date_to", "team_id", "user_id", "customer_group", "lead_type", "source_id")

# A customer is private, or a business (a company or a contact person of one: fleet and lease
# customers); a partner category id narrows further (see parse_filters).
CUSTOMER_GROUPS = (("private", "Private"), ("business", "Business / fleet"))

# The steps of the conversion line are the funnel's (automotive_presales lib/funnel.STEP_CODES,
# repeated here for this plain module; parity: test_the_steps_are_the_funnels); which phase
# reaches which step is data (the phase's Monitor step). A sales up reached a step when its
# furthest phase (lost orders and after-sales aside) reaches that step or a later one.
STEP_CODES = ("lead", "test_drive", "offer", "agreement", "delivery")
STEP_NUMBER = {code: number for number, code in enumerate(STEP_CODES, start=1)}

URGENCY_REASONS = (
    ("overdue", "Follow-up overdue"),
    ("untouched", "Untouched longer than the threshold"),
    ("hot_no_test_drive", "Hot lead without a test drive"),
    ("offer_not_followed", "Offer not followed up"),
    ("stalled", "Stalled in its phase"),
    ("buying_soon", "Buys soon, no offer yet"),
)
# a purchase window that starts within this many days (or has started) makes a sales up urgent
# until it has an offer
BUYING_SOON_DAYS = 14
DEFAULT_HOT_NO_TEST_DRIVE_DAYS = 3
DEFAULT_OFFER_FOLLOW_UP_DAYS = 5
STALLED_PERCENTILE = 0.75
STALLED_WINDOW_DAYS = 90
MAX_PERIOD_DAYS = 2 * 366 + 1
# the dates a filter may name: wide enough for any dealer's history and plans, narrow enough that
# the period arithmetic (a day after the end, 90 days before it) stays inside Python's calendar
FIRST_DATE = datetime.date(1900, 1, 1)
LAST_DATE = datetime.date(2999, 12, 31)


class InvalidFilter(ValueError):
    """A monitor level or filter value that cannot be used; the message names the filter."""


def _to_date(name, value):
    if value in (None, False, ""):
        return None
    if isinstance(value, datetime.datetime):
        value = value.date()
    elif isinstance(value, datetime.date):
        pass
    elif isinstance(value, str):
        try:
            value = datetime.datetime.strptime(value[:10], "%Y-%m-%d").date()
        except ValueError:
            raise InvalidFilter("filter %s: %r is not a date (YYYY-MM-DD)" % (name, value))
    else:
        raise InvalidFilter("filter %s: %r is not a date (YYYY-MM-DD)" % (name, value))
    if not FIRST_DATE <= value <= LAST_DATE:
        raise InvalidFilter("filter %s: %s is outside %s to %s" % (name, value, FIRST_DATE, LAST_DATE))
    return value


def _to_id(name, value):
    if value in (None, False, ""):
        return None
    if isinstance(value, bool) or not isinstance(value, int) or value < 1:
        raise InvalidFilter("filter %s: %r is not a record id" % (name, value))
    return value


def parse_filters(level, filters, today, lead_types=()):
    """Check a level and its filters; return the filters with dates as dates and ids as ints.

    The period is inclusive on both ends and defaults to the last 90 days up to today. An
    unknown filter, a reversed or longer than two-year period is refused, never guessed.
    """
    if level not in LEVELS:
        raise InvalidFilter("level %r is unknown; use one of %s" % (level, ", ".join(LEVELS)))
    unknown = sorted(set(filters) - set(FILTERS))
    if unknown:
        raise InvalidFilter("filter %s is unknown; use %s" % (", ".join(unknown), ", ".join(FILTERS)))
    date_to = _to_date("date_to", filters.get("date_to")) or today
    date_from = _to_date("date_from", filters.get("date_from")) or date_to - datetime.timedelta(days=89)
    if date_from > date_to:
        raise InvalidFilter("filter date_from (%s) must not be after date_to (%s)" % (date_from, date_to))
    if (date_to - date_from).days + 1 > MAX_PERIOD_DAYS:
        raise InvalidFilter("the period %s to %s is longer than two years" % (date_from, date_to))
    group = filters.get("customer_group") or None
    # a group by its key, or a partner category by its id; anything else (a list of them) is refused
    if group is not None and not (isinstance(group, str) and group in dict(CUSTOMER_GROUPS)):
        group = _to_id("customer_group", group)
    lead_type = filters.get("lead_type") or None
    if lead_type is not None and (not isinstance(lead_type, str) or (lead_types and lead_type not in lead_types)):
        raise InvalidFilter("filter lead_type: %r is unknown; use one of %s" % (lead_type, ", ".join(lead_types)))
    return {
        "date_from": date_from,
        "date_to": date_to,
        "team_id": _to_id("team_id", filters.get("team_id")),
        "user_id": _to_id("user_id", filters.get("user_id")),
        "customer_group": group,
        "lead_type": lead_type,
        "source_id": _to_id("source_id", filters.get("source_id")),
    }


# The dealer group's day: the monitor counts moments and sales ups by the days and months of the
# group's time zone, and its "today" is that zone's, whoever asks (a moment at 00:30 in Amsterdam
# is of that day, not of the UTC day before). The rollups' SQL uses local_sql (parity:
# test_the_rollups_count_by_the_groups_day).
GROUP_TZ = "Europe/Amsterdam"


def period_bounds(date_from, date_to, tz=GROUP_TZ):
    """The period as the half-open range [start, end) of naive UTC datetimes the moments are
    compared with: from the first day's midnight to the midnight after the last day, in `tz`."""
    zone = pytz.timezone(tz)

    def utc(day):
        local = zone.localize(datetime.datetime.combine(day, datetime.time.min))
        return local.astimezone(pytz.utc).replace(tzinfo=None)
    return utc(date_from), utc(date_to + datetime.timedelta(days=1))


def local_sql(column, tz=GROUP_TZ):
    """SQL: a naive UTC timestamp column as the wall-clock time of `tz` (period_bounds's days)."""
    return "(%s AT TIME ZONE 'UTC' AT TIME ZONE '%s')" % (column, tz)


def today(now=None, tz=GROUP_TZ):
    """The group's date at `now` (a naive UTC datetime; the current time by default)."""
    now = now or datetime.datetime.utcnow()
    return pytz.utc.localize(now).astimezone(pytz.timezone(tz)).date()


def split_months(date_from, date_to):
    """Split an inclusive period into (whole months, loose days) for the rollups.

    Returns (months, day_ranges): months as first days of the months wholly inside the period,
    day_ranges as inclusive (first, last) date pairs for the parts outside whole months.
    """
    months, days = [], []
    cursor = date_from
    while cursor <= date_to:
        month_start = cursor.replace(day=1)
        next_month = (month_start + datetime.timedelta(days=32)).replace(day=1)
        month_end = next_month - datetime.timedelta(days=1)
        if cursor == month_start and month_end <= date_to:
            months.append(month_start)
        else:
            days.append((cursor, min(month_end, date_to)))
        cursor = next_month
    return months, days


def customer_group(is_company, parent_is_company):
    """'business' for a company or a contact person of one, else 'private'."""
    return "business" if is_company or parent_is_company else "private"


def current_phase(moments):
    """(phase, entered_at, last_at) of a sales up from its moments [(occurred_at, id, phase)].

    The current phase is the phase of the latest moment (the highest id breaks a tie); it was
    entered at the first moment of the unbroken run of moments in that phase that ends with it.
    None when there are no moments.
    """
    ordered = sorted(moments, key=lambda moment: (moment[0], moment[1]), reverse=True)
    if not ordered:
        return None
    phase = ordered[0][2]
    entered = ordered[0][0]
    for occurred_at, _id, moment_phase in ordered:
        if moment_phase != phase:
            break
        entered = occurred_at
    return phase, entered, ordered[0][0]


def furthest_step(phases, step_of_phase):
    """The furthest conversion step (0 none, 1 lead ... 5 delivery) the phases reach; step_of_phase
    maps a phase code to its step number (the vocabulary's Vocabulary.step_number)."""
    return max([step_of_phase(phase) for phase in phases] or [0])


def conversion(furthest_steps):
    """Counts per step of the sales ups that reached it, and each step's rate (%) of the one before."""
    counts = {code: 0 for code in STEP_CODES}
    for furthest in furthest_steps:
        for number, code in enumerate(STEP_CODES, start=1):
            if furthest >= number:
                counts[code] += 1
    rates = {}
    for previous, code in zip(STEP_CODES, STEP_CODES[1:]):
        rates[code] = round(100.0 * counts[code] / counts[previous], 1) if counts[previous] else None
    return {"counts": counts, "rates": rates}


def potential(expected_revenue, probability):
    """Expected revenue weighted by a probability in percent; an unknown probability weighs 0."""
    return (expected_revenue or 0.0) * (probability or 0) / 100.0


def percentile(values, fraction):
    """The fraction-th percentile with linear interpolation (PostgreSQL's percentile_cont)."""
    ordered = sorted(values)
    if not ordered:
        return None
    position = fraction * (len(ordered) - 1)
    lower = int(position)
    upper = min(lower + 1, len(ordered) - 1)
    return ordered[lower] + (ordered[upper] - ordered[lower]) * (position - lower)


def median(values):
    """The median, or None without values."""
    return percentile([value for value in values if value is not None], 0.5)


def speed_bucket(minutes):
    """The coarse histogram bucket of a first response in minutes (the rollups' speed buckets).

    Buckets widen with the square root of the minutes (0-3, 4-15, 16-35, ...), so a few dozen
    cover days of response times and a median bucket holds few sales ups. The SQL repeats this
    (sales_monitor_rollup.SPEED_BUCKET; parity test in tests/test_monitor_store.py).
    """
    return int(math.floor(math.sqrt(max(minutes, 0)) / 2))


# speed to lead: the share of the period's leads first contacted within these minutes
WITHIN_MINUTES = (5, 30)


def speed_band(minutes):
    """The band of a first response: 0 not contacted yet, 1 within 5 minutes, 2 within 30, 3 later.
    Within N minutes is fewer than N whole minutes after the lead arrived. The SQL repeats this
    (sales_monitor_rollup.SPEED_BAND; parity test in tests/test_monitor_rollups.py)."""
    if minutes is None:
        return 0
    for band, limit in enumerate(WITHIN_MINUTES, start=1):
        if minutes < limit:
            return band
    return len(WITHIN_MINUTES) + 1


def contacted_within(band_counts):
    """{5: %, 30: %} of the leads (band -> number of leads, every lead of the period in one band)
    first contacted within 5 and within 30 minutes; None without leads."""
    total = sum(band_counts.values())
    shares = {}
    for band, limit in enumerate(WITHIN_MINUTES, start=1):
        within = sum(count for key, count in band_counts.items() if 1 <= key <= band)
        shares[limit] = round(100.0 * within / total, 1) if total else None
    return shares


# The process of a lead, as dealer groups measure it, and the director's benchmarks for it; the
# defaults are published US dealer averages. Each rate is a share of the leads before it.
PROCESS_RATES = (
    ("contact", "Contact rate", 70),        # leads contacted, of the leads
    ("appointment", "Appointment rate", 30),  # leads with an appointment set, of the leads
    ("show", "Show rate", 70),              # appointments the customer came to, of the appointments
    ("sold_of_shown", "Sold of shown", 65),  # customers who came and bought, of those who came
    ("close", "Close rate", 15),            # leads sold, of the leads
)
# the sales-process steps (automotive_presales lib/sales_up.SALES_STEPS) that say an appointment
# was set, and that the customer came
APPOINTMENT_STEPS = ("appointment_set", "appointment_shown")
SHOWN_STEPS = ("appointment_shown", "vehicle_presented", "demo")
# what a lead reached, as bits of one number (the rollups count leads per combination)
CONTACTED, APPOINTMENT, SHOWN, SOLD = 1, 2, 4, 8


def process_flags(contacted, appointment, shown, sold):
    """The combination of what a lead reached, as the rollups key it (PROCESS_FLAGS in SQL)."""
    return (CONTACTED if contacted else 0) | (APPOINTMENT if appointment else 0) | (SHOWN if shown else 0) | (
        SOLD if sold else 0)


def process_rates(flag_counts, benchmarks=None):
    """{rate code: {"rate": %, "benchmark": %, "gap": rate - benchmark}} of the leads counted per
    combination of flags ({flags: leads}); a rate without leads to compare with is None."""
    benchmarks = benchmarks or {code: default for code, _label, default in PROCESS_RATES}

    def count(*bits):
        return sum(leads for flags, leads in flag_counts.items() if all(flags & bit for bit in bits))

    leads = sum(flag_counts.values())
    parts = {"contact": (count(CONTACTED), leads), "appointment": (count(APPOINTMENT), leads),
             "show": (count(APPOINTMENT, SHOWN), count(APPOINTMENT)),
             "sold_of_shown": (count(SHOWN, SOLD), count(SHOWN)), "close": (count(SOLD), leads)}
    rates = {}
    for code, _label, _default in PROCESS_RATES:
        done, base = parts[code]
        rate = round(100.0 * done / base, 1) if base else None
        benchmark = benchmarks.get(code)
        rates[code] = {"rate": rate, "benchmark": benchmark,
                       "gap": round(rate - benchmark, 1) if rate is not None and benchmark is not None else None}
    return rates


def median_ranks(count):
    """The 0-based ranks whose values percentile_cont(0.5) interpolates between, or None."""
    if not count:
        return None
    position = 0.5 * (count - 1)
    return int(math.floor(position)), int(math.ceil(position))


def median_buckets(bucket_counts):
    """The buckets of a histogram (bucket -> number of values, buckets in the order of their
    values) that hold the middle ranks of the median: one or two, none without values."""
    ranks = median_ranks(sum(bucket_counts.values()))
    if ranks is None:
        return set()
    wanted, seen = set(), 0
    for bucket in sorted(bucket_counts):
        count = bucket_counts[bucket]
        if any(seen <= rank < seen + count for rank in ranks):
            wanted.add(bucket)
        seen += count
    return wanted


def histogram_median(bucket_counts, values):
    """The exact median (as median()) from a histogram and the sorted values of the buckets
    median_buckets() names ({bucket: sorted values}); every value of a lower bucket is lower than
    every value of a higher one, so only those buckets' values are needed."""
    total = sum(bucket_counts.values())
    ranks = median_ranks(total)
    if ranks is None:
        return None
    picked, seen = {}, 0
    for bucket in sorted(bucket_counts):
        count = bucket_counts[bucket]
        for rank in ranks:
            if seen <= rank < seen + count:
                picked[rank] = values[bucket][rank - seen]
        seen += count
    low, high = picked[ranks[0]], picked[ranks[1]]
    return low + (high - low) * (0.5 * (total - 1) - ranks[0])


def phase_durations(moments):
    """The finished stays of one sales up in its phases: [(phase, entered_at, left_at)].

    moments are [(occurred_at, id, phase)]; a stay ends at the first moment of another phase.
    The stay in the current phase is not finished and not listed.
    """
    ordered = sorted(moments, key=lambda moment: (moment[0], moment[1]))
    stays = []
    phase = entered = None
    for occurred_at, _id, moment_phase in ordered:
        if moment_phase != phase:
            if phase is not None:
                stays.append((phase, entered, occurred_at))
            phase, entered = moment_phase, occurred_at
    return stays


def stalled_limits(stays, now, window_days=STALLED_WINDOW_DAYS, fraction=STALLED_PERCENTILE):
    """{(branch, phase): seconds}: the percentile of the stays that ended within the window.

    stays are [(branch, phase, entered_at, left_at)] over every sales up.
    """
    since = now - datetime.timedelta(days=window_days)
    durations = {}
    for branch, phase, entered, left in stays:
        if left >= since and left <= now:
            durations.setdefault((branch, phase), []).append((left - entered).total_seconds())
    return {key: percentile(values, fraction) for key, values in durations.items()}


def purchase_window_near(start, end, today, days=BUYING_SOON_DAYS):
    """True when the customer's purchase window (dates, either may be None) has begun or begins
    within `days`, and has not passed."""
    if not start and not end:
        return False
    if end and end < today:
        return False
    return (start or end) <= today + datetime.timedelta(days=days)


def urgency_reasons(sales_up, now, today, hot_no_test_drive_days=DEFAULT_HOT_NO_TEST_DRIVE_DAYS,
                    offer_follow_up_days=DEFAULT_OFFER_FOLLOW_UP_DAYS, stalled_limit=None):
    """The reason codes (URGENCY_REASONS order) an open sales up needs attention for.

    sales_up is a mapping with: is_open, oldest_deadline (date of the oldest open follow-up
    activity or None), needs_attention (untouched past the threshold), lead_status, lead_date,
    furthest_step, awaits_follow_up (the current phase waits for a follow-up: an offer made),
    phase_since, purchase_start, purchase_end (the customer's purchase window, dates or None);
    stalled_limit is the percentile in seconds of the current phase's stays in the sales up's
    branch (None: no basis to compare).
    """
    if not sales_up["is_open"]:
        return []
    reasons = []
    deadline = sales_up.get("oldest_deadline")
    if deadline and deadline < today:
        reasons.append("overdue")
    if sales_up.get("needs_attention"):
        reasons.append("untouched")
    lead_date = sales_up.get("lead_date")
    if (sales_up.get("lead_status") == "hot" and (sales_up.get("furthest_step") or 0) < STEP_NUMBER["test_drive"]
            and lead_date and now - lead_date > datetime.timedelta(days=hot_no_test_drive_days)):
        reasons.append("hot_no_test_drive")
    since = sales_up.get("phase_since")
    if (sales_up.get("awaits_follow_up") and since
            and now - since > datetime.timedelta(days=offer_follow_up_days)):
        reasons.append("offer_not_followed")
    if stalled_limit is not None and since and (now - since).total_seconds() > stalled_limit:
        reasons.append("stalled")
    if (purchase_window_near(sales_up.get("purchase_start"), sales_up.get("purchase_end"), today)
            and (sales_up.get("furthest_step") or 0) < STEP_NUMBER["offer"]):
        reasons.append("buying_soon")
    return reasons


def reasons_in_words(codes, hot_no_test_drive_days=DEFAULT_HOT_NO_TEST_DRIVE_DAYS,
                     offer_follow_up_days=DEFAULT_OFFER_FOLLOW_UP_DAYS, translate=_same):
    """The reasons as a person reads them (in the language of `translate`), in URGENCY_REASONS order."""
    words = {
        "overdue": translate(_("Follow-up overdue")),
        "untouched": translate(_("Untouched longer than the threshold")),
        "hot_no_test_drive": translate(_("Hot lead without a test drive after %d days")) % hot_no_test_drive_days,
        "offer_not_followed": translate(_("Offer not followed up within %d days")) % offer_follow_up_days,
        "stalled": translate(_("Stalled: longer in this phase than 3 in 4 sales ups of the branch (last 90 days)")),
        "buying_soon": translate(_("Buys within %d days (purchase window) and has no offer yet")) % BUYING_SOON_DAYS,
    }
    return [words[code] for code, _label in URGENCY_REASONS if code in codes]


def rank(values):
    """Competition rank (1 = highest) of each value in a list; equal values share a rank."""
    return [1 + sum(1 for other in values if other > value) for value in values]


# ---- replacement radar: customers who may want their next car ----

# (reason code, words, setting, default): the thresholds are settings
RADAR_REASONS = (
    ("old_car", _("Car is %(value)s years old (%(threshold)s or more)"), "years", 6),
    ("high_mileage", _("Car has %(value)s km on the clock (%(threshold)s or more)"), "mileage", 120000),
    ("finance_ending", _("Finance or lease ends on %(value)s (within %(threshold)s months)"), "months", 6),
    ("frequent_workshop", _("%(value)s workshop visits in the last 12 months (%(threshold)s or more)"), "visits", 3),
)
RADAR_DEFAULTS = {setting: default for _code, _words, setting, default in RADAR_REASONS}


def add_months(day, months):
    """The same day `months` later (the month's last day when it has fewer days)."""
    month = day.month - 1 + months
    year, month = day.year + month // 12, month % 12 + 1
    return datetime.date(year, month, min(day.day, calendar.monthrange(year, month)[1]))


def replacement_reasons(car_year, mileage, finance_end, workshop_visits, today, thresholds=None, translate=_same):
    """[(reason code, words)] of a customer for the replacement radar, in RADAR_REASONS order.

    car_year is the model year of the customer's car, mileage its km, finance_end the date their
    finance or lease ends, workshop_visits their after-sales moments in the last 12 months; any
    may be None (not known)."""
    limits = dict(RADAR_DEFAULTS, **(thresholds or {}))
    values = {
        "old_car": today.year - car_year if car_year else None,
        "high_mileage": mileage or None,
        "finance_ending": finance_end,
        "frequent_workshop": workshop_visits or None,
    }
    reasons = []
    for code, words, setting, _default in RADAR_REASONS:
        value, threshold = values[code], limits[setting]
        if value is None:
            continue
        if code == "finance_ending":
            hit = today <= value <= add_months(today, threshold)
        else:
            hit = value >= threshold
        if hit:
            reasons.append((code, translate(words) % {"value": value, "threshold": threshold}))
    return reasons


# ---- sold in the DMS: which sales up a sale the DMS reported without one belongs to ----

# the states of a sales up as automotive_presales lib/lifecycle.py names them (test_monitor.py holds
# them equal): that lib decides them, this one only reads them
SALES_UP_OPEN, SALES_UP_WON = "open", "won"
# a sale belongs to a sales up won this many days around it (the CRM's win and the DMS's order or
# delivery of the same deal lie days apart; a deal logged later than this is another deal)
SALE_MATCH_DAYS = 90


def sale_sales_up(sold_at, salesperson_id, sales_ups, days=SALE_MATCH_DAYS):
    """The id of the sales up a sale the DMS reported for a customer belongs to, or None.

    `sales_ups` are the customer's sales ups as (id, state, owner id, lead date, closed at) with
    state "open", "won" or "lost" (automotive_presales lib/lifecycle.py) and naive UTC datetimes
    (closed at None when not closed). Candidates: the open ones that came in before the sale, and
    those won within `days` of it (a deal logged in the CRM after the sale may have been typed in
    after it too); lost ones never. One candidate is the match; of several, the one of the
    salesperson the DMS named; otherwise none: a person decides."""
    window = datetime.timedelta(days=days)
    candidates = [
        (lead_id, owner_id) for lead_id, state, owner_id, lead_date, closed_at in sales_ups
        if (state == SALES_UP_OPEN and (lead_date is None or lead_date <= sold_at))
        or (state == SALES_UP_WON and closed_at is not None and abs(closed_at - sold_at) <= window)]
    if len(candidates) > 1:
        candidates = [candidate for candidate in candidates if salesperson_id and candidate[1] == salesperson_id]
    return candidates[0][0] if len(candidates) == 1 else None
