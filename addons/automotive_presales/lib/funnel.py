"""The dealer sales funnel: the rules that apply its vocabulary.

The vocabulary itself is data, defined once in data/presales_funnel_data.xml and extended by a
director in Configuration: the blocks of the funnel (leads · follow-up and test drive · offers ·
agreement · lost · delivery · after-sales), the phases in each block, the contact-moment kinds
with the phases each may land in, and the standard moment type codes the DMS mapping starts from.
Adding a phase is a data change: the monitor, the DMS mapping and the reports read the records.

This module holds what does not change with the data (the channels a lead comes in through and
the monitor's conversion steps) and the rules over a Vocabulary built from the records (the
models build it from the database; the plain tests build it from the data file itself):
which phase a moment lands in, whether a phase fits a kind, how far a phase reaches, and whether
a moment counts as the first contact with a lead.
"""
import collections

CHANNELS = (
    ("importer", "Importer"),
    ("web", "Website"),
    ("email", "Email"),
    ("chat", "Chat"),
    ("social", "Social media"),
    ("phone", "Phone"),
    ("showroom", "Showroom"),
    ("event", "Event"),
    ("referral", "Referral"),
)
CHANNEL_CODES = tuple(code for code, _label in CHANNELS)

# The conversion line of the monitor. Each phase reaches one step (or none: lost orders and
# after-sales); a sales up reached a step when its furthest phase reaches that step or a later
# one. The process rates and targets are defined on these steps, so they are fixed here.
STEPS = (
    ("lead", "Lead"),
    ("test_drive", "Test drive"),
    ("offer", "Offer"),
    ("agreement", "Agreement"),
    ("delivery", "Delivery"),
)
STEP_CODES = tuple(code for code, _label in STEPS)
STEP_NUMBER = {code: number for number, code in enumerate(STEP_CODES, start=1)}

# the kind of the moment that puts a new sales up into the funnel (one per sales up)
LEAD_KIND = "lead"

Block = collections.namedtuple("Block", "code name sequence after_sales")
Phase = collections.namedtuple("Phase", "code name sequence block step is_lost awaits_follow_up lead_channels")
Kind = collections.namedtuple("Kind", "code name sequence phases default_phase")
TypeCode = collections.namedtuple("TypeCode", "code name kind phase")


class UnknownMomentKind(ValueError):
    """A contact moment kind or channel the funnel does not know."""


class PhaseMisfit(ValueError):
    """A phase that a contact moment of the given kind may not land in."""


def split_codes(text):
    """Codes written in one field, separated by spaces or commas: "web, email chat"."""
    return tuple(part for part in (text or "").replace(",", " ").split() if part)


class Vocabulary(object):
    """A snapshot of the funnel's vocabulary and the rules over it.

    blocks, phases, kinds and type codes are lists of the namedtuples above; phases and kinds
    refer to each other by code.
    """

    def __init__(self, blocks, phases, kinds, type_codes=()):
        self.blocks = sorted(blocks, key=lambda block: (block.sequence, block.code))
        order = {block.code: index for index, block in enumerate(self.blocks)}
        self.phases = sorted(phases, key=lambda phase: (
            order.get(phase.block, len(order)), phase.sequence, phase.code))
        self.kinds = sorted(kinds, key=lambda kind: (kind.sequence, kind.code))
        self.type_codes = list(type_codes)
        self.block = {block.code: block for block in self.blocks}
        self.phase = {phase.code: phase for phase in self.phases}
        self.kind = {kind.code: kind for kind in self.kinds}

    # ---- the rules ----

    def phase_for_moment(self, kind, channel=None):
        """The phase code a contact moment of this kind (and channel) lands in: the kind's own
        phase, or for a kind without one (a new lead) the phase of its channel."""
        known = self.kind.get(kind)
        if known is None:
            raise UnknownMomentKind("unknown contact moment kind %r; known kinds: %s"
                                    % (kind, ", ".join(item.code for item in self.kinds)))
        if known.default_phase:
            return known.default_phase
        routed = [code for code in known.phases if channel in self.phase[code].lead_channels] \
            if channel else []
        if not routed:
            channels = sorted({item for code in known.phases for item in self.phase[code].lead_channels})
            raise UnknownMomentKind("a contact moment of kind %s needs a known channel (%s), got %r"
                                    % (kind, ", ".join(channels), channel))
        return routed[0]

    def fits(self, kind, phase):
        """True when a moment of this kind may land in this phase."""
        return kind in self.kind and phase in self.kind[kind].phases

    def check_fit(self, kind, phase):
        if not self.fits(kind, phase):
            allowed = self.kind[kind].phases if kind in self.kind else ()
            raise PhaseMisfit("a contact moment of kind %s cannot be in phase %s; it fits %s"
                              % (kind, phase, ", ".join(allowed) or "no phase"))

    def step_number(self, phase):
        """How far a phase reaches on the conversion line: 1 (lead) .. 5 (delivery), 0 none."""
        known = self.phase.get(phase)
        return STEP_NUMBER.get(known.step, 0) if known else 0

    def phases_of_step(self, step):
        return [phase.code for phase in self.phases if phase.step == step]

    def entry_phase(self, step):
        """The phase a sales up enters a step by: the step's first phase in funnel order."""
        phases = self.phases_of_step(step)
        return phases[0] if phases else None

    def after_sales(self, phase):
        """True for a phase of an after-sales block: service moments, outside the sales up's path."""
        known = self.phase.get(phase)
        return bool(known and self.block.get(known.block) and self.block[known.block].after_sales)

    def grouped(self):
        """[(block, [phase, ...])] in funnel order, blocks without phases left out."""
        groups = collections.OrderedDict((block.code, (block, [])) for block in self.blocks)
        for phase in self.phases:
            if phase.block in groups:
                groups[phase.block][1].append(phase)
        return [(block, phases) for block, phases in groups.values() if phases]

    def problems(self):
        """What makes the vocabulary unusable, in words (empty when it is sound)."""
        found = self._phase_problems()
        for kind in self.kinds:
            found += self._kind_problems(kind)
        for type_code in self.type_codes:
            if not self.fits(type_code.kind, type_code.phase):
                found.append("type code %s: phase %s does not fit kind %s" % (
                    type_code.code, type_code.phase, type_code.kind))
        return found

    def _phase_problems(self):
        found = []
        for phase in self.phases:
            if phase.block not in self.block:
                found.append("phase %s: block %r is unknown" % (phase.code, phase.block))
            if phase.step and phase.step not in STEP_NUMBER:
                found.append("phase %s: step %r is unknown; steps are %s" % (
                    phase.code, phase.step, ", ".join(STEP_CODES)))
            for channel in phase.lead_channels:
                if channel not in CHANNEL_CODES:
                    found.append("phase %s: channel %r is unknown; channels are %s" % (
                        phase.code, channel, ", ".join(CHANNEL_CODES)))
        return found

    def _kind_problems(self, kind):
        found = []
        for code in kind.phases:
            if code not in self.phase:
                found.append("kind %s: phase %r is unknown" % (kind.code, code))
        if kind.default_phase and kind.default_phase not in kind.phases:
            found.append("kind %s: its phase %s is not among the phases it fits" % (kind.code, kind.default_phase))
        if not kind.default_phase:
            seen = {}
            for code in kind.phases:
                for channel in self.phase[code].lead_channels if code in self.phase else ():
                    if channel in seen:
                        found.append("kind %s: channel %s leads to two phases, %s and %s" % (
                            kind.code, channel, seen[channel], code))
                    seen[channel] = code
            if not seen:
                found.append("kind %s: no phase of its own and no channel to route by" % kind.code)
        return found


# ---- first contact: when the speed-to-lead clock stops ----

def counts_as_first_contact(rules, kind, channel):
    """Whether a moment of this kind and channel is a first contact with the lead.

    rules map (kind, channel) to True/False, channel None standing for every channel; the rule
    for the moment's own channel wins over the kind's general one. No rule: it does not count.
    """
    if channel and (kind, channel) in rules:
        return rules[(kind, channel)]
    return rules.get((kind, None), False)


def first_contact_at(start, moments, rules):
    """The time of the first contact at or after start: moments are [(occurred_at, kind,
    channel)]; None when nobody has contacted the lead yet."""
    if not start:
        return None
    times = [occurred_at for occurred_at, kind, channel in moments
             if occurred_at and occurred_at >= start and counts_as_first_contact(rules, kind, channel)]
    return min(times) if times else None
