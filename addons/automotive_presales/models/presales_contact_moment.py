from odoo import _, api, fields, models
from odoo.exceptions import ValidationError

from ..lib import funnel


class PresalesContactMoment(models.Model):
    """One touch with a customer, logged by the CRM or imported from the DMS.

    The table grows to millions of rows: it stays lean, and every column the sales monitor
    filters or groups by is indexed.
    """

    _name = "presales.contact.moment"
    _description = "Customer contact moment"
    _order = "occurred_at desc, id desc"
    _rec_name = "summary"

    occurred_at = fields.Datetime(
        "When", required=True, index=True, default=fields.Datetime.now)
    kind = fields.Selection(funnel.MOMENT_KINDS, required=True, index=True)
    channel = fields.Selection(funnel.CHANNELS)
    direction = fields.Selection(
        [("inbound", "Inbound"), ("outbound", "Outbound")], default="outbound")
    summary = fields.Char(required=True)
    user_id = fields.Many2one(
        "res.users", "Salesperson", index=True, default=lambda self: self.env.user,
        ondelete="restrict")
    team_id = fields.Many2one("crm.team", "Branch", index=True, ondelete="restrict")
    partner_id = fields.Many2one("res.partner", "Customer", index=True, ondelete="cascade")
    lead_id = fields.Many2one("crm.lead", "Sales up", index=True, ondelete="set null")
    phase_id = fields.Many2one(
        "presales.funnel.phase", "Funnel phase", required=True, index=True,
        ondelete="restrict")
    origin = fields.Selection(
        [("crm", "CRM"), ("dms", "DMS")], required=True, default="crm", index=True,
        help="Where the moment was recorded: by an action in the CRM, or imported from the DMS.")
    company_id = fields.Many2one(
        "res.company", required=True, default=lambda self: self.env.user.company_id)

    @api.model
    def _phase_for(self, kind, channel):
        try:
            code = funnel.phase_for_moment(kind, channel)
        except funnel.UnknownMomentKind as error:
            raise ValidationError(_("Contact moment: field Kind/Channel: %s") % error)
        phase = self.env["presales.funnel.phase"].with_context(active_test=False).search(
            [("code", "=", code)], limit=1)
        if not phase:
            raise ValidationError(
                _("Contact moment: field Funnel phase: no phase with code %s is configured.") % code)
        return phase

    @api.model
    def create(self, vals):
        vals = dict(vals)
        if not vals.get("phase_id") and vals.get("kind"):
            vals["phase_id"] = self._phase_for(vals["kind"], vals.get("channel")).id
        if not vals.get("team_id"):
            user = self.env["res.users"].browse(vals.get("user_id") or self.env.uid)
            lead = self.env["crm.lead"].browse(vals.get("lead_id"))
            vals["team_id"] = (lead.team_id or user.sale_team_id).id
        if not vals.get("partner_id") and vals.get("lead_id"):
            vals["partner_id"] = self.env["crm.lead"].browse(vals["lead_id"]).partner_id.id
        return super().create(vals)

    @api.onchange("kind", "channel")
    def _onchange_kind_set_phase(self):
        if self.kind and (self.kind != "lead" or self.channel):
            self.phase_id = self._phase_for(self.kind, self.channel)
