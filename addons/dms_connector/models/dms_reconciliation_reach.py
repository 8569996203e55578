from odoo import SUPERUSER_ID, _, api, models

from odoo.addons.automotive_presales.models import presales_ownership_guard as guard


class DmsReconciliation(models.Model):
    """A branch manager decides the items of their branch, and does not send one to another
    branch: the write that moves an item out of the writer's reach is refused."""

    _inherit = "dms.reconciliation"

    @api.multi
    def write(self, vals):
        if "team_id" not in vals or self.env.uid == SUPERUSER_ID:
            return super().write(vals)
        guard.check_may_write(self)
        labels = guard.labels_before(self, lambda item: _("Reconciliation %s") % item.customer_name)
        result = super().write(vals)
        guard.check_still_writable(self, labels, ["team_id"])
        return result
