"""May we contact this person now, on this channel, for this purpose, and why?

The one owner of the contact rule: the light on the sales up and the customer, the check when a
salesperson logs an outbound contact, the mass-mailing filter and res.partner.contact_permission
all ask `permission()`.

The rule, first match wins:
1. The person's latest ledger statement for this channel and purpose is a refusal or a
   withdrawal: no (an objection ends every other basis: GDPR art. 21, Telecommunicatiewet 11.7
   lid 3 and 4).
2. It is a consent: yes, on consent.
3. Service reminders to a customer (anyone who bought from us): yes, on the contract.
4. Sales follow-up while the person has an open sales up: yes, it is their own request
   (pre-contractual steps, GDPR art. 6(1)(b)); nothing unsolicited about it.
5. A customer whose last purchase is at most three years ago: yes, until the third anniversary.
   Telecommunicatiewet art. 11.7 as amended from 1 July 2021 allows a commercial call only with
   consent or to a customer of at most three years; for e-mail and SMS the law's soft opt-in
   (art. 11.7 lid 3) has no fixed term, and the group applies the same three years.
6. Post: yes, on legitimate interest (no objection recorded; the Bel-me-niet register and
   11.7 concern calls and electronic messages only).
7. Otherwise no: a former customer past the three years, or a prospect without consent.

Reasons are codes with their values (dates as ISO strings); the ORM layer words them in the
user's language.
"""
import collections
import datetime

CHANNELS = ("phone", "email", "sms", "post")
PURPOSES = ("sales", "marketing", "service", "survey")
# what a ledger line may say; "unknown" is what the light says when there is no line
STATES = ("given", "refused", "withdrawn")
OBJECTIONS = ("refused", "withdrawn")
BASES = ("consent", "contract", "legitimate_interest")
SOURCES = ("dms", "importer", "web_form", "in_person", "phone", "email")
CUSTOMER_WINDOW_YEARS = 3
# the day the three-year customer rule replaced the Bel-me-niet opt-out for consumers
CALL_RULE_START = datetime.date(2021, 7, 1)

Statement = collections.namedtuple("Statement", "channel purpose state time source")
Permission = collections.namedtuple("Permission", "allowed code values basis")


def add_years(day, years):
    """The same calendar day `years` later; 29 February becomes 28 February."""
    try:
        return day.replace(year=day.year + years)
    except ValueError:
        return day.replace(year=day.year + years, day=28)


def customer_window_end(last_purchase):
    """The last day a customer may be called without consent after a purchase on `last_purchase`."""
    return add_years(last_purchase, CUSTOMER_WINDOW_YEARS)


def latest(statements, channel, purpose):
    """The latest statement for (channel, purpose); a later one wins, the later id on a tie."""
    found = None
    for statement in statements:
        if statement.channel == channel and statement.purpose == purpose:
            if found is None or statement.time >= found.time:
                found = statement
    return found


def _day(value):
    return value.date() if isinstance(value, datetime.datetime) else value


def permission(channel, purpose, today, statements=(), last_purchase=None, open_request=None):
    """Permission(allowed, code, values, basis) for contacting the person on `channel` for `purpose`.

    statements: the person's ledger (Statement tuples, in any order); last_purchase: the date of
    their last purchase (won sales up or confirmed order), None for a prospect; open_request: the
    date of their open sales up, None when none is open; today: a date.
    """
    if channel not in CHANNELS:
        raise ValueError("unknown channel %r; known: %s" % (channel, ", ".join(CHANNELS)))
    if purpose not in PURPOSES:
        raise ValueError("unknown purpose %r; known: %s" % (purpose, ", ".join(PURPOSES)))
    statement = latest(statements, channel, purpose)
    if statement is not None and statement.state in OBJECTIONS:
        return Permission(False, statement.state, {
            "date": _day(statement.time).isoformat(), "source": statement.source}, "consent")
    if statement is not None and statement.state == "given":
        return Permission(True, "consent", {
            "date": _day(statement.time).isoformat(), "source": statement.source}, "consent")
    last_purchase = _day(last_purchase)
    if purpose == "service" and last_purchase:
        return Permission(True, "contract", {"since": last_purchase.isoformat()}, "contract")
    if purpose == "sales" and open_request:
        return Permission(True, "open_request", {"since": _day(open_request).isoformat()}, "contract")
    if last_purchase:
        until = customer_window_end(last_purchase)
        if today <= until:
            return Permission(True, "customer", {
                "since": last_purchase.isoformat(), "until": until.isoformat()}, "legitimate_interest")
        if channel != "post":
            return Permission(False, "customer_expired", {
                "since": last_purchase.isoformat(), "until": until.isoformat()}, None)
    if channel == "post":
        return Permission(True, "post", {}, "legitimate_interest")
    return Permission(False, "no_basis", {}, None)


# Contact moments: the kind and channel of a logged touch, read as the channel of the ledger.
# A showroom visit, a test drive or a delivery happen in person: no ledger channel applies.
_MOMENT_CHANNELS = {"phone": "phone", "email": "email", "chat": "sms", "social": "sms"}
_MOMENT_KINDS = {"call": "phone", "happy_call": "phone", "email": "email"}


def moment_channel(kind, channel):
    """The ledger channel of a contact moment of this kind and channel, or None (in person). The
    channel says it first: a "call" over chat is a WhatsApp message (SMS/WhatsApp), not a call."""
    return _MOMENT_CHANNELS.get(channel) or _MOMENT_KINDS.get(kind)
