from odoo.tests.common import SavepointCase


class DealerCase(SavepointCase):
    """Two branches, a salesperson per branch (two in branch A), a manager of branch A and a
    director, made once per test class. Tests never depend on the demo data."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.env = cls.env(context=dict(cls.env.context, tracking_disable=True, no_reset_password=True))
        cls.branch_a = cls.env["crm.team"].create({"name": "Branch A"})
        cls.branch_b = cls.env["crm.team"].create({"name": "Branch B"})
        cls.sales_a = cls._make_user("sales_a", "automotive_presales.group_salesperson", cls.branch_a)
        cls.sales_a2 = cls._make_user("sales_a2", "automotive_presales.group_salesperson", cls.branch_a)
        cls.sales_b = cls._make_user("sales_b", "automotive_presales.group_salesperson", cls.branch_b)
        cls.manager_a = cls._make_user("manager_a", "automotive_presales.group_branch_manager", cls.branch_a)
        cls.director = cls._make_user("director_x", "automotive_presales.group_sales_director", cls.branch_b)
        cls.branch_a.user_id = cls.manager_a
        cls.customer_a = cls.env["res.partner"].create(
            {"firstname": "Anna", "lastname": "Alpha", "customer": True})
        cls.customer_b = cls.env["res.partner"].create(
            {"firstname": "Bert", "lastname": "Beta", "customer": True})

    @classmethod
    def _make_user(cls, login, group_xmlid, branch):
        return cls.env["res.users"].create({
            "name": login.replace("_", " ").title(),
            "login": login,
            "email": "%s@example.com" % login,
            "sale_team_id": branch.id,
            "groups_id": [(6, 0, [cls.env.ref("base.group_user").id, cls.env.ref(group_xmlid).id])],
        })
