from odoo import _, api, fields, models, tools
from odoo.exceptions import ValidationError

from ..lib import funnel


class PresalesFunnelVocabulary(models.AbstractModel):
    """The funnel's vocabulary as one snapshot (lib/funnel.Vocabulary) built from the records of
    blocks, phases, kinds and standard type codes; cached per registry, dropped on every change
    of those records, so every path (moment create, DMS mapping, monitor, reports) applies the
    same rules to the same data."""

    _name = "presales.funnel.vocabulary"
    _description = "Sales funnel vocabulary"

    @api.model
    def get(self):
        return self._load()

    @tools.ormcache()
    def _load(self):
        cr = self.env.cr
        cr.execute("SELECT code, name, sequence, after_sales FROM presales_funnel_block WHERE active")
        blocks = [funnel.Block(code, name, sequence or 0, bool(after)) for code, name, sequence, after in cr.fetchall()]
        cr.execute("""
            SELECT phase.code, phase.name, phase.sequence, block.code, phase.step, phase.is_lost,
                   phase.awaits_follow_up, phase.lead_channels
              FROM presales_funnel_phase phase JOIN presales_funnel_block block ON block.id = phase.block_id
             WHERE phase.active""")
        phases = [funnel.Phase(code, name, sequence or 0, block, step or None, bool(lost), bool(awaits),
                               funnel.split_codes(channels))
                  for code, name, sequence, block, step, lost, awaits, channels in cr.fetchall()]
        cr.execute("""
            SELECT kind.code, kind.name, kind.sequence, default_phase.code,
                   array_remove(array_agg(phase.code ORDER BY phase.sequence, phase.code), NULL)
              FROM presales_moment_kind kind
              LEFT JOIN presales_funnel_phase default_phase ON default_phase.id = kind.phase_id
              LEFT JOIN presales_moment_kind_phase_rel rel ON rel.kind_id = kind.id
              LEFT JOIN presales_funnel_phase phase ON phase.id = rel.phase_id AND phase.active
             WHERE kind.active
             GROUP BY kind.id, default_phase.code""")
        kinds = [funnel.Kind(code, name, sequence or 0, tuple(fit), default_phase or None)
                 for code, name, sequence, default_phase, fit in cr.fetchall()]
        cr.execute("""
            SELECT type.code, type.name, kind.code, phase.code FROM presales_moment_type type
              JOIN presales_moment_kind kind ON kind.id = type.kind_id
              JOIN presales_funnel_phase phase ON phase.id = type.phase_id
             WHERE type.active""")
        codes = [funnel.TypeCode(*row) for row in cr.fetchall()]
        return funnel.Vocabulary(blocks, phases, kinds, codes)

    @api.model
    def _changed(self):
        self.clear_caches()


class PresalesFunnelRecord(models.AbstractModel):
    """What the vocabulary's models share: a stable code, and a change drops the snapshot."""

    _name = "presales.funnel.record"
    _description = "Sales funnel vocabulary record"

    code = fields.Char(required=True, help="Stable key other records and systems refer to.")
    name = fields.Char(required=True, translate=True)
    sequence = fields.Integer(default=10)
    active = fields.Boolean(default=True)

    # dropped before (the constraints read the vocabulary with the new row) and after the change
    @api.model
    def create(self, vals):
        self.env["presales.funnel.vocabulary"]._changed()
        record = super().create(vals)
        self.env["presales.funnel.vocabulary"]._changed()
        return record

    @api.multi
    def write(self, vals):
        self.env["presales.funnel.vocabulary"]._changed()
        result = super().write(vals)
        self.env["presales.funnel.vocabulary"]._changed()
        return result

    @api.multi
    def unlink(self):
        result = super().unlink()
        self.env["presales.funnel.vocabulary"]._changed()
        return result

    @api.constrains("code")
    def _check_code_shape(self):
        for record in self:
            if not record.code or record.code != record.code.strip() or " " in record.code:
                raise ValidationError(_("%s %s: field Code must be one word without spaces, not %r.")
                                      % (self._description, record.name, record.code))


class PresalesFunnelBlock(models.Model):
    """A block of the funnel: the phases a dealer reads together (leads, follow-up and test drive,
    offers, agreement, lost, delivery, after-sales)."""

    _name = "presales.funnel.block"
    _inherit = "presales.funnel.record"
    _description = "Sales funnel block"
    _order = "sequence, id"

    after_sales = fields.Boolean(
        "After-sales", help="Service moments (workshop, inspection, repair, warranty): counted in the monitor, "
                            "outside the path of a sales up.")
    phase_ids = fields.One2many("presales.funnel.phase", "block_id", "Phases")

    _sql_constraints = [("code_uniq", "unique(code)", "Each funnel block code can exist only once.")]


class PresalesFunnelPhase(models.Model):
    """One phase of the dealer sales funnel; contact moments are counted per phase."""

    _name = "presales.funnel.phase"
    _inherit = "presales.funnel.record"
    _description = "Sales funnel phase"
    _order = "sequence, id"

    block_id = fields.Many2one("presales.funnel.block", "Block", required=True, ondelete="restrict", index=True)
    step = fields.Selection(
        funnel.STEPS, "Monitor step",
        help="How far a sales up got when it reached this phase, on the monitor's conversion line. "
             "Empty for lost orders and after-sales.")
    description = fields.Text(translate=True)
    is_lost = fields.Boolean(help="Moments in this phase end the sales process without a sale.")
    awaits_follow_up = fields.Boolean(
        "Awaits follow-up", help="A sales up that stays in this phase longer than the offer follow-up days of "
                                 "the Settings needs attention (an offer made and not followed up).")
    lead_channels = fields.Char(
        "New leads from channels",
        help="Channels (importer, web, email, chat, social, phone, showroom, event, referral), separated by "
             "spaces: a new lead that came in through one of them lands in this phase.")
    after_sales = fields.Boolean(related="block_id.after_sales", store=True, readonly=True)

    _sql_constraints = [
        ("code_uniq", "unique(code)", "Each funnel phase code can exist only once."),
    ]

    @api.constrains("lead_channels", "step")
    def _check_channels(self):
        for phase in self:
            unknown = [code for code in funnel.split_codes(phase.lead_channels) if code not in funnel.CHANNEL_CODES]
            if unknown:
                raise ValidationError(_("Funnel phase %s: field New leads from channels names unknown channels %s; "
                                        "known are %s.") % (phase.name, ", ".join(unknown),
                                                            ", ".join(funnel.CHANNEL_CODES)))


class PresalesMomentKind(models.Model):
    """A kind of contact moment (call, test drive, workshop visit ...) and the phases it fits."""

    _name = "presales.moment.kind"
    _inherit = "presales.funnel.record"
    _description = "Contact moment kind"
    _order = "sequence, id"

    phase_ids = fields.Many2many(
        "presales.funnel.phase", "presales_moment_kind_phase_rel", "kind_id", "phase_id", "Fits phases",
        help="The phases a contact moment of this kind may be in; a DMS mapping to another phase is refused.")
    phase_id = fields.Many2one(
        "presales.funnel.phase", "Lands in", ondelete="restrict",
        help="The phase a moment of this kind lands in. Empty: by the channel it came in through "
             "(a new lead: see the channels of its phases).")

    _sql_constraints = [("code_uniq", "unique(code)", "Each contact moment kind code can exist only once.")]

    @api.model
    def _selection(self):
        """(code, label) of the kinds, for the Selection fields that store a kind's code."""
        return self._selection_cached(self.env.lang or "en_US")

    @tools.ormcache("lang")
    def _selection_cached(self, lang):
        kinds = self.sudo().with_context(lang=lang, active_test=False).search([])
        return [(kind.code, kind.name) for kind in kinds]

    @api.constrains("phase_id", "phase_ids")
    def _check_own_phase_fits(self):
        for kind in self:
            if kind.phase_id and kind.phase_id not in kind.phase_ids:
                raise ValidationError(_("Contact moment kind %s: field Lands in (%s) must be one of its Fits phases.")
                                      % (kind.name, kind.phase_id.name))


class PresalesMomentType(models.Model):
    """A standard contact-moment type code (CALL_OUT, ORDER, WORKSHOP_VISIT ...): the kind and phase
    it stands for. The DMS mapping table starts from these (dms_connector), so a phase added
    here with its codes is known to every backend."""

    _name = "presales.moment.type"
    _inherit = "presales.funnel.record"
    _description = "Standard contact moment type"
    _order = "sequence, code"

    kind_id = fields.Many2one("presales.moment.kind", "Kind", required=True, ondelete="restrict")
    phase_id = fields.Many2one("presales.funnel.phase", "Funnel phase", required=True, ondelete="restrict")

    _sql_constraints = [("code_uniq", "unique(code)", "Each standard moment type code can exist only once.")]

    @api.constrains("kind_id", "phase_id")
    def _check_phase_fits_kind(self):
        for record in self:
            check_phase_fits(self.env, record.kind_id.code, record.phase_id.code,
                             _("Standard moment type %s") % record.code)


def check_phase_fits(env, kind, phase, label):
    """Refuse a phase the kind does not fit (lib/funnel.Vocabulary.fits), naming the record, the
    field and the phases the kind fits. kind and phase are codes."""
    if not kind or not phase:
        return
    vocabulary = env["presales.funnel.vocabulary"].get()
    if vocabulary.fits(kind, phase):
        return
    known = vocabulary.kind.get(kind)
    name = vocabulary.phase[phase].name if phase in vocabulary.phase else phase
    raise ValidationError(_("%s: field Funnel phase (%s) does not fit the kind %s; a %s lands in %s.") % (
        label, name, known.name if known else kind, known.name if known else kind,
        ", ".join(vocabulary.phase[code].name for code in known.phases) if known and known.phases else _("no phase")))
