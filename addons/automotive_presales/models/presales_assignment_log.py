from odoo import fields, models


class PresalesAssignmentLog(models.Model):
    """One sales up (or order) handed to a salesperson, by a distribution rule or by a manager:
    the round-robin's memory (the lines with a rule) and the audit trail of who got what."""

    _name = "presales.assignment.log"
    _description = "Sales-up assignment"
    _order = "assigned_at desc, id desc"
    _rec_name = "lead_id"

    lead_id = fields.Many2one("crm.lead", "Sales up", index=True, ondelete="cascade")
    rule_id = fields.Many2one(
        "presales.assignment.rule", "Rule", index=True, ondelete="set null")
    user_id = fields.Many2one("res.users", "Assigned to", required=True, index=True, ondelete="restrict")
    previous_user_id = fields.Many2one("res.users", "Taken from", index=True, ondelete="restrict",
                                       help="Who had it before a manager reassigned it; empty for a new one.")
    team_id = fields.Many2one(related="lead_id.team_id", store=True, readonly=True, string="Branch")
    assigned_at = fields.Datetime("When", required=True, default=fields.Datetime.now, index=True)
    assigned_by_id = fields.Many2one(
        "res.users", "By", required=True, default=lambda self: self.env.user, ondelete="restrict")
