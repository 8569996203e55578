from odoo import api, models


class PresalesPartnerBoundRead(models.AbstractModel):
    """Rows that carry a partner's data are read by whoever may read that partner.

    A customer's bank account (its IBAN), an analytic account opened for a customer, a car whose
    driver is a customer: Odoo 11 lets every employee read all of them, whoever the customer
    belongs to. A row without partner, or whose partner the user may read (the customer rules,
    security/customer_security.xml), stays readable; the others are hidden in search, read,
    read_group, write and unlink (presales.restricted.read.mixin).
    """

    _name = "presales.partner.bound.read.mixin"
    _inherit = "presales.restricted.read.mixin"
    _description = "Rows readable as the partner they belong to"

    # the many2one to res.partner that decides
    _presales_partner_field = "partner_id"

    @api.model
    def _presales_visible_ids(self, ids):
        if not ids:
            return set()
        self.env.cr.execute('SELECT id, "%s" FROM "%s" WHERE id IN %%s' % (
            self._presales_partner_field, self._table), (tuple(ids),))
        rows = self.env.cr.fetchall()
        partners = list({partner for _record, partner in rows if partner})
        readable = set(self.env["res.partner"].with_context(active_test=False)._search(
            [("id", "in", partners)])) if partners else set()
        return {record for record, partner in rows if not partner or partner in readable}


class ResPartnerBank(models.Model):
    _name = "res.partner.bank"
    _inherit = ["res.partner.bank", "presales.partner.bound.read.mixin"]


class AccountAnalyticAccount(models.Model):
    _name = "account.analytic.account"
    _inherit = ["account.analytic.account", "presales.partner.bound.read.mixin"]


class FleetVehicle(models.Model):
    """A car of the fleet whose driver is a customer names that customer."""

    _name = "fleet.vehicle"
    _inherit = ["fleet.vehicle", "presales.partner.bound.read.mixin"]
    _presales_partner_field = "driver_id"
