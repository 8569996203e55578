"""STAR Automotive JSON (the data model STAR publishes in its `starstandard/automotive` repository,
`domain/`): the documents a DMS sends us, record by record.

- Contact methods (`domain/core`, ContactMethod): `communication_channels` with their
  `authorization_levels`, and `customer_contact_profile.communication_events`. Each event is one
  contact moment; the channel authorisations (and an event's permission flags) are the customer's
  consent per channel.
- Customers (`domain/sales_operations/api/customer`): party references (the customer's name),
  lead sources (sales ups), the garage (the customer's vehicles) and lifecycle events.
- Retail delivery reports (`domain/sales_operations`, RetailDeliveryReport): the car delivered to
  its buyer or lessee, with purchase and lease terms (numbers are strings there).

Keys are snake_case, enumerations upper case, times ISO 8601 with an offset. Nothing here touches
a database: each record becomes a plain dict the importers store (a moment goes through
moments.parse_moment, the one set of rules every moment obeys). Samples of every kind, as STAR
publishes them, are in tests/samples/star (see SOURCES.md there).
"""
from ..errors import RecordError
from ..hashing import payload_hash
from ..moments import clean_text, parse_customer, parse_datetime, parse_moment
from . import Format, RecordKind, register

# communication_channel_type -> (our channel, consent channel)
CHANNELS = {
    "EMAIL": ("email", "email"), "PHONE": ("phone", "phone"), "CELL": ("phone", "phone"),
    "VOICE": ("phone", "phone"), "VIDEO": ("phone", "phone"), "SMS": ("chat", "sms"),
    "APP": ("web", None), "SOCIAL_MEDIA": ("social", None), "URL": ("web", None),
    "DIRECT_MAIL": (None, "post"), "BROADCAST": (None, None), "PDA": (None, None), "OTHER": (None, None),
}
DIRECTIONS = {"INBOUND": "inbound", "OUTBOUND": "outbound"}
# statuses of a communication that did not reach the customer: the moment says so in its summary
NOT_REACHED = ("FAILED", "BOUNCED", "REJECTED", "CANCELLED", "EXPIRED", "SUPPRESSED", "OPTED_OUT")
BUYER_ROLES = ("BUYER", "LESSEE", "OWNER", "PRIMARY_OWNER", "SELF", "CO_BUYER", "CO_OWNER")


def _get(data, *path):
    for key in path:
        if not isinstance(data, dict):
            return None
        data = data.get(key)
    return data


def _text(value, limit=500):
    if value is None or isinstance(value, (dict, list, bool)):
        return ""
    return " ".join(clean_text(str(value)).split())[:limit]


def _list(value):
    return value if isinstance(value, list) else [value] if isinstance(value, dict) else []


# ---- which documents are STAR ----

def document_kind(document):
    """The kind of one decoded STAR document, or None when it is not one we read."""
    if not isinstance(document, dict):
        return None
    if "customer_contact_profile" in document or "contact_method_key" in document:
        return "contact_method"
    if "retail_delivery_report_id" in document or "retail_delivery_report_key" in document:
        return "delivery"
    if "customer_key" in document or "customer_id" in document:
        return "customer"
    if "customer_lifecycle_event_type" in document:
        return "lifecycle_event"
    if "customer_lifecycle_events" in document:
        return "lifecycle_events"
    if "lead_sources" in document or "lead_source_key" in document:
        return "lead_sources"
    return None


def is_star(data):
    """True when a decoded JSON body is STAR (one document or a list of them) rather than our schema."""
    documents = data if isinstance(data, list) else [data]
    return any(document_kind(document) for document in documents[:50])


def records(data):
    """The records of a decoded STAR body as (kind, raw) pairs, in order:
    "star_contact" (a customer's channels and consent), "star" (one communication event),
    "star_customer", "star_lifecycle" (an event sent without its customer), "star_lead_source"
    (likewise), "star_delivery". A raw record holds all it needs to be imported again on its own
    (from quarantine)."""
    result = []
    for document in data if isinstance(data, list) else [data]:
        kind = document_kind(document)
        if kind == "contact_method":
            result.extend(_contact_records(document))
        elif kind == "customer":
            result.append(("star_customer", document))
        elif kind == "delivery":
            result.append(("star_delivery", document))
        elif kind == "lifecycle_event":
            result.append(("star_lifecycle", document))
        elif kind == "lifecycle_events":
            result.extend(("star_lifecycle", event) for event in _list(document.get("customer_lifecycle_events")))
        elif kind == "lead_sources":
            sources = document.get("lead_sources") if "lead_sources" in document else [document]
            result.extend(("star_lead_source", source) for source in _list(sources))
        else:
            result.append(("star", {"event": document}))  # refused by parse_event, with its reason
    return result


# ---- contact methods and their communication events ----

def _parties(event, key):
    return [party for party in _list(event.get(key)) if isinstance(party, dict)]


def consents_of(channels, source_time=None):
    """[{"channel", "state", "time"}] of the channels' authorisation levels: the newest level of a
    channel decides (given when authorized_indicator is true, refused when false)."""
    found = {}
    for channel in _list(channels):
        if not isinstance(channel, dict):
            continue
        consent_channel = CHANNELS.get(_text(channel.get("communication_channel_type")).upper(), (None, None))[1]
        levels = [level for level in _list(channel.get("authorization_levels"))
                  if isinstance(level, dict) and isinstance(level.get("authorized_indicator"), bool)]
        if not consent_channel or not levels:
            continue
        level = max(levels, key=lambda item: _text(item.get("update_date_time")))
        time = level.get("update_date_time") or source_time
        found[consent_channel] = {"channel": consent_channel,
                                  "state": "given" if level["authorized_indicator"] else "refused",
                                  "time": _text(time)}
    return [found[channel] for channel in sorted(found)]


def _channel_values(channels):
    values = {}
    for channel in _list(channels):
        if not isinstance(channel, dict):
            continue
        kind = _text(channel.get("communication_channel_type")).upper()
        value = _text(channel.get("value"), 128)
        key = {"EMAIL": "email", "PHONE": "phone", "VOICE": "phone", "CELL": "mobile", "SMS": "mobile"}.get(kind)
        if key and value:
            values.setdefault(key, value)
    if values.get("mobile") and values.get("mobile") == values.get("phone"):
        values.pop("mobile")
    return values


def _split_name(full):
    parts = _text(full, 200).split()
    return (" ".join(parts[:-1]), parts[-1]) if parts else ("", "")


def _contact_records(document):
    profile = document.get("customer_contact_profile") if isinstance(document.get("customer_contact_profile"),
                                                                     dict) else {}
    customer_key = _text(profile.get("customer_key"), 128)
    channels = document.get("communication_channels")
    events = [event for event in _list(profile.get("communication_events"))]
    name = ""
    for event in events:
        for party in _parties(event, "target_parties") + _parties(event, "source_party"):
            if customer_key and _text(party.get("party_key")) == customer_key and party.get("party_name"):
                name = _text(party.get("party_name"), 200)
                break
        if name:
            break
    customer = dict(_channel_values(channels), customer_key=customer_key, name=name)
    consents = consents_of(channels)
    contact = {"contact_method_key": _text(document.get("contact_method_key"), 128), "customer": customer,
               "consents": consents}
    result = [("star_contact", contact)]
    given = sorted(consent["channel"] for consent in consents if consent["state"] == "given")
    for event in events:
        result.append(("star", {"event": event, "customer": dict(customer, consent=given)}))
    return result


def parse_contact(raw, digest=None):
    """A customer's contact method: {"external_id", "customer" (our schema), "consents", "payload_hash"}."""
    if not isinstance(raw, dict) or not isinstance(raw.get("customer"), dict):
        raise RecordError("customer_contact_profile", "expected an object")
    customer = raw["customer"]
    external_id = _text(customer.get("customer_key"), 128) or _text(raw.get("contact_method_key"), 128)
    first, last = _split_name(customer.get("name"))
    ours = {"external_id": customer.get("customer_key") or None, "first_name": first or None,
            "last_name": last or None, "email": customer.get("email") or None,
            "phone": customer.get("phone") or None, "mobile": customer.get("mobile") or None}
    try:
        parsed = parse_customer({key: value for key, value in ours.items() if value is not None})
    except RecordError as error:
        error.external_id = external_id
        if not raw.get("consents"):
            error.reason = ("field customer_contact_profile: holds no customer (customer_key, e-mail or phone) "
                            "and no consent; nothing to store")
        raise
    consents = []
    for consent in _list(raw.get("consents")):
        time = consent.get("time") if isinstance(consent, dict) else None
        consents.append({"channel": consent["channel"], "state": consent["state"],
                         "time": parse_datetime(time, "authorization_levels.update_date_time") if time else None})
    return {"external_id": external_id, "customer": parsed, "consents": consents,
            "payload_hash": digest or payload_hash(raw)}


def to_our_schema(raw):
    """One STAR communication event (with the customer its contact method names) as a moment of
    our schema (not yet validated)."""
    event = raw.get("event") if isinstance(raw, dict) else None
    if not isinstance(event, dict):
        raise RecordError("communication_event", "expected an object, got %s" % type(event).__name__)
    customer = raw.get("customer") if isinstance(raw.get("customer"), dict) else {}
    channel_type = _text(event.get("communication_channel_type")).upper()
    direction = _text(event.get("communication_direction_type")).upper()
    status = _text(event.get("communication_status_type")).upper()
    summary = _text(event.get("communication_summary"))
    if status in NOT_REACHED:
        summary = ("%s (%s)" % (summary, status.lower().replace("_", " "))) if summary else status.lower()
    source = [party for party in _parties(event, "source_party")]
    dealer = [party for party in source + _parties(event, "target_parties")
              if _text(party.get("party_key")) != customer.get("customer_key")]
    first, last = _split_name(customer.get("name"))
    record = {
        "external_id": event.get("communication_event_key") or event.get("communication_event_id"),
        "type_code": "STAR_%s_%s" % (channel_type or "OTHER", direction or "OUTBOUND"),
        "occurred_at": event.get("occurrence_date_time"),
        "summary": summary or None,
        "direction": DIRECTIONS.get(direction, "outbound"),
        "channel": CHANNELS.get(channel_type, (None, None))[0],
        "site": _text(dealer[0].get("party_key"), 64) if dealer else None,
        "user": _text(event.get("initiated_by"), 64) or None,
        "lead_external_id": (_text(event.get("resource_identifier"), 128)
                             if _text(event.get("resource_type")).upper() == "LEAD" else None),
        "customer": {key: value for key, value in {
            "external_id": customer.get("customer_key") or None, "first_name": first or None,
            "last_name": last or None, "email": customer.get("email") or None, "phone": customer.get("phone") or None,
            "mobile": customer.get("mobile") or None, "marketing_consent": customer.get("consent") or False,
        }.items() if value is not None} if customer.get("customer_key") or customer.get("email") else None,
    }
    if event.get("permission_evaluated_indicator") is True and event.get("permission_granted_indicator") is False:
        record["customer"] = dict(record["customer"] or {}, marketing_consent=False)
    return {key: value for key, value in record.items() if value is not None}


def parse_event(raw, digest=None):
    """Validate one STAR communication event; the normalised dict of moments.parse_moment, hashed as
    received (`digest` is that hash when the caller took it already)."""
    return parse_moment(to_our_schema(raw), digest=digest or payload_hash(raw))


def event_id(raw):
    """The external id of a raw event record when it is plain text (the bulk path's fast look-up)."""
    event = raw.get("event") if isinstance(raw, dict) else None
    return event.get("communication_event_key") or event.get("communication_event_id") \
        if isinstance(event, dict) else None


# ---- customers, their lifecycle events and lead sources ----

def _person(parties):
    """(party reference id, first, last) of the customer's own person among party references."""
    people = [party for party in _list(parties) if isinstance(party, dict)]
    for party in people:
        roles = [_text(role).upper() for role in _list(party.get("party_relationship_types"))
                 if not isinstance(role, (dict, list))]
        if any(role in BUYER_ROLES + ("PRIMARY_DRIVER",) for role in roles) or len(people) == 1:
            name = party.get("contact_name") if isinstance(party.get("contact_name"), dict) else {}
            first, last = _text(name.get("given_name"), 100), _text(name.get("family_name"), 100)
            if not last:
                first, last = _split_name(name.get("full_name") or party.get("party_name"))
            return _text(party.get("party_reference_id") or party.get("party_reference_key"), 128), first, last, party
    return "", "", "", {}


def _lead_source(source, field):
    if not isinstance(source, dict):
        raise RecordError(field, "expected an object")
    lead_id = _text(source.get("lead_id") or source.get("lead_source_key"), 128)
    if not lead_id:
        raise RecordError(field + ".lead_id", "is required")
    occurred = source.get("occurrence_date_time")
    comments = [_text(comment.get("narrative_desc")) for comment in _list(source.get("lead_comments"))
                if isinstance(comment, dict)]
    kinds = source.get("lead_source_types") if isinstance(source.get("lead_source_types"), list) else []
    return {"lead_id": lead_id, "source": _text(source.get("source_name"), 100),
            "types": [_text(kind).upper() for kind in kinds if not isinstance(kind, (dict, list))],
            "received_at": parse_datetime(occurred, field + ".occurrence_date_time") if occurred else None,
            "comments": "\n".join(comment for comment in comments if comment)}


def _garage_item(item, field):
    if not isinstance(item, dict):
        raise RecordError(field, "expected an object")
    vehicle = item.get("vehicle_reference") if isinstance(item.get("vehicle_reference"), dict) else {}
    identifier = vehicle.get("vehicle_identifier") if isinstance(vehicle.get("vehicle_identifier"), dict) else {}
    year = _text(vehicle.get("model_year"), 4)
    return {
        "vehicle_id": _text(identifier.get("vehicle_id") or vehicle.get("vehicle_reference_id")
                            or item.get("garage_item_id"), 64),
        "vin": _text(identifier.get("vin"), 17).replace(" ", "").upper(),
        "year": int(year) if year.isdigit() and 1900 <= int(year) <= 2100 else 0,
        "make": _text(vehicle.get("make"), 64), "model": _text(vehicle.get("model"), 64),
        "trim": _text(vehicle.get("trim"), 64), "stock_number": _text(vehicle.get("stock_number"), 64),
        "relation": _text(item.get("garage_item_relationship_type"), 32).lower(),
        "current": _text(item.get("garage_item_status_type")).upper() != "PREVIOUS" and not item.get(
            "removed_date_time"),
    }


def _lifecycle_event(event, field):
    if not isinstance(event, dict):
        raise RecordError(field, "expected an object")
    kind = _text(event.get("customer_lifecycle_event_type")).upper()
    if not kind:
        raise RecordError(field + ".customer_lifecycle_event_type", "is required")
    occurred = event.get("occurrence_date_time")
    return {"key": _text(event.get("customer_lifecycle_event_key") or event.get("customer_lifecycle_event_id"), 128),
            "type": kind, "resource_type": _text(event.get("resource_type")).upper(),
            "resource": _text(event.get("resource_identifier"), 128),
            "occurred_at": parse_datetime(occurred, field + ".occurrence_date_time") if occurred else None,
            "detail": _text(event.get("detail_desc") or event.get("detail_name"))}


def parse_customer_record(raw, digest=None):
    """A STAR customer: {"external_id", "customer" (our schema), "leads", "vehicles", "events",
    "document_time", "payload_hash"}."""
    if not isinstance(raw, dict):
        raise RecordError("customer", "expected an object")
    external_id = _text(raw.get("customer_id") or raw.get("customer_key"), 128)
    try:
        if not external_id:
            raise RecordError("customer_id", "is required (or customer_key)")
        _party_id, first, last, _party = _person(raw.get("party_references"))
        customer = parse_customer({"external_id": external_id, "first_name": first or None, "last_name": last or None})
        events = [_lifecycle_event(event, "customer_lifecycle_events[%d]" % index)
                  for index, event in enumerate(_list(raw.get("customer_lifecycle_events")))]
        leads = [_lead_source(source, "lead_sources[%d]" % index)
                 for index, source in enumerate(_list(raw.get("lead_sources")))]
        vehicles = [_garage_item(item, "garage.garage_items[%d]" % index)
                    for index, item in enumerate(_list(_get(raw, "garage", "garage_items")))]
        document_time = raw.get("document_date_time")
        return {"external_id": external_id, "customer": customer, "leads": leads, "vehicles": vehicles,
                "events": events, "payload_hash": digest or payload_hash(raw),
                "document_time": parse_datetime(document_time, "document_date_time") if document_time else None,
                "deleted": any(event["type"] == "DELETED" for event in events)}
    except RecordError as error:
        error.external_id = error.external_id or external_id
        raise


def parse_lifecycle_event(raw, digest=None):
    """A lifecycle event sent on its own: {"external_id", "event", "payload_hash"}."""
    event = _lifecycle_event(raw, "customer_lifecycle_event")
    external_id = event["key"] or "%s:%s" % (event["type"], event["resource"])
    return {"external_id": external_id[:128], "event": event, "payload_hash": digest or payload_hash(raw)}


def parse_lead_source(raw, digest=None):
    """A lead source sent on its own: {"external_id", "lead", "payload_hash"}."""
    lead = _lead_source(raw, "lead_source")
    return {"external_id": lead["lead_id"], "lead": lead, "payload_hash": digest or payload_hash(raw)}


# ---- retail delivery reports ----

def _amount(value, field):
    if isinstance(value, dict):
        value = value.get("total_amount", value.get("value"))
    if value in (None, ""):
        return None
    try:
        number = float(str(value).replace(",", ""))
    except ValueError:
        raise RecordError(field, "expected a number, got %r" % (value,))
    if number != number or abs(number) > 1e12:
        raise RecordError(field, "%r is out of range" % (value,))
    return number


def parse_delivery(raw, digest=None):
    """A retail delivery report: {"external_id", "moment" (our schema, type DELIVERY), "vehicle",
    "address", "terms", "payload_hash"}: the delivery moment of the buyer, the car to mark sold."""
    if not isinstance(raw, dict):
        raise RecordError("retail_delivery_report", "expected an object")
    external_id = _text(raw.get("retail_delivery_report_id") or raw.get("retail_delivery_report_key"), 120)
    try:
        if not external_id:
            raise RecordError("retail_delivery_report_id", "is required")
        parties = _list(raw.get("party_references")) + _list(
            _get(raw, "credit_application_reference", "credit_parties"))
        party_id, first, last, party = _person([item for item in parties if isinstance(item, dict) and any(
            _text(role).upper() in BUYER_ROLES for role in _list(item.get("party_relationship_types"))
            if not isinstance(role, (dict, list)))])
        if not (party_id or last):
            raise RecordError("party_references", "no buyer, lessee or owner to deliver the car to")
        addresses = [address for address in _list(party.get("address_references")) if isinstance(address, dict)]
        address = addresses[0] if addresses else {}
        vehicle = raw.get("vehicle") if isinstance(raw.get("vehicle"), dict) else {}
        identifier = vehicle.get("vehicle_identifier") if isinstance(vehicle.get("vehicle_identifier"), dict) else {}
        specification = vehicle.get("vehicle_specification") if isinstance(
            vehicle.get("vehicle_specification"), dict) else {}
        car = {"vin": _text(identifier.get("vin"), 17).replace(" ", "").upper(),
               "stock_number": _text(identifier.get("stock_number"), 64).upper(),
               "vehicle_id": _text(vehicle.get("vehicle_id"), 64),
               "make": _text(specification.get("make"), 64), "model": _text(specification.get("model"), 64)}
        purchase = _text(raw.get("purchase_type") or _get(raw, "credit_application_reference", "purchase_type"),
                         32).lower()
        lease = raw.get("lease_term") if isinstance(raw.get("lease_term"), dict) else {}
        prices = [detail.get("price") for detail in _list(vehicle.get("vehicle_price_detail"))
                  if isinstance(detail, dict)]
        terms = {"purchase_type": purchase,
                 "price": _amount(prices[0], "vehicle.vehicle_price_detail[0].price") if prices else None,
                 "currency": _text(_get(prices[0], "currency_code") if prices else "", 3),
                 "term_months": _amount(lease.get("term_months"), "lease_term.term_months"),
                 "residual": _amount(lease.get("residual_value"), "lease_term.residual_value"),
                 "money_factor": _amount(lease.get("money_factor"), "lease_term.money_factor")}
        when = raw.get("occurrence_date_time") or (raw.get("sale_date") + "T12:00:00Z" if isinstance(
            raw.get("sale_date"), str) and raw.get("sale_date") else None)
        what = " ".join(filter(None, (car["make"], car["model"]))) or car["vin"] or car["stock_number"] or "car"
        details = [purchase.replace("_", " ")] if purchase else []
        if terms["term_months"]:
            details.append("%d months" % terms["term_months"])
        if terms["price"] is not None:
            details.append("price %.2f %s" % (terms["price"], terms["currency"]))
        if terms["residual"] is not None:
            details.append("residual %.2f" % terms["residual"])
        vin_text = " (VIN %s)" % car["vin"] if car["vin"] and car["vin"] != what else ""
        moment = {
            "external_id": "rdr:" + external_id, "type_code": "DELIVERY", "occurred_at": when,
            "summary": "Delivered %s%s%s" % (what, vin_text, ": " + ", ".join(details) if details else ""),
            "direction": "outbound",
            "customer": {key: value for key, value in {
                "external_id": party_id or None, "first_name": first or None, "last_name": last or None,
                "zip": _text(address.get("postal_code"), 20) or None, "city": _text(address.get("city"), 64) or None,
            }.items() if value is not None},
        }
        parsed = parse_moment(moment, digest=digest or payload_hash(raw))
        parsed["external_id"] = external_id
        return {"external_id": external_id, "moment": parsed, "vehicle": car, "terms": terms,
                "address": {"street": _text(address.get("address_line1"), 128), "city": _text(address.get("city"), 64),
                            "zip": _text(address.get("postal_code"), 20),
                            "country": _text(address.get("country_code"), 2).upper()},
                "payload_hash": parsed["payload_hash"]}
    except RecordError as error:
        error.external_id = error.external_id or external_id
        raise


PARSERS = {
    "star": parse_event,
    "star_contact": parse_contact,
    "star_customer": parse_customer_record,
    "star_lifecycle": parse_lifecycle_event,
    "star_lead_source": parse_lead_source,
    "star_delivery": parse_delivery,
}


def external_id_of(kind, raw):
    """The id a raw STAR record claims, for the answer of a record we could not parse."""
    if not isinstance(raw, dict):
        return ""
    if kind == "star":
        value = event_id(raw)
    elif kind == "star_contact":
        value = _get(raw, "customer", "customer_key") or raw.get("contact_method_key")
    elif kind == "star_customer":
        value = raw.get("customer_id") or raw.get("customer_key")
    elif kind == "star_delivery":
        value = raw.get("retail_delivery_report_id") or raw.get("retail_delivery_report_key")
    elif kind == "star_lead_source":
        value = raw.get("lead_id") or raw.get("lead_source_key")
    else:
        value = raw.get("customer_lifecycle_event_key") or raw.get("customer_lifecycle_event_id")
    return _text(value, 128)


def _sniff(probe):
    return probe.is_json() and is_star(probe.json())


def items(probe, options=None):
    return [KINDS[kind].item(raw) for kind, raw in records(probe.json())]


def _kind(name, label, **options):
    return RecordKind(name, label, PARSERS[name], id_of=lambda raw: external_id_of(name, raw), **options)


# customers, contact methods, lead sources and lifecycle events go before the moments that may
# name them (backend methods _import_<kind> in models/dms_backend_star.py); a delivery report
# carries its moment, then sells the car and completes the buyer (_deliver)
KINDS = {kind.name: kind for kind in (
    _kind("star", "STAR communication event", store="moment", fast_id=event_id),
    _kind("star_customer", "STAR customer", importer="_import_star_customer", order=10),
    _kind("star_contact", "STAR contact method", importer="_import_star_contact", order=20),
    _kind("star_lead_source", "STAR lead source", importer="_import_star_lead_source", order=30),
    _kind("star_lifecycle", "STAR lifecycle event", importer="_import_star_lifecycle", order=40),
    _kind("star_delivery", "STAR retail delivery report", store="moment", moment_of=lambda parsed: parsed["moment"],
          after="_deliver"),
)}
FORMAT = register(Format("star", "moments", items, _sniff, label="STAR JSON", priority=20,
                         content_types=("application/json", "text/json"), extensions=(".json",),
                         kinds=tuple(KINDS.values()), file_types=(("json", "JSON", "application/json"),),
                         backend_kind="STAR JSON"))
