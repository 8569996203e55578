"""The option rules of a vehicle catalog, and what a salesperson may choose at each step.

A configuration is built in steps: model version -> engine -> transmission -> colour ->
upholstery -> options. Every catalog item may carry rules:

- requires: the item needs every one of these items (an engine, a colour or another option;
  requirements chain: an option that needs an option that needs an engine needs that engine);
- excludes: the item cannot be combined with these items (the rule holds both ways);
- included in a pack: a pack lists the items it includes; with the pack chosen they are part of it
  and are not chosen (nor charged) on their own;
- only with engine: the item exists with one of these engines only;
- only with trim: the item exists on versions of one of these trims only.

Every function answers in words a salesperson can repeat to the customer
("Tow bar requires engine 2.0 TDI").
"""
import datetime


def _(text):
    """Marks a sentence for Odoo's term extraction (it reads `_("...")`); the Odoo side gives the
    Catalog a `translate` function that puts it in the user's language."""
    return text


def _same(text):
    return text


STEPS = ("engine", "transmission", "colour", "upholstery", "option")
SINGLE_STEPS = ("engine", "transmission", "colour", "upholstery")
KINDS = (
    ("version", _("Model version")),
    ("engine", _("Engine")),
    ("transmission", _("Transmission")),
    ("colour", _("Exterior colour")),
    ("upholstery", _("Upholstery")),
    ("option", _("Option")),
    ("pack", _("Pack")),
)
# one sentence per step: the article and the word order differ per language
CHOOSE = {
    "engine": _("%s: choose an engine"),
    "transmission": _("%s: choose a transmission"),
    "colour": _("%s: choose an exterior colour"),
    "upholstery": _("%s: choose an upholstery"),
}
NOT_A = {
    "engine": _("%s is not an engine"),
    "transmission": _("%s is not a transmission"),
    "colour": _("%s is not an exterior colour"),
    "upholstery": _("%s is not an upholstery"),
}
KIND_LABELS = dict(KINDS)
ITEM_KINDS = tuple(code for code, _label in KINDS if code != "version")


class Item:
    """One catalog item (engine, transmission, colour, upholstery, option or pack) and its rules.

    `key` is any hashable identifier (a product id in Odoo, a code in tests); the rules refer to
    other items by key.
    """

    __slots__ = ("key", "name", "kind", "valid_from", "requires", "excludes", "pack_items",
                 "only_engines", "only_trims")

    def __init__(self, key, name, kind, valid_from=None, requires=(), excludes=(), pack_items=(),
                 only_engines=(), only_trims=()):
        if kind not in ITEM_KINDS:
            raise ValueError("unknown catalog item kind %r for %s" % (kind, name))
        self.key = key
        self.name = name
        self.kind = kind
        self.valid_from = valid_from
        self.requires = tuple(requires)
        self.excludes = tuple(excludes)
        self.pack_items = tuple(pack_items)
        self.only_engines = tuple(only_engines)
        self.only_trims = tuple(trim.strip() for trim in only_trims if trim and trim.strip())

    @property
    def is_choice(self):
        """Options and packs are added freely; the other kinds are one choice per step."""
        return self.kind in ("option", "pack")

    def label(self, translate=_same):
        """'engine 2.0 TDI' for a step choice, the bare name for options and packs."""
        if self.is_choice:
            return self.name
        return "%s %s" % (translate(KIND_LABELS[self.kind]).lower(), self.name)


class Version:
    """A model version (model, trim, model year) and the catalog items it offers."""

    __slots__ = ("key", "name", "trim", "offered")

    def __init__(self, key, name, trim, offered):
        self.key = key
        self.name = name
        self.trim = (trim or "").strip()
        self.offered = frozenset(offered)


class Selection:
    """What has been chosen so far: one item per single step, a set of options and packs."""

    __slots__ = ("engine", "transmission", "colour", "upholstery", "options")

    def __init__(self, engine=None, transmission=None, colour=None, upholstery=None, options=()):
        self.engine = engine
        self.transmission = transmission
        self.colour = colour
        self.upholstery = upholstery
        self.options = frozenset(options)

    def keys(self):
        chosen = [getattr(self, step) for step in SINGLE_STEPS if getattr(self, step) is not None]
        return set(chosen) | set(self.options)

    def replace(self, **changes):
        values = {step: getattr(self, step) for step in SINGLE_STEPS}
        values["options"] = self.options
        values.update(changes)
        return Selection(**values)


class Catalog:
    """The items of a catalog by key, with the questions the configurator asks about them."""

    def __init__(self, items, translate=_same):
        self.items = {item.key: item for item in items}
        # the reasons are sentences a salesperson repeats to the customer, in their language
        self.translate = translate

    def __getitem__(self, key):
        return self.items[key]

    def _names(self, keys):
        return ", ".join(sorted(self._label(key) for key in keys if key in self.items))

    def _label(self, key):
        return self.items[key].label(self.translate)

    # ---- requirements ----

    def requirement_chain(self, key):
        """Every item `key` needs, directly or through the items it needs, in the order found.

        A cycle (A needs B needs A) is not an error: both simply need each other.
        """
        found = []
        pending = list(self.items[key].requires)
        while pending:
            needed = pending.pop(0)
            if needed == key or needed in found:
                continue
            found.append(needed)
            if needed in self.items:
                pending.extend(self.items[needed].requires)
        return found

    def with_requirements(self, option_keys):
        """The options and packs chosen plus every option or pack they need, transitively."""
        result = set(option_keys)
        for key in option_keys:
            result.update(needed for needed in self.requirement_chain(key)
                          if needed in self.items and self.items[needed].is_choice)
        return result

    def packs_including(self, key, chosen):
        return [other for other in chosen
                if other in self.items and key in self.items[other].pack_items]

    # ---- why an item cannot be chosen ----

    def _own_reason(self, item, version, selection, on_date):
        """Why the item itself (without its requirements) cannot go with version and selection."""
        if version is not None and item.key not in version.offered:
            return self.translate(_("%s is not offered on %s")) % (item.name, version.name)
        if on_date is not None and item.valid_from is not None and item.valid_from > on_date:
            return self.translate(_("%s can be ordered from %s")) % (item.name, item.valid_from.isoformat())
        if item.only_trims and version is not None and version.trim.lower() not in {
                trim.lower() for trim in item.only_trims}:
            return self.translate(_("%s is only available on trim %s")) % (item.name, self._either(item.only_trims))
        if item.only_engines and item.kind != "engine":
            if selection.engine not in item.only_engines:
                # name only the engines of this version: the rule may list other models' engines too
                engines = [key for key in item.only_engines if version is None or key in version.offered]
                if not engines:
                    return self.translate(_("%s is not available with any engine of %s")) % (item.name, version.name)
                return self.translate(_("%s requires %s")) % (item.name, self._one_of(engines))
        chosen = selection.keys() - {item.key}
        if item.kind in SINGLE_STEPS:
            # the item would replace the current choice of its step, which then no longer counts
            chosen.discard(getattr(selection, item.kind))
        for other in sorted(chosen, key=str):
            if other not in self.items:
                continue
            if other in item.excludes or item.key in self.items[other].excludes:
                return self.translate(_("%s cannot be combined with %s")) % (item.name, self._label(other))
        packs = self.packs_including(item.key, chosen)
        if packs and item.is_choice:
            return self.translate(_("%s is included in %s")) % (item.name, self._names(packs))
        return None

    def _either(self, names):
        """'Style or R-Line' (three or more: 'A or B or C') in the language of `translate`."""
        text = names[0]
        for name in names[1:]:
            text = self.translate(_("%s or %s")) % (text, name)
        return text

    def _one_of(self, keys):
        labels = [self._label(key) for key in keys if key in self.items]
        if len(labels) == 1:
            return labels[0]
        return self.translate(_("one of %s")) % ", ".join(sorted(labels))

    def unavailable_reason(self, key, version=None, selection=None, on_date=None):
        """None when the item can be chosen now, else the reason in words.

        A requirement on a step choice (engine, transmission, colour, upholstery) must already be
        chosen; a required option or pack is added along, so it must itself be possible.
        """
        selection = selection or Selection()
        item = self.items[key]
        reason = self._own_reason(item, version, selection, on_date)
        if reason:
            return reason
        trial = selection.replace(**{item.kind: key}) if item.kind in SINGLE_STEPS else selection
        for needed in item.requires:
            if needed not in self.items:
                return self.translate(_("%s requires an item that is no longer in the catalog")) % item.name
            required = self.items[needed]
            if required.is_choice:
                if needed in trial.options or self.packs_including(needed, trial.options):
                    continue
                added = trial.replace(options=trial.options | {key} if item.is_choice else trial.options)
                deeper = self.unavailable_reason(needed, version, added, on_date)
                if deeper:
                    return self.translate(_("%s requires %s: %s")) % (item.name, self._label(needed), deeper)
            elif getattr(trial, required.kind) != needed:
                return self.translate(_("%s requires %s")) % (item.name, self._label(needed))
        return None

    def choices(self, step, version, selection=None, on_date=None):
        """[(key, reason or None)] of the items of a step the version offers, in name order."""
        kinds = ("option", "pack") if step == "option" else (step,)
        keys = [key for key, item in self.items.items()
                if item.kind in kinds and (version is None or key in version.offered)]
        keys.sort(key=lambda key: (self.items[key].name, str(key)))
        selection = selection or Selection()
        return [(key, None if key in selection.keys() and step == "option"
                 else self.unavailable_reason(key, version, selection, on_date)) for key in keys]

    # ---- a whole configuration ----

    def problems(self, version, selection, on_date=None, complete=True):
        """Every reason the configuration cannot be ordered as it stands, in step order."""
        return _unique([message for _step, message in self.step_problems(version, selection, on_date, complete)])

    def step_problems(self, version, selection, on_date=None, complete=True):
        """[(step, reason)] of problems(), with the step whose choice has the problem."""
        found = []
        if complete:
            for step in SINGLE_STEPS:
                if getattr(selection, step) is None:
                    found.append((step, self.translate(CHOOSE[step]) % (
                        version.name if version else self.translate(_("the configuration")))))
        for step in SINGLE_STEPS:
            key = getattr(selection, step)
            if key is None:
                continue
            item = self.items.get(key)
            if item is None or item.kind != step:
                found.append((step, self.translate(NOT_A[step]) % (item.name if item else key)))
                continue
            found.extend((step, message) for message in self._item_problems(item, version, selection, on_date))
        for key in sorted(selection.options, key=lambda key: self.items[key].name if key in self.items else str(key)):
            item = self.items.get(key)
            if item is None or not item.is_choice:
                found.append(("option", self.translate(_("%s is not an option or a pack")) % (
                    item.name if item else key)))
                continue
            found.extend(("option", message) for message in self._item_problems(item, version, selection, on_date))
        return found

    def _item_problems(self, item, version, selection, on_date):
        found = []
        reason = self._own_reason(item, version, selection, on_date)
        if reason:
            found.append(reason)
        for needed in item.requires:
            required = self.items.get(needed)
            if required is None:
                found.append(self.translate(_("%s requires an item that is no longer in the catalog")) % item.name)
            elif required.is_choice:
                if needed not in selection.options and not self.packs_including(needed, selection.options):
                    found.append(self.translate(_("%s requires %s")) % (item.name, self._label(needed)))
            elif getattr(selection, required.kind) != needed:
                found.append(self.translate(_("%s requires %s")) % (item.name, self._label(needed)))
        return found

    def included_by_packs(self, selection):
        """{item key: pack key} of the items that the chosen packs include."""
        included = {}
        for key in sorted(selection.options, key=str):
            item = self.items.get(key)
            if item is not None and item.kind == "pack":
                for content in item.pack_items:
                    included.setdefault(content, key)
        return included


def _unique(messages):
    seen = set()
    result = []
    for message in messages:
        if message not in seen:
            seen.add(message)
            result.append(message)
    return result


def parse_trims(text):
    """'R-Line, GTI' -> ('R-Line', 'GTI'): the trims an item is limited to, as typed in the catalog."""
    return tuple(part.strip() for part in (text or "").split(",") if part.strip())


def parse_date(value):
    """A valid-from date from a catalog file: a date, 'YYYY-MM-DD' or empty."""
    if value in (None, ""):
        return None
    if isinstance(value, datetime.datetime):
        return value.date()
    if isinstance(value, datetime.date):
        return value
    return datetime.datetime.strptime(str(value).strip(), "%Y-%m-%d").date()
