"""The dealer sales funnel: its phases in order, and which phase a contact moment belongs to.

A contact moment is one touch with a customer (a call, a showroom visit, an offer sent ...).
Its kind, and for a new lead the channel it came in through, decide its funnel phase.
"""

# (code, label) in funnel order; the codes are stable keys stored in the database.
PHASES = (
    ("lead_importer", "Lead from importer"),
    ("lead_digital", "Lead from digital channels"),
    ("lead_showroom", "Lead from showroom"),
    ("lead_follow_up", "Lead follow-up"),
    ("test_drive", "Test drive"),
    ("offer_made", "Offer made"),
    ("offer_follow_up", "Offer follow-up"),
    ("sales_agreement", "Sales agreement"),
    ("lost_order", "Lost order"),
    ("planned_delivery", "Planned delivery"),
    ("vehicle_delivery", "Vehicle delivery"),
    ("happy_call", "Happy call"),
)
PHASE_CODES = tuple(code for code, _label in PHASES)

MOMENT_KINDS = (
    ("lead", "New lead"),
    ("call", "Call"),
    ("email", "Email"),
    ("showroom_visit", "Showroom visit"),
    ("test_drive", "Test drive"),
    ("offer_sent", "Offer sent"),
    ("offer_follow_up", "Offer follow-up"),
    ("agreement", "Sales agreement"),
    ("delivery_planned", "Delivery planned"),
    ("delivery", "Vehicle delivery"),
    ("happy_call", "Happy call"),
    ("lost", "Lost"),
)

CHANNELS = (
    ("importer", "Importer"),
    ("web", "Website"),
    ("email", "Email"),
    ("chat", "Chat"),
    ("social", "Social media"),
    ("phone", "Phone"),
    ("showroom", "Showroom"),
    ("event", "Event"),
    ("referral", "Referral"),
)

# A new lead lands in the lead phase of the channel it came through.
LEAD_PHASE_BY_CHANNEL = {
    "importer": "lead_importer",
    "web": "lead_digital",
    "email": "lead_digital",
    "chat": "lead_digital",
    "social": "lead_digital",
    "phone": "lead_showroom",
    "showroom": "lead_showroom",
    "event": "lead_showroom",
    "referral": "lead_showroom",
}

PHASE_BY_KIND = {
    "call": "lead_follow_up",
    "email": "lead_follow_up",
    "showroom_visit": "lead_follow_up",
    "test_drive": "test_drive",
    "offer_sent": "offer_made",
    "offer_follow_up": "offer_follow_up",
    "agreement": "sales_agreement",
    "delivery_planned": "planned_delivery",
    "delivery": "vehicle_delivery",
    "happy_call": "happy_call",
    "lost": "lost_order",
}


class UnknownMomentKind(ValueError):
    """A contact moment kind or channel the funnel does not know."""


def phase_for_moment(kind, channel=None):
    """Return the phase code of a contact moment of this kind (and channel, for a new lead)."""
    if kind == "lead":
        if channel not in LEAD_PHASE_BY_CHANNEL:
            raise UnknownMomentKind(
                "a new lead needs a known channel (%s), got %r"
                % (", ".join(sorted(LEAD_PHASE_BY_CHANNEL)), channel))
        return LEAD_PHASE_BY_CHANNEL[channel]
    if kind not in PHASE_BY_KIND:
        raise UnknownMomentKind(
            "unknown contact moment kind %r; known kinds: %s"
            % (kind, ", ".join(code for code, _label in MOMENT_KINDS)))
    return PHASE_BY_KIND[kind]
