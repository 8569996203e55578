from odoo import api, fields, models

from ..lib import sales_up


class CrmLead(models.Model):
    """A sales up: the CRM lead/opportunity with what a car dealer needs to work a prospect."""

    _inherit = "crm.lead"

    lead_type = fields.Selection(
        sales_up.LEAD_TYPES, index=True, track_visibility="onchange",
        help="How the customer first reached the dealer.")
    lead_status = fields.Selection(
        sales_up.LEAD_STATUSES, index=True, track_visibility="onchange",
        help="The salesperson's read of the prospect.")
    lead_date = fields.Datetime(
        default=fields.Datetime.now, index=True, help="When the customer first showed interest.")
    second_user_id = fields.Many2one(
        "res.users", "Second salesperson", index=True, track_visibility="onchange",
        help="A colleague who may also see and work this sales up.")
    contact_moment_ids = fields.One2many("presales.contact.moment", "lead_id", "Contact moments")
    sales_step_ids = fields.One2many("presales.sales.step", "lead_id", "Sales steps")

    @api.multi
    def _presales_log_moment(self, kind, summary, channel=None, occurred_at=None):
        """Log the contact moment an action in the CRM stands for, one per sales up."""
        Moment = self.env["presales.contact.moment"]
        moments = Moment.browse()
        for lead in self:
            moments |= Moment.create({
                "kind": kind,
                "channel": channel,
                "summary": summary,
                "lead_id": lead.id,
                "partner_id": lead.partner_id.id,
                "user_id": lead.user_id.id or self.env.uid,
                "team_id": lead.team_id.id,
                "occurred_at": occurred_at or fields.Datetime.now(),
            })
        return moments

    @api.multi
    def _presales_log_step(self, step, done_at=None):
        """Record that a sales-process step was reached; a step already reached stays as it was."""
        Step = self.env["presales.sales.step"]
        steps = Step.browse()
        for lead in self:
            existing = lead.sales_step_ids.filtered(lambda record: record.step == step)
            steps |= existing or Step.create({
                "lead_id": lead.id,
                "step": step,
                "done_at": done_at or fields.Datetime.now(),
                "user_id": self.env.uid,
            })
        return steps
