from odoo import _, api, fields, models
from odoo.exceptions import AccessError, UserError

from ..lib import distribution, lifecycle


class PresalesHandover(models.TransientModel):
    """When a salesperson leaves, the director hands their open work to colleagues.

    What counts as open work is one domain per model (`_handover_domains`); each record gets a
    new `user_id`. An activity on a handed-over document goes to that document's new owner.
    """

    _name = "presales.handover"
    _description = "Hand over a salesperson's open work"

    user_id = fields.Many2one(
        "res.users", "Leaving salesperson", required=True,
        domain=lambda self: [("groups_id", "in", self.env.ref("automotive_presales.group_salesperson").ids)])
    mode = fields.Selection(
        [("spread", "In turn among the chosen salespeople"), ("one", "All to one salesperson")],
        required=True, default="spread")
    target_user_ids = fields.Many2many(
        "res.users", "presales_handover_target_user_rel", "handover_id", "user_id",
        "Hand over to",
        domain=lambda self: [("groups_id", "in", self.env.ref("automotive_presales.group_salesperson").ids)])
    target_user_id = fields.Many2one(
        "res.users", "Hand everything to",
        domain=lambda self: [("groups_id", "in", self.env.ref("automotive_presales.group_salesperson").ids)])
    open_lead_count = fields.Integer("Open sales ups", compute="_compute_counts")
    open_activity_count = fields.Integer("Open activities", compute="_compute_counts")
    open_test_drive_count = fields.Integer("Planned test drives", compute="_compute_counts")
    portfolio_customer_count = fields.Integer("Portfolio customers", compute="_compute_counts")

    @api.multi
    def _handover_domains(self):
        """{model: domain of the leaving salesperson's open records}, one line per kind of work.
        Every record found is reassigned through its `user_id`."""
        self.ensure_one()
        user = self.user_id
        return {
            "crm.lead": [("user_id", "=", user.id)] + lifecycle.domain(lifecycle.OPEN),
            "mail.activity": [("user_id", "=", user.id)],
            "presales.test.drive": [("user_id", "=", user.id), ("state", "=", "planned")],
            # the customers of their portfolio (res.partner.user_id is the portfolio owner)
            "res.partner": [("user_id", "=", user.id)],
        }

    @api.multi
    def _handover_records(self):
        """{model: records} of the leaving salesperson's open work, whoever may see them: only
        for the handover itself, which only the director makes."""
        self.ensure_one()
        return {
            model: self.env[model].sudo().search(domain, order="id")
            for model, domain in self._handover_domains().items()
        }

    @api.depends("user_id")
    def _compute_counts(self):
        """What the current user may read of the leaving salesperson's work (the director: all)."""
        for wizard in self:
            if not wizard.user_id:
                wizard.open_lead_count = wizard.open_activity_count = wizard.open_test_drive_count = 0
                wizard.portfolio_customer_count = 0
                continue
            counts = {model: self.env[model].search_count(domain)
                      for model, domain in wizard._handover_domains().items()}
            wizard.open_lead_count = counts["crm.lead"]
            wizard.open_activity_count = counts["mail.activity"]
            wizard.open_test_drive_count = counts["presales.test.drive"]
            wizard.portfolio_customer_count = counts["res.partner"]

    @api.multi
    def _handover_targets(self):
        self.ensure_one()
        targets = self.target_user_ids if self.mode == "spread" else self.target_user_id
        if not targets:
            raise UserError(_(
                'Handover of %s: field %s: choose who takes the work over.') % (
                self.user_id.name,
                self._fields["target_user_ids" if self.mode == "spread" else "target_user_id"]._description_string(
                    self.env)))
        if self.user_id in targets:
            raise UserError(_(
                'Handover of %s: field Hand over to: the leaving salesperson cannot take over '
                'their own work.') % self.user_id.name)
        return targets.sorted("id")

    @api.model
    def _handover_document(self, record):
        """The (model, id) of the document whose new owner this piece of work follows."""
        if record._name == "mail.activity":
            return record.res_model, record.res_id
        if record._name == "presales.test.drive" and record.lead_id:
            return "crm.lead", record.lead_id.id
        if record._name == "res.partner":
            # a customer goes to whoever took over their (first) open sales up
            lead = self.env["crm.lead"].sudo().search(
                [("partner_id", "child_of", record.id), ("user_id", "=", self.user_id.id)]
                + lifecycle.domain(lifecycle.OPEN), order="id", limit=1)
            return ("crm.lead", lead.id) if lead else None
        return None

    @api.model
    def _reassign(self, records, targets, new_owner):
        for user_id, ids in distribution.spread(records.ids, targets.ids).items():
            # tracked on each record: the chatter shows the owner change
            records.browse(ids).with_context(tracking_disable=False).write({"user_id": user_id})
            new_owner.update(((records._name, res_id), user_id) for res_id in ids)

    @api.multi
    def action_handover(self):
        if not self.env.user.has_group("automotive_presales.group_sales_director"):
            raise AccessError(_("Only the sales director hands over a salesperson's work."))
        for wizard in self:
            targets = wizard._handover_targets()
            # found as superuser, written as the director: the chatter credits the director
            records = {model: found.sudo(self.env.uid) for model, found in wizard._handover_records().items()}
            new_owner = {}  # (model, id) -> user id of the documents handed over
            wizard._reassign(records.pop("crm.lead"), targets, new_owner)
            # work on a handed-over sales up follows its new owner; the rest is spread in turn
            for todo in records.values():
                following = todo.filtered(lambda record: self._handover_document(record) in new_owner)
                for record in following:
                    record.write({"user_id": new_owner[self._handover_document(record)]})
                wizard._reassign(todo - following, targets, new_owner)
        return {"type": "ir.actions.act_window_close"}
