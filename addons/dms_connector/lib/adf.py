"""ADF 1.0 (Auto-lead Data Format) leads: parse what real senders send, refuse what is not ADF.

Real senders put `<?ADF VERSION "1.0"?>` (with or without "=") before or after the XML
declaration, use CRLF, pad values with blanks, send several vehicles with trade-ins, odometers in
miles and attributes the DTD never declared. All of that is accepted. The parser never expands
entities, never loads a DTD or anything from the network, and refuses bodies beyond a size and
nesting depth: a lead is a few kilobytes.
"""
import re
from xml.etree.ElementTree import ParseError

from defusedxml import DefusedXmlException
from defusedxml.ElementTree import fromstring

from .errors import PayloadError, RecordError
from .hashing import payload_hash
from .moments import parse_datetime

MAX_BYTES = 1024 * 1024
MAX_DEPTH = 12
MILES_TO_KM = 1.609344
ADF_PI = re.compile(br"<\?adf\b[^?>]*\?>", re.IGNORECASE)
INTERESTS = ("buy", "lease", "sell", "trade-in", "test-drive")
# Providers whose leads count as "from the importer" (the manufacturer's lead portal); the
# others are web leads. Matched in lower case against the provider's name and service.
IMPORTER_MARKERS = ("importer", "manufacturer", "oem", "brand portal")


def _tag(element):
    tag = element.tag if isinstance(element.tag, str) else ""
    return tag.rsplit("}", 1)[-1].lower()


def _children(element, name):
    return [child for child in element if _tag(child) == name]


def _child(element, name):
    found = _children(element, name) if element is not None else []
    return found[0] if found else None


def _text(element, name=None):
    if element is not None and name:
        element = _child(element, name)
    if element is None:
        return ""
    return " ".join("".join(element.itertext()).split())


def _attr(element, name, default=""):
    if element is None:
        return default
    for key, value in element.attrib.items():
        if key.rsplit("}", 1)[-1].lower() == name:
            return " ".join(value.split()).lower()
    return default


def _check_depth(root):
    stack = [(root, 1)]
    while stack:
        element, depth = stack.pop()
        if depth > MAX_DEPTH:
            raise PayloadError("the XML is nested deeper than %d levels; an ADF lead never is" % MAX_DEPTH)
        stack.extend((child, depth + 1) for child in element)


def load(body):
    """Parse an ADF body into its root element, or raise PayloadError with the reason."""
    if isinstance(body, str):
        body = body.encode("utf-8")
    if len(body) > MAX_BYTES:
        raise PayloadError("the ADF body has %d bytes, more than the %d accepted" % (len(body), MAX_BYTES))
    text = body.lstrip(b"\xef\xbb\xbf").lstrip()
    text = ADF_PI.sub(b"", text).lstrip()
    if not text.startswith(b"<"):
        raise PayloadError("the body is not XML, so not ADF")
    try:
        root = fromstring(text, forbid_dtd=False, forbid_entities=True, forbid_external=True)
    except DefusedXmlException as error:
        raise PayloadError("the XML declares entities or external references, which ADF never needs (%s)"
                           % type(error).__name__)
    except ParseError as error:
        raise PayloadError("the body is not well-formed XML: %s" % error)
    except (ValueError, LookupError) as error:
        raise PayloadError("the body is not readable XML: %s" % error)
    if _tag(root) != "adf":
        raise PayloadError("not ADF: the root element is <%s>, ADF starts with <adf>" % _tag(root))
    _check_depth(root)
    if not _children(root, "prospect"):
        raise PayloadError("not ADF: <adf> holds no <prospect>")
    return root


def _number(element, name, field, integer=True):
    value = _text(element, name).replace(",", "").replace(" ", "")
    if not value:
        return None
    try:
        number = float(value)
    except ValueError:
        raise RecordError(field, "expected a number, got %r" % value)
    if number < 0 or number > 1e9:
        raise RecordError(field, "%r is out of range" % value)
    return int(round(number)) if integer else number


def _vehicle(element, index):
    field = "vehicle[%d]" % index
    interest = _attr(element, "interest", "buy")
    if interest not in INTERESTS:
        raise RecordError(field + ".interest", "expected one of %s, got %r" % (", ".join(INTERESTS), interest))
    odometer = _child(element, "odometer")
    mileage = _number(element, "odometer", field + ".odometer")
    units = _attr(odometer, "units", "km")
    if mileage is not None and units.startswith("mi"):
        mileage = int(round(mileage * MILES_TO_KM))
    year = _number(element, "year", field + ".year")
    if year is not None and not 1900 <= year <= 2100:
        raise RecordError(field + ".year", "%d is not a model year" % year)
    colour = _child(element, "colorcombination")
    return {
        "interest": interest,
        "status": _attr(element, "status", "new"),
        "year": year,
        "make": _text(element, "make"),
        "model": _text(element, "model"),
        "trim": _text(element, "trim"),
        "vin": _text(element, "vin").replace(" ", "").upper(),
        "stock": _text(element, "stock"),
        "mileage": mileage,
        "colour": _text(colour, "exteriorcolor") if colour is not None else "",
        "price": _number(element, "price", field + ".price", integer=False),
        "comments": _text(element, "comments"),
    }


def _contact(contact, field):
    names = {_attr(name, "part", "full"): _text(name) for name in _children(contact, "name")}
    first, last = names.get("first", ""), names.get("last", "")
    if not (first or last) and names.get("full"):
        parts = names["full"].split()
        first, last = " ".join(parts[:-1]), parts[-1]
    phones = {}
    for phone in _children(contact, "phone"):
        kind = _attr(phone, "type", "voice")
        key = "mobile" if kind in ("cellphone", "cell", "mobile") else "phone" if kind != "fax" else None
        if key and _text(phone) and key not in phones:
            phones[key] = _text(phone)
            phones[key + "_time"] = _attr(phone, "time")
    address = _child(contact, "address")
    streets = [_text(street) for street in _children(address, "street")] if address is not None else []
    if not last:
        raise RecordError(field + ".name", "the customer needs a last name (name part=\"last\" or \"full\")")
    email = _text(contact, "email")
    if not (email or phones.get("phone") or phones.get("mobile")):
        raise RecordError(field, "the customer needs an email address or a phone number")
    return {
        "first_name": first,
        "last_name": last,
        "email": email,
        "phone": phones.get("phone", ""),
        "mobile": phones.get("mobile", ""),
        "phone_time": phones.get("phone_time", "") or phones.get("mobile_time", ""),
        "street": ", ".join(filter(None, streets)),
        "city": _text(address, "city"),
        "zip": _text(address, "postalcode"),
        "country": _text(address, "country"),
    }


def lead_type_for(provider):
    """'importer' for a lead from the manufacturer's portal, 'web' for any other provider."""
    words = " ".join((provider.get("name", ""), provider.get("service", ""))).lower()
    return "importer" if any(marker in words for marker in IMPORTER_MARKERS) else "web"


def parse_prospect(prospect, index=0):
    """One <prospect> as the dict the sales-up importer uses, or raise RecordError."""
    ids = [{"source": _attr(item, "source") or "", "value": _text(item)}
           for item in _children(prospect, "id") if _text(item)]
    vendor_el, provider_el = _child(prospect, "vendor"), _child(prospect, "provider")
    vendor = {"id": _text(vendor_el, "id"), "name": _text(vendor_el, "vendorname")}
    provider = {"id": _text(provider_el, "id"), "name": _text(provider_el, "name"),
                "service": _text(provider_el, "service")}
    keys = lead_keys(ids, vendor, provider)
    external_id = keys[0] if keys else ""
    try:
        if not keys:
            raise RecordError("prospect[%d].id" % index, "a lead needs a prospect or provider id to be recognised "
                              "when it is sent again")
        status = _attr(prospect, "status", "new")
        if status not in ("new", "resend"):
            raise RecordError("prospect[%d].status" % index, "expected new or resend, got %r" % status)
        request_date = parse_datetime(_text(prospect, "requestdate"), "prospect[%d].requestdate" % index)
        customer_el = _child(prospect, "customer")
        contact = _child(customer_el, "contact") if customer_el is not None else None
        if contact is None:
            raise RecordError("prospect[%d].customer.contact" % index, "is missing")
        customer = _contact(contact, "prospect[%d].customer.contact" % index)
        vehicles = [_vehicle(element, number) for number, element in enumerate(_children(prospect, "vehicle"))]
        result = {
            "external_id": external_id,
            "keys": keys,
            "status": status,
            "request_date": request_date,
            "customer": customer,
            "comments": _text(customer_el, "comments"),
            "vehicles": [vehicle for vehicle in vehicles if vehicle["interest"] not in ("trade-in", "sell")],
            "trade_ins": [vehicle for vehicle in vehicles if vehicle["interest"] in ("trade-in", "sell")],
            "vendor": vendor,
            "provider": provider,
            "lead_type": lead_type_for(provider),
            "source": provider["name"] or vendor["name"],
        }
    except RecordError as error:
        error.external_id = external_id
        raise
    # a resend of an unchanged lead is a duplicate: the status does not take part in the hash
    result["payload_hash"] = payload_hash({key: value for key, value in result.items() if key != "status"})
    return result


def lead_keys(ids, vendor, provider):
    """The keys a resend of this lead is recognised by, most specific first.

    The provider's id of the lead identifies it on its own; a prospect id only together with the
    vendor (two dealers' prospect 17 are different leads).
    """
    keys = []
    provider_name = (provider.get("name") or provider.get("id") or "").lower()
    vendor_name = (vendor.get("id") or vendor.get("name") or "").lower()
    for item in ids:
        source = item["source"].lower()
        if provider_name and source and source == provider_name:
            keys.append("provider:%s:%s" % (provider_name, item["value"]))
    for item in ids:
        keys.append("prospect:%s@%s" % (item["value"], vendor_name))
    return keys


def parse(body):
    """Parse an ADF body: a list of (dict, None) for good prospects and (None, RecordError) for bad."""
    root = load(body)
    results = []
    for index, prospect in enumerate(_children(root, "prospect")):
        try:
            results.append((parse_prospect(prospect, index), None))
        except RecordError as error:
            results.append((None, error))
    return results
