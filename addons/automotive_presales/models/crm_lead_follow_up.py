from odoo import api, fields, models


class CrmLead(models.Model):
    """Follow-up: the sales ups on which I have an activity that is past due."""

    _inherit = "crm.lead"

    presales_my_overdue = fields.Boolean(
        "My overdue follow-ups", compute="_compute_presales_my_overdue",
        search="_search_presales_my_overdue",
        help="I have an activity on this sales up whose due date has passed.")

    def _my_overdue_activity_domain(self):
        return [
            ("res_model", "=", self._name),
            ("user_id", "=", self.env.uid),
            ("date_deadline", "<", fields.Date.context_today(self)),
        ]

    @api.depends("activity_ids.date_deadline", "activity_ids.user_id")
    def _compute_presales_my_overdue(self):
        late = set(self.env["mail.activity"].search(
            self._my_overdue_activity_domain() + [("res_id", "in", self.ids)]).mapped("res_id"))
        for lead in self:
            lead.presales_my_overdue = lead.id in late

    @api.model
    def _search_presales_my_overdue(self, operator, value):
        # one activity must be both mine and late: two conditions on activity_ids could match
        # two different activities
        lead_ids = self.env["mail.activity"].search(self._my_overdue_activity_domain()).mapped("res_id")
        wanted = (operator == "=") == bool(value)
        return [("id", "in" if wanted else "not in", lead_ids)]
