from odoo import _, api, fields, models
from odoo.exceptions import ValidationError

from odoo.addons.dealer_floor.lib import floor

from ..lib import contact_rule
from .dealer_consent import PURPOSE_LABELS


class PresalesContactMoment(models.Model):
    """An outbound contact the consent ledger forbids is logged only when the salesperson
    confirms it with a reason; the confirmation goes to the privacy audit log."""

    _inherit = "presales.contact.moment"

    contact_purpose = fields.Selection(
        PURPOSE_LABELS, "Purpose", default="sales",
        help="Why we contact the person: the consent ledger and the call rule answer per purpose.")
    privacy_warning = fields.Char(
        "Ledger", compute="_compute_privacy_warning",
        help="Set when the consent ledger forbids this outbound contact, with the reason.")
    privacy_confirmed = fields.Boolean(
        "Contact despite the ledger", copy=False,
        help="The salesperson confirmed this contact although the ledger forbids it.")
    privacy_confirm_reason = fields.Char("Why despite the ledger", copy=False)

    @api.model
    def _privacy_check_values(self, vals):
        """(partner, channel, purpose, Permission) when `vals` log an outbound contact of the CRM on a
        ledger channel, else None."""
        if vals.get("origin", "crm") != "crm" or vals.get("direction", "outbound") != "outbound":
            return None
        channel = contact_rule.moment_channel(vals.get("kind"), vals.get("channel"))
        partner = self.env["res.partner"].browse(vals.get("partner_id") or [])
        if not partner and vals.get("lead_id"):
            partner = self.env["crm.lead"].browse(vals["lead_id"]).sudo().partner_id
        if not channel or not partner:
            return None
        purpose = vals.get("contact_purpose") or "sales"
        permission = partner.sudo()._privacy_permissions((channel,), (purpose,))[partner.id][(channel, purpose)]
        return partner, channel, purpose, permission

    @api.depends("partner_id", "lead_id", "kind", "channel", "direction", "contact_purpose", "origin")
    def _compute_privacy_warning(self):
        for moment in self:
            checked = moment._privacy_check_values({
                "origin": moment.origin or "crm", "direction": moment.direction or "outbound",
                "kind": moment.kind, "channel": moment.channel, "contact_purpose": moment.contact_purpose,
                "partner_id": moment.partner_id.id, "lead_id": moment.lead_id.id})
            if checked and not checked[3].allowed and not moment.id:
                partner, channel, purpose, permission = checked
                moment.privacy_warning = _("Not allowed: %s") % partner._privacy_reason(permission, channel, purpose)
            else:
                moment.privacy_warning = False

    @api.model
    def create(self, vals):
        if vals.get("client_uuid"):
            # a capture the phone sends again was checked (and logged) when it was stored
            try:
                existing = self._floor_existing_capture(floor.client_uuid(vals["client_uuid"]))
            except floor.InvalidInput:
                existing = None  # dealer_floor refuses it naming the field
            if existing:
                return super().create(vals)
        checked = self._privacy_check_values(vals)
        if checked and not checked[3].allowed:
            partner, channel, purpose, permission = checked
            Consent = self.env["dealer.consent"]
            reason = partner._privacy_reason(permission, channel, purpose)
            label = _('Contact moment "%s"') % (vals.get("summary") or _("new contact moment"))
            if not vals.get("privacy_confirmed"):
                raise ValidationError(_(
                    "%(label)s: field Purpose: the consent ledger does not allow %(purpose)s by %(channel)s "
                    "(%(reason)s). Tick 'Contact despite the ledger' and say why to log it anyway.") % {
                    "label": label, "purpose": Consent._label("purpose", purpose).lower(),
                    "channel": Consent._label("channel", channel).lower(), "reason": reason})
            if not (vals.get("privacy_confirm_reason") or "").strip():
                raise ValidationError(_("%s: field Why despite the ledger is required when the ledger does "
                                        "not allow the contact.") % label)
            moment = super().create(vals)
            # the kinds are data (the funnel spelled once): the field's selection is a method
            kinds = self._fields["kind"]._description_selection(self.env)
            partner.with_env(self.env)._privacy_log("override", _(
                "%(kind)s %(purpose)s by %(channel)s against the ledger (%(rule)s): %(why)s") % {
                "kind": dict(kinds).get(vals.get("kind"), vals.get("kind")),
                "purpose": Consent._label("purpose", purpose).lower(),
                "channel": Consent._label("channel", channel).lower(),
                "rule": reason, "why": vals["privacy_confirm_reason"]})
            return moment
        return super().create(vals)
