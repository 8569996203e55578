from odoo import api, fields, models


class CrmLead(models.Model):
    """The test drives booked on a sales up."""

    _inherit = "crm.lead"

    test_drive_ids = fields.One2many("presales.test.drive", "lead_id", "Test drives")
    test_drive_count = fields.Integer(compute="_compute_test_drive_count", string="Test drives")

    @api.depends("test_drive_ids")
    def _compute_test_drive_count(self):
        for lead in self:
            lead.test_drive_count = len(lead.test_drive_ids)

    @api.multi
    def action_view_test_drives(self):
        self.ensure_one()
        action = self.env.ref("automotive_presales.presales_test_drive_action").read()[0]
        action["domain"] = [("lead_id", "=", self.id)]
        action["context"] = {
            "default_lead_id": self.id,
            "default_partner_id": self.partner_id.id,
        }
        return action
