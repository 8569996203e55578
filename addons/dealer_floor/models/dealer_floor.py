from datetime import timedelta

from odoo import _, api, fields, models
from odoo.exceptions import AccessError, UserError
from odoo.tools.misc import formatLang

from odoo.addons.automotive_presales.lib import lifecycle, matching
from odoo.addons.automotive_presales.models import presales_ownership_guard as guard
from odoo.addons.automotive_presales.models.presales_match_mixin import CALLING_CODE_PARAM

from ..lib import floor

# how many of each list the floor screen carries (and keeps on the phone for offline use)
MAX_SALES_UPS = 200
MAX_ACTIVITIES = 8
MAX_WAITING = 10
MAX_DUPLICATES = 8
MAX_CARS = 20
# Dutch dates, numbers and money: 31-12-2030, 13:45, € 1.234,56
DUTCH_FORMATS = {"nl_NL": {"date_format": "%d-%m-%Y", "time_format": "%H:%M:%S", "decimal_point": ",",
                           "thousands_sep": ".", "grouping": "[3,0]"}}


class DealerFloor(models.AbstractModel):
    """What the floor app on a salesperson's phone asks and sends (controllers/floor.py).

    Every method works as the user who asks, under their record rules; values from the phone are
    checked by lib/floor.py first and a bad one is a UserError naming the field.
    """

    _name = "dealer.floor"
    _description = "Showroom floor (phone app)"

    # ------------------------------------------------------------------ reading

    @api.model
    def floor_state(self):
        """Everything the floor screen shows, in one answer (the phone keeps the last one)."""
        user = self.env.user
        team = user.sale_team_id
        Visit = self.env["presales.showroom.visit"]
        return {
            "user": {"id": user.id, "name": user.name, "present": bool(user.floor_present_since),
                     "team": team.name or False, "manager": user._presales_is_manager(),
                     "tz": user.tz or "UTC", "lang": (user.lang or "en_US").replace("_", "-")},
            "next_up": Visit.next_up(team.id) if team else False,
            "in_showroom": self._showroom_now(team),
            "activities": self._next_activities(),
            "waiting": self._waiting_leads(),
            "sales_ups": self._my_sales_ups(),
            "demo_cars": [{"id": car.id, "name": car.display_name}
                          for car in self.env["fleet.vehicle"].search([], limit=MAX_CARS)],
            "server_time": fields.Datetime.now(),
        }

    def _showroom_now(self, team):
        """Who is in the showroom of the user's branch now. Colleagues' customers stay unnamed:
        the floor sees that a colleague is busy and for how long, not with whom."""
        if not team:
            return []
        Visit = self.env["presales.showroom.visit"]
        visits = Visit.sudo().search([("team_id", "=", team.id), ("in_showroom", "=", True)])
        readable = guard.allowed(visits.sudo(self.env.uid), "read")
        purposes = dict(Visit._fields["purpose"]._description_selection(self.env))
        result = []
        for visit in visits:
            mine = visit in readable
            result.append({
                "id": visit.id,
                "mine": mine,
                "customer": visit.name if mine else False,
                "lead_id": (visit.lead_id.id if mine and guard.allowed(visit.lead_id.sudo(self.env.uid), "read")
                            else False),
                "salesperson": visit.user_id.name,
                "since": visit.checkin_at,
                "minutes": visit.duration_minutes,
                "purpose": purposes.get(visit.purpose) if mine else False,
                "left_open": visit.left_open,
            })
        return result

    def _next_activities(self):
        activities = self.env["mail.activity"].search(
            [("user_id", "=", self.env.uid)], order="date_deadline, id", limit=MAX_ACTIVITIES)
        # a sales up opens in the Sales ups action (its dealer form), anything else in its default form
        sales_ups = self.env.ref("automotive_presales.action_sales_ups").id
        return [{
            "url": "/web#%smodel=%s&id=%d&view_type=form" % (
                "action=%d&" % sales_ups if activity.res_model == "crm.lead" else "",
                activity.res_model, activity.res_id),
            "id": activity.id,
            "summary": activity.summary or activity.activity_type_id.name or "",
            "record": activity.res_name or "",
            "model": activity.res_model,
            "res_id": activity.res_id,
            "deadline": activity.date_deadline,
            "state": activity.state,
        } for activity in activities]

    def _waiting_leads(self):
        """My open sales ups nobody has answered yet, each with its speed-to-lead clock: it started
        when the lead arrived (lead_received_at, interface 5) and stops at the first contact, which
        takes the sales up off this list. The MAX_WAITING newest, longest waiting first: a new
        lead is never crowded out by old ones left unanswered (those stay in Needs Attention)."""
        leads = self.env["crm.lead"].search(
            [("user_id", "=", self.env.uid), ("type", "=", "opportunity"),
             ("first_response_minutes", "=", False)] + lifecycle.domain(lifecycle.OPEN),
            order="lead_received_at, id")[-MAX_WAITING:]
        now = fields.Datetime.from_string(fields.Datetime.now())
        blocked = self._floor_contact_blocked(leads)
        result = []
        for lead in leads:
            received_at = lead.lead_received_at or lead.create_date
            result.append(dict(self._sales_up_card(lead, blocked), received_at=received_at,
                               minutes=floor.waiting_minutes(fields.Datetime.from_string(received_at), now)))
        return result

    def _sales_up_card(self, lead, blocked=None):
        phone = lead.mobile or lead.phone or lead.partner_id.mobile or lead.partner_id.phone or ""
        return {
            "blocked": (blocked or {}).get(lead.id, {}),
            "id": lead.id,
            "name": lead.name,
            "customer": lead._customer_name(),
            "phone": phone,
            "tel": "tel:%s" % "".join(phone.split()) if phone else False,
            "whatsapp": lead.whatsapp_url or False,
            "email": lead.email_from or False,
            "status": dict(lead._fields["lead_status"]._description_selection(self.env)).get(lead.lead_status, ""),
            "type": dict(lead._fields["lead_type"]._description_selection(self.env)).get(lead.lead_type, ""),
        }

    def _my_sales_ups(self):
        leads = self.env["crm.lead"].search(
            ["|", ("user_id", "=", self.env.uid), ("second_user_id", "=", self.env.uid),
             ("type", "=", "opportunity")] + lifecycle.domain(lifecycle.OPEN),
            order="write_date desc, id desc", limit=MAX_SALES_UPS)
        blocked = self._floor_contact_blocked(leads)
        return [self._sales_up_card(lead, blocked) for lead in leads]

    @api.model
    def find_duplicates(self, values):
        """Who this walk-in may already be: my open sales ups and customers with the same phone,
        e-mail or name, each with why it matched. Only what the user may see is shown."""
        values = floor.as_dict(values)
        first = floor.text(values, "first_name", floor.MAX_NAME) or ""
        last = floor.text(values, "last_name", floor.MAX_NAME) or ""
        calling_code = self.env["ir.config_parameter"].sudo().get_param(CALLING_CODE_PARAM, "")
        phone = matching.phone_key(floor.text(values, "phone", floor.MAX_PHONE), calling_code)
        email = matching.email_key(floor.text(values, "email", floor.MAX_EMAIL))
        name = matching.name_key("%s %s" % (first, last))
        found = []
        leads = self._matching(self.env["crm.lead"], phone, email, first, last,
                               [("type", "=", "opportunity")] + lifecycle.domain(lifecycle.OPEN))
        for lead, reasons in leads:
            found.append(dict(self._sales_up_card(lead), kind="sales_up", reasons=reasons))
        with_open_lead = {lead.partner_id.id for lead, _reasons in leads if lead.partner_id}
        partners = self._matching(self.env["res.partner"], phone, email, first, last, [("is_company", "=", False)])
        for partner, reasons in partners:
            if partner.id not in with_open_lead:
                found.append({"kind": "customer", "id": partner.id, "customer": partner.name, "name": partner.name,
                              "phone": partner.mobile or partner.phone or "", "email": partner.email or "",
                              "reasons": reasons})
        found = [entry for entry in found if entry["reasons"]]
        self._name_reasons(found, name)
        return found[:MAX_DUPLICATES]

    def _matching(self, model, phone, email, first, last, extra):
        terms = []
        if phone:
            terms += [("phone_key", "=", phone), ("mobile_key", "=", phone)]
        if email:
            terms.append(("email_key", "=", email))
        if first and last:
            name_field = "name" if model._name == "res.partner" else "contact_lastname"
            terms.append((name_field, "ilike", last))
        if not terms:
            return []
        domain = ["|"] * (len(terms) - 1) + terms
        records = model.search(extra + domain, limit=MAX_DUPLICATES * 3)
        name = matching.name_key("%s %s" % (first, last)) if first and last else ""
        result = []
        for record in records:
            reasons = []
            if phone and phone in (record.phone_key, record.mobile_key):
                reasons.append("phone")
            if email and email == record.email_key:
                reasons.append("email")
            record_name = record.name if model._name == "res.partner" else record._customer_name()
            if name and matching.name_key(record_name) == name:
                reasons.append("name")
            if reasons:
                result.append((record, reasons))
        return result

    def _name_reasons(self, found, name):
        labels = {"phone": _("same phone"), "email": _("same e-mail"), "name": _("same name")}
        for entry in found:
            entry["why"] = ", ".join(labels[reason] for reason in entry["reasons"])

    @api.model
    def find_cars(self, query):
        """Stock cars by stock number, VIN (typed or scanned from its barcode) or make/model."""
        query = floor.text({"query": query}, "query", floor.MAX_NAME) or ""
        if len(query) < 2:
            return []
        code = "".join(query.split()).upper()
        Car = self.env["presales.stock.vehicle"]
        # the car scanned or typed in full first, then those matching part of a number or the name
        cars = Car.search([("state", "!=", "sold"), "|", ("stock_number", "=", code), ("vin", "=", code)])
        if len(cars) < MAX_CARS:
            cars |= Car.search(
                [("state", "!=", "sold"), ("id", "not in", cars.ids), "|", "|",
                 ("stock_number", "ilike", code), ("vin", "ilike", code), ("name", "ilike", query)],
                limit=MAX_CARS - len(cars))
        return [{
            "id": car.id, "name": car.name, "vin": car.vin, "stock_number": car.stock_number,
            "colour": car.colour or "", "branch": car.team_id.name or "",
            "state": dict(car._fields["state"]._description_selection(self.env)).get(car.state, ""),
            "price": formatLang(self.env, car.price, currency_obj=car.currency_id) if car.price else "",
            "exact": code in (car.vin, car.stock_number),
        } for car in cars]

    # ------------------------------------------------------------------ capturing

    def _readable_lead(self, lead_id, field="lead_id"):
        lead = self.env["crm.lead"].browse(lead_id)
        if not lead.exists() or not guard.allowed(lead, "read"):
            raise UserError(_("Field %s: this sales up does not exist or is not yours.") % field)
        return lead

    @api.model
    def capture_walk_in(self, values):
        """A walk-in captured on the floor: a new sales up (or the one picked from the duplicates,
        or a new one for the customer picked), the visit checked in, the greeting recorded.
        Sent again with the same client_uuid it answers with the same records."""
        values = floor.clean_walk_in(values)
        uuid = values["client_uuid"]
        user = self.env["res.users"].browse(values["user_id"] or self.env.uid)
        if values["lead_id"]:
            lead = self._readable_lead(values["lead_id"])
        else:
            lead_values = {
                "client_uuid": uuid,
                "type": "opportunity",
                "lead_type": "walk_in",
                "lead_status": "warm",
                "contact_name": values["first_name"],
                "contact_lastname": values["last_name"],
                "phone": values["phone"],
                "email_from": values["email"],
                "description": values["wish"],
                "user_id": user.id,
                "team_id": user.sale_team_id.id,
            }
            if values["wish"]:
                lead_values["name"] = values["wish"][:floor.MAX_NAME]
            if values["partner_id"]:
                partner = self.env["res.partner"].browse(values["partner_id"])
                if not partner.exists() or not guard.allowed(partner, "read"):
                    raise UserError(_("Field partner_id: this customer does not exist or is not yours."))
                lead_values["partner_id"] = partner.id
            lead = self.env["crm.lead"].create(lead_values)
        visit = self.env["presales.showroom.visit"].create({
            "client_uuid": uuid,
            "lead_id": lead.id,
            "walk_in_name": "%s %s" % (values["first_name"], values["last_name"]),
            "purpose": values["purpose"],
            "user_id": user.id,
        })
        lead._presales_log_step("greeting", done_at=visit.checkin_at)
        return {"lead_id": lead.id, "visit_id": visit.id, "name": visit.name}

    @api.model
    def log_contact(self, values):
        """A call, WhatsApp message or e-mail logged on the floor, perhaps hours after it was made
        offline (its time is the phone's). Sent again with the same client_uuid: stored once."""
        values = floor.clean_contact(values, fields.Datetime.from_string(fields.Datetime.now()))
        lead = self._readable_lead(values["lead_id"])
        moment = lead._floor_log_call(
            values["action"], summary=values["summary"], direction=values["direction"],
            occurred_at=fields.Datetime.to_string(values["occurred_at"]), client_uuid=values["client_uuid"],
            extra=self._floor_contact_extra(values))
        return {"moment_id": moment.id, "lead_id": lead.id}

    @api.model
    def _floor_contact_extra(self, values):
        """Values of the contact moment beyond what the floor itself logs, from the cleaned contact
        (lib/floor.clean_contact): dealer_privacy adds the confirmation of a contact its consent
        ledger forbids (privacy_confirmed, privacy_confirm_reason)."""
        return {}

    @api.model
    def _floor_contact_blocked(self, leads):
        """{lead id: {action: why not}} of the floor's contact actions (call, whatsapp, email) that
        need the salesperson's confirmation; dealer_privacy answers from the consent ledger."""
        return {}

    @api.model
    def book_test_drive(self, values):
        """A test drive booked on the floor, with the photo of the driving licence."""
        values = floor.clean_test_drive(values, fields.Datetime.from_string(fields.Datetime.now()))
        lead = self._readable_lead(values["lead_id"])
        if not lead.partner_id:
            # a walk-in becomes a customer when they drive: the drive belongs to a customer
            lead.handle_partner_assignation(action="create")
        start = values["start"]
        drive = self.env["presales.test.drive"].create({
            "client_uuid": values["client_uuid"],
            "lead_id": lead.id,
            "partner_id": lead.partner_id.id,
            "stock_vehicle_id": values["stock_vehicle_id"],
            "fleet_vehicle_id": values["fleet_vehicle_id"],
            "start_datetime": fields.Datetime.to_string(start),
            "stop_datetime": fields.Datetime.to_string(start + timedelta(minutes=values["minutes"])),
            "licence_number": values["licence_number"],
            "licence_expiry": fields.Date.to_string(values["licence_expiry"]),
            "licence_photo": values["photo"],
            "licence_photo_name": "licence.jpg" if values["photo"] else False,
        })
        return {"id": drive.id, "name": drive.name}

    @api.model
    def checkout_visit(self, visit_id):
        visit = self.env["presales.showroom.visit"].browse(floor.record_id({"visit_id": visit_id}, "visit_id", True))
        if not visit.exists() or not guard.allowed(visit, "write"):
            raise AccessError(_("Field visit_id: this showroom visit does not exist or is not yours."))
        visit.action_checkout()
        return {"id": visit.id, "minutes": visit.duration_minutes}

    @api.model
    def toggle_present(self):
        self.env.user.action_floor_toggle_present()
        return {"present": bool(self.env.user.floor_present_since)}

    # ------------------------------------------------------------------ words

    @api.model
    def floor_app_names(self):
        return {
            "name": _("Dealer Floor"),
            "short_name": _("Floor"),
            "description": _("The showroom floor: walk-ins, contacts, test drives and stock, also offline."),
        }

    @api.model
    def floor_problem(self, problem):
        """lib/floor.py's problems (English, for logs and tests) in the user's language."""
        known = {
            "not a UUID": _("is not a capture id (UUID)"),
            "must be text": _("must be text"),
            "contains a NUL character": _("contains a character that is not allowed"),
            "is required": _("is required"),
            "not a record id": _("is not a record"),
            "must be a date and time": _("must be a date and time"),
            "must be a date and time (YYYY-MM-DD HH:MM:SS)": _("must be a date and time"),
            "must be a date": _("must be a date"),
            "must be a date (YYYY-MM-DD)": _("must be a date"),
            "must be an object": _("must be a set of values"),
            "has no digits": _("has no digits"),
            "is not an e-mail address": _("is not an e-mail address"),
            "give a phone number or an e-mail address": _("give a phone number or an e-mail address"),
            "choose the car the customer drives": _("choose the car the customer drives"),
            "must be a whole number of minutes from 10 to 480": _("must be from 10 to 480 minutes"),
            "must be a picture of at most 8 MB": _("must be a picture of at most 8 MB"),
            "is not a picture (base64)": _("is not a picture"),
        }
        if problem in known:
            return known[problem]
        if problem.startswith("longer than"):
            return _("is too long")
        if problem.startswith("must be one of"):
            return _("has a value the app does not know")
        return problem

    @api.model
    def floor_strings(self):
        """The words of the floor app's script, in the user's language (the page carries them, so
        the app speaks the same language offline)."""
        return {
            "offline": _("Offline: what you capture is kept on this phone and sent when the network is back."),
            "pending": _("Waiting to be sent: %s"),
            "sent": _("Sent"),
            "saved_offline": _("Saved on this phone; it is sent when the network is back."),
            "error": _("Not saved"),
            "duplicates_title": _("Already known?"),
            "duplicates_none": _("No customer with this phone, e-mail or name."),
            "create_new": _("New customer"),
            "use_this": _("This one"),
            "walk_in_done": _("Checked in: %s"),
            "contact_done": _("Contact logged"),
            "drive_done": _("Test drive booked: %s"),
            "checked_out": _("Checked out after %s min"),
            "minutes": _("%s min"),
            "hours": _("%s h %s min"),
            "days": _("%s days"),
            "waiting": _("waiting %s"),
            "nobody_free": _("Nobody free on the floor"),
            "next_up": _("Next up: %s"),
            "you": _("you"),
            "busy_with_customer": _("with a customer"),
            "no_visits": _("Nobody in the showroom."),
            "no_activities": _("No activities planned."),
            "no_waiting": _("No new leads waiting."),
            "no_cars": _("No car found."),
            "scan_unsupported": _("This browser cannot read barcodes: type the VIN or stock number."),
            "scan_failed": _("No barcode found in the picture; try again or type it."),
            "pick_sales_up": _("Choose a sales up"),
            "on_floor": _("On the floor"),
            "off_floor": _("Not on the floor"),
            "check_out": _("Check out"),
            "call": _("Call"),
            "whatsapp": _("WhatsApp"),
            "privacy_ask": _("Not allowed by the customer's consent: %s. Why do you contact them anyway?"),
            "overdue": _("overdue"),
            "today": _("today"),
        }

    # ------------------------------------------------------------------ demo

    @api.model
    def _demo_install_language(self, code):
        """Activate a language and load its translations of every installed module, once: a
        database made from a template that has it already skips the load. Then its formats."""
        Lang = self.env["res.lang"].with_context(active_test=False)
        if not Lang.search([("code", "=", code), ("active", "=", True)]):
            Lang.load_lang(code)
            self.env["ir.module.module"].search([("state", "=", "installed")])._update_translations(code)
        # a server without the language's system locale loads it without digit grouping
        if code in DUTCH_FORMATS:
            Lang._lang_get(code).write(DUTCH_FORMATS[code])
        return True

    @api.model
    def _demo_on_the_floor(self, user_ids):
        """Demo: these salespeople stepped on the floor an hour ago, one after the other."""
        start = fields.Datetime.from_string(fields.Datetime.now()) - timedelta(hours=1)
        for minutes, user in enumerate(self.env["res.users"].browse(user_ids)):
            user.floor_present_since = fields.Datetime.to_string(start + timedelta(minutes=minutes))
        return True
