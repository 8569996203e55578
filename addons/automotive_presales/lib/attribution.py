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
)

# A reason shorter than this says nothing an auditor can check ("x", "ok").
MIN_REASON_LENGTH = 5


def cost_per(cost, count):
    """Return cost divided by count, or None when there is nothing to divide by (no sales
    ups, no sales) so a report shows an empty cell instead of zero or infinity."""
    if not count:
        return None
    return (cost or 0.0) / count


def clean_reason(reason):
    """Return the reason with its whitespace folded, or "" when it is too thin to audit."""
    text = " ".join((reason or "").split())
    return text if len(text) >= MIN_REASON_LENGTH else ""
