"""Lead sources, their cost and the reasons for re-crediting a sales up to another source."""

# The utm.source records the dealer starts with: (xml id suffix, name). The keys are stable,
# the names may be renamed by the director.
SEEDED_SOURCES = (
    ("referral", "Referral"),
    ("repeat_customer", "Repeat customer"),
    ("internet", "Internet"),
    ("print_ad", "Print ad"),
    ("importer", "Importer"),
    ("walk_in", "Walk-in"),
    ("phone", "Phone"),
    ("event", "Event"),
    ("cold_prospecting", "Cold prospecting"),
)

# The source a new sales up is credited to when nobody names one: the way it came in says it
# (a walk-in is the showroom's own traffic). A seeded source key per lead type (lib/sales_up.py).
SOURCE_BY_LEAD_TYPE = {
    "call": "phone",
    "email": "internet",
    "walk_in": "walk_in",
    "web": "internet",
    "importer": "importer",
    "chat": "internet",
    "social": "internet",
    "referral": "referral",
    "cold_prospecting": "cold_prospecting",
}

# A reason shorter than this says nothing an auditor can check ("x", "ok").
MIN_REASON_LENGTH = 5


def cost_per(cost, count):
    """Return cost divided by count, or None when there is nothing to divide by (no sales
    ups, no sales) so a report shows an empty cell instead of zero or infinity."""
    if not count:
        return None
    return (cost or 0.0) / count


def rate(part, whole):
    """Return part of whole in percent, or None when there is no whole (no sales ups)."""
    if not whole:
        return None
    return 100.0 * (part or 0) / whole


def clean_reason(reason):
    """Return the reason with its whitespace folded, or "" when it is too thin to audit."""
    text = " ".join((reason or "").split())
    return text if len(text) >= MIN_REASON_LENGTH else ""
