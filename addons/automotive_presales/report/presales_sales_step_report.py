from odoo import api, fields, models, tools

from ..lib import sales_up


class PresalesSalesStepReport(models.Model):
    """Where customers drop off in the sales process: one row per step reached on a sales up.

    `reached_count` sums to the sales ups that reached a step, `went_on_count` to those of them
    that reached a later step too, and `went_on_rate` is the share (in %) that went on, in every
    group and total the ratio of the two sums. A later step, not only the very next one: a
    walk-in is greeted and never a phone-up. Grouped by step, the groups come in process order.
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

    @api.model
    def read_group(self, domain, fields, groupby, offset=0, limit=None, orderby=False, lazy=True):
        groupby = [groupby] if isinstance(groupby, str) else list(groupby)
        names = [spec.split(":")[0] for spec in fields]
        if "went_on_rate" in names:
            fields = list(fields) + [name for name in ("reached_count", "went_on_count") if name not in names]
        groups = super().read_group(
            domain, fields, groupby, offset=offset, limit=limit, orderby=orderby, lazy=lazy)
        if "went_on_rate" in names:
            for group in groups:
                reached = group.get("reached_count") or 0
                group["went_on_rate"] = 100.0 * (group.get("went_on_count") or 0) / reached if reached else False
        keys = [name.split(":")[0] for name in (groupby[:1] if lazy else groupby)]
        if "step" in keys and not orderby:
            groups = self._presales_in_process_order(groups, keys)
        return groups

    @api.model
    def _presales_in_process_order(self, groups, keys):
        """Steps in process order (greeting ... signed), not alphabetically; the other group-by
        values keep the order the database gave them."""
        first_seen = {}
        for group in groups:
            for key in keys:
                if key != "step":
                    first_seen.setdefault((key, str(group.get(key))), len(first_seen))

        def position(group):
            return tuple(sales_up.STEP_SEQUENCE.get(group.get("step"), 0) if key == "step"
                         else first_seen[(key, str(group.get(key)))] for key in keys)
        return sorted(groups, key=position)

    @api.model_cr
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
