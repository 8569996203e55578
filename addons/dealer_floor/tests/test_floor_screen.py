"""The floor screen's lists (issue 21): my next activities, the new leads waiting with their
speed-to-lead clock, and the cars found by VIN, stock number or part of one, as the salesperson
reads them from dealer.floor (the page embeds floor_state(); /floor/api/cars runs find_cars());
and the apps the web client loads for each dealer role."""
import uuid
from datetime import timedelta

from odoo import fields
from odoo.tests import common

from .common import FloorCase

# The apps (root menus) the web client loads for each dealer role, as data/generic_menus.xml
# intends: a salesperson has Dealer Sales, the Sales Monitor and Discuss; Odoo's generic apps
# beside them (CRM, Sales, Calendar, Contacts, Dashboards) are the managers'; the director also
# keeps the register of processing (Privacy: dealer_privacy makes them a data protection manager).
SALESPERSON_APPS = {"automotive_presales.menu_dealer_sales_root", "sales_monitor.menu_sales_monitor_root",
                    "mail.mail_channel_menu_root_chat"}
MANAGER_APPS = SALESPERSON_APPS | {"crm.crm_menu_root", "sale.sale_menu_root", "calendar.mail_menu_calendar",
                                   "contacts.menu_contacts", "base.menu_board_root"}
ROOT_MENUS = {
    "automotive_presales.group_salesperson": SALESPERSON_APPS,
    "automotive_presales.group_branch_manager": MANAGER_APPS,
    "automotive_presales.group_sales_director": MANAGER_APPS | {"privacy.parent_menu_data_protection"},
}


def _ago(minutes):
    return fields.Datetime.to_string(fields.Datetime.from_string(fields.Datetime.now()) - timedelta(minutes=minutes))


def _in_days(days):
    return fields.Date.to_string(fields.Date.from_string(fields.Date.today()) + timedelta(days=days))


@common.at_install(False)
@common.post_install(True)
class TestFloorScreen(FloorCase):
    """After every addon is installed: the menus test sees each addon's apps."""

    maxDiff = None

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        Lead = cls.env["crm.lead"]
        cls.early = Lead.create({
            "type": "opportunity", "lead_type": "web", "lead_status": "warm", "contact_name": "Erik",
            "contact_lastname": "Early", "user_id": cls.sales_a.id, "team_id": cls.branch_a.id,
            "lead_received_at": _ago(180)})
        cls.late = Lead.create({
            "type": "opportunity", "lead_type": "web", "lead_status": "warm", "contact_name": "Lotte",
            "contact_lastname": "Later", "user_id": cls.sales_a.id, "team_id": cls.branch_a.id,
            "lead_received_at": _ago(45)})
        Activity = cls.env["mail.activity"]
        call = cls.env.ref("mail.mail_activity_data_call")
        model = cls.env["ir.model"]._get("crm.lead").id

        def plan(lead, user, days, summary):
            return Activity.create({"res_model_id": model, "res_id": lead.id, "user_id": user.id,
                                    "activity_type_id": call.id, "summary": summary,
                                    "date_deadline": _in_days(days)})
        cls.in_three_days = plan(cls.lead_a, cls.sales_a, 3, "Send the offer")
        cls.overdue = plan(cls.early, cls.sales_a, -1, "Call back")
        cls.tomorrow = plan(cls.late, cls.sales_a, 1, "Confirm the test drive")
        cls.colleagues = plan(cls.lead_a2, cls.sales_a2, 0, "Colleague's call")
        Car = cls.env["presales.stock.vehicle"]
        cls.car_a = Car.create({"stock_number": "FS-1001", "vin": "WVWZZZ1KZAW123456", "make": "Volkswagen",
                                "model": "Golf", "year": 2024, "team_id": cls.branch_a.id, "price": 31950})
        cls.car_b = Car.create({"stock_number": "FS-2002", "vin": "WF0XXXGCDX7654321", "make": "Ford",
                                "model": "Focus", "year": 2023, "team_id": cls.branch_b.id, "price": 24500})

    def test_my_next_activities_in_date_order_not_a_colleagues(self):
        activities = self.Floor.sudo(self.sales_a).floor_state()["activities"]
        ids = [activity["id"] for activity in activities]
        mine = [self.overdue.id, self.tomorrow.id, self.in_three_days.id]
        self.assertEqual([activity_id for activity_id in ids if activity_id in mine], mine)
        self.assertNotIn(self.colleagues.id, ids)
        self.assertEqual(self.env["mail.activity"].browse(ids).mapped("user_id"), self.sales_a)
        deadlines = [activity["deadline"] for activity in activities]
        self.assertEqual(deadlines, sorted(deadlines))
        overdue = activities[ids.index(self.overdue.id)]
        self.assertEqual((overdue["summary"], overdue["record"], overdue["state"]),
                         ("Call back", self.early.name, "overdue"))

    def test_new_leads_wait_with_their_clock_until_the_first_contact(self):
        Floor = self.Floor.sudo(self.sales_a)
        waiting = {lead["id"]: lead for lead in Floor.floor_state()["waiting"]}
        self.assertEqual([lead_id for lead_id in waiting if lead_id in (self.early | self.late | self.lead_a).ids],
                         [self.early.id, self.late.id, self.lead_a.id], "longest waiting first")
        self.assertNotIn(self.lead_a2.id, waiting, "a colleague's lead")
        for lead in self.early | self.late:
            self.assertEqual(waiting[lead.id]["received_at"], lead.lead_received_at)
        self.assertIn(waiting[self.early.id]["minutes"], (180, 181))
        Floor.log_contact({"client_uuid": str(uuid.uuid4()), "lead_id": self.early.id, "action": "call",
                           "summary": "Answered the web request"})
        self.assertTrue(self.early.first_response_minutes is not None)
        waiting = [lead["id"] for lead in Floor.floor_state()["waiting"]]
        self.assertNotIn(self.early.id, waiting, "an answered lead leaves the list")
        self.assertIn(self.late.id, waiting)

    def test_a_new_lead_is_never_crowded_out_by_old_unanswered_ones(self):
        old = self.env["crm.lead"]
        for days in range(2, 14):
            old |= self.env["crm.lead"].create({
                "type": "opportunity", "lead_type": "web", "lead_status": "warm", "contact_name": "Oud",
                "contact_lastname": "Lead %s" % days, "user_id": self.sales_a.id, "team_id": self.branch_a.id,
                "lead_received_at": _ago(days * 24 * 60)})
        waiting = self.Floor.sudo(self.sales_a).floor_state()["waiting"]
        ids = [lead["id"] for lead in waiting]
        self.assertEqual(len(ids), 10)
        self.assertLessEqual(set((self.early | self.late).ids), set(ids), "the leads of today are on the floor")
        self.assertNotIn(old.sorted("lead_received_at")[0].id, ids, "the oldest stays in Needs Attention")
        received = [lead["received_at"] for lead in waiting]
        self.assertEqual(received, sorted(received), "longest waiting first")

    def test_a_car_is_found_by_vin_stock_number_or_part_of_one(self):
        Floor = self.Floor.sudo(self.sales_a)

        def found(query):
            return [(car["id"], car["exact"]) for car in Floor.find_cars(query)
                    if car["id"] in (self.car_a | self.car_b).ids]
        self.assertEqual(found("WVWZZZ1KZAW123456"), [(self.car_a.id, True)])
        self.assertEqual(found(" wvwzzz1kzaw 123456 "), [(self.car_a.id, True)])
        self.assertEqual(found("FS-1001"), [(self.car_a.id, True)])
        self.assertEqual(found("123456"), [(self.car_a.id, False)], "the last digits of the VIN")
        self.assertEqual(found("fs-100"), [(self.car_a.id, False)], "part of the stock number")
        self.assertEqual(found("Golf"), [(self.car_a.id, False)])
        self.assertEqual(found("x"), [])
        # every salesperson reads the whole group's stock (no read rule): the other branch's car
        # is found, saying where it stands
        cars = Floor.find_cars("WF0XXXGCDX7654321")
        self.assertEqual([(car["id"], car["exact"], car["branch"]) for car in cars],
                         [(self.car_b.id, True, "Branch B")])

    def test_each_dealer_role_loads_only_the_apps_meant_for_it(self):
        category = self.env.ref("automotive_presales.module_category_dealer_sales")
        roles = self.env["res.groups"].search([("category_id", "=", category.id)])
        # a census: a new dealer role must say which apps it sees
        self.assertEqual(set(roles.get_external_id().values()), set(ROOT_MENUS))
        Menu = self.env["ir.ui.menu"]
        loaded = {}
        for role in roles:
            user = self._make_user("role_%d" % role.id, role.get_external_id()[role.id], self.branch_a)
            roots = Menu.browse([menu["id"] for menu in Menu.sudo(user).load_menus(False)["children"]])
            loaded[role.get_external_id()[role.id]] = set(roots.get_external_id().values())
        sales1 = self.env.ref("automotive_presales.user_sales1")
        roots = Menu.browse([menu["id"] for menu in Menu.sudo(sales1).load_menus(False)["children"]])
        loaded["sales1"] = set(roots.get_external_id().values())
        self.assertEqual(loaded, dict(ROOT_MENUS, sales1=ROOT_MENUS["automotive_presales.group_salesperson"]))
