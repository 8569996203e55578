from odoo.exceptions import AccessError

from .common import DealerCase


class TestGroups(DealerCase):

    def test_roles_imply_each_other_upwards_only(self):
        self.assertTrue(self.sales_a.has_group("automotive_presales.group_salesperson"))
        self.assertFalse(self.sales_a.has_group("automotive_presales.group_branch_manager"))
        self.assertTrue(self.manager_a.has_group("automotive_presales.group_salesperson"))
        self.assertFalse(self.manager_a.has_group("automotive_presales.group_sales_director"))
        self.assertTrue(self.director.has_group("automotive_presales.group_branch_manager"))
        self.assertTrue(self.director.has_group("automotive_presales.group_salesperson"))

    def test_only_the_director_gets_every_lead_of_odoo_sales(self):
        """Odoo's own 'all leads' group would show a branch manager every branch."""
        self.assertFalse(self.manager_a.has_group("sales_team.group_sale_salesman_all_leads"))
        self.assertFalse(self.sales_a.has_group("sales_team.group_sale_salesman_all_leads"))
        self.assertTrue(self.director.has_group("sales_team.group_sale_manager"))

    def test_salesperson_cannot_configure_the_funnel(self):
        phase = self.env.ref("automotive_presales.phase_test_drive")
        self.assertEqual(phase.sudo(self.sales_a).name, "Test drive")
        with self.assertRaises(AccessError):
            phase.sudo(self.sales_a).write({"name": "Renamed"})
        phase.sudo(self.director).write({"name": "Test drive (demo car)"})
        self.assertEqual(phase.name, "Test drive (demo car)")

    def test_the_funnel_phases_are_seeded_in_order_in_their_blocks(self):
        phases = self.env["presales.funnel.phase"].search([("after_sales", "=", False)])
        self.assertEqual(len(phases), 12)
        self.assertEqual(phases[0].code, "lead_importer")
        self.assertEqual(phases[-1].code, "happy_call")
        self.assertEqual(phases.filtered("is_lost").code, "lost_order")
        self.assertEqual(phases[0].block_id, self.env.ref("automotive_presales.block_leads"))
        self.assertEqual(len(self.env["presales.funnel.phase"].search([("after_sales", "=", True)])), 4)
