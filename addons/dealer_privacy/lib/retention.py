"""How long the group keeps what: prospects without activity, and documents the law keeps.

- A prospect (never bought) with no activity for `years` years (setting, default 2) is put on the
  director's review list; anonymised by the retention cron once the review days passed and the
  director did not keep them.
- Invoices and the orders they came from are kept seven years after the end of their year
  (Dutch fiscal retention, Algemene wet inzake rijksbelastingen art. 52 lid 4): the person's
  identity on them stays until then, the rest of their data is erased at once.
"""
import datetime

DEFAULT_PROSPECT_YEARS = 2
DEFAULT_REVIEW_DAYS = 30
FISCAL_RETENTION_YEARS = 7


def _years_before(day, years):
    try:
        return day.replace(year=day.year - years)
    except ValueError:
        return day.replace(year=day.year - years, day=28)


def inactivity_cutoff(today, years=DEFAULT_PROSPECT_YEARS):
    """Activity before this date is too old: a prospect whose last activity is older goes."""
    if years < 1:
        raise ValueError("the retention period of prospects is at least one year, not %r" % (years,))
    return _years_before(today, years)


def is_stale(last_activity, today, years=DEFAULT_PROSPECT_YEARS):
    """True when `last_activity` (a date) lies before the cutoff."""
    return last_activity < inactivity_cutoff(today, years)


def kept_until(document_date, years=FISCAL_RETENTION_YEARS):
    """The last day a document dated `document_date` must be kept: the end of its year plus `years`."""
    return datetime.date(document_date.year + years, 12, 31)


def review_ends(found_on, days=DEFAULT_REVIEW_DAYS):
    """The day the retention cron may anonymise a candidate found on `found_on`."""
    return found_on + datetime.timedelta(days=days)
