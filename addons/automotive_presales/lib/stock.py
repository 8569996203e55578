"""The stock car's state machine: the one rule for whether a car can still be taken, and by whom.

A car on the lot is available, reserved for one sales up, sold (to one sales up, or by the DMS),
or removed from stock. `apply()` says what an event makes of a car, or why it is refused; the
model method `presales.stock.vehicle._presales_stock_event` is the only writer of the car's state
and runs every event through here: the desired-vehicle reservation, the won/lost hooks, order
confirm and cancel, invoice and credit note, the manager's Remove/Back in stock, the DMS feed, and
a car the dealer once sold or removed that comes back on the lot as a customer's trade-in.
A car new to the lot is created available: that is where every car starts, not a change of state.

The rule: the agreement (a sales up won, or the car's order confirmed) keeps the car reserved for
that sales up; the invoice (or the DMS feed saying sold) sells it; a sales up may always order
the car reserved for itself. A hold of a lost sales up gives way to anyone.
"""
from collections import namedtuple

from .messages import MessageError, _

AVAILABLE = "available"
RESERVED = "reserved"
SOLD = "sold"
REMOVED = "removed"
STATES = (
    (AVAILABLE, "Available"),
    (RESERVED, "Reserved"),
    (SOLD, "Sold"),
    (REMOVED, "Removed from stock"),
)

# What the desired vehicle of a sales up shows about its car, derived from the car.
RESERVATION_STATES = (
    ("none", "Not reserved"),
    ("reserved", "Reserved"),
    ("sold", "Sold"),
)

# The events. Each names who causes it; `lead` is the sales up it happens for.
RESERVE = "reserve"            # a salesperson holds the car for a sales up
RELEASE = "release"            # the sales up lets the car go (Release, another car, lost, deleted)
ORDER = "order"                # the car's order is confirmed: the agreement holds it
CANCEL_ORDER = "cancel_order"  # that order is cancelled
INVOICE = "invoice"            # the car's invoice is validated: sold
CREDIT = "credit"              # that invoice is credited: the sale is undone
FEED_SOLD = "feed_sold"        # the DMS stock feed says the car is sold
FEED_REMOVED = "feed_removed"  # the DMS stock feed says the car left the stock
REMOVE = "remove"              # a manager takes the car off the lot
RESTORE = "restore"            # a manager puts a removed car back on the lot
TRADE_IN = "trade_in"          # a car sold or removed before comes back on the lot, traded in
EVENTS = (RESERVE, RELEASE, ORDER, CANCEL_ORDER, INVOICE, CREDIT, FEED_SOLD, FEED_REMOVED, REMOVE, RESTORE,
          TRADE_IN)
FOR_A_SALES_UP = (RESERVE, RELEASE, ORDER, CANCEL_ORDER, INVOICE, CREDIT)

Car = namedtuple("Car", "state holder")
Car.__doc__ = "A car's state and the sales up (id) it is reserved or sold for, or None."


class Refused(MessageError):
    """The event cannot happen to this car; the message says why in a dealer's words."""


HELD_BY_ANOTHER = _("the car is reserved for another sales up")


def _take(car, lead, holder_holds, sold_words, other_order=False):
    """The car goes to `lead` (reserved or sold): refused when it is gone or held by another."""
    if car.state == SOLD:
        raise Refused(sold_words)
    if car.state == REMOVED:
        raise Refused(_("the car is no longer in stock"))
    if other_order:
        raise Refused(_("the car is already on another confirmed order"))
    if car.state == RESERVED and car.holder not in (None, lead) and holder_holds:
        raise Refused(HELD_BY_ANOTHER)


def _reserve(car, lead, holder_holds, kept, other_order):
    _take(car, lead, holder_holds, _("the car is already sold"))
    return Car(RESERVED, lead)


def _order(car, lead, holder_holds, kept, other_order):
    _take(car, lead, holder_holds, _("the car is already sold"), other_order)
    return Car(RESERVED, lead)


def _invoice(car, lead, holder_holds, kept, other_order):
    _take(car, lead, holder_holds, _("the car is already sold; it cannot be invoiced twice"))
    return Car(SOLD, lead)


def _release(car, lead, holder_holds, kept, other_order):
    if car.state != RESERVED or car.holder != lead:
        return car
    if kept:
        raise Refused(_("the car is on a confirmed order of this sales up; cancel the order to release it"))
    return Car(AVAILABLE, None)


def _cancel_order(car, lead, holder_holds, kept, other_order):
    if car.state != RESERVED or car.holder != lead or kept:
        return car
    return Car(AVAILABLE, None)


def _credit(car, lead, holder_holds, kept, other_order):
    if car.state != SOLD or car.holder != lead:
        return car
    return Car(RESERVED, lead) if kept else Car(AVAILABLE, None)


def _feed_sold(car, lead, holder_holds, kept, other_order):
    return car if car.state == SOLD else Car(SOLD, car.holder)


def _feed_removed(car, lead, holder_holds, kept, other_order):
    # a sold car keeps its buyer on record; a reserved one is simply gone
    return Car(REMOVED, car.holder if car.state == SOLD else None)


def _remove(car, lead, holder_holds, kept, other_order):
    if car.state == RESERVED:
        raise Refused(_("the car is reserved for a sales up; release it first"))
    return Car(REMOVED, car.holder if car.state == SOLD else None)


def _restore(car, lead, holder_holds, kept, other_order):
    if car.state != REMOVED:
        raise Refused(_("the car is in stock already"))
    return Car(AVAILABLE, None)


def _trade_in(car, lead, holder_holds, kept, other_order):
    # a car still on the lot cannot be handed in by a customer: the trade-in's VIN is wrong
    if car.state in (AVAILABLE, RESERVED):
        raise Refused(_("the car is on the lot already; check the VIN of the trade-in"))
    return Car(AVAILABLE, None)


TRANSITIONS = {
    RESERVE: _reserve, RELEASE: _release, ORDER: _order, CANCEL_ORDER: _cancel_order, INVOICE: _invoice,
    CREDIT: _credit, FEED_SOLD: _feed_sold, FEED_REMOVED: _feed_removed, REMOVE: _remove, RESTORE: _restore,
    TRADE_IN: _trade_in,
}


def apply(car, event, lead=None, holder_holds=True, kept=False, other_order=False):
    """The car after `event`, or raise Refused.

    :param car: Car(state, holder) before the event
    :param lead: the sales up (id) the event happens for
    :param holder_holds: the sales up the car is reserved for still holds it (it is not lost)
    :param kept: something else still keeps the car for `lead`: for RELEASE a confirmed order
        of that sales up (then the release is refused), for CANCEL_ORDER and CREDIT the sales up
        still wants the car (then it stays reserved for it)
    :param other_order: another confirmed order already holds the car (ORDER is refused)
    """
    if event not in TRANSITIONS:
        raise ValueError("unknown stock event %r; known: %s" % (event, ", ".join(EVENTS)))
    if event in FOR_A_SALES_UP and not lead:
        raise ValueError("the stock event %r happens for a sales up; none given" % event)
    return TRANSITIONS[event](car, lead, holder_holds, kept, other_order)


def reservation_state(car, lead):
    """What a desired vehicle of sales up `lead` shows about its car: reserved or sold for that
    sales up, or none (free, or someone else's)."""
    if car.holder is None or car.holder != lead:
        return "none"
    if car.state == RESERVED:
        return "reserved"
    if car.state == SOLD:
        return "sold"
    return "none"


def offered(car, lead, holder_holds=True):
    """A car a salesperson may pick for sales up `lead`: free, its own, or held by a lost one."""
    try:
        _take(car, lead, holder_holds, "sold")
    except Refused:
        return False
    return True
