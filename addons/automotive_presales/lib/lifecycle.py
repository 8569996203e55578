"""Open, won or lost: the one definition of where a sales up stands, and what an edit did to it.

A sales up is read from three fields: `active` (Odoo archives a lost lead), `probability` (100
once won, set by the Won stage or the Mark Won button) and `lead_status` (the salesperson may
say "sold" or "bought elsewhere"). Every model, domain, report and SQL statement of the addons
asks this module; SQL quotes `sql_predicate()` and is checked against `state()` by a parity test.
"""

OPEN = "open"
WON = "won"
LOST = "lost"
STATES = (OPEN, WON, LOST)
STATE_LABELS = ((OPEN, "Open"), (WON, "Won"), (LOST, "Lost"))

# The events of the lifecycle; `transition()` says which one an edit caused.
EVENT_WON = "won"
EVENT_LOST = "lost"
EVENT_REOPEN = "reopen"

WON_PROBABILITY = 100
WON_STATUSES = ("sold",)
LOST_STATUSES = ("bought_elsewhere",)
CLOSED_STATUSES = WON_STATUSES + LOST_STATUSES
# The status a re-opened sales up gets when its status still said it was closed.
REOPENED_STATUS = "warm"
# A lost sales up says why (Odoo's loss reason), whatever path lost it; re-opening forgets it,
# so losing the sales up again asks for the reason again.
LOSS_REASON_FIELD = "lost_reason"


def state(active, probability, lead_status):
    """OPEN, WON or LOST; every sales up is exactly one of them.

    Archived is lost (Odoo's Mark Lost archives). Otherwise probability 100 or the status
    "sold" is won, the status "bought elsewhere" is lost, anything else is open.
    """
    if not active:
        return LOST
    if (probability or 0) >= WON_PROBABILITY or lead_status in WON_STATUSES:
        return WON
    if lead_status in LOST_STATUSES:
        return LOST
    return OPEN


def is_open(active, probability, lead_status):
    """Still to be worked: may hold a car, asks for follow-up."""
    return state(active, probability, lead_status) == OPEN


def is_won(active, probability, lead_status):
    return state(active, probability, lead_status) == WON


def is_lost(active, probability, lead_status):
    return state(active, probability, lead_status) == LOST


def loss_reason_missing(wanted, loss_reason):
    """True when a sales up in state `wanted` lacks the loss reason it must have: a lost one
    needs a reason, an open or won one needs none."""
    return wanted == LOST and not loss_reason


def transition(before, after, status_written):
    """The lifecycle event an edit caused, or None.

    :param before: (active, probability, lead_status) before the edit
    :param after: the same after the edit
    :param status_written: the edit set lead_status itself

    When the edit moved only the pipeline (a stage drag, Mark Won/Lost, Restore) the status of
    a closed sales up is stale and does not hold it closed: a won sales up dragged back to an
    open stage is re-opened even though its status still says "sold".
    """
    old = state(*before)
    if status_written:
        new = state(*after)
        moved_from = old
    else:
        new = state(after[0], after[1], None)
        moved_from = state(before[0], before[1], None)
    if new == moved_from:
        return None
    if new == OPEN:
        return EVENT_REOPEN if old != OPEN else None
    if new == old:
        return None
    return EVENT_WON if new == WON else EVENT_LOST


# ---- outside facts: what wins a sales up besides Mark Won ----
#
# The agreement is the sale: whichever comes first of Mark Won, the car's order confirmed or an
# agreement contact moment (logged in the CRM, or a DMS ORDER moment) wins the sales up, and the
# agreement moment is logged once. An invoice sells the car (lib/stock.py) but decides nothing
# here: an invoiced sales up is won already, through its confirmed order.
FACT_ORDER_CONFIRMED = "order_confirmed"
FACT_AGREEMENT_MOMENT = "agreement_moment"
WINNING_FACTS = (FACT_ORDER_CONFIRMED, FACT_AGREEMENT_MOMENT)
# the contact-moment kind that records the sales agreement (a DMS ORDER moment has it)
AGREEMENT_KIND = "agreement"


# the moment kinds that stand for an outside fact (fact_of_moment): what SQL filters a batch by
FACT_KINDS = (AGREEMENT_KIND,)


def fact_of_moment(kind):
    """The outside fact a contact moment of this kind stands for, or None."""
    return FACT_AGREEMENT_MOMENT if kind in FACT_KINDS else None


def wins(current, fact):
    """True when `fact` wins a sales up now in state `current`.

    An open sales up is won by its agreement; so is a lost one (the customer came back and
    signed: the agreement is a fact, the loss was a guess). A won sales up is won once.
    """
    return fact in WINNING_FACTS and current != WON


# What winning needs: the price it was sold for, the car, and when it will be delivered. Mark
# Won asks for them (or takes them from the order or offer); an outside fact brings what it has.
WIN_FIELDS = (
    ("planned_revenue", "the sale price"),
    ("car", "the car"),
    ("delivery_date", "the planned delivery date"),
)


def win_missing(price, has_car, delivery_date):
    """The WIN_FIELDS keys that are still unknown for a win, in WIN_FIELDS order."""
    known = {"planned_revenue": bool(price and price > 0), "car": bool(has_car),
             "delivery_date": bool(delivery_date)}
    return [key for key, _words in WIN_FIELDS if not known[key]]


def reopen_refusal(standing_invoices, confirmed_orders=()):
    """Why a won sales up cannot be re-opened, or None.

    :param standing_invoices: names of the validated customer invoices of its orders that no
        credit note undoes: the car is sold by them, and re-opening would make a sales up that
        still has to be sold out of a car the customer has paid for.
    :param confirmed_orders: names of its confirmed orders: each is the agreement that won it.
    """
    if standing_invoices:
        return ("it is invoiced (%s); credit the invoice first, then re-open the sales up"
                % ", ".join(standing_invoices))
    if confirmed_orders:
        return ("its order %s is confirmed; cancel the order first, then re-open the sales up"
                % ", ".join(confirmed_orders))
    return None


def lose_refusal(confirmed_orders):
    """Why a sales up cannot be lost, or None: a confirmed order is its agreement."""
    if not confirmed_orders:
        return None
    return ("its order %s is confirmed; cancel the order first, then mark the sales up lost"
            % ", ".join(confirmed_orders))


def invoice_stands(state, credited):
    """A customer invoice still stands when it is validated (open or paid) and no validated
    credit note undoes it."""
    return state in ("open", "paid") and not credited


def _sql_list(values):
    # our own constants, never user input: safe to quote into a view definition
    return "(%s)" % ", ".join("'%s'" % value for value in values)


def sql_predicate(wanted, alias="crm_lead"):
    """A SQL boolean expression, over the crm_lead row `alias`, that is true in state `wanted`."""
    won = "(coalesce({t}.probability, 0) >= {p} OR coalesce({t}.lead_status, '') IN {w})".format(
        t=alias, p=WON_PROBABILITY, w=_sql_list(WON_STATUSES))
    lost_status = "coalesce({t}.lead_status, '') IN {l}".format(t=alias, l=_sql_list(LOST_STATUSES))
    active = "coalesce({t}.active, false)".format(t=alias)
    if wanted == WON:
        return "({a} AND {won})".format(a=active, won=won)
    if wanted == LOST:
        return "(NOT {a} OR (NOT {won} AND {l}))".format(a=active, won=won, l=lost_status)
    if wanted == OPEN:
        return "({a} AND NOT {won} AND NOT {l})".format(a=active, won=won, l=lost_status)
    raise ValueError("unknown sales-up state %r; known: %s" % (wanted, ", ".join(STATES)))


def domain(wanted):
    """An Odoo search domain (plain tuples) for the sales ups in state `wanted`.

    Searching lost sales ups needs `active_test=False` in the context, as for any archived record.
    """
    won = ["|", ("probability", ">=", WON_PROBABILITY), ("lead_status", "in", list(WON_STATUSES))]
    not_won = [("probability", "<", WON_PROBABILITY), "|", ("lead_status", "=", False),
               ("lead_status", "not in", list(WON_STATUSES))]
    if wanted == WON:
        return [("active", "=", True)] + won
    if wanted == OPEN:
        return [("active", "=", True)] + not_won + [
            "|", ("lead_status", "=", False), ("lead_status", "not in", list(LOST_STATUSES))]
    if wanted == LOST:
        return ["|", ("active", "=", False), "&", "&"] + not_won + [("lead_status", "in", list(LOST_STATUSES))]
    raise ValueError("unknown sales-up state %r; known: %s" % (wanted, ", ".join(STATES)))
