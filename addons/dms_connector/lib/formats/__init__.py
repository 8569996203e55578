"""The registry of the formats the DMS link reads: one module per format in this package.

A format module parses one format and registers itself with `register(Format(...))`: its name,
its target (what the records become: "moments" for contact moments, leads and customers;
"inventory" for the stock feed), the content types and file extensions it answers to, a sniff that
recognises its bodies, and its parse, which returns one Item per record. Every channel (push, pull,
file import, e-mail) asks `parse()` here, so a new format is one new module in this package (with
its tests) and nothing else: the package imports every module in it.

Detection, in this order: a content type only one format claims; a content type several claim
(JSON: STAR or ours) or none, decided by sniffing the body; the file extension likewise.
"""
import importlib
import pkgutil

from ..errors import PayloadError, RecordError

REGISTRY = []
BOM = b"\xef\xbb\xbf"


class Item(object):
    """One record of a body: the raw record (kept in quarantine when refused), the parsed result or
    the RecordError saying why not, and what was repaired to read it."""

    __slots__ = ("kind", "external_id", "raw", "parsed", "error", "repaired")

    def __init__(self, kind, external_id, raw, parsed=None, error=None, repaired=""):
        self.kind = kind
        self.external_id = external_id
        self.raw = raw
        self.parsed = parsed
        self.error = error
        self.repaired = repaired


class Format(object):
    """A registered format: `sniff(probe)` says whether a body is this format, `parse(probe,
    options)` returns its Items (or raises PayloadError for a body that cannot be read at all)."""

    def __init__(self, name, target, parse, sniff, content_types=(), extensions=(), priority=50, label=None):
        self.name = name
        self.target = target
        self.parse = parse
        self.sniff = sniff
        self.content_types = tuple(content_types)
        self.extensions = tuple(extensions)
        self.priority = priority
        self.label = label or name

    def __repr__(self):
        return "<Format %s>" % self.name


class Probe(object):
    """A body being detected: its bytes, its first bytes without BOM and blanks, and its JSON
    decoded once on demand (None when it is not JSON)."""

    def __init__(self, body):
        self.body = body if isinstance(body, bytes) else body.encode("utf-8", errors="replace")
        self.head = self.body[:512].lstrip(BOM + b" \t\r\n")
        self._json = self._json_error = None
        self._decoded = False

    def json(self):
        """The decoded JSON value, or raise PayloadError."""
        if not self._decoded:
            self._decoded = True
            from ..moments import load_json_value
            try:
                self._json = load_json_value(self.body)
            except PayloadError as error:
                self._json_error = error
        if self._json_error is not None:
            raise self._json_error
        return self._json

    def is_json(self):
        if not self.head[:1] in (b"{", b"["):
            return False
        try:
            self.json()
        except PayloadError:
            return False
        return True


def register(fmt):
    """Add a format to the registry (a format module calls this once, at import)."""
    REGISTRY[:] = sorted([known for known in REGISTRY if known.name != fmt.name] + [fmt],
                         key=lambda known: (known.priority, known.name))
    return fmt


def formats(target=None):
    return [fmt for fmt in REGISTRY if target is None or fmt.target == target]


def detect(body, content_type="", filename="", target="moments", probe=None):
    """The Format of a body, or raise PayloadError naming what it is not."""
    probe = probe or Probe(body)
    if not probe.head:
        raise PayloadError("the body is empty")
    content_type = (content_type or "").split(";")[0].strip().lower()
    candidates = formats(target)
    claimed = [fmt for fmt in candidates if content_type in fmt.content_types]
    if len(claimed) == 1:
        return claimed[0]
    extension = ("." + filename.rsplit(".", 1)[-1].lower()) if filename and "." in filename else ""
    by_name = [fmt for fmt in candidates if extension and extension in fmt.extensions]
    for group in (claimed, by_name, candidates):
        for fmt in group:
            if fmt.sniff(probe):
                return fmt
    if claimed:
        return claimed[0]  # its parse says what is wrong with the body
    raise PayloadError("not a format this DMS link reads (%s): %s" % (
        ", ".join(fmt.label for fmt in candidates), _describe(probe)))


def _describe(probe):
    head = probe.head[:40]
    if head[:1] in (b"{", b"["):
        return "JSON that is neither our moment schema nor a STAR document"
    if head[:1] == b"<":
        return "XML that is not ADF"
    return "the body starts with %r" % head[:20]


def parse(body, content_type="", filename="", target="moments", options=None):
    """The Items of a body in whichever registered format it is (PayloadError: not readable)."""
    probe = Probe(body)
    fmt = detect(body, content_type, filename, target, probe)
    return fmt.parse(probe, options or {})


def record_item(kind, raw, parser, id_of):
    """An Item of one raw record through `parser` (a RecordError becomes the Item's error)."""
    try:
        parsed = parser(raw)
        return Item(kind, parsed["external_id"], raw, parsed)
    except RecordError as error:
        return Item(kind, error.external_id or id_of(raw), raw, error=error)


def _load_all():
    for module in pkgutil.iter_modules(__path__):
        importlib.import_module("%s.%s" % (__name__, module.name))


_load_all()
