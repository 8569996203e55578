from odoo.exceptions import AccessError, ValidationError

from odoo.addons.automotive_presales.tests.common import sales_up_values

from .common import ConfiguratorCase

# Hand-checked from the demo catalog (prices excl. VAT, 21 % VAT), the 2026 BPM tariff and the demo
# road-ready costs (1,019.20 a car), on the road:
# Golf Style 33,490 + 2.0 TDI 2,600 + DSG 1,850 + Kings Red 1,050 + leather 2,250 = 41,240.00
#   x 12 = 494,880.00 + VAT 103,924.80 = 598,804.80, BPM 12 x 11,907.50 = 142,890.00 (diesel 119 g/km),
#   road-ready 12 x 1,019.20 = 12,230.40: 753,925.20
# Golf Life 29,990 (1.5 TSI, manual, white, cloth at no extra cost)
#   x 4 = 119,960.00 + VAT 25,191.60 = 145,151.60, BPM 4 x 7,795.00 = 31,180.00 (petrol 128 g/km),
#   road-ready 4,076.80: 180,408.40
# the whole deal: 16 cars, 934,333.60
# a company customer: the sales up names the fleet manager
FLEET_CONTACT = {"contact_name": "Fleet", "contact_lastname": "Manager"}
ESTATES_TOTAL = 753925.20
POOL_TOTAL = 180408.40


class TestFleetGroups(ConfiguratorCase):
    """A fleet deal is one project group split into sub-projects (a sales up each): totals per
    sub-project and for the deal, every alternative for the director, only their own part for a
    salesperson, and a warning about a competing colleague but not about the other parts of the deal."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        Lead = cls.env["crm.lead"]
        cls.lease = cls.env["res.partner"].create({"name": "Lease Co", "is_company": True})
        cls.lead_estates = Lead.create(sales_up_values({
            "name": "Estates for Lease Co", "partner_id": cls.lease.id, **FLEET_CONTACT, "user_id": cls.sales_a.id,
            "team_id": cls.branch_a.id}))
        cls.lead_pool = Lead.create(sales_up_values({
            "name": "Pool cars for Lease Co", "partner_id": cls.lease.id, **FLEET_CONTACT, "user_id": cls.sales_b.id,
            "team_id": cls.branch_b.id}))
        cls.lead_spare = Lead.create(sales_up_values({
            "name": "Spare cars for Lease Co", "partner_id": cls.lease.id, **FLEET_CONTACT, "user_id": False,
            "team_id": cls.branch_a.id}))
        cls.lead_rival = Lead.create(sales_up_values({
            "name": "Rival estates for Lease Co", "partner_id": cls.lease.id, **FLEET_CONTACT,
            "user_id": cls.sales_a2.id, "team_id": cls.branch_a.id}))
        Offer = cls.env["presales.offer"]

        def offer(lead, config, **values):
            return Offer.create(dict(values, lead_id=lead.id, configuration_ids=[(6, 0, config.ids)]))

        cls.estates_old = offer(cls.lead_estates, cls.configure(cls.lead_estates, quantity=10))
        cls.estates_new = offer(cls.lead_estates, cls.configure(cls.lead_estates, quantity=12))
        cls.estates_declined = offer(cls.lead_estates, cls.configure(cls.lead_estates, quantity=14),
                                     state="declined")
        cls.pool = offer(cls.lead_pool, cls.configure(
            cls.lead_pool, version=cls.golf_life, quantity=4, engine_id=cls.item("golf_tsi"),
            transmission_id=cls.item("golf_manual"), colour_id=cls.item("vw_white"),
            upholstery_id=cls.item("vw_cloth")))
        cls.rival = offer(cls.lead_rival, cls.configure(cls.lead_rival, quantity=12))
        cls.group = cls.estates_new.project_group_id
        SubProject = cls.env["presales.sub.project"]
        cls.sub_estates = SubProject.create({
            "name": "12 estates", "project_group_id": cls.group.id, "lead_id": cls.lead_estates.id})
        cls.sub_pool = SubProject.create({
            "name": "4 pool cars", "project_group_id": cls.group.id, "lead_id": cls.lead_pool.id})
        cls.sub_spare = SubProject.create({
            "name": "spare cars", "project_group_id": cls.group.id, "lead_id": cls.lead_spare.id})

    def test_totals_per_sub_project_and_for_the_deal(self):
        self.assertEqual(self.sub_estates.counted_offer_id, self.estates_new,
                         "the latest open alternative counts, not the sum of the alternatives")
        self.assertEqual(self.sub_estates.car_count, 12)
        self.assertAlmostEqual(self.sub_estates.amount_total, ESTATES_TOTAL, places=2)
        self.assertEqual(self.sub_pool.car_count, 4)
        self.assertAlmostEqual(self.sub_pool.amount_total, POOL_TOTAL, places=2)
        self.assertEqual(self.sub_spare.car_count, 0)
        director_group = self.group.sudo(self.director)
        self.assertEqual(director_group.deal_car_count, 16)
        self.assertAlmostEqual(director_group.deal_amount_total, 934333.60, places=2)
        # once the customer accepts the older alternative, that one counts
        self.estates_old.action_accept()
        self.sub_estates.invalidate_cache()
        self.assertEqual(self.sub_estates.counted_offer_id, self.estates_old)
        self.assertEqual(self.sub_estates.car_count, 10)
        self.assertEqual(self.group.sudo(self.director).deal_car_count, 14)

    def test_the_director_sees_every_alternative_of_the_deal(self):
        group = self.env["presales.project.group"].sudo(self.director).browse(self.group.id)
        self.assertEqual(group.sub_project_ids, self.sub_estates | self.sub_pool | self.sub_spare)
        self.assertEqual(group.offer_ids,
                         self.estates_old | self.estates_new | self.estates_declined | self.pool | self.rival)
        self.assertEqual(group.sub_project_ids[0].offer_ids,
                         self.estates_old | self.estates_new | self.estates_declined)
        self.assertEqual(self.estates_new.sudo(self.director).sub_project_id, self.sub_estates)

    def test_what_each_role_sees_of_the_sub_projects(self):
        subs = self.sub_estates | self.sub_pool | self.sub_spare
        expected = {
            self.sales_a: self.sub_estates,
            self.sales_a2: self.env["presales.sub.project"],
            self.sales_b: self.sub_pool,
            self.manager_a: self.sub_estates | self.sub_spare,
            self.director: subs,
        }
        SubProject = self.env["presales.sub.project"]
        for user, visible in expected.items():
            with self.subTest(user=user.login):
                self.assertEqual(SubProject.sudo(user).search([("id", "in", subs.ids)]), visible)
        # the salesperson of the pool sees the deal's group, but only their own part and their own offer
        group = self.env["presales.project.group"].sudo(self.sales_b).browse(self.group.id)
        self.assertEqual(group.sub_project_ids, self.sub_pool)
        self.assertEqual(group.offer_ids, self.pool)
        self.assertEqual(group.deal_car_count, 4, "a salesperson's deal total holds only their own parts")
        with self.assertRaises(AccessError):
            self.sub_estates.sudo(self.sales_b).read(["amount_total"])
        with self.assertRaises(AccessError):
            self.sub_pool.sudo(self.sales_a).read(["name"])

    def test_only_the_director_splits_a_deal(self):
        """A deal split before any offer: its salesperson sees the group at once, a colleague does not."""
        customer = self.env["res.partner"].create({"name": "Second Lease", "is_company": True})
        lead = self.env["crm.lead"].create(sales_up_values({
            "name": "Vans for Second Lease", "partner_id": customer.id, **FLEET_CONTACT,
            "user_id": self.sales_a.id, "team_id": self.branch_a.id}))
        group = self.env["presales.project.group"].sudo(self.director).create(
            {"name": "Second Lease vans", "partner_id": customer.id})
        values = {"name": "vans", "project_group_id": group.id, "lead_id": lead.id}
        for user in (self.sales_a, self.manager_a):
            with self.subTest(user=user.login), self.assertRaises(AccessError):
                self.env["presales.sub.project"].sudo(user).create(values)
        with self.assertRaises(AccessError):
            self.sub_estates.sudo(self.sales_a).write({"name": "renamed"})
        sub = self.env["presales.sub.project"].sudo(self.director).create(values)
        self.assertEqual(sub.user_id, self.sales_a)
        Group = self.env["presales.project.group"]
        self.assertEqual(Group.sudo(self.sales_a).search([("id", "=", group.id)]), group)
        self.assertEqual(Group.sudo(self.manager_a).search([("id", "=", group.id)]), group)
        self.assertFalse(Group.sudo(self.sales_a2).search([("id", "=", group.id)]))
        self.assertFalse(Group.sudo(self.sales_b).search([("id", "=", group.id)]))

    def test_a_sub_project_must_be_for_the_group_s_customer(self):
        with self.assertRaises(ValidationError) as error:
            self.env["presales.sub.project"].create({
                "name": "Anna's Golf", "project_group_id": self.group.id, "lead_id": self.lead_a.id})
        self.assertIn("Sub-project Anna's Golf: field Sales up", error.exception.name)
        self.assertIn("Lease Co", error.exception.name)

    def test_warned_about_a_competing_colleague_not_about_the_other_parts_of_the_deal(self):
        warning = self.estates_new.sudo(self.sales_a).colleague_warning
        self.assertIn("Open offer by Sales A2:", warning)
        self.assertIn("{:,.2f} €".format(self.rival.amount_total), warning)
        self.assertNotIn(self.lead_rival.name, warning)
        self.assertNotIn("Sales B", warning, "the pool cars complement the estates, they do not compete")
        # the rival, outside the deal, hears of every part of it: who and at what price
        draft = self.env["presales.offer"].sudo(self.sales_a2).new({"lead_id": self.lead_rival.id})
        message = draft._onchange_lead_id()["warning"]["message"]
        self.assertIn("Open offer by Sales A:", message)
        self.assertIn("Open offer by Sales B:", message)
        self.assertIn("{:,.2f} €".format(POOL_TOTAL), message)
        self.assertNotIn(self.lead_estates.name, message)
        self.assertNotIn(self.lead_pool.name, message)
        self.assertFalse(self.env["presales.offer"].sudo(self.sales_a2).search([("id", "=", self.pool.id)]))

    def test_demo_fleet_deal(self):
        group = self.env.ref("automotive_configurator.project_group_fleet_lease")
        self.assertEqual(len(group.sub_project_ids), 2)
        self.assertEqual(group.deal_car_count, 16)
        self.assertEqual(len(group.offer_ids), 3)
