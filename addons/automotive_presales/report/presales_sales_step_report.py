from odoo import fields, models, tools

from ..lib import sales_up


class PresalesSalesStepReport(models.Model):
    """Where customers drop off in the sales process: one row per step reached on a sales up.

    `reached_count` sums to the sales ups that reached a step, `went_on_count` to those of them
    that reached a later step too, and `went_on_rate` averages to the share (in %) that went on.
    A later step, not only the very next one: a walk-in is greeted and never a phone-up.
    """

    _name = "presales.sales.step.report"
    _description = "Sales process drop-off"
    _auto = False
    _order = "step_sequence, lead_id"

    step = fields.Selection(sales_up.SALES_STEPS, readonly=True)
    step_sequence = fields.Integer("Step order", readonly=True, group_operator="min")
    done_at = fields.Datetime("Reached on", readonly=True)
    done_by_id = fields.Many2one("res.users", "Reached by", readonly=True)
    lead_id = fields.Many2one("crm.lead", "Sales up", readonly=True)
    user_id = fields.Many2one("res.users", "Salesperson", readonly=True)
    team_id = fields.Many2one("crm.team", "Branch", readonly=True)
    lead_type = fields.Selection(sales_up.LEAD_TYPES, readonly=True)
    reached_count = fields.Integer("Reached", readonly=True)
    went_on_count = fields.Integer("Went on", readonly=True)
    went_on_rate = fields.Float("Went on (%)", readonly=True, group_operator="avg")

    def init(self):
        tools.drop_view_if_exists(self.env.cr, self._table)
        order = [(key, sequence) for key, sequence in sorted(
            sales_up.STEP_SEQUENCE.items(), key=lambda item: item[1])]
        steps_sql = ", ".join(["(%s, %s)"] * len(order))
        params = [value for pair in order for value in pair]
        self.env.cr.execute("""
            CREATE VIEW presales_sales_step_report AS (
                WITH step_order(step, sequence) AS (VALUES """ + steps_sql + """),
                reached AS (
                    SELECT step.id, step.lead_id, step.step, step.done_at, step.user_id AS done_by_id,
                           step_order.sequence
                      FROM presales_sales_step step
                      JOIN step_order ON step_order.step = step.step
                ),
                last_step AS (
                    SELECT lead_id, max(sequence) AS sequence FROM reached GROUP BY lead_id
                )
                SELECT reached.id,
                       reached.step,
                       reached.sequence AS step_sequence,
                       reached.done_at,
                       reached.done_by_id,
                       reached.lead_id,
                       lead.user_id,
                       lead.team_id,
                       lead.lead_type,
                       1 AS reached_count,
                       CASE WHEN last_step.sequence > reached.sequence THEN 1 ELSE 0 END AS went_on_count,
                       CASE WHEN last_step.sequence > reached.sequence THEN 100.0 ELSE 0.0 END AS went_on_rate
                  FROM reached
                  JOIN last_step ON last_step.lead_id = reached.lead_id
                  JOIN crm_lead lead ON lead.id = reached.lead_id
            )""", params)
