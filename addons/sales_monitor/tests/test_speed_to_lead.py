import datetime
import json

from odoo import fields

from .common import MonitorCase

RECEIVED = datetime.datetime(2026, 6, 3, 10, 0)


def _at(minutes):
    return fields.Datetime.to_string(RECEIVED + datetime.timedelta(minutes=minutes))


class TestSpeedToLead(MonitorCase):
    """Branch B in June 2026, counted by hand: four web leads received at 10:00.

    S1 first call at 10:12 (counts within 30, not within 5); S2 call at 10:03 (within 5); S3 an
    automatic e-mail at 10:01 (no contact) and a call at 11:00 (60 minutes); S4 nobody yet.
    """

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.june = {"date_from": "2026-06-01", "date_to": "2026-06-30"}
        cls.speed = {}
        for name, moments in (("S1", [("call", 12)]), ("S2", [("call", 3)]),
                              ("S3", [("email_auto", 1), ("call", 60)]), ("S4", [])):
            lead = cls._lead(name, cls.sales_b, cls.branch_b, "web", _at(0), False, 10000, 50, "warm")
            for kind, minutes in moments:
                cls._moment(lead, kind, _at(minutes))
            cls.speed[name] = lead

    def test_the_clock_runs_from_the_leads_arrival_to_the_first_contact_that_counts(self):
        self.assertEqual(self.speed["S1"].lead_received_at, _at(0))
        self.assertEqual([self.speed[name].first_response_minutes for name in ("S1", "S2", "S3", "S4")],
                         [12, 3, 60, False])

    def test_a_lead_first_called_at_12_minutes_counts_within_30_and_not_within_5(self):
        rows = self._rows(self.sales_b, "customers", **self.june)
        s1 = rows[self.speed["S1"].id]
        self.assertEqual((s1["contacted_within_5_pct"], s1["contacted_within_30_pct"]), (0.0, 100.0))
        self.assertEqual(s1["speed_to_lead_minutes"], 12)
        s2 = rows[self.speed["S2"].id]
        self.assertEqual((s2["contacted_within_5_pct"], s2["contacted_within_30_pct"]), (100.0, 100.0))
        s4 = rows[self.speed["S4"].id]
        self.assertEqual((s4["contacted_within_5_pct"], s4["contacted_within_30_pct"], s4["speed_to_lead_minutes"]),
                         (0.0, 0.0, None))

    def test_every_level_shows_the_shares_and_the_median_alike(self):
        # level 1 of the director reads the rollups, the others go through the rules: same figures
        expected = {"contacted_within_5_pct": 25.0, "contacted_within_30_pct": 50.0,
                    "speed_to_lead_minutes": 12, "leads": 4}
        for user, level, filters in ((self.director, "branches", {}),
                                     (self.director, "staff", {"team_id": self.branch_b.id}),
                                     (self.sales_b, "staff", {})):
            rows = self._rows(user, level, **dict(self.june, **filters))
            row = rows[self.branch_b.id if level == "branches" else self.sales_b.id]
            self.assertEqual({key: row[key] for key in expected}, expected, (user.login, level))
        # the rollups without them: the same answer
        rows = self.env["sales.monitor"].sudo(self.director).with_context(sales_monitor_no_rollup=True) \
            .monitor_data("branches", **self.june)["rows"]
        row = [row for row in rows if row["id"] == self.branch_b.id][0]
        self.assertEqual({key: row[key] for key in expected}, expected)

    def test_the_first_contact_rules_are_settings(self):
        # an automatic e-mail made to count: S3 was contacted after one minute
        rule = self.env.ref("automotive_presales.first_contact_email_auto")
        rule.counts = True
        self.assertEqual(self.speed["S3"].first_response_minutes, 1)
        # a call by chat does not count (the channel's rule wins over the kind's)
        self.env["presales.first.contact.rule"].create({
            "kind_id": self.env.ref("automotive_presales.kind_call").id, "channel": "chat", "counts": False})
        moment = self._moment(self.speed["S4"], "call", _at(7))
        moment.channel = "chat"
        self.assertIs(self.speed["S4"].first_response_minutes, False)
        moment.channel = "phone"
        self.assertEqual(self.speed["S4"].first_response_minutes, 7)


class TestEscalation(MonitorCase):
    """A lead nobody contacts reminds its owner after 5 minutes and the branch manager after 30,
    once each, with a notification on their screen backed by a to-do."""

    def _waiting(self, name, minutes_ago, user, branch, now):
        received = fields.Datetime.to_string(now - datetime.timedelta(minutes=minutes_ago))
        return self._lead(name, user, branch, "web", received, False, 10000, 50, "warm")

    def _todos(self, lead, user):
        return self.env["mail.activity"].search([("res_model", "=", "crm.lead"), ("res_id", "=", lead.id),
                                                 ("user_id", "=", user.id)])

    def _warnings(self, user):
        return self.env["bus.bus"].search([("channel", "=", '"notify_warning_%d"' % user.id)])

    def test_owner_then_branch_manager_once_each(self):
        now = fields.Datetime.from_string(fields.Datetime.now())
        fresh = self._waiting("fresh", 2, self.sales_a, self.branch_a, now)
        late = self._waiting("late", 10, self.sales_a, self.branch_a, now)
        forgotten = self._waiting("forgotten", 40, self.sales_a, self.branch_a, now)
        answered = self._waiting("answered", 40, self.sales_a, self.branch_a, now)
        self._moment(answered, "call", fields.Datetime.to_string(now - datetime.timedelta(minutes=28)))
        todos_before = {lead: len(self._todos(lead, self.sales_a)) for lead in (fresh, late, forgotten, answered)}
        warnings_before = len(self._warnings(self.manager_a))
        Monitor = self.env["sales.monitor"]
        Monitor._cron_speed_to_lead(now=fields.Datetime.to_string(now))
        reminded = {lead: len(self._todos(lead, self.sales_a)) - todos_before[lead]
                    for lead in (fresh, late, forgotten, answered)}
        self.assertEqual(reminded, {fresh: 0, late: 1, forgotten: 1, answered: 0})
        self.assertTrue([summary for summary in self._todos(late, self.sales_a).mapped("summary")
                         if "waiting 10 minutes" in summary])
        self.assertEqual([bool(self._todos(lead, self.manager_a)) for lead in (fresh, late, forgotten, answered)],
                         [False, False, True, False])
        self.assertEqual(len(self._warnings(self.manager_a)), warnings_before + 1)
        self.assertTrue(forgotten.speed_owner_reminded_at and forgotten.speed_manager_escalated_at)
        # once each: the next minute tells nobody again
        Monitor._cron_speed_to_lead(now=fields.Datetime.to_string(now + datetime.timedelta(minutes=1)))
        self.assertEqual(len(self._todos(forgotten, self.manager_a)), 1)
        self.assertEqual(len(self._todos(late, self.sales_a)), todos_before[late] + 1)

    def test_the_minutes_are_set_per_branch(self):
        now = fields.Datetime.from_string(fields.Datetime.now())
        self.branch_a.write({"speed_owner_minutes": 15, "speed_manager_minutes": 60})
        lead = self._waiting("patient branch", 40, self.sales_a, self.branch_a, now)
        before = len(self._todos(lead, self.sales_a))
        self.env["sales.monitor"]._cron_speed_to_lead(now=fields.Datetime.to_string(now))
        self.assertEqual(len(self._todos(lead, self.sales_a)), before + 1)
        self.assertFalse(self._todos(lead, self.manager_a))


class TestNotifications(MonitorCase):
    """A sales up given to a salesperson tells them; the open monitors that show a change are
    told on the viewer's own partner channel, and only those."""

    def setUp(self):
        super().setUp()
        # the fixtures assigned silently; here assignments speak, as in the web client
        self.env = self.env(context=dict(self.env.context, mail_auto_subscribe_no_notify=False))
        self.l1 = self.l1.with_env(self.env)

    def _monitor_messages(self, user, since_id):
        """The monitor's messages on the user's own partner channel since that bus id, decoded."""
        channel = json.dumps([self.env.cr.dbname, "res.partner", user.partner_id.id], separators=(",", ":"))
        messages = [json.loads(message) for message in self.env["bus.bus"].search(
            [("channel", "=", channel), ("id", ">", since_id)], order="id").mapped("message")]
        return [message for message in messages if message.get("type") == "sales_monitor.changed"]

    def _last_bus_id(self):
        self.env.cr.execute("SELECT coalesce(max(id), 0) FROM bus_bus")
        return self.env.cr.fetchone()[0]

    def test_a_reassigned_sales_up_tells_its_new_owner_not_the_manager_who_gave_it(self):
        Activity = self.env["mail.activity"]
        before = Activity.search_count([("res_id", "=", self.l1.id), ("res_model", "=", "crm.lead"),
                                        ("user_id", "=", self.sales_a2.id)])
        self.l1.sudo(self.manager_a).write({"user_id": self.sales_a2.id})
        todos = Activity.search([("res_id", "=", self.l1.id), ("res_model", "=", "crm.lead"),
                                 ("user_id", "=", self.sales_a2.id)])
        self.assertEqual(len(todos) - before, 1)
        self.assertTrue([summary for summary in todos.mapped("summary") if "New sales up for you" in summary])
        warning = self.env["bus.bus"].search([("channel", "=", '"notify_warning_%d"' % self.sales_a2.id)])
        self.assertTrue(warning, "the new owner gets a notification on their screen")

    def test_a_salesperson_taking_a_sales_up_is_not_told_about_it(self):
        lead = self.env["crm.lead"].create({
            "name": "for sales_a", "type": "opportunity", "contact_name": "For", "contact_lastname": "Sales A",
            "lead_type": "walk_in", "lead_status": "warm", "user_id": self.sales_a.id, "team_id": self.branch_a.id})
        own = self.env["crm.lead"].sudo(self.sales_a).create({
            "name": "walk-in", "type": "opportunity", "contact_name": "Walk", "contact_lastname": "In",
            "lead_type": "walk_in", "lead_status": "warm", "user_id": self.sales_a.id, "team_id": self.branch_a.id})
        self.assertFalse(self.env["mail.activity"].search([("res_model", "=", "crm.lead"),
                                                           ("res_id", "=", own.id)]))
        # created by someone else for them (here: the test's superuser), it is announced
        self.assertTrue(self.env["mail.activity"].search([("res_model", "=", "crm.lead"), ("res_id", "=", lead.id),
                                                          ("user_id", "=", self.sales_a.id)]))

    def test_the_audience_is_who_the_monitor_shows_each_branch_to(self):
        Monitor = self.env["sales.monitor"]
        directors, teams_of = Monitor._monitor_audience()
        self.assertIn(self.director.partner_id.id, directors)
        self.assertNotIn(self.manager_a.partner_id.id, directors)
        managers = self.env.ref("automotive_presales.group_branch_manager").users.filtered(
            lambda user: user.active and user.partner_id.id not in directors)
        self.assertIn(self.manager_a, managers)
        for manager in managers:
            self.assertEqual(teams_of.get(manager.partner_id.id, set()), set(Monitor._monitor_teams(manager).ids),
                             manager.login)
        self.assertEqual(teams_of[self.manager_a.partner_id.id], {self.branch_a.id})

    def test_a_logged_contact_is_announced_to_the_monitors_that_show_it(self):
        since = self._last_bus_id()
        self._moment(self.l1, "call", "2026-03-11 09:00:00")
        for user, teams in ((self.director, [self.branch_a.id]), (self.manager_a, [self.branch_a.id]),
                            (self.sales_a, [])):
            messages = self._monitor_messages(user, since)
            self.assertEqual(len(messages), 1, user.login)
            self.assertEqual((messages[0]["lead_ids"], messages[0]["team_ids"]), ([self.l1.id], teams), user.login)
        # a salesperson of the branch who does not work L1, and another branch's salesperson: nothing
        for user in (self.sales_a2, self.sales_b):
            self.assertEqual(self._monitor_messages(user, since), [], user.login)

    def test_what_a_salesperson_is_told_names_only_their_rows(self):
        since = self._last_bus_id()
        self.l4.sudo().write({"planned_revenue": 12345})
        self._moment(self.l1, "email", "2026-03-12 09:00:00")
        told = self._monitor_messages(self.sales_a, since)
        self.assertEqual([(message["lead_ids"], message["team_ids"], message["user_ids"]) for message in told],
                         [([self.l1.id], [], [self.sales_a.id])])
        director = self._monitor_messages(self.director, since)
        self.assertEqual([message["team_ids"] for message in director], [[self.branch_b.id], [self.branch_a.id]])
        self.assertEqual(director[0]["lead_ids"], [self.l4.id])


class TestProcessRates(MonitorCase):
    """Contact, appointment, show, sold-of-shown and close rates against the director's benchmarks,
    per branch, salesperson and source, counted by hand on branch B in June 2026.

    P1 contacted, appointment set, did not come; P2 contacted, came to the appointment and bought;
    P3 contacted only; P4 never reached. Leads 4, contacted 3, appointments 2, shown of those 1,
    sold of shown 1, sold 1.
    """

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.june = {"date_from": "2026-06-01", "date_to": "2026-06-30"}
        cls.p = {}
        for name, steps, contacted in (("P1", ["appointment_set"], True),
                                       ("P2", ["appointment_set", "appointment_shown"], True),
                                       ("P3", [], True), ("P4", [], False)):
            lead = cls._lead(name, cls.sales_b, cls.branch_b, "web", _at(0), False, 10000, 50, "warm",
                             source=cls.source if name in ("P1", "P2") else None)
            if contacted:
                cls._moment(lead, "call", _at(20))
            for step in steps:
                lead._presales_log_step(step)
            cls.p[name] = lead
        cls.p["P2"].write({"probability": 100})

    def test_the_rates_are_counted_by_hand_at_every_level(self):
        expected = {"contact": 75.0, "appointment": 50.0, "show": 50.0, "sold_of_shown": 100.0, "close": 25.0}
        for user, level, filters, row_id in ((self.director, "branches", {}, self.branch_b.id),
                                             (self.director, "staff", {"team_id": self.branch_b.id}, self.sales_b.id)):
            row = self._rows(user, level, **dict(self.june, **filters))[row_id]
            self.assertEqual({code: rate["rate"] for code, rate in row["process"].items()}, expected, level)
            self.assertEqual(row["process"]["close"]["gap"], 10.0)
            self.assertEqual(row["process"]["show"]["gap"], -20.0)

    def test_per_source_and_the_benchmarks_are_the_directors(self):
        self.env["res.config.settings"].create({"monitor_benchmark_close": 30}).set_values()
        for filters in ({}, {"team_id": self.branch_b.id}):
            level = "staff" if filters else "branches"
            # by id, not by name
            sources = {source["source_id"]: source for source in self._data(
                self.director, level, **dict(self.june, **filters))["sources"]}
            portal = sources[self.source.id]
            self.assertEqual((portal["leads"], portal["process"]["appointment"]["rate"],
                              portal["process"]["close"]["rate"]), (2, 100.0, 50.0), level)
            self.assertEqual(portal["process"]["close"]["benchmark"], 30.0)
            # P3 and P4 came in without a source: the web's own (automotive_presales gives one)
            others = [source for source_id, source in sources.items() if source_id != self.source.id]
            self.assertEqual([(source["leads"], source["process"]["contact"]["rate"]) for source in others],
                             [(2, 50.0)], level)

    def test_process_flags_sql_equals_the_python_rule(self):
        from ..lib import monitor
        from ..models.sales_monitor_rollup import computed_key
        from odoo.addons.automotive_presales.lib import lifecycle
        leads = self.env["crm.lead"].with_context(active_test=False).search(
            [("team_id", "in", (self.branch_a | self.branch_b).ids)])
        self.env.cr.execute("SELECT id, %s FROM crm_lead WHERE id IN %%s" % computed_key("process_flags", "crm_lead."),
                            (tuple(leads.ids),))
        flags = dict(self.env.cr.fetchall())
        for lead in leads:
            sold = lifecycle.is_won(lead.active, lead.probability, lead.lead_status) or lead.monitor_furthest_step >= 4
            self.assertEqual(flags[lead.id], monitor.process_flags(
                lead.first_response_minutes is not False, lead.monitor_appointment,
                lead.monitor_shown or lead.monitor_furthest_step >= 2, sold), lead.name)


class TestSoldInTheDmsOnly(MonitorCase):
    """The DMS reports sales the CRM does not know (or learns of late): a discipline figure per
    salesperson, in branch B in July 2026, counted by hand."""

    def _dms(self, kind, when, lead=None, partner=None):
        return self.env["presales.contact.moment"].create({
            "kind": kind, "summary": "DMS %s" % kind, "origin": "dms", "user_id": self.sales_b.id,
            "team_id": self.branch_b.id, "lead_id": lead.id if lead else False,
            "partner_id": (partner or lead.partner_id).id, "occurred_at": when})

    def test_dms_sales_without_a_won_sales_up_and_deals_logged_late(self):
        open_lead = self._lead("Open", self.sales_b, self.branch_b, "web", "2026-07-01 09:00:00", self.customer_b,
                               20000, 50, "warm")
        late = self._lead("Late", self.sales_b, self.branch_b, "web", "2026-07-01 09:00:00", self.customer_b,
                          20000, 50, "warm")
        on_time = self._lead("On time", self.sales_b, self.branch_b, "web", "2026-07-01 09:00:00", self.customer_b,
                             20000, 50, "warm")
        # delivered by the DMS, open in the CRM (an order would have won it: the lifecycle's fact)
        self._dms("delivery", "2026-07-05 10:00:00", lead=open_lead)
        # delivered to a customer without any sales up
        nobody = self.env["res.partner"].create({"name": "Hans Theta", "customer": True})
        self._dms("delivery", "2026-07-06 10:00:00", partner=nobody)
        # the DMS's orders win their sales ups; the CRM closed one of them three days later
        self._dms("agreement", "2026-07-07 10:00:00", lead=late)
        self._dms("agreement", "2026-07-08 10:00:00", lead=on_time)
        for lead, closed in ((late, "2026-07-10 10:00:00"), (on_time, "2026-07-08 12:00:00")):
            self.assertEqual(lead.lifecycle_state, "won")
            self.env.cr.execute("UPDATE crm_lead SET date_closed = %s WHERE id = %s", (closed, lead.id))
        july = {"date_from": "2026-07-01", "date_to": "2026-07-31"}
        row = self._rows(self.director, "staff", team_id=self.branch_b.id, **july)[self.sales_b.id]
        self.assertEqual((row["dms_sales_not_in_crm"], row["deals_logged_late"]), (2, 1))
        # the open sales up won in the CRM: the DMS's sale is matched, and logged late as well
        open_lead.write({"probability": 100})
        row = self._rows(self.director, "staff", team_id=self.branch_b.id, **july)[self.sales_b.id]
        self.assertEqual((row["dms_sales_not_in_crm"], row["deals_logged_late"]), (1, 2))

    def test_the_dms_agreement_closes_its_sales_up_at_its_own_date(self):
        lead = self._lead("Signed", self.sales_b, self.branch_b, "web", "2026-07-01 09:00:00", self.customer_b,
                          20000, 50, "warm")
        self._dms("agreement", "2026-07-05 10:00:00", lead=lead)
        self.assertEqual((lead.lifecycle_state, lead.date_closed), ("won", "2026-07-05 10:00:00"))


class TestSoldInTheDmsAttribution(MonitorCase):
    """A sale the DMS reports without a sales up (an order or delivery of a customer only) is
    counted for the sales up and salesperson it belongs to: at once when the customer has one
    sales up to give it, or when the deal is won in the CRM later (logged late)."""

    def _dms_sale(self, kind, when, partner, user):
        return self.env["presales.contact.moment"].create({
            "kind": kind, "summary": "DMS %s" % kind, "origin": "dms", "user_id": user.id,
            "team_id": self.branch_b.id, "partner_id": partner.id, "occurred_at": when})

    def test_a_delivery_for_a_customer_with_one_open_sales_up_is_that_sales_ups(self):
        customer = self.env["res.partner"].create({"name": "Eva Epsilon", "customer": True})
        lead = self._lead("Eva's Golf", self.sales_b, self.branch_b, "web", "2026-07-01 09:00:00", customer,
                          20000, 50, "warm")
        # the DMS names no salesperson we know: its default (sales_a here) would get the sale
        delivery = self._dms_sale("delivery", "2026-07-06 10:00:00", customer, self.sales_a)
        self.assertEqual((delivery.lead_id, delivery.user_id), (lead, self.sales_b))
        # its order wins the sales up (the lifecycle's outside fact), the same deal
        order = self._dms_sale("agreement", "2026-07-05 10:00:00", customer, self.sales_a)
        self.assertEqual(order.lead_id, lead)
        self.assertEqual(lead.lifecycle_state, "won")
        # a lost sales up is no candidate; two open ones of other salespeople: a person decides
        other = self.env["res.partner"].create({"name": "Frits Zeta", "customer": True})
        for name, user in (("Frits 1", self.sales_a), ("Frits 2", self.sales_a2)):
            self._lead(name, user, self.branch_a, "web", "2026-07-01 09:00:00", other, 20000, 50, "warm")
        self.assertFalse(self._dms_sale("delivery", "2026-07-06 10:00:00", other, self.sales_b).lead_id)
        self.assertEqual(self._dms_sale("delivery", "2026-07-07 10:00:00", other, self.sales_a2).lead_id.name,
                         "Frits 2")

    def test_a_deal_won_in_the_crm_after_the_dms_sold_it_takes_the_sale_along(self):
        # the CRM closes a deal now: the DMS sold it a week ago
        now = datetime.datetime.utcnow().replace(microsecond=0)
        sold_at = now - datetime.timedelta(days=7)
        customer = self.env["res.partner"].create({"name": "Gijs Eta", "customer": True})
        order = self._dms_sale("agreement", fields.Datetime.to_string(sold_at), customer, self.sales_b)
        self.assertFalse(order.lead_id)
        period = {"date_from": str(sold_at.date() - datetime.timedelta(days=1)), "date_to": str(now.date())}
        row = self._rows(self.director, "staff", team_id=self.branch_b.id, **period)[self.sales_b.id]
        self.assertEqual((row["dms_sales_not_in_crm"], row["deals_logged_late"]), (1, 0))
        # the salesperson types the deal in today and wins it: matched, and logged late
        lead = self._lead("Gijs's Polo", self.sales_b, self.branch_b, "walk_in", fields.Datetime.to_string(now),
                          customer, 18000, 50, "warm")
        lead.write({"probability": 100})
        self.assertEqual(order.lead_id, lead)
        # the won sales up logs no agreement of its own: the DMS's stands for it
        self.assertEqual(lead.contact_moment_ids.filtered(lambda moment: moment.kind == "agreement"), order)
        row = self._rows(self.director, "staff", team_id=self.branch_b.id, **period)[self.sales_b.id]
        self.assertEqual((row["dms_sales_not_in_crm"], row["deals_logged_late"]), (0, 1))
