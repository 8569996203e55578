"""STAR JSON communication events (the dealer-industry data model) mapped onto our moment schema.

A STAR body is recognised by its keys: a `CommunicationEvent` object, a list of them under
`CommunicationEvents`, or bare event objects carrying `CommunicationEventID`. Each event becomes a
record of our schema (see moments.py) and then goes through the same validation, so both formats
obey one set of rules. The payload hash is taken from the STAR event as received.
"""
from .errors import RecordError
from .hashing import payload_hash
from .moments import parse_moment

DIRECTIONS = {"inbound": "inbound", "incoming": "inbound", "in": "inbound",
              "outbound": "outbound", "outgoing": "outbound", "out": "outbound"}
CHANNELS = {"phone": "phone", "telephone": "phone", "email": "email", "e-mail": "email",
            "web": "web", "internet": "web", "chat": "chat", "sms": "chat", "walk-in": "showroom",
            "showroom": "showroom", "event": "event", "social": "social", "importer": "importer"}


def is_star(data):
    """True when a decoded JSON body is STAR rather than our schema."""
    sample = data[0] if isinstance(data, list) and data else data
    return isinstance(sample, dict) and (
        "CommunicationEvent" in sample or "CommunicationEvents" in sample
        or "CommunicationEventID" in sample)


def events(data):
    """The individual STAR events of a decoded body."""
    items = data if isinstance(data, list) else [data]
    result = []
    for item in items:
        if isinstance(item, dict) and isinstance(item.get("CommunicationEvents"), list):
            result.extend(item["CommunicationEvents"])
        elif isinstance(item, dict) and "CommunicationEvent" in item:
            result.append(item["CommunicationEvent"])
        else:
            result.append(item)
    return result


def _get(event, *keys):
    for key in keys:
        if isinstance(event, dict) and event.get(key) not in (None, ""):
            return event[key]
    return None


def to_our_schema(event):
    """One STAR communication event as a record of our schema (not yet validated)."""
    if not isinstance(event, dict):
        raise RecordError("CommunicationEvent", "expected an object, got %s" % type(event).__name__)
    customer = _get(event, "Customer", "CustomerParty") or {}
    if not isinstance(customer, dict):
        raise RecordError("Customer", "expected an object, got %s" % type(customer).__name__)
    consent = _get(customer, "MarketingConsentIndicator", "ContactPermissionIndicator")
    if isinstance(consent, str):
        consent = consent.strip().lower() in ("true", "yes", "y", "1")
    direction = _get(event, "DirectionCode", "Direction")
    channel = _get(event, "ChannelCode", "MediumCode")
    record = {
        "external_id": _get(event, "CommunicationEventID"),
        "type_code": _get(event, "CommunicationTypeCode", "EventTypeCode"),
        "occurred_at": _get(event, "EventDateTime", "CommunicationDateTime"),
        "summary": _get(event, "Subject", "Description"),
        "direction": DIRECTIONS.get(str(direction).strip().lower(), direction) if direction else None,
        "channel": CHANNELS.get(str(channel).strip().lower(), channel) if channel else None,
        "site": _get(event, "DealerSiteID", "DealerNumberID"),
        "user": _get(event, "SalesPersonID", "EmployeeID"),
        "lead_external_id": _get(event, "SalesLeadID"),
        "customer": {
            "external_id": _get(customer, "CustomerID", "PartyID"),
            "first_name": _get(customer, "GivenName"),
            "last_name": _get(customer, "FamilyName"),
            "email": _get(customer, "EmailAddress", "URIID"),
            "phone": _get(customer, "Telephone", "TelephoneNumber"),
            "mobile": _get(customer, "MobilePhone"),
            "zip": _get(customer, "PostalCode", "Postcode"),
            "city": _get(customer, "CityName"),
            "marketing_consent": consent,
        } if customer else None,
    }
    return {key: value for key, value in record.items() if value is not None}


def parse_event(event, digest=None):
    """Validate one STAR event; the normalised dict of moments.parse_moment, hashed as received
    (`digest` is that hash when the caller took it already)."""
    return parse_moment(to_our_schema(event), digest=digest or payload_hash(event))
