from odoo.exceptions import AccessError

from .common import DealerCase


class TestOwnershipSalesDocuments(DealerCase):
    """Orders and invoices follow their salesperson: own, branch, all; never unassigned ones."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.director.sale_team_id = False
        cls.product = cls.env["product.product"].create({"name": "Estate, demo car", "list_price": 30000})
        cls.orders = {}
        cls.invoices = {}
        for key, user, team in (("own", cls.sales_a, cls.branch_a), ("colleague", cls.sales_a2, cls.branch_a),
                                ("other_branch", cls.sales_b, cls.branch_b),
                                ("unassigned", cls.env["res.users"], cls.branch_a),
                                ("unassigned_other_branch", cls.env["res.users"], cls.branch_b)):
            cls.orders[key] = cls.env["sale.order"].create({
                "partner_id": cls.customer_a.id, "user_id": user.id, "team_id": team.id,
                "order_line": [(0, 0, {"product_id": cls.product.id, "product_uom_qty": 1})]})
            cls.invoices[key] = cls.env["account.invoice"].create({
                "partner_id": cls.customer_a.id, "user_id": user.id, "team_id": team.id,
                "invoice_line_ids": [(0, 0, {
                    "product_id": cls.product.id, "name": "Estate", "quantity": 1, "price_unit": 30000,
                    "account_id": cls.env["account.account"].search(
                        [("user_type_id.type", "=", "other")], limit=1).id})]})

    def _seen(self, model, user, records):
        ids = [record.id for record in records.values()]
        found = self.env[model].sudo(user).search([("id", "in", ids)])
        return {key for key, record in records.items() if record in found}

    def test_orders_by_role(self):
        self.assertEqual(self._seen("sale.order", self.sales_a, self.orders), {"own"})
        self.assertEqual(self._seen("sale.order", self.sales_b, self.orders), {"other_branch"})
        self.assertEqual(self._seen("sale.order", self.manager_a, self.orders), {"own", "colleague", "unassigned"})
        self.assertEqual(self._seen("sale.order", self.director, self.orders), set(self.orders))
        lines = self.env["sale.order.line"].sudo(self.sales_a).search(
            [("order_id", "in", [order.id for order in self.orders.values()])])
        self.assertEqual(lines.mapped("order_id"), self.orders["own"])

    def test_invoices_by_role(self):
        self.assertEqual(self._seen("account.invoice", self.sales_a, self.invoices), {"own"})
        self.assertEqual(self._seen("account.invoice", self.sales_a2, self.invoices), {"colleague"})
        self.assertEqual(self._seen("account.invoice", self.manager_a, self.invoices),
                         {"own", "colleague", "unassigned"})
        self.assertEqual(self._seen("account.invoice", self.director, self.invoices), set(self.invoices))
        lines = self.env["account.invoice.line"].sudo(self.sales_b).search(
            [("invoice_id", "in", [invoice.id for invoice in self.invoices.values()])])
        self.assertEqual(lines.mapped("invoice_id"), self.invoices["other_branch"])

    def test_a_salesperson_cannot_open_or_count_a_foreign_or_unassigned_document(self):
        for key in ("colleague", "other_branch", "unassigned"):
            with self.assertRaises(AccessError):
                self.orders[key].sudo(self.sales_a).read(["name", "amount_total"])
            with self.assertRaises(AccessError):
                self.invoices[key].sudo(self.sales_a).read(["number", "amount_total"])
        groups = self.env["account.invoice"].sudo(self.sales_a).read_group(
            [("id", "in", [invoice.id for invoice in self.invoices.values()])],
            ["amount_total", "user_id"], ["user_id"])
        self.assertEqual([group["user_id"][0] for group in groups], [self.sales_a.id])

    def test_the_analysis_reports_follow_the_salesperson(self):
        rows = self.env["sale.report"].sudo(self.sales_a).search([])
        self.assertFalse(rows.filtered(lambda row: row.user_id != self.sales_a),
                         "the sales analysis shows only the salesperson's own rows, no unassigned ones")
        rows = self.env["sale.report"].sudo(self.manager_a).search([])
        self.assertEqual(rows.mapped("team_id"), self.branch_a)
        self.assertTrue(self.env["sale.report"].sudo(self.sales_a).search([("user_id", "=", self.sales_a.id)]))

    def test_billing_staff_keep_every_invoice(self):
        clerk = self._make_user("clerk", "account.group_account_invoice", self.branch_b)
        self.assertEqual(self._seen("account.invoice", clerk, self.invoices), set(self.invoices))
