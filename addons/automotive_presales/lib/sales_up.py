"""Vocabulary of the sales up: lead types, lead statuses and the sales-process steps."""
import calendar
import datetime

LEAD_TYPES = (
    ("call", "Call"),
    ("email", "Email"),
    ("walk_in", "Walk-in"),
    ("web", "Web"),
    ("importer", "Importer"),
    ("chat", "Chat"),
    ("social", "Social media"),
    ("referral", "Referral"),
    # the salesperson approaches a prospect who did not ask ("koude prospectie")
    ("cold_prospecting", "Cold prospecting"),
)

LEAD_STATUSES = (
    ("hot", "Hot"),
    ("warm", "Warm"),
    ("cold", "Cold"),
    ("unresponsive", "Unresponsive"),
    ("bought_elsewhere", "Bought elsewhere"),
    ("sold", "Sold"),
)

# Why a lead was never a real prospect: the source that sent it pays for nothing.
BOGUS_REASONS = (
    ("duplicate", "Duplicate"),
    ("fake", "Fake (test, spam, made-up details)"),
    ("unreachable", "Unreachable (wrong number, bouncing e-mail)"),
)

# The dated checkpoints of the sales process, in order.
SALES_STEPS = (
    ("greeting", "Greeting"),
    ("needs_analysis", "Needs analysis"),
    ("phone_up", "Phone-up"),
    ("appointment_set", "Appointment set"),
    ("appointment_shown", "Appointment shown"),
    ("vehicle_presented", "Vehicle presented"),
    ("demo", "Demo (test drive)"),
    ("write_up", "Write-up"),
    ("signed", "Signed"),
)

# The channel a contact moment of a new sales up comes in through, per lead type.
CHANNEL_BY_LEAD_TYPE = {
    "call": "phone",
    "email": "email",
    "walk_in": "showroom",
    "web": "web",
    "importer": "importer",
    "chat": "chat",
    "social": "social",
    "referral": "referral",
    "cold_prospecting": "phone",
}

# The five fields every sales up needs at creation, whatever channel it came in through.
REQUIRED_ON_CREATE = ("contact_name", "contact_lastname", "lead_date", "lead_type", "lead_status")


def missing_required(values):
    """The required fields (in REQUIRED_ON_CREATE order) that are empty in values."""
    return [name for name in REQUIRED_ON_CREATE
            if not (values.get(name).strip() if isinstance(values.get(name), str) else values.get(name))]


def names_from_sender(display_name, email):
    """(first name, last name) of a sender such as "Jan de Vries <jan@x.nl>".

    The first word is the first name, the rest the last name ("de Vries" stays whole). Without a
    display name the address's local part is used ("jan.devries" gives Jan / Devries). When only one
    word is known, the address stands in as last name so the salesperson sees what to correct.
    """
    words = (display_name or "").replace('"', " ").split()
    if not words and email:
        local = email.split("@", 1)[0]
        words = [part.capitalize() for part in local.replace("_", ".").replace("-", ".").split(".") if part]
    if not words:
        return None, None
    if len(words) == 1:
        return words[0], email or None
    return words[0], " ".join(words[1:])


# The lead type of a sales up that arrived through a tracking medium (utm.medium, by its name):
# Odoo's website contact form files its leads under "Website".
LEAD_TYPE_BY_MEDIUM = {
    "website": "web",
    "banner": "web",
    "email": "email",
    "phone": "call",
    "direct": "walk_in",
    "facebook": "social",
    "twitter": "social",
    "linkedin": "social",
}
# How warm a sales up that nobody has spoken to yet is taken to be (as the mail gateway does).
INTAKE_STATUS = "warm"


def intake_values(values, medium_name=None):
    """The required fields a channel that creates sales ups without a person typing (a website
    form) leaves empty, filled from what it did give, as the mail gateway does for an e-mail: the
    first and last name from the contact's name typed in one box ("Jan de Vries"), else from the
    e-mail address (names_from_sender), the lead type from the tracking medium, the status warm.
    Returns only the fields it fills; what it cannot know stays empty."""
    filled = {}
    if not values.get("contact_lastname"):
        first, last = names_from_sender(values.get("contact_name"), values.get("email_from") or None)
        if first:
            filled["contact_name"] = first
        if last:
            filled["contact_lastname"] = last
    medium_type = LEAD_TYPE_BY_MEDIUM.get((medium_name or "").strip().lower())
    if not values.get("lead_type") and medium_type:
        filled["lead_type"] = medium_type
    if not values.get("lead_status"):
        filled["lead_status"] = INTAKE_STATUS
    return filled


def check_percentage(value):
    """True when value is a whole percentage 0..100 (or empty)."""
    return value in (None, False) or (isinstance(value, int) and 0 <= value <= 100)


# The funnel order of a step: 1 for greeting ... 9 for signed.
STEP_SEQUENCE = {key: index for index, (key, _label) in enumerate(SALES_STEPS, start=1)}


def step_drop_off(reached_steps):
    """Per reached step of one sales up: (step, went_on) where went_on says a later step was reached.

    The sales process is not a straight line (a walk-in is greeted, a caller is a phone-up), so
    "went on" means any later step in SALES_STEPS order, not only the very next one.
    """
    reached = sorted(set(reached_steps), key=STEP_SEQUENCE.__getitem__)
    last = STEP_SEQUENCE[reached[-1]] if reached else 0
    return [(step, STEP_SEQUENCE[step] < last) for step in reached]


# An open sales up closes, by default, at the end of the month after the one it came in: the
# forecast groups by closing month and has no "Undefined" row for a sales up nobody dated.
def expected_closing(lead_day):
    """The default expected closing date of a sales up that came in on `lead_day` (a date)."""
    year, month = (lead_day.year + 1, 1) if lead_day.month == 12 else (lead_day.year, lead_day.month + 1)
    return datetime.date(year, month, calendar.monthrange(year, month)[1]).isoformat()
