from odoo import _, api, fields, models
from odoo.exceptions import UserError

from ..lib import attribution
from ..models import presales_ownership_guard as guard
from ..models.crm_lead_attribution import REASON_KEY


class PresalesAttributionChangeWizard(models.TransientModel):
    """Credit a sales up to another source, with the reason the ledger keeps."""

    _name = "presales.attribution.change.wizard"
    _description = "Change the source of a sales up"

    lead_id = fields.Many2one("crm.lead", "Sales up", required=True, ondelete="cascade")
    # read as the user (Odoo reads related fields as superuser by default)
    current_source_id = fields.Many2one(
        related="lead_id.source_id", readonly=True, string="Current source", related_sudo=False)
    original_source_id = fields.Many2one(
        related="lead_id.original_source_id", readonly=True, string="Original source", related_sudo=False)
    new_source_id = fields.Many2one("utm.source", "New source", required=True)
    reason = fields.Text(required=True, help="Why the sales up is credited to another source.")

    @api.model
    def create(self, vals):
        # any employee may open a wizard: it only names a sales up the user can already read
        effective = guard.context_defaults(self, vals, ["lead_id"])
        guard.check_links(self, effective, ["lead_id"], _("Change of source"))
        return super().create(vals)

    @api.multi
    def action_apply(self):
        self.ensure_one()
        lead = self.lead_id
        if self.new_source_id == lead.source_id:
            raise UserError(
                _("Sales up %s: the field New source is the source it is already credited to (%s).")
                % (lead.name, lead.source_id.name))
        reason = attribution.clean_reason(self.reason)
        if not reason:
            raise UserError(
                _("Sales up %s: the field Reason must say why the source changes "
                  "(at least %d characters).") % (lead.name, attribution.MIN_REASON_LENGTH))
        lead.with_context(**{REASON_KEY: reason}).write({"source_id": self.new_source_id.id})
        return {"type": "ir.actions.act_window_close"}
