"""DMS moment type codes and the funnel phase each one lands in.

The table itself is data (the `dms.moment.type` records a director edits); this module holds the
rule that applies it and the defaults the table is seeded with. A code the table does not know is
never guessed: the moment goes to quarantine until somebody maps the code.
"""

# Seed of the mapping table: (type code, contact-moment kind, phase code, label).
DEFAULT_TYPE_CODES = (
    ("LEAD_IMPORTER", "lead", "lead_importer", "Lead from the importer"),
    ("LEAD_WEB", "lead", "lead_digital", "Lead from the website"),
    ("LEAD_EMAIL", "lead", "lead_digital", "Lead by e-mail"),
    ("LEAD_SHOWROOM", "lead", "lead_showroom", "Walk-in in the showroom"),
    ("LEAD_PHONE", "lead", "lead_showroom", "Lead by phone"),
    ("CALL_OUT", "call", "lead_follow_up", "Outgoing call"),
    ("CALL_IN", "call", "lead_follow_up", "Incoming call"),
    ("EMAIL_OUT", "email", "lead_follow_up", "Outgoing e-mail"),
    ("EMAIL_IN", "email", "lead_follow_up", "Incoming e-mail"),
    ("VISIT", "showroom_visit", "lead_follow_up", "Showroom visit"),
    ("TEST_DRIVE", "test_drive", "test_drive", "Test drive"),
    ("OFFER", "offer_sent", "offer_made", "Offer sent"),
    ("OFFER_FOLLOW_UP", "offer_follow_up", "offer_follow_up", "Offer follow-up"),
    ("ORDER", "agreement", "sales_agreement", "Sales agreement signed"),
    ("LOST", "lost", "lost_order", "Lost order"),
    ("DELIVERY_PLANNED", "delivery_planned", "planned_delivery", "Delivery planned"),
    ("DELIVERY", "delivery", "vehicle_delivery", "Vehicle delivered"),
    ("HAPPY_CALL", "happy_call", "happy_call", "Happy call"),
) + tuple(
    # STAR communication events: STAR_<communication_channel_type>_<communication_direction_type>
    ("STAR_%s_%s" % (channel, direction), kind, "lead_follow_up", "STAR %s %s" % (label, direction.lower()))
    for channel, kind, label in (("EMAIL", "email", "e-mail"), ("PHONE", "call", "phone call"),
                                 ("CELL", "call", "mobile call"), ("VOICE", "call", "voice call"),
                                 ("VIDEO", "call", "video call"), ("SMS", "email", "text message"),
                                 ("APP", "email", "app message"), ("SOCIAL_MEDIA", "email", "social media message"),
                                 ("DIRECT_MAIL", "email", "letter"), ("OTHER", "email", "message"))
    for direction in ("INBOUND", "OUTBOUND"))


class UnknownTypeCode(ValueError):
    """A moment type code the backend's mapping table does not hold."""

    def __init__(self, code, backend_code):
        self.code = code
        self.backend_code = backend_code
        super().__init__("unknown type code %s for backend %s" % (code, backend_code))


def normalize_code(code):
    """Type codes compare trimmed and in upper case: "call_out " is CALL_OUT."""
    return str(code or "").strip().upper()


def resolve(code, table, backend_code):
    """Return the table's entry for a type code, or raise UnknownTypeCode.

    `table` maps normalised codes to whatever the caller stores per code (a (kind, phase id)
    pair for the importers).
    """
    key = normalize_code(code)
    if not key or key not in table:
        raise UnknownTypeCode(key or repr(code), backend_code)
    return table[key]
