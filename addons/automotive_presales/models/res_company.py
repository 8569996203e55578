from odoo import fields, models


class ResCompany(models.Model):
    _inherit = "res.company"

    presales_default_team_id = fields.Many2one(
        "crm.team", "Default branch", domain=[("is_branch", "=", True)], ondelete="set null",
        help="Incoming sales ups that name no branch and that no distribution rule takes wait "
             "for a branch manager here.")
