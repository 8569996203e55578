from odoo import api, fields, models


class CrmLead(models.Model):
    """Follow-up: the sales ups on which I have an activity that is past due."""

    _inherit = "crm.lead"

    presales_my_overdue = fields.Boolean(
        "My overdue follow-ups", compute="_compute_presales_my_overdue",
        search="_search_presales_my_overdue",
        help="I have an activity on this sales up whose due date has passed.")

    presales_next_activity = fields.Char(
        "Next activity", compute="_compute_presales_next_activity",
        help="Due date and summary of the first open activity; shown on the pipeline cards.")

    @api.depends("activity_ids.date_deadline", "activity_ids.summary")
    def _compute_presales_next_activity(self):
        # not Odoo's stored activity_date_deadline: activity_ids hangs on an integer res_id,
        # so that stored field is not refreshed when an activity is added or moved
        for lead in self:
            first = lead.activity_ids.sorted(lambda activity: (activity.date_deadline, activity.id))[:1]
            lead.presales_next_activity = "%s: %s" % (
                first.date_deadline, first.summary or first.activity_type_id.name or "") if first else False

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
