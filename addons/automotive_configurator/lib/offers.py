"""What an offer is: its states, which of them are still open, how long it is valid."""
from .pricing import format_amount

STATES = (
    ("draft", "Draft"),
    ("sent", "Sent"),
    ("accepted", "Accepted"),
    ("declined", "Declined"),
)
# an offer the customer may still take up: a colleague must not undercut it unknowingly
OPEN_STATES = ("draft", "sent")
VALIDITY_DAYS = 30
FOLLOW_UP_DAYS = 3


def is_open(state):
    return state in OPEN_STATES


def colleague_line(salesperson, currency, amount, valid_until):
    """'Open offer by Sales A2: EUR 42,586.35, valid until 2026-12-30' (no sales up, no customer data)."""
    return "Open offer by %s: %s %s, valid until %s" % (salesperson, currency, format_amount(amount), valid_until)
