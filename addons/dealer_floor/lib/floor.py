"""The showroom floor without a database: who is up next, capture keys, what a phone sends us.

Everything a phone sends (a walk-in, a logged contact, a test drive) passes `clean_*` first: the
phone may be offline for hours, run an old version of the app, or be anything that speaks HTTP,
so each value is checked for type and size and a problem is reported as InvalidInput naming the
field, never as a crash.
"""
import re
import uuid
from datetime import datetime

# Longest text we keep from a phone for a name, a phone number, an e-mail or a short summary.
MAX_NAME = 64
MAX_PHONE = 32
MAX_EMAIL = 254
MAX_TEXT = 500
# A licence photo as sent by the phone (base64): 8 MB of picture is plenty for a card.
MAX_PHOTO_BASE64 = 8 * 1024 * 1024 * 4 // 3

VISIT_PURPOSES = (
    ("look_around", "Looking around"),
    ("test_drive", "Test drive"),
    ("offer", "Discuss an offer"),
    ("signing", "Signing"),
    ("delivery", "Delivery"),
    ("other", "Other"),
)
VISIT_PURPOSE_KEYS = tuple(key for key, _label in VISIT_PURPOSES)

# What a salesperson logs from the floor: (kind, channel) of the contact moment per action.
CONTACT_ACTIONS = {
    "call": ("call", "phone"),
    "whatsapp": ("call", "chat"),
    "email": ("email", "email"),
}


class InvalidInput(ValueError):
    """A value from the phone that cannot be used; `field` names it for the message."""

    def __init__(self, field, problem):
        super().__init__("%s: %s" % (field, problem))
        self.field = field
        self.problem = problem


def client_uuid(value, field="client_uuid"):
    """The canonical text of a capture's UUID ("0f8f...-..."), or None when none was given.

    The phone makes it (crypto.randomUUID) when the capture is typed, and sends it with every
    attempt: the server keeps the first record made with it and answers later attempts with it.
    """
    if value in (None, False, ""):
        return None
    if not isinstance(value, str) or len(value) > 64:
        raise InvalidInput(field, "not a UUID")
    try:
        return str(uuid.UUID(value.strip()))
    except ValueError:
        raise InvalidInput(field, "not a UUID")


def text(payload, field, limit, required=False):
    """A trimmed string of at most `limit` characters from `payload`, or None when empty."""
    value = payload.get(field)
    if value in (None, False):
        value = ""
    if not isinstance(value, str):
        raise InvalidInput(field, "must be text")
    value = " ".join(value.split()) if limit <= MAX_NAME else value.strip()
    if len(value) > limit:
        raise InvalidInput(field, "longer than %d characters" % limit)
    if "\x00" in value:
        raise InvalidInput(field, "contains a NUL character")
    if required and not value:
        raise InvalidInput(field, "is required")
    return value or None


def record_id(payload, field, required=False):
    """A positive database id from `payload` (JSON numbers only, no booleans), or None."""
    value = payload.get(field)
    if value in (None, False, ""):
        if required:
            raise InvalidInput(field, "is required")
        return None
    if isinstance(value, bool) or not isinstance(value, int) or not 0 < value < 2 ** 31:
        raise InvalidInput(field, "not a record id")
    return value


def choice(payload, field, allowed, default=None):
    value = payload.get(field, default)
    if value in (None, False, ""):
        value = default
    if value is not None and (not isinstance(value, str) or value not in allowed):
        raise InvalidInput(field, "must be one of %s" % ", ".join(allowed))
    return value


def flag(payload, field):
    """A JSON boolean from `payload`; missing is False."""
    value = payload.get(field, False)
    if value is None:
        return False
    if not isinstance(value, bool):
        raise InvalidInput(field, "must be one of true, false")
    return value


def moment_time(payload, field, now):
    """When a capture happened, as the phone recorded it (UTC "YYYY-MM-DD HH:MM:SS"): a contact
    logged offline at 10:02 and sent at 11:40 happened at 10:02. Never in the future."""
    value = payload.get(field)
    if value in (None, False, ""):
        return now
    if not isinstance(value, str):
        raise InvalidInput(field, "must be a date and time")
    try:
        when = datetime.strptime(value.strip()[:19].replace("T", " "), "%Y-%m-%d %H:%M:%S")
    except ValueError:
        raise InvalidInput(field, "must be a date and time (YYYY-MM-DD HH:MM:SS)")
    return min(when, now)


def day(payload, field, required=False):
    value = payload.get(field)
    if value in (None, False, ""):
        if required:
            raise InvalidInput(field, "is required")
        return None
    if not isinstance(value, str):
        raise InvalidInput(field, "must be a date")
    try:
        return datetime.strptime(value.strip()[:10], "%Y-%m-%d").date()
    except ValueError:
        raise InvalidInput(field, "must be a date (YYYY-MM-DD)")


def as_dict(payload):
    if not isinstance(payload, dict):
        raise InvalidInput("values", "must be an object")
    return payload


def clean_walk_in(payload):
    """A walk-in as typed on the floor: first and last name, phone or e-mail, what they want."""
    payload = as_dict(payload)
    values = {
        "client_uuid": client_uuid(payload.get("client_uuid")),
        "first_name": text(payload, "first_name", MAX_NAME, required=True),
        "last_name": text(payload, "last_name", MAX_NAME, required=True),
        "phone": text(payload, "phone", MAX_PHONE),
        "email": text(payload, "email", MAX_EMAIL),
        "wish": text(payload, "wish", MAX_TEXT),
        "purpose": choice(payload, "purpose", VISIT_PURPOSE_KEYS, "look_around"),
        "lead_id": record_id(payload, "lead_id"),
        "partner_id": record_id(payload, "partner_id"),
        "user_id": record_id(payload, "user_id"),
    }
    if values["phone"] and not re.search(r"\d", values["phone"]):
        raise InvalidInput("phone", "has no digits")
    if values["email"] and "@" not in values["email"]:
        raise InvalidInput("email", "is not an e-mail address")
    if not (values["phone"] or values["email"] or values["lead_id"] or values["partner_id"]):
        raise InvalidInput("phone", "give a phone number or an e-mail address")
    return values


def clean_contact(payload, now):
    """A contact logged on the floor (possibly offline, sent later): which sales up, how, what."""
    payload = as_dict(payload)
    return {
        "client_uuid": client_uuid(payload.get("client_uuid")),
        "lead_id": record_id(payload, "lead_id", required=True),
        "action": choice(payload, "action", tuple(CONTACT_ACTIONS), "call"),
        "direction": choice(payload, "direction", ("inbound", "outbound"), "outbound"),
        "summary": text(payload, "summary", MAX_TEXT),
        "occurred_at": moment_time(payload, "occurred_at", now),
        # the salesperson contacts the customer although the consent ledger forbids it, and why
        # (the card says so before they tap; dealer_privacy holds the rule and keeps the reason)
        "privacy_confirmed": flag(payload, "privacy_confirmed"),
        "privacy_confirm_reason": text(payload, "privacy_confirm_reason", MAX_TEXT),
    }


def clean_test_drive(payload, now):
    """A test drive booked on the floor: sales up, car (stock or demo), start, licence and photo."""
    payload = as_dict(payload)
    values = {
        "client_uuid": client_uuid(payload.get("client_uuid")),
        "lead_id": record_id(payload, "lead_id", required=True),
        "stock_vehicle_id": record_id(payload, "stock_vehicle_id"),
        "fleet_vehicle_id": record_id(payload, "fleet_vehicle_id"),
        "start": moment_time(payload, "start", datetime.max) if payload.get("start") else now,
        "minutes": payload.get("minutes", 30),
        "licence_number": text(payload, "licence_number", MAX_NAME, required=True),
        "licence_expiry": day(payload, "licence_expiry", required=True),
        "photo": payload.get("photo") or None,
    }
    if not (values["stock_vehicle_id"] or values["fleet_vehicle_id"]):
        raise InvalidInput("stock_vehicle_id", "choose the car the customer drives")
    minutes = values["minutes"]
    if isinstance(minutes, bool) or not isinstance(minutes, int) or not 10 <= minutes <= 480:
        raise InvalidInput("minutes", "must be a whole number of minutes from 10 to 480")
    photo = values["photo"]
    if photo is not None:
        if not isinstance(photo, str) or len(photo) > MAX_PHOTO_BASE64:
            raise InvalidInput("photo", "must be a picture of at most 8 MB")
        photo = photo.split(",", 1)[1] if photo.startswith("data:") else photo
        if not re.fullmatch(r"[A-Za-z0-9+/\s]*={0,2}\s*", photo):
            raise InvalidInput("photo", "is not a picture (base64)")
        values["photo"] = photo
    return values


def whatsapp_link(phone_key):
    """The wa.me link of an international phone key ("31612345678"), or None without one."""
    digits = re.sub(r"\D", "", phone_key or "")
    return "https://wa.me/%s" % digits if len(digits) >= 8 else None


def waiting_minutes(received_at, now):
    """The speed-to-lead clock: whole minutes a new lead has waited for its first response."""
    if not received_at:
        return None
    return max(0, int((now - received_at).total_seconds() // 60))


def next_up(present, busy, last_walk_in):
    """Whose turn is the next walk-in: a fair rotation over the salespeople present.

    present: {user id: since when on the floor}; busy: user ids with a customer now (an open
    visit); last_walk_in: {user id: when they last got a walk-in}. Of those present and free, the
    one who waited longest for a walk-in goes first: never served before, then the oldest last
    walk-in; ties by arrival on the floor, then id, so two screens always agree.
    Returns None when nobody is free.
    """
    free = [user_id for user_id in present if user_id not in busy]
    if not free:
        return None

    def turn(user_id):
        last = last_walk_in.get(user_id)
        return (last is not None, last or datetime.min, present[user_id] or datetime.min, user_id)

    return min(free, key=turn)


def after_closing(now_local, closing_hour):
    """True once the branch has closed today (closing_hour as 17.5 for 17:30)."""
    if closing_hour is None:
        return False
    minutes = int(round(closing_hour * 60))
    return now_local.hour * 60 + now_local.minute >= minutes
