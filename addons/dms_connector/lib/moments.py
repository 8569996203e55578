"""Our JSON contact-moment schema (documented in the readme) and its validation.

A body holds one moment object or a list of them. `parse_moment` turns one raw object into the
normalised dict every import path (push, pull, file, bulk) maps onto a contact moment, or raises
RecordError naming the field. Nothing here touches a database.
"""
import datetime
import json
import re

from .errors import PayloadError, RecordError
from .hashing import payload_hash

DIRECTIONS = ("inbound", "outbound")
# what PostgreSQL cannot store in text (NUL) or UTF-8 cannot encode (lone surrogates), and the other
# control characters: a record carrying them is stored with them replaced, never refused for them
UNSTORABLE = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f\ud800-\udfff]")
MAX_TEXT = 500
# the keys of our schema: a JSON record without any of them is not a moment of ours
OUR_KEYS = frozenset(("external_id", "type_code", "occurred_at", "customer", "summary"))
CUSTOMER_FIELDS = ("external_id", "first_name", "last_name", "email", "phone", "mobile", "zip", "city")
CUSTOMER_FIELD_NAMES = tuple((key, "customer.%s" % key) for key in CUSTOMER_FIELDS)


def load_json_value(body):
    """The decoded JSON value of a request body (bytes or text), or raise PayloadError."""
    if isinstance(body, bytes):
        try:
            body = body.decode("utf-8-sig")
        except UnicodeDecodeError as error:
            raise PayloadError("the body is not UTF-8 text (%s)" % error.reason)
    try:
        return json.loads(body)
    except ValueError as error:
        raise PayloadError("the body is not valid JSON: %s" % error)
    except RecursionError:
        raise PayloadError("the JSON is nested too deeply for a contact moment")


def load_json(body):
    """Parse a request body (bytes or text) into a list of records, or raise PayloadError."""
    data = load_json_value(body)
    if isinstance(data, dict) and isinstance(data.get("moments"), list):
        data = data["moments"]
    if isinstance(data, dict):
        return [data]
    if isinstance(data, list):
        return data
    raise PayloadError("the body must be a JSON object or a list of objects, not %s" % type(data).__name__)


def parse_datetime(value, field):
    """ISO 8601 text to a naive UTC datetime; an offset is converted, none means UTC."""
    if not isinstance(value, str) or not value.strip():
        raise RecordError(field, "expected an ISO 8601 date and time, got %r" % (value,))
    text = value.strip()
    if text[-1:] in ("Z", "z"):
        text = text[:-1] + "+00:00"
    if re.search(r"[+-]\d{4}$", text) and len(text) > 10:
        text = text[:-2] + ":" + text[-2:]  # +0100 -> +01:00
    try:
        moment = datetime.datetime.fromisoformat(text)
    except ValueError:
        raise RecordError(field, "expected an ISO 8601 date and time, got %r" % value)
    if not 1900 <= moment.year <= 2999:
        raise RecordError(field, "the year %d is out of range" % moment.year)
    if moment.tzinfo is not None:
        moment = moment.astimezone(datetime.timezone.utc).replace(tzinfo=None)
    return moment.replace(microsecond=0)


def text_value(record, key, field=None, required=False, max_length=MAX_TEXT):
    value = record.get(key)
    if value.__class__ is str and value and len(value) <= max_length and " " not in value[:1] + value[-1:] \
            and "  " not in value and value.isprintable():
        return value  # the common case, already clean: no copy, no checks left to make
    field = field or key
    if value is None or value == "":
        if required:
            raise RecordError(field, "is required")
        return ""
    if isinstance(value, bool) or not isinstance(value, (str, int)):
        raise RecordError(field, "expected text, got %s" % type(value).__name__)
    value = " ".join(clean_text(str(value)).split())
    if required and not value:
        raise RecordError(field, "is required")
    if len(value) > max_length:
        raise RecordError(field, "is longer than %d characters" % max_length)
    return value


def clean_text(value):
    """`value` with what a database column cannot hold replaced by a blank (NUL, lone surrogates,
    control characters other than tab and line breaks)."""
    return UNSTORABLE.sub(" ", value) if value.__class__ is str else value


def storable(value):
    """Any value as text a database column can hold: JSON for what is not text, then cleaned."""
    if not isinstance(value, str):
        value = json.dumps(value, ensure_ascii=True, default=str, sort_keys=True)
    return clean_text(value)


def parse_customer(raw):
    if raw is None:
        return {}
    if not isinstance(raw, dict):
        raise RecordError("customer", "expected an object, got %s" % type(raw).__name__)
    customer = dict.fromkeys(CUSTOMER_FIELDS, "")
    for key, field in CUSTOMER_FIELD_NAMES:
        if key in raw:
            customer[key] = text_value(raw, key, field)
    consent = raw.get("marketing_consent")
    if isinstance(consent, list) and all(isinstance(channel, str) for channel in consent):
        customer["marketing_consent"] = sorted({channel.strip().lower() for channel in consent})
    elif consent is None or isinstance(consent, bool):
        # None: the record says nothing about consent (no statement for the ledger)
        customer["marketing_consent"] = consent
    else:
        raise RecordError("customer.marketing_consent",
                          "expected true, false or a list of channels, got %r" % (consent,))
    if not any(customer.get(key) for key in ("external_id", "email", "phone", "mobile", "last_name")):
        raise RecordError("customer", "needs at least one of external_id, email, phone, mobile, last_name")
    return customer


def parse_moment(raw, digest=None):
    """Validate one moment of our schema; return the normalised dict (with its payload hash;
    `digest` is that hash when the caller took it already)."""
    if not isinstance(raw, dict):
        raise RecordError("", "a moment must be a JSON object, got %s" % type(raw).__name__)
    external_id = text_value(raw, "external_id", required=True, max_length=128)
    try:
        direction = text_value(raw, "direction") or "outbound"
        if direction not in DIRECTIONS:
            raise RecordError("direction", "expected inbound or outbound, got %r" % direction)
        return {
            "external_id": external_id,
            "type_code": text_value(raw, "type_code", required=True, max_length=64).upper(),
            "occurred_at": parse_datetime(raw.get("occurred_at"), "occurred_at"),
            "summary": text_value(raw, "summary") or text_value(raw, "type_code"),
            "direction": direction,
            "channel": text_value(raw, "channel", max_length=32).lower(),
            "site": text_value(raw, "site", max_length=64),
            "user": text_value(raw, "user", max_length=64),
            "lead_external_id": text_value(raw, "lead_external_id", max_length=128),
            "customer": parse_customer(raw.get("customer")),
            "payload_hash": digest or payload_hash(raw),
        }
    except RecordError as error:
        error.external_id = external_id
        raise


def external_id_of(raw):
    """The external id a raw record claims, for the answer of a record we could not parse."""
    if isinstance(raw, dict):
        for key in ("external_id", "CommunicationEventID", "id"):
            value = raw.get(key)
            if isinstance(value, (str, int)) and not isinstance(value, bool):
                return clean_text(str(value))[:128]
    return ""
