from odoo import api, fields, models

from ..lib import sales_up


class PresalesBogus(models.TransientModel):
    _name = "presales.bogus"
    _description = "Mark a lead bogus"

    lead_id = fields.Many2one("crm.lead", "Lead", required=True, readonly=True, ondelete="cascade")
    reason = fields.Selection(sales_up.BOGUS_REASONS, "Why", required=True)
    note = fields.Char("Details", help="e.g. the number that does not exist, the lead it duplicates")

    @api.multi
    def action_mark_bogus(self):
        self.ensure_one()
        self.lead_id._presales_mark_bogus(self.reason, self.note)
        return {"type": "ir.actions.act_window_close"}
