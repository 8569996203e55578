"""What an offer is: its states, which of them are still open, how long it is valid."""
from .pricing import format_amount

STATES = (
    ("draft", "Draft"),
    ("to_approve", "To approve"),
    ("sent", "Sent"),
    ("accepted", "Accepted"),
    ("declined", "Declined"),
)
# an offer the customer may still take up: a colleague must not undercut it unknowingly
OPEN_STATES = ("draft", "to_approve", "sent")
# how an offer reached the customer
SENT_BY = (
    ("email", "E-mail"),
    ("printed", "Handed over printed"),
)
VALIDITY_DAYS = 30
FOLLOW_UP_DAYS = 3


def is_open(state):
    return state in OPEN_STATES


def _(text):
    """Marks a sentence for Odoo's term extraction (it reads `_("...")`); Odoo translates it."""
    return text


COLLEAGUE_LINE = _("Open offer by %s: %s, valid until %s")


def colleague_line(salesperson, amount, valid_until, template=COLLEAGUE_LINE, amount_format=None):
    """'Open offer by Sales A2: EUR 42,586.35, valid until 2026-12-30' (no sales up, no customer data);
    `template` is COLLEAGUE_LINE in the user's language, `amount_format` (Decimal -> text) writes the
    amount with its currency in the user's format ('EUR 42,586.35' unless given)."""
    text = amount_format(amount) if amount_format else "EUR %s" % format_amount(amount)
    return template % (salesperson, text, valid_until)


def is_live(state, valid_until, today):
    """An open offer that has not expired (dates as ISO strings or date objects of one kind)."""
    return is_open(state) and bool(valid_until) and valid_until >= today


def counted_offer(candidates, today):
    """The offer that gives a fleet sub-project its value, among its alternatives.

    candidates: [(key, state, valid_until)], a higher key being a later offer. The accepted offer
    counts once there is one (the latest if several); until then the latest live alternative, since
    alternatives replace each other rather than add up. Declined and expired offers never count.
    Returns the key, or None when nothing counts.
    """
    accepted = [key for key, state, _valid in candidates if state == "accepted"]
    if accepted:
        return max(accepted)
    live = [key for key, state, valid in candidates if is_live(state, valid, today)]
    return max(live) if live else None
