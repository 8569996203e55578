"""Vocabulary of the sales up: lead types, lead statuses and the sales-process steps."""

LEAD_TYPES = (
    ("call", "Call"),
    ("email", "Email"),
    ("walk_in", "Walk-in"),
    ("web", "Web"),
    ("importer", "Importer"),
    ("chat", "Chat"),
    ("social", "Social media"),
    ("referral", "Referral"),
)

LEAD_STATUSES = (
    ("hot", "Hot"),
    ("warm", "Warm"),
    ("cold", "Cold"),
    ("unresponsive", "Unresponsive"),
    ("bought_elsewhere", "Bought elsewhere"),
    ("sold", "Sold"),
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
}
