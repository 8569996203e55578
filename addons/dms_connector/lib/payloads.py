"""Which format a pushed or imported body is in, and its records parsed one by one.

Every record comes back as an Item: the raw record (kept in quarantine when refused), the parsed
result or the RecordError saying why not. A body that cannot be read at all raises PayloadError.
"""
from . import adf, moments, star
from .errors import PayloadError, RecordError

XML_TYPES = ("application/xml", "text/xml")


class Item(object):
    __slots__ = ("kind", "external_id", "raw", "parsed", "error")

    def __init__(self, kind, external_id, raw, parsed=None, error=None):
        self.kind = kind
        self.external_id = external_id
        self.raw = raw
        self.parsed = parsed
        self.error = error


def _moment_item(kind, raw, parser):
    try:
        parsed = parser(raw)
        return Item(kind, parsed["external_id"], raw, parsed)
    except RecordError as error:
        return Item(kind, error.external_id or moments.external_id_of(raw), raw, error=error)


def parse_json(body):
    """Items of a JSON body in our schema or STAR."""
    data = moments.load_json(body)
    if star.is_star(data):
        return [_moment_item("star", event, star.parse_event) for event in star.events(data)]
    return [_moment_item("moment", record, moments.parse_moment) for record in data]


def parse_adf(body):
    """Items of an ADF body, one per prospect (the raw XML of the body kept with each)."""
    raw = body.decode("utf-8", errors="replace") if isinstance(body, bytes) else body
    items = []
    for parsed, error in adf.parse(body):
        if error is not None:
            items.append(Item("adf", error.external_id or "", raw, error=error))
        else:
            items.append(Item("adf", parsed["external_id"], raw, parsed))
    return items


def parse_body(body, content_type=""):
    """Items of a moments body: XML by its content type (or its first character), else JSON."""
    content_type = (content_type or "").split(";")[0].strip().lower()
    head = body[:64] if isinstance(body, bytes) else body[:64].encode("utf-8", "replace")
    head = head.lstrip(b"\xef\xbb\xbf \t\r\n")
    if content_type in XML_TYPES or head.startswith(b"<"):
        return parse_adf(body)
    if not head:
        raise PayloadError("the body is empty")
    return parse_json(body)
