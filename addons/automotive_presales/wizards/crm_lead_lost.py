from odoo import fields, models


class CrmLeadLost(models.TransientModel):
    """Mark Lost asks why: a sales up is never lost without its reason (crm_lead._presales_on_lost
    refuses it on every path; here the dialog itself will not submit without one)."""

    _inherit = "crm.lead.lost"

    lost_reason_id = fields.Many2one(required=True)
