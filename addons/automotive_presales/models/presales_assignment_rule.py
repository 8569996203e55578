from odoo import _, api, fields, models
from odoo.addons.base.res.res_partner import _lang_get
from odoo.exceptions import ValidationError

from ..lib import distribution, sales_up


class PresalesAssignmentRule(models.Model):
    """Which salespeople share the new sales ups of a branch, lead type, language or make.

    The first active rule in sequence order that matches a sales up and has an available
    salesperson takes it; inside the rule the sales ups go round-robin.
    """

    _name = "presales.assignment.rule"
    _description = "Sales-up distribution rule"
    _order = "sequence, id"

    name = fields.Char(required=True)
    sequence = fields.Integer(default=10, help="Rules are tried in this order; the first match wins.")
    active = fields.Boolean(default=True)
    team_id = fields.Many2one(
        "crm.team", "Branch", index=True, ondelete="cascade",
        help="Only sales ups of this branch, or without branch (they then join it). Empty: any.")
    lead_type = fields.Selection(sales_up.LEAD_TYPES, help="Only sales ups of this type. Empty: any.")
    lang = fields.Selection(_lang_get, "Language", help="Only customers speaking this language. Empty: any.")
    make = fields.Char(help="Only customers asking about this vehicle make. Empty: any.")
    user_ids = fields.Many2many(
        "res.users", "presales_assignment_rule_user_rel", "rule_id", "user_id", "Salespeople",
        domain=lambda self: [("groups_id", "in", self.env.ref("automotive_presales.group_salesperson").ids)],
        help="They get the rule's sales ups in turn, in this order, when available.")
    available_user_ids = fields.Many2many(
        "res.users", compute="_compute_available_user_ids", string="Available now")
    log_ids = fields.One2many("presales.assignment.log", "rule_id", "Assignments", readonly=True)
    company_id = fields.Many2one(
        "res.company", required=True, default=lambda self: self.env.user.company_id)

    @api.depends("user_ids.presales_available", "user_ids.active")
    def _compute_available_user_ids(self):
        for rule in self:
            rule.available_user_ids = rule.user_ids.filtered(lambda user: user.presales_available)

    @api.constrains("user_ids", "active")
    def _check_user_ids(self):
        for rule in self:
            if rule.active and not rule.user_ids:
                raise ValidationError(_(
                    'Distribution rule "%s": field Salespeople: name at least one salesperson.')
                    % rule.name)

    @api.multi
    def _presales_rule_facts(self):
        return [
            distribution.Rule(
                key=rule.id, sequence=rule.sequence, team=rule.team_id.id or None,
                lead_type=rule.lead_type or None, lang=rule.lang or None, make=rule.make or None,
                users=tuple(rule.user_ids.sorted("id").ids),
                available=frozenset(rule.available_user_ids.ids))
            for rule in self
        ]

    @api.multi
    def _presales_last_assignees(self):
        """{rule id: user id who got the rule's latest sales up}."""
        if not self:
            return {}
        self.env.cr.execute("""
            SELECT DISTINCT ON (rule_id) rule_id, user_id
              FROM presales_assignment_log
             WHERE rule_id IN %s
             ORDER BY rule_id, assigned_at DESC, id DESC
        """, (tuple(self.ids),))
        return dict(self.env.cr.fetchall())
