"""The registry of the formats the DMS link reads: one module per format in this package.

A format module parses one format and registers itself with `register(Format(...))`: its name,
its target (what the records become: "moments" for contact moments, leads and customers;
"inventory" for the stock feed), the content types and file extensions it answers to, a sniff that
recognises its bodies, its parse, which returns one Item per record, and the kinds of record it
returns (`RecordKind`: label, how a kept record is read again, where the engine stores it). Every
channel (push, pull, file import, e-mail) asks `parse()` here, and the models read the kinds, file
types and backend kinds from here (the quarantine's and reconciliation's kinds, the engine's order
and importer methods, the file import's types), so a new format is one new module in this package
(with its tests) and nothing else: the package imports every module in it.

Detection, in this order: a content type only one format claims; a content type several claim
(JSON: STAR or ours) or none, decided by sniffing the body; the file extension likewise.
"""
import importlib
import json
import pkgutil

from ..errors import PayloadError, RecordError

REGISTRY = []
KINDS = {}  # {kind name: RecordKind} of the registered formats
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


def identity(parsed):
    return parsed


def no_fast_id(_raw):
    return None


# the engine's order: record kinds below it are stored before the moments of a body (the moments
# may name the customers and leads they bring), the others after
MOMENT_ORDER = 100


class RecordKind(object):
    """A kind of record a format returns (Item.kind): what the quarantine and the reconciliation
    queue call it, how a kept record is read again and where the engine stores it.

    - `parse(raw, digest=None)`: the parsed record of one raw record (RecordError when refused);
      `id_of(raw)`: the id a raw record claims when it cannot be parsed; `fast_id(raw)`: its id
      without parsing, when it is plain (the bulk path skips unchanged records by it), or None.
    - `payload_items(text)`: the Items of a kept payload (the quarantine's text); by default the
      payload is the raw record as JSON. A format that keeps whole documents gives its own.
    - store "moment": the record is (or carries, `moment_of(parsed)`) one contact moment, stored by
      the engine's bulk path; `after`: a backend method run with (parsed, answer) for a stored one.
      store "record": the backend method named `importer`, called with (item, batch), stores it,
      at `order` (before the moments below MOMENT_ORDER, after them above it).
    """

    def __init__(self, name, label, parse, id_of=None, store="record", importer=None, order=50, moment_of=None,
                 fast_id=None, after=None, payload_items=None):
        assert store in ("moment", "record"), store
        assert store == "moment" or importer, "a record kind names its importer method"
        self.name = name
        self.label = label
        self.parse = parse
        self.id_of = id_of or (lambda raw: "")
        self.store = store
        self.importer = importer
        self.order = MOMENT_ORDER if store == "moment" else order
        self.moment_of = moment_of or identity
        self.fast_id = fast_id or no_fast_id
        self.after = after
        self._payload_items = payload_items

    def parse_moment(self, raw, digest=None):
        """The parsed contact moment of a raw record of a moment kind."""
        parsed = self.parse(raw, digest=digest)
        return parsed if self.moment_of is identity else self.moment_of(parsed)

    def item(self, raw):
        """The Item of one raw record."""
        return record_item(self.name, raw, self.parse, self.id_of)

    def payload_items(self, text):
        """The Items of a payload kept in quarantine."""
        if self._payload_items is not None:
            return self._payload_items(text)
        return [self.item(json.loads(text))]

    def __repr__(self):
        return "<RecordKind %s>" % self.name


class Format(object):
    """A registered format: `sniff(probe)` says whether a body is this format, `parse(probe,
    options)` returns its Items (or raises PayloadError for a body that cannot be read at all).
    `kinds`: the RecordKinds its Items have (a format may return kinds another one declares);
    `file_types`: (key, label, content type) a file import may name it by; `backend_kind`: the
    label of a backend that speaks it, for the backend's Kind (None: no kind of its own)."""

    def __init__(self, name, target, parse, sniff, content_types=(), extensions=(), priority=50, label=None,
                 kinds=(), file_types=(), backend_kind=None):
        self.name = name
        self.target = target
        self.parse = parse
        self.sniff = sniff
        self.content_types = tuple(content_types)
        self.extensions = tuple(extensions)
        self.priority = priority
        self.label = label or name
        self.kinds = tuple(kinds)
        self.file_types = tuple(file_types)
        self.backend_kind = backend_kind

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
    others = [known for known in REGISTRY if known.name != fmt.name]
    taken = {kind.name for known in others for kind in known.kinds} & {kind.name for kind in fmt.kinds}
    assert not taken, "record kinds %s are declared by another format" % sorted(taken)
    REGISTRY[:] = sorted(others + [fmt], key=lambda known: (known.priority, known.name))
    _index_kinds()
    return fmt


def unregister(name):
    """Remove a format (a test's toy format)."""
    REGISTRY[:] = [known for known in REGISTRY if known.name != name]
    _index_kinds()


def _index_kinds():
    KINDS.clear()
    KINDS.update((kind.name, kind) for fmt in REGISTRY for kind in fmt.kinds)


def formats(target=None):
    return [fmt for fmt in REGISTRY if target is None or fmt.target == target]


def kinds(store=None):
    """Every RecordKind of the registered formats, in the engine's order."""
    found = [kind for fmt in REGISTRY for kind in fmt.kinds if store is None or kind.store == store]
    return sorted(found, key=lambda kind: (kind.order, kind.name))


def kind(name):
    """The RecordKind named `name` (KeyError: no registered format returns it)."""
    return KINDS[name]


def kind_selection(store=None):
    """[(kind, label)] of the registered kinds: the selection of the models that keep records."""
    return [(known.name, known.label) for known in kinds(store)]


def file_types():
    """[(key, label, content type)] a file import may be told, one per key; a key several formats
    share (JSON: STAR or ours) names them all and is told apart by sniffing."""
    found = {}
    for fmt in REGISTRY:
        for key, label, content_type in fmt.file_types:
            found.setdefault(key, (label, content_type, {}))[2].setdefault(fmt.target, []).append(fmt.label)
    result = []
    for key, (label, content_type, by_target) in sorted(found.items()):
        shared = max(by_target.values(), key=len)
        result.append((key, label if len(shared) == 1 else "%s (%s)" % (label, " or ".join(shared)), content_type))
    return result


def backend_kinds():
    """[(kind, label)] of the formats that name a backend kind of their own."""
    return [(fmt.name, fmt.backend_kind) for fmt in REGISTRY if fmt.backend_kind]


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
