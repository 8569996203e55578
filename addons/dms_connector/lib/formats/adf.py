"""ADF 1.0 (Auto-lead Data Format) leads: read what real senders send, refuse what is not ADF.

Real senders (lead providers, OEM portals, website plug-ins; samples in tests/samples/adf, see
SOURCES.md there) write ADF in many dialects: `<?ADF VERSION "1.0"?>` with or without "=" before
or after an upper-case `<?XML VERSION "1.0"?>`, a comment before the declaration, curly quotes,
unquoted attribute values (`sequence=1`), a bare "&" in a dealer's name, several `<adf>`
documents in one e-mail body, everything on one line, empty `<year/><make/><model/>`, comments
in CDATA with "key: value" lines, `name type="full"` for `part="full"`, vendor and provider beside
the prospect instead of in it, no `<id>` at all (it is optional), no vehicle, no vendor.

A document is first parsed strictly; when that fails it is repaired (quotes, ampersands, control
characters, tag case) and parsed again, and as a last resort read by libxml2's recovering parser.
What was repaired is said with every lead of the document. Entity declarations are refused before
any parsing, no DTD or anything from the network is ever loaded, and bodies beyond a size and
nesting depth are refused: a lead is a few kilobytes.

A lead without an id is recognised when it is sent again by a fingerprint of its content (request
date, customer contact, vehicles, vendor, provider), which is also a key of leads that carry ids.
"""
import codecs
import datetime
import hashlib
import re
from xml.etree.ElementTree import ParseError

from dateutil import parser as dateparser
from defusedxml import DefusedXmlException
from defusedxml.ElementTree import fromstring
from lxml import etree

from ..errors import PayloadError, RecordError
from ..hashing import canonical_json, payload_hash
from ..moments import UNSTORABLE, parse_datetime
from . import Format, Item, RecordKind, register

MAX_BYTES = 1024 * 1024
MAX_DEPTH = 12
MILES_TO_KM = 1.609344
INTERESTS = ("buy", "lease", "sell", "trade-in", "test-drive")
INTEREST_ALIASES = {"purchase": "buy", "trade": "trade-in", "tradein": "trade-in", "trade in": "trade-in",
                    "testdrive": "test-drive", "test drive": "test-drive"}
# Providers whose leads count as "from the importer" (the manufacturer's lead portal); the
# others are web leads. Matched in lower case against the provider's name and service.
IMPORTER_MARKERS = ("importer", "manufacturer", "oem", "brand portal")
NAME_PARTS = ("first", "middle", "last", "surname", "full")
ENTITY_DECLARATION = re.compile(r"<!ENTITY", re.IGNORECASE)
ADF_START = re.compile(r"<adf(?=[\s>/])", re.IGNORECASE)
ADF_END = re.compile(r"</adf\s*>", re.IGNORECASE)
DECLARED_ENCODING = re.compile(br"""<\?xml[^>]*?encoding\s*=\s*(?:["']|\xe2\x80\x9c)?([A-Za-z0-9._-]+)""",
                               re.IGNORECASE)
START_TAG = re.compile(r"<([A-Za-z_][\w.-]*)(\s[^<>]*?)?(/?)>")
UNQUOTED_ATTRIBUTE = re.compile(r"""(\s[A-Za-z_][\w:.-]*)\s*=\s*([^\s"'=<>`]+)""")
EMPTY_ATTRIBUTE = re.compile(r"""(\s[A-Za-z_][\w:.-]*)\s*=(?=[\s/>]|$)""")
TAG_NAME = re.compile(r"<(/?)([A-Za-z_][\w.-]*)")
BARE_AMPERSAND = re.compile(r"&(?!(?:amp|lt|gt|quot|apos|#\d+|#x[0-9a-fA-F]+);)")
CURLY_QUOTES = {"\u201c": '"', "\u201d": '"', "\u2018": "'", "\u2019": "'"}
SHORT_OFFSET = re.compile(r"([+-]\d{2}):?(\d)$")
TIMEFRAME = re.compile(r"(\d+)\s*(day|week|month|year)s?", re.IGNORECASE)
COMMENT_FIELD = re.compile(r"^\s*([A-Za-z][\w /-]{0,40}?)\s*:\s*(.+?)\s*$")
RECOVERING_PARSER = dict(recover=True, resolve_entities=False, no_network=True, load_dtd=False,
                         huge_tree=False, remove_comments=True, remove_pis=True)


def _tag(element):
    tag = element.tag if isinstance(element.tag, str) else ""
    return tag.rsplit("}", 1)[-1].lower()


def _children(element, name):
    return [child for child in element if _tag(child) == name] if element is not None else []


def _child(element, name):
    found = _children(element, name)
    return found[0] if found else None


def _raw_text(element):
    return UNSTORABLE.sub(" ", "".join(element.itertext())) if element is not None else ""


def _text(element, name=None):
    if element is not None and name:
        element = _child(element, name)
    return " ".join(_raw_text(element).split())


def _attr(element, name, default=""):
    if element is None:
        return default
    for key, value in element.attrib.items():
        if isinstance(key, str) and key.rsplit("}", 1)[-1].lower() == name:
            return " ".join(UNSTORABLE.sub(" ", value).split()).lower()
    return default


def _check_depth(root):
    stack = [(root, 1)]
    while stack:
        element, depth = stack.pop()
        if depth > MAX_DEPTH:
            raise PayloadError("the XML is nested deeper than %d levels; an ADF lead never is" % MAX_DEPTH)
        stack.extend((child, depth + 1) for child in element)


# ---- from bytes to <adf> documents ----

def _decode(body, repairs):
    """The body as text: a byte-order mark or the declared encoding decides, else UTF-8; text that
    is not valid in it is read as Windows-1252 (what old systems mislabel as UTF-8)."""
    for bom, encoding in ((codecs.BOM_UTF32_LE, "utf-32"), (codecs.BOM_UTF32_BE, "utf-32"),
                          (codecs.BOM_UTF8, "utf-8-sig"), (codecs.BOM_UTF16_LE, "utf-16"),
                          (codecs.BOM_UTF16_BE, "utf-16")):
        if body.startswith(bom):
            try:
                return body.decode(encoding)
            except UnicodeDecodeError as error:
                raise PayloadError("the body is not readable XML: %s" % error)
    declared = DECLARED_ENCODING.search(body[:300])
    encoding = "utf-8"
    if declared:
        name = declared.group(1).decode("ascii")
        try:
            encoding = codecs.lookup(name).name
        except LookupError:
            raise PayloadError("the XML declares the encoding %r, which is not a known encoding" % name)
    if encoding.startswith(("utf-16", "utf-32")):
        encoding = "utf-8"  # declared but without a byte-order mark: the bytes say otherwise
    try:
        return body.decode(encoding)
    except UnicodeDecodeError:
        repairs.append("text that is not %s read as Windows-1252" % encoding.upper())
        return body.decode("cp1252", errors="replace")


def _repair(text, repairs):
    """The usual faults of hand-built ADF, each fixed and named in `repairs`."""
    fixed = text
    for curly, straight in CURLY_QUOTES.items():
        fixed = fixed.replace(curly, straight)
    if fixed != text:
        repairs.append("curly quotes straightened")
    step = START_TAG.sub(lambda match: "<%s%s%s>" % (match.group(1), UNQUOTED_ATTRIBUTE.sub(
        r'\1="\2"', EMPTY_ATTRIBUTE.sub(r'\1=""', match.group(2) or "")), match.group(3)), fixed)
    if step != fixed:
        repairs.append("attribute values quoted")
    fixed, step = step, BARE_AMPERSAND.sub("&amp;", step)
    if step != fixed:
        repairs.append('bare "&" escaped')
    fixed, step = step, UNSTORABLE.sub(" ", step)
    if step != fixed:
        repairs.append("control characters removed")
    fixed, step = step, TAG_NAME.sub(lambda match: "<%s%s" % (match.group(1), match.group(2).lower()), step)
    if step != fixed:
        repairs.append("tag names lower-cased")
    return step


def _strict(text):
    """The element tree of well-formed XML, or None; PayloadError for entities or external
    references (refused, never repaired)."""
    try:
        return fromstring(text, forbid_dtd=True, forbid_entities=True, forbid_external=True)
    except DefusedXmlException as error:
        raise PayloadError("the XML declares entities or external references, which ADF never needs (%s)"
                           % type(error).__name__)
    except ParseError:
        return None


def _parse_document(text, repairs):
    """One <adf> document (text from "<adf" to "</adf>") as an element tree: strictly, else
    repaired, else read by the recovering parser."""
    root = _strict(text)
    if root is not None:
        return root
    mended = _repair(text, repairs)
    root = _strict(mended)
    if root is not None:
        return root
    try:
        root = etree.fromstring(mended.encode("utf-8"), parser=etree.XMLParser(**RECOVERING_PARSER))
    except etree.XMLSyntaxError as error:
        raise PayloadError("the body is not well-formed XML: %s" % error)
    if root is None:
        raise PayloadError("the body is not well-formed XML, and nothing of it could be read")
    repairs.append("broken XML read by a recovering parser")
    return root


def decode_text(body):
    """(text, repairs) of a body: bytes decoded as _decode does, text as it is."""
    repairs = []
    if isinstance(body, str):
        if len(body.encode("utf-8", errors="replace")) > MAX_BYTES:
            raise PayloadError("the ADF body has more than the %d bytes accepted" % MAX_BYTES)
        return body, repairs
    if len(body) > MAX_BYTES:
        raise PayloadError("the ADF body has %d bytes, more than the %d accepted" % (len(body), MAX_BYTES))
    return _decode(body, repairs), repairs


def load(body):
    """([<adf> root elements], [repairs]) of a body (bytes, or text already decoded), or raise
    PayloadError with the reason."""
    text, repairs = decode_text(body)
    if not text.strip().startswith("<"):
        raise PayloadError("the body is not XML, so not ADF")
    if ENTITY_DECLARATION.search(text):
        raise PayloadError("the XML declares entities or external references, which ADF never needs")
    starts = [match.start() for match in ADF_START.finditer(text)]
    if not starts:
        try:
            root = fromstring(_repair(text.strip(), []), forbid_dtd=False, forbid_entities=True,
                              forbid_external=True)
        except (ParseError, DefusedXmlException, ValueError) as error:
            raise PayloadError("the body is not well-formed XML: %s" % error)
        raise PayloadError("not ADF: the root element is <%s>, ADF starts with <adf>" % _tag(root))
    documents = []
    for number, start in enumerate(starts):
        stop = starts[number + 1] if number + 1 < len(starts) else len(text)
        end = ADF_END.search(text, start, stop)
        segment = text[start:end.end()] if end else text[start:stop].rstrip()
        documents.append(_parse_document(segment, repairs))
    if len(documents) > 1:
        repairs.append("%d <adf> documents in one body" % len(documents))
    for root in documents:
        _check_depth(root)
    if not any(_children(root, "prospect") for root in documents):
        raise PayloadError("not ADF: <adf> holds no <prospect>")
    return documents, list(dict.fromkeys(repairs))


# ---- values ----

def _iso(value, field):
    try:
        return parse_datetime(value, field)
    except RecordError:
        return None


def parse_date_time(value, field):
    """An ADF date and time as naive UTC: ISO 8601 (also with a one-digit offset minute, as the
    widely copied example has it), else whatever dateutil reads (no zone: UTC)."""
    text = SHORT_OFFSET.sub(lambda match: "%s:%s0" % (match.group(1), match.group(2)), value.strip())
    moment = _iso(value, field) or _iso(text, field)
    if moment is not None:
        return moment
    try:
        moment = dateparser.parse(text)
    except (ValueError, OverflowError):
        raise RecordError(field, "expected a date and time, got %r" % value)
    if not 1900 <= moment.year <= 2999:
        raise RecordError(field, "the year %d is out of range" % moment.year)
    if moment.tzinfo is not None:
        moment = moment.astimezone(datetime.timezone.utc).replace(tzinfo=None)
    return moment.replace(microsecond=0)


def _date(value, field):
    return parse_date_time(value, field).date() if value else None


def _number(element, name, field, integer=True):
    value = _text(element, name).replace(",", "").replace(" ", "").lstrip("$\u20ac")
    if not value:
        return None
    try:
        number = float(value)
    except ValueError:
        raise RecordError(field, "expected a number, got %r" % value)
    if number != number or number < 0 or number > 1e9:
        raise RecordError(field, "%r is out of range" % value)
    return int(round(number)) if integer else number


def _vehicle(element, index):
    field = "vehicle[%d]" % index
    interest = _attr(element, "interest", "buy") or "buy"
    interest = INTEREST_ALIASES.get(interest, interest)
    if interest not in INTERESTS:
        raise RecordError(field + ".interest", "expected one of %s, got %r" % (", ".join(INTERESTS), interest))
    odometer = _child(element, "odometer")
    mileage = _number(element, "odometer", field + ".odometer") if not _children(odometer, "value") else \
        _number(odometer, "value", field + ".odometer")
    units = _attr(odometer, "units") or _text(odometer, "units").lower() or "km"
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


def _names(contact):
    """(first, last) from the contact's <name> elements: part first/last/full, or the part in
    `type` where a sender put it there."""
    names = {}
    for name in _children(contact, "name"):
        part = _attr(name, "part") or (_attr(name, "type") if _attr(name, "type") in NAME_PARTS else "full")
        if _text(name):
            names.setdefault("last" if part == "surname" else part, _text(name))
    first, last = names.get("first", ""), names.get("last", "")
    if not (first or last) and names.get("full"):
        parts = names["full"].split()
        first, last = " ".join(parts[:-1]), parts[-1]
    return first, last


def _email(contact):
    value = _text(contact, "email")
    return value[7:] if value.lower().startswith("mailto:") else value


def _contact(contact, field):
    first, last = _names(contact)
    phones = {}
    for phone in _children(contact, "phone"):
        kind = _attr(phone, "type", "voice")
        key = "mobile" if kind in ("cellphone", "cell", "mobile") else "phone" if kind != "fax" else None
        if key and _text(phone) and key not in phones:
            phones[key] = _text(phone)
            phones[key + "_time"] = _attr(phone, "time")
    address = _child(contact, "address")
    email = _email(contact)
    if not (email or phones.get("phone") or phones.get("mobile")):
        raise RecordError(field, "the customer needs an email address or a phone number")
    return {
        "first_name": first,
        "last_name": last,
        "email": email,
        "phone": phones.get("phone", ""),
        "mobile": phones.get("mobile", ""),
        "phone_time": phones.get("phone_time", "") or phones.get("mobile_time", ""),
        "street": ", ".join(filter(None, (_text(street) for street in _children(address, "street")))),
        "city": _text(address, "city"),
        "zip": _text(address, "postalcode"),
        "country": _text(address, "country"),
    }


def _comments(customer_el, contact):
    """The customer's comments with their lines kept (CDATA blocks hold several), and the
    "key: value" lines among them as a dict."""
    element = _child(customer_el, "comments")
    if element is None:
        element = _child(contact, "comments")
    lines = [" ".join(line.split()) for line in _raw_text(element).splitlines()]
    lines = [line for line in lines if line]
    fields = {}
    for line in lines:
        match = COMMENT_FIELD.match(line)
        if match and "://" not in match.group(2)[:3]:
            fields.setdefault(match.group(1).strip().lower(), match.group(2))
    return "\n".join(lines), fields


def purchase_window(earliest, latest, description, request_date, field):
    """(start, end) dates of the customer's purchase timeframe: <earliestdate>/<latestdate>, or a
    description such as "within 30 days" counted from the request date."""
    start = _date(earliest, field + ".earliestdate")
    end = _date(latest, field + ".latestdate")
    match = TIMEFRAME.search(description or "")
    if match and not end and request_date:
        count, unit = int(match.group(1)), match.group(2).lower()
        days = count * {"day": 1, "week": 7, "month": 30, "year": 365}[unit]
        if days <= 3650:
            start = start or request_date.date()
            end = request_date.date() + datetime.timedelta(days=days)
    if start and end and end < start:
        start, end = end, start
    return start, end


def lead_type_for(provider):
    """'importer' for a lead from the manufacturer's portal, 'web' for any other provider."""
    words = " ".join((provider.get("name", ""), provider.get("service", ""))).lower()
    return "importer" if any(marker in words for marker in IMPORTER_MARKERS) else "web"


def fingerprint(request_date, customer, vehicles, vendor, provider):
    """The key of a lead by its content: the same lead sent again (with or without ids, with new
    whitespace, in another order of attributes) has the same one; another lead has another."""
    content = {
        "requestdate": request_date.isoformat() if request_date else "",
        "customer": [customer.get(key, "").lower()
                     for key in ("first_name", "last_name", "email", "phone", "mobile")],
        "vehicles": sorted([vehicle["interest"], str(vehicle["year"] or ""), vehicle["make"].lower(),
                            vehicle["model"].lower(), vehicle["vin"], vehicle["stock"]] for vehicle in vehicles),
        "vendor": [vendor.get("id", "").lower(), vendor.get("name", "").lower()],
        "provider": [provider.get("id", "").lower(), provider.get("name", "").lower()],
    }
    return "fingerprint:" + hashlib.sha256(canonical_json(content).encode("utf-8")).hexdigest()[:32]


def lead_keys(ids, vendor, provider):
    """The keys a resend of this lead is recognised by, most specific first (the fingerprint,
    always last, is added by the caller).

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
    return [key[:128] for key in keys]


def _party(element, name_tag):
    return {"id": _text(element, "id"), "name": _text(element, name_tag) or _text(_child(element, "contact"), "name")}


def parse_prospect(prospect, index=0, shared=None, repairs=()):
    """One <prospect> as the dict the sales-up importer uses, or raise RecordError. `shared` holds
    the <vendor> and <provider> a sender put beside the prospects instead of in them."""
    shared = shared or {}
    ids = [{"source": _attr(item, "source") or "", "value": _text(item)[:100]}
           for item in _children(prospect, "id") if _text(item)]
    vendor_el = _child(prospect, "vendor")
    vendor_el = vendor_el if vendor_el is not None else shared.get("vendor")
    provider_el = _child(prospect, "provider")
    provider_el = provider_el if provider_el is not None else shared.get("provider")
    vendor = _party(vendor_el, "vendorname")
    provider = dict(_party(provider_el, "name"), service=_text(provider_el, "service"))
    keys = lead_keys(ids, vendor, provider)
    external_id = keys[0] if keys else ""
    prefix = "prospect[%d]" % index
    try:
        status = _attr(prospect, "status", "new") or "new"
        if status not in ("new", "resend"):
            raise RecordError(prefix + ".status", "expected new or resend, got %r" % status)
        date_text = _text(prospect, "requestdate")
        request_date = parse_date_time(date_text, prefix + ".requestdate") if date_text else None
        customer_el = _child(prospect, "customer")
        contact = _child(customer_el, "contact")
        if contact is None:
            raise RecordError(prefix + ".customer.contact", "is missing")
        customer = _contact(contact, prefix + ".customer.contact")
        vehicles = [_vehicle(element, number) for number, element in enumerate(_children(prospect, "vehicle"))]
        # an empty <vehicle/> (or only empty tags in it) says nothing about a car
        vehicles = [vehicle for vehicle in vehicles
                    if vehicle["make"] or vehicle["model"] or vehicle["vin"] or vehicle["stock"]]
        comments, comment_fields = _comments(customer_el, contact)
        timeframe = _child(customer_el, "timeframe")
        plain = _text(timeframe) if timeframe is not None and not len(timeframe) else ""
        description = _text(timeframe, "description") or plain or comment_fields.get("timeframe", "")
        start, end = purchase_window(_text(timeframe, "earliestdate") if timeframe is not None else "",
                                     _text(timeframe, "latestdate") if timeframe is not None else "",
                                     description, request_date, prefix + ".customer.timeframe")
        keys = keys + [fingerprint(request_date, customer, vehicles, vendor, provider)]
        external_id = keys[0]
        result = {
            "external_id": external_id,
            "keys": keys,
            "status": status,
            "request_date": request_date,
            "customer": customer,
            "comments": comments,
            "comment_fields": comment_fields,
            "purchase_start": start,
            "purchase_end": end,
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
    result["repaired"] = "; ".join(repairs)
    return result


def parse(body, repairs=()):
    """Parse an ADF body: a list of (dict, None) for good prospects and (None, RecordError) for bad.
    `repairs` are those made before (decoding the bytes)."""
    documents, found = load(body)
    repairs = list(dict.fromkeys(list(repairs) + found))
    results, index = [], 0
    for root in documents:
        shared = {"vendor": _child(root, "vendor"), "provider": _child(root, "provider")}
        for prospect in _children(root, "prospect"):
            try:
                results.append((parse_prospect(prospect, index, shared, repairs), None))
            except RecordError as error:
                results.append((None, error))
            index += 1
    return results


def _sniff(probe):
    return probe.head[:1] == b"<"


def items(probe, options=None):
    """One Item per prospect; each keeps the whole document as text (a retry from quarantine reads
    it again and takes its own prospect)."""
    text, repairs = decode_text(probe.body)
    return text_items(text, repairs)


def text_items(text, repairs=()):
    """The Items of an ADF body already decoded to text (what the quarantine keeps)."""
    result = []
    for parsed, error in parse(text, repairs):
        if error is not None:
            result.append(Item("adf", error.external_id or "", text, error=error))
        else:
            result.append(Item("adf", parsed["external_id"], text, parsed, repaired=parsed["repaired"]))
    return result


# a lead keeps its whole document (text_items reads it again); the backend's _import_adf stores it
LEAD = RecordKind("adf", "ADF lead", None, importer="_import_adf", order=50, payload_items=text_items)
FORMAT = register(Format(
    "adf", "moments", items, _sniff, label="ADF 1.0 XML", priority=10,
    content_types=("application/xml", "text/xml", "application/x-adf+xml", "text/x-adf"),
    extensions=(".xml", ".adf"), kinds=(LEAD,), file_types=(("adf", "ADF XML", "application/xml"),),
    backend_kind="ADF leads pushed over HTTP"))
