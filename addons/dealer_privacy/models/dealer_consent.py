from odoo import _, api, fields, models
from odoo.exceptions import UserError, ValidationError

from ..lib import contact_rule

CHANNEL_LABELS = [("phone", "Phone"), ("email", "E-mail"), ("sms", "SMS/WhatsApp"), ("post", "Post")]
PURPOSE_LABELS = [("sales", "Sales follow-up"), ("marketing", "Marketing"), ("service", "Service reminders"),
                  ("survey", "Surveys")]
STATE_LABELS = [("given", "Given"), ("refused", "Refused"), ("withdrawn", "Withdrawn")]
BASIS_LABELS = [("consent", "Consent"), ("contract", "Contract"), ("legitimate_interest", "Legitimate interest")]
SOURCE_LABELS = [("dms", "DMS"), ("importer", "Importer"), ("web_form", "Web form"), ("in_person", "In person"),
                 ("phone", "By phone"), ("email", "By e-mail")]
# a salesperson says why they record a statement; a DMS, importer or web form brings its own proof
SPOKEN_SOURCES = ("in_person", "phone", "email")
assert [key for key, _label in CHANNEL_LABELS] == list(contact_rule.CHANNELS)
assert [key for key, _label in PURPOSE_LABELS] == list(contact_rule.PURPOSES)
assert [key for key, _label in SOURCE_LABELS] == list(contact_rule.SOURCES)


class DealerConsent(models.Model):
    """One statement of a person about one channel and one purpose: the consent ledger.

    A line is never changed nor deleted: a new statement is a new line, and the latest one per
    channel and purpose is what holds (lib/contact_rule.py). Only the erasure of the person
    clears the free text of their lines (models/privacy_registry.py), by SQL.
    """

    _name = "dealer.consent"
    _description = "Consent ledger line"
    _order = "given_at desc, id desc"
    _rec_name = "partner_id"

    # the person's erasure keeps the ledger (privacy_anonymise); deleting the partner, which only an
    # administrator may, takes its statements along (the privacy log keeps that they were made)
    partner_id = fields.Many2one("res.partner", "Customer", required=True, index=True, ondelete="cascade")
    channel = fields.Selection(CHANNEL_LABELS, required=True)
    purpose = fields.Selection(PURPOSE_LABELS, required=True)
    state = fields.Selection(STATE_LABELS, "Statement", required=True)
    lawful_basis = fields.Selection(BASIS_LABELS, "Lawful basis", required=True, default="consent")
    source = fields.Selection(SOURCE_LABELS, required=True, default="in_person")
    given_at = fields.Datetime(
        "Stated at", required=True, default=fields.Datetime.now, index=True,
        help="When the person made the statement (UTC), as the proof says.")
    proof_text = fields.Text("Text shown", help="The text the person agreed to or refused.")
    reason = fields.Char(help="Why the salesperson records this statement (required when they do).")
    company_id = fields.Many2one(
        "res.company", "Legal entity", required=True, default=lambda self: self.env.user.company_id,
        help="The legal entity the statement was made to.")
    user_id = fields.Many2one("res.users", "Recorded by", readonly=True, default=lambda self: self.env.user)
    lead_id = fields.Many2one("crm.lead", "Sales up", index=True, ondelete="set null")
    backend_id = fields.Many2one("dms.backend", "DMS backend", ondelete="set null")
    consent_request_id = fields.Many2one("privacy.consent", "Web form request", ondelete="set null")

    _sql_constraints = [
        # the DMS and the importers send the same statement again: it is one line
        ("statement_uniq", "unique(partner_id, channel, purpose, state, source, given_at)",
         "This statement is already in the consent ledger."),
    ]

    @api.model
    def _label(self, field, key):
        """The label of selection value `key` of `field` in the user's language: the lists above
        hold the English source, Odoo's selection translations give the rest."""
        return dict(self._fields[field]._description_selection(self.env)).get(key, key)

    @api.model
    def create(self, vals):
        source = vals.get("source") or self.default_get(["source"]).get("source")
        if source in SPOKEN_SOURCES and not (vals.get("reason") or "").strip():
            partner = self.env["res.partner"].browse(vals.get("partner_id"))
            raise ValidationError(_(
                "Consent ledger of %s: field Reason is required when a statement is recorded %s.")
                % (partner.display_name, self._label("source", source).lower()))
        line = super().create(vals)
        line.partner_id._privacy_log("consent", _("%(channel)s / %(purpose)s: %(state)s (%(source)s)%(reason)s") % {
            "channel": self._label("channel", line.channel), "purpose": self._label("purpose", line.purpose),
            "state": self._label("state", line.state), "source": self._label("source", line.source),
            "reason": (": " + line.reason) if line.reason else ""})
        if line.source != "dms":
            # a statement the DMS sent us is not echoed back to it
            line.partner_id._privacy_notify_dms("consent", line._dms_payload())
        return line

    @api.multi
    def write(self, vals):  # pylint: disable=method-required-super
        raise UserError(_("Consent ledger of %s: a statement is never changed; record a new one.")
                        % ", ".join(self.mapped("partner_id.display_name")))

    @api.multi
    def unlink(self):  # pylint: disable=method-required-super
        raise UserError(_("Consent ledger of %s: a statement is never deleted; record a new one.")
                        % ", ".join(self.mapped("partner_id.display_name")))

    @api.model
    def _record_once(self, vals):
        """Create the statement unless the very same one is in the ledger (a DMS or a web form
        that sends it twice); returns the line either way."""
        keys = ("partner_id", "channel", "purpose", "state", "source", "given_at")
        existing = self.sudo().search([(key, "=", vals[key]) for key in keys], limit=1)
        return existing or self.create(vals)

    @api.multi
    def _statements(self):
        """The lines as lib/contact_rule Statements, oldest first: on a tie in time the later
        line is the later statement."""
        return [contact_rule.Statement(line.channel, line.purpose, line.state,
                                       fields.Datetime.from_string(line.given_at), line.source)
                for line in self.sorted(lambda line: (line.given_at, line.id))]

    @api.multi
    def _dms_payload(self):
        """What the DMS is told: the statement, never the person's contact data."""
        self.ensure_one()
        return {"channel": self.channel, "purpose": self.purpose, "state": self.state, "source": self.source,
                "time": self.given_at, "text": self.proof_text or "", "lawful_basis": self.lawful_basis,
                "legal_entity": self.company_id.name}
