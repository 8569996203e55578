from odoo import api, fields, models


class PresalesReassign(models.TransientModel):
    _inherit = "presales.reassign"

    @api.model
    def _reassignable_models(self):
        return super()._reassignable_models() + ("sale.order",)

    @api.model
    def _reassign(self, records, user):
        """An order of a sales up goes with its sales up (which takes all its orders along);
        an order without one is reassigned on its own."""
        if records._name != "sale.order":
            return super()._reassign(records, user)
        super()._reassign(records.mapped("opportunity_id"), user)
        self._reassign_orders(records.filtered(lambda order: not order.opportunity_id), user)
        return True

    @api.model
    def _reassign_orders(self, orders, user, old_owner=None):
        Log = self.env["presales.assignment.log"].sudo()
        for order in orders.filtered(lambda record: record.user_id != user):
            previous = old_owner or order.user_id
            # tracked on the order (sale.order.user_id is tracked), credited to the manager who
            # reassigns; the system's own follow-ups (distribution) are the system's
            writer = order.sudo(self.env.uid) if self.env.user._presales_is_manager() else order.sudo()
            writer.with_context(tracking_disable=False).write({"user_id": user.id})
            Log.create({"order_id": order.id, "lead_id": order.opportunity_id.id or False, "user_id": user.id,
                        "previous_user_id": previous.id or False, "assigned_by_id": self.env.uid})
        return True


class PresalesHandover(models.TransientModel):
    """A leaving salesperson's quotations and orders are handed over too, with their sales ups."""

    _inherit = "presales.handover"

    open_order_count = fields.Integer("Quotations and orders", compute="_compute_counts")

    @api.multi
    def _handover_domains(self):
        domains = super()._handover_domains()
        domains["sale.order"] = [("user_id", "=", self.user_id.id), ("state", "in", ("draft", "sent", "sale"))]
        return domains

    @api.depends("user_id")
    def _compute_counts(self):
        result = super()._compute_counts()
        for wizard in self:
            wizard.open_order_count = self.env["sale.order"].search_count(
                wizard._handover_domains()["sale.order"]) if wizard.user_id else 0
        return result

    @api.model
    def _handover_document(self, record):
        if record._name == "sale.order" and record.opportunity_id:
            return "crm.lead", record.opportunity_id.id
        return super()._handover_document(record)

    @api.model
    def _reassign(self, records, targets, new_owner):
        if records._name != "sale.order":
            return super()._reassign(records, targets, new_owner)
        # orders without a sales up handed over here are logged like any reassignment
        before = {order.id: order.user_id for order in records}
        result = super()._reassign(records, targets, new_owner)
        Log = self.env["presales.assignment.log"].sudo()
        for order in records:
            Log.create({"order_id": order.id, "lead_id": order.opportunity_id.id or False,
                        "user_id": order.user_id.id, "previous_user_id": before[order.id].id,
                        "assigned_by_id": self.env.uid})
        return result
