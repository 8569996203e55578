import datetime

from odoo import SUPERUSER_ID, _, api, fields, models, tools
from odoo.exceptions import UserError, ValidationError

from ..fields import NullableInteger
from ..lib import funnel, lifecycle, neglect, sales_up, stock

ATTENTION_HOURS_PARAM = "automotive_presales.attention_hours"


class CrmLead(models.Model):
    """A sales up: the CRM lead/opportunity with what a car dealer needs to work a prospect."""

    _inherit = "crm.lead"

    # dealers speak of branches; Odoo's label is "Sales Channel"
    team_id = fields.Many2one(string="Branch")
    lead_type = fields.Selection(
        sales_up.LEAD_TYPES, index=True, track_visibility="onchange",
        help="How the customer first reached the dealer.")
    lead_status = fields.Selection(
        sales_up.LEAD_STATUSES, index=True, track_visibility="onchange",
        help="The salesperson's read of the prospect.")
    lead_date = fields.Datetime(
        default=fields.Datetime.now, index=True, track_visibility="onchange",
        help="When the customer first showed interest.")
    lead_received_at = fields.Datetime(
        "Lead received", index=True, copy=False, default=fields.Datetime.now,
        help="When the lead itself arrived (the ADF request date, the STAR lead time, the e-mail's date, the DMS "
             "moment time; typed in: the lead date, else when it was created). The speed-to-lead clock starts "
             "here.")
    purchase_timeframe_start = fields.Date(
        "Buys from", help="The earliest date the customer plans to buy (ADF timeframe, STAR earliest purchase "
                          "date, or typed in).")
    purchase_timeframe_end = fields.Date(
        "Buys by", help="The latest date the customer plans to buy (ADF timeframe, STAR latest purchase date, or "
                        "typed in).")
    second_user_id = fields.Many2one(
        "res.users", "Second salesperson", index=True, track_visibility="onchange",
        help="A colleague who may also see and work this sales up.")
    contact_moment_ids = fields.One2many("presales.contact.moment", "lead_id", "Contact moments")
    sales_step_ids = fields.One2many("presales.sales.step", "lead_id", "Sales steps")
    origin_team_id = fields.Many2one(
        "crm.team", "Branch at creation", index=True, readonly=True, ondelete="restrict",
        help="The branch the sales up was created in; it never changes, even when the sales up moves.")
    gut_probability = fields.Integer(
        "Gut feel (%)", track_visibility="onchange",
        help="The salesperson's own estimate (0-100) next to the probability of the stage.")
    first_response_minutes = NullableInteger(
        "Speed to lead (min)", compute="_compute_first_response_minutes", store=True, index=True,
        group_operator="avg",
        help="Minutes from the lead's arrival (Lead received) to its first contact, by anyone: the contact "
             "moments that count are set in Settings (First contact rules). Empty until someone has "
             "responded; reports average it over those responded to.")
    last_touch_at = fields.Datetime(
        "Last touch", compute="_compute_neglect", store=True, index=True,
        help="Last contact moment or completed activity of the salesperson on this sales up.")
    untouched_hours = fields.Integer(
        "Untouched (h)", compute="_compute_neglect", store=True, index=True, group_operator="avg",
        help="Hours since the last touch, or since the lead date when never touched; refreshed hourly. "
             "Reports average it.")
    needs_attention = fields.Boolean(
        compute="_compute_neglect", store=True, index=True,
        help="Open and untouched for at least the hours set in Settings (48 by default).")
    # The one stored answer to "open, won or lost" (lib/lifecycle.py): every filter, ribbon, list
    # colour and kanban of our views reads it, never Odoo's own probability/active tests.
    lifecycle_state = fields.Selection(
        lifecycle.STATE_LABELS, "Outcome", compute="_compute_lifecycle_state", store=True, index=True,
        help="Open while the sales up is worked; won by its agreement (Mark Won, its order confirmed, "
             "the DMS); lost when it says why.")
    # the sales-up form offers the end of next month; create() takes it from the lead date (an
    # import); a lead (the Leads menu) has no closing date yet
    date_deadline = fields.Date(default=lambda self: sales_up.expected_closing(
        fields.Date.from_string(fields.Date.context_today(self)))
        if self.env.context.get("default_type") != "lead" else False)
    delivery_date = fields.Date(
        "Planned delivery", track_visibility="onchange",
        help="When the customer gets the car: asked when the sales up is won.")
    presales_reached_steps = fields.Char(
        compute="_compute_presales_reached_steps",
        help="Technical: the reached sales-process steps as ',step,step,' for the form's buttons.")

    _sql_constraints = [
        ("purchase_timeframe_order",
         "CHECK(purchase_timeframe_start IS NULL OR purchase_timeframe_end IS NULL "
         "OR purchase_timeframe_start <= purchase_timeframe_end)",
         "The purchase window of a sales up must not end (Buys by) before it starts (Buys from)."),
        ("gut_probability_range", "CHECK(gut_probability IS NULL OR gut_probability BETWEEN 0 AND 100)",
         "The gut-feel probability of a sales up must lie between 0 and 100."),
    ]

    # ---- the lifecycle: create, qualify, win, lose, re-open ----
    #
    # create() and write() are the only overrides of crm.lead in this addon. They call one hook
    # per step, and every path (form, kanban drag, Mark Won/Lost buttons, import, RPC, mail
    # gateway, DMS) goes through them:
    #   create: _presales_is_intake -> _presales_create_values -> INSERT -> _presales_on_create
    #   write:  _presales_check_write -> UPDATE -> _presales_on_write, which calls
    #           _presales_on_qualify / _presales_on_won / _presales_on_lost / _presales_on_reopen
    # The other files of models/ extend these hooks by name (ownership: intake and distribution;
    # attribution: the source ledger; vehicles: the cars; outcome: the contact moments;
    # followers: who follows a sales up that changed hands).
    # Events are read from the record before and after the write (lib/lifecycle.py), never from
    # the `vals` core crm may have completed.

    @api.depends("active", "probability", "lead_status")
    def _compute_lifecycle_state(self):
        for lead in self:
            lead.lifecycle_state = lifecycle.state(lead.active, lead.probability, lead.lead_status)

    @api.model
    def create(self, vals):
        intake = self._presales_is_intake(vals)
        vals = self._presales_create_values(dict(vals), intake)
        lead = super().create(vals)
        lead._presales_on_create(intake)
        return lead

    @api.multi
    def write(self, vals):
        self._presales_check_write(vals)
        before = {lead.id: lead._presales_snapshot() for lead in self}
        result = super().write(vals)
        self._presales_on_write(vals, before)
        return result

    @api.multi
    def _presales_write_facts(self, vals):
        """Write what a lifecycle hook decided (status, origin, cars' state) without raising new
        events or re-checking the user's edit: the hooks run on behalf of that edit."""
        return super().write(vals)

    @api.model
    def _presales_is_intake(self, vals):
        """A sales up nobody took explicitly, that distribution gives an owner and a branch
        (crm_lead_ownership decides)."""
        return False

    @api.model
    def _presales_create_values(self, vals, intake):
        """Complete and check the values of a new sales up: names from the customer, the five
        required fields, the gut feel. Extended by the other files."""
        partner = self.env["res.partner"].browse(vals.get("partner_id") or [])
        if partner and not partner.is_company:
            # a known customer brings their names with them
            if not vals.get("contact_name") and partner.firstname:
                vals["contact_name"] = partner.firstname
            if not vals.get("contact_lastname") and partner.lastname:
                vals["contact_lastname"] = partner.lastname
        defaults = [name for name in sales_up.REQUIRED_ON_CREATE if name not in vals]
        if defaults:
            vals.update({key: value for key, value in self.default_get(defaults).items() if value})
        if not vals.get("name"):
            vals["name"] = " ".join(
                part for part in (vals.get("contact_name"), vals.get("contact_lastname")) if part
            ) or _("New sales up")
        missing = sales_up.missing_required(vals)
        if missing:
            raise ValidationError(_("Sales up %s: these required fields are empty: %s.") % (
                vals["name"], ", ".join(self._fields[name]._description_string(self.env) for name in missing)))
        self._presales_check_gut_probability(vals, vals["name"])
        # the clock of speed to lead starts when the lead arrived: the importers say when; typed
        # in, that is the lead date (a walk-in entered an hour later is timed from the visit)
        if not vals.get("lead_received_at") and vals.get("lead_date"):
            vals["lead_received_at"] = vals["lead_date"]
        kind = vals.get("type") or self.default_get(["type"]).get("type")
        if not vals.get("date_deadline") and kind != "lead":
            # the forecast needs a closing month for every open sales up: when the customer plans
            # to buy by a date (an importer's purchase window), that date, else the end of next month
            came_in = self._presales_day(vals.get("lead_date")) or fields.Date.from_string(
                fields.Date.context_today(self))
            vals["date_deadline"] = vals.get("purchase_timeframe_end") or sales_up.expected_closing(came_in)
        # the branch at creation is the branch the sales up lands in (for an intake: the one
        # distribution gives it, see _presales_on_create), whatever a copy or an import says
        vals.pop("origin_team_id", None)
        if not intake:
            if "team_id" not in vals:
                vals["team_id"] = self.default_get(["team_id"]).get("team_id") or False
            vals["origin_team_id"] = vals["team_id"] or False
        return vals

    @api.model
    def _presales_day(self, value):
        """The date of a lead date as an importer or a client sends it (text or datetime), or None
        when it is no date (the ORM refuses such a value itself)."""
        if isinstance(value, datetime.datetime):
            return value.date()
        try:
            moment = fields.Datetime.from_string(value) if isinstance(value, str) else None
        except ValueError:
            return None
        return moment.date() if moment else None

    @api.multi
    def _presales_on_create(self, intake):
        """After the insert: an intake is distributed first (it decides owner and branch), then
        the branch at creation is recorded, an opportunity enters the funnel, and a sales up
        created won or lost (an import) goes through that event as well."""
        if intake:
            self._presales_on_intake()
        for lead in self:
            if not lead.origin_team_id and lead.team_id:
                lead._presales_write_facts({"origin_team_id": lead.team_id.id})
        self.filtered(lambda lead: lead.type == "opportunity")._presales_enter_funnel()
        self.filtered(lambda lead: lead._presales_state() == lifecycle.WON)._presales_on_won()
        self.filtered(lambda lead: lead._presales_state() == lifecycle.LOST)._presales_on_lost()

    @api.multi
    def _presales_on_intake(self):
        """A new sales up that arrived without an owner; crm_lead_ownership distributes it."""
        return True

    @api.multi
    def _presales_check_write(self, vals):
        """Refuse an edit before anything is written. Extended by the other files."""
        if "origin_team_id" in vals:
            changed = self.filtered(
                lambda lead: lead.origin_team_id and lead.origin_team_id.id != vals["origin_team_id"])
            if changed:
                raise UserError(_(
                    "Sales up %s: the field Branch at creation records where the sales up was created "
                    "and cannot be changed; change the Sales Team instead.") % changed[0].name)
        if "gut_probability" in vals:
            for lead in self:
                self._presales_check_gut_probability(vals, lead.name)
        return True

    @api.multi
    def _presales_snapshot(self):
        """What _presales_on_write compares after the write. Extended by the other files."""
        self.ensure_one()
        return {
            "lifecycle": (self.active, self.probability, self.lead_status),
            "type": self.type,
        }

    @api.multi
    def _presales_on_write(self, vals, before):
        """Raise the lifecycle events the write caused, each once per sales up."""
        events = {}
        status_written = "lead_status" in vals
        for lead in self:
            old = before[lead.id]
            if old["type"] == "lead" and lead.type == "opportunity":
                events.setdefault("qualify", self.browse())
                events["qualify"] |= lead
            event = lifecycle.transition(
                old["lifecycle"], (lead.active, lead.probability, lead.lead_status), status_written)
            if event:
                events.setdefault(event, self.browse())
                events[event] |= lead
        if events.get("qualify"):
            events["qualify"]._presales_on_qualify()
        if events.get(lifecycle.EVENT_REOPEN):
            events[lifecycle.EVENT_REOPEN]._presales_on_reopen()
        if events.get(lifecycle.EVENT_WON):
            events[lifecycle.EVENT_WON]._presales_on_won()
        if events.get(lifecycle.EVENT_LOST):
            events[lifecycle.EVENT_LOST]._presales_on_lost()
        return True

    @api.multi
    def _presales_state(self):
        self.ensure_one()
        return lifecycle.state(self.active, self.probability, self.lead_status)

    @api.multi
    def _presales_is_open(self):
        """Neither won nor lost: a sales up that may still hold a car and asks for follow-up."""
        self.ensure_one()
        return self._presales_state() == lifecycle.OPEN

    @api.multi
    def _presales_on_qualify(self):
        """A lead became an opportunity (Qualify, Odoo's convert wizard, a write of the type)."""
        self._presales_enter_funnel()

    @api.multi
    def _presales_on_won(self):
        """Won, by any path: the pipeline and the status agree (Won stage, 100 %, sold), and what
        winning needs and the order or offer knows (price, delivery date) is filled in.
        Extended: the agreement is logged (outcome)."""
        for lead in self:
            values = {}
            if lead.lead_status not in lifecycle.WON_STATUSES:
                values["lead_status"] = lifecycle.WON_STATUSES[0]
            if (lead.probability or 0) < lifecycle.WON_PROBABILITY:
                stage = lead._stage_find(domain=[("probability", "=", 100.0), ("on_change", "=", True)])
                values.update(probability=lifecycle.WON_PROBABILITY, stage_id=stage.id or lead.stage_id.id)
            values.update({name: value for name, value in lead._presales_win_defaults().items()
                           if value and not lead[name]})
            if values:
                lead._presales_write_facts(values)

    @api.multi
    def _presales_win_defaults(self):
        """{field: value} a win takes when the sales up does not say it: the price of the car
        held for it. Extended: the confirmed order, the offer (automotive_configurator)."""
        self.ensure_one()
        cars = self.env["presales.stock.vehicle"].sudo().search([("reserved_lead_id", "=", self.id)])
        return {"planned_revenue": sum(cars.mapped("price"))}

    @api.multi
    def _presales_win_has_car(self):
        """The sales up says which car was sold: one held for it, or one it describes."""
        self.ensure_one()
        return bool(self.desired_vehicle_ids) or bool(
            self.env["presales.stock.vehicle"].sudo().search_count([("reserved_lead_id", "=", self.id)]))

    @api.multi
    def _presales_win_by(self, fact):
        """An outside fact (lib/lifecycle.py: a confirmed order, an agreement moment) wins these
        sales ups, once: the win is the system's doing on behalf of that fact, whoever brought
        it (the DMS, the salesperson confirming an order, a colleague logging the agreement)."""
        won = self.browse()
        for lead in self.sudo().with_context(active_test=False):
            state = lead._presales_state()
            if not lifecycle.wins(state, fact):
                continue
            values = {"probability": lifecycle.WON_PROBABILITY}
            stage = lead._stage_find(domain=[("probability", "=", 100.0), ("on_change", "=", True)])
            if stage:
                values["stage_id"] = stage.id
            if state == lifecycle.LOST:
                # the customer came back and signed: the loss no longer holds
                values.update({"active": True, "lead_status": lifecycle.WON_STATUSES[0],
                               lifecycle.LOSS_REASON_FIELD: False})
            lead.write(values)
            won |= lead
        return won

    @api.multi
    def _presales_on_lost(self):
        """Lost, by any path (Mark Lost, archive, status bought elsewhere, RPC, import).
        A lost sales up must say why: every path that loses one ends here, so this one check
        refuses them all, and the whole edit rolls back (the extensions call super() first).
        Extended: the cars go back on the lot (vehicles), the loss is logged (outcome), a sales up
        with a confirmed order is refused (automotive_configurator)."""
        self._presales_check_loss_reason()
        return True

    @api.multi
    def _presales_check_loss_reason(self):
        """Refuse a lost sales up without its loss reason (lib/lifecycle.py). The message names
        only the sales up being lost: the user is editing it, so they may read it."""
        field = self._fields[lifecycle.LOSS_REASON_FIELD]
        for lead in self:
            if lifecycle.loss_reason_missing(lead._presales_state(), lead[field.name].id):
                raise ValidationError(_(
                    "Sales up %s: the field %s (%s) is required when a sales up is lost. Use Mark Lost "
                    "and choose why it was lost, or write the reason in the same edit.")
                    % (lead.name, field._description_string(self.env), field.name))

    @api.multi
    def _presales_on_reopen(self):
        """A won or lost sales up is worked again: a status that still says closed no longer holds,
        and the old loss reason goes (losing it again asks for the reason again).
        Extended: re-opening a sales up with a confirmed order or an invoice is refused
        (automotive_configurator)."""
        stale = self.filtered(lambda lead: lead.lead_status in lifecycle.CLOSED_STATUSES)
        if stale:
            stale._presales_write_facts({"lead_status": lifecycle.REOPENED_STATUS})
        explained = self.filtered(lambda lead: lead[lifecycle.LOSS_REASON_FIELD])
        if explained:
            explained._presales_write_facts({lifecycle.LOSS_REASON_FIELD: False})

    @api.multi
    def action_presales_mark_won(self):
        """Mark Won: a short dialog for the price, the car and the planned delivery date."""
        self.ensure_one()
        return {
            "type": "ir.actions.act_window",
            "name": _("Mark won"),
            "res_model": "presales.win",
            "view_mode": "form",
            "views": [(self.env.ref("automotive_presales.presales_win_view_form").id, "form")],
            "target": "new",
            "context": {"default_lead_id": self.id},
        }

    @api.multi
    def action_set_won_rainbowman(self):
        """Odoo's Mark Won button (form and kanban menus) asks first, as ours does."""
        if len(self) == 1:
            return self.action_presales_mark_won()
        return super().action_set_won_rainbowman()

    @api.multi
    def action_presales_reopen(self):
        """Re-open a won or lost sales up: back in the first open stage of its pipeline."""
        for lead in self.with_context(active_test=False):
            if lead._presales_state() == lifecycle.OPEN:
                continue
            stage = lead._presales_first_open_stage()
            values = {"active": True, "probability": stage.probability if stage else 10.0}
            if stage:
                values["stage_id"] = stage.id
            lead.write(values)
        return True

    @api.multi
    def _presales_first_open_stage(self):
        """Where a re-opened sales up goes: the first open stage (extended: of its process)."""
        self.ensure_one()
        return self._stage_find(domain=[("probability", "<", 100.0), ("fold", "=", False)])

    @api.multi
    def _notification_recipients(self, message, groups):
        """Odoo's notification mails offer a one-click Lost link, which cannot say why the sales
        up was lost and so would always be refused: drop it (the mail still links to the form,
        whose Mark Lost asks for the reason)."""
        groups = super()._notification_recipients(message, groups)
        for _name, _matches, options in groups:
            if options.get("actions"):
                options["actions"] = [action for action in options["actions"]
                                      if "/lead/case_mark_lost" not in (action.get("url") or "")]
        return groups

    @api.model
    def _presales_check_gut_probability(self, vals, name):
        if not sales_up.check_percentage(vals.get("gut_probability")):
            raise ValidationError(_(
                "Sales up %s: the field Gut feel (%%) must be a whole number from 0 to 100, not %s.")
                % (name, vals.get("gut_probability")))

    @api.multi
    def _presales_enter_funnel(self):
        """Log the 'lead' contact moment that puts a new sales up into the funnel, once.

        It is the system's record of the intake, so it is written with superuser rights on
        behalf of the salesperson the sales up was given to (or, unassigned, of nobody: never the
        creator, who may be the mail gateway, the DMS or a colleague handing it over).
        """
        Moment = self.env["presales.contact.moment"].sudo()
        for lead in self:
            if lead.sudo().contact_moment_ids.filtered(lambda moment: moment.kind == "lead"):
                continue
            Moment.create({
                "kind": "lead",
                "channel": sales_up.CHANNEL_BY_LEAD_TYPE.get(lead.lead_type),
                "summary": _("New sales up: %s") % lead.name,
                "lead_id": lead.id,
                "partner_id": lead.partner_id.id,
                "user_id": lead.user_id.id or False,
                "team_id": lead.team_id.id or lead.origin_team_id.id,
                "occurred_at": lead.lead_date or fields.Datetime.now(),
            })

    @api.model
    def message_new(self, msg_dict, custom_values=None):
        """An email to the sales alias is a sales up of type email: warm, named after its sender."""
        values = dict(custom_values or {})
        values.setdefault("lead_type", "email")
        values.setdefault("lead_status", "warm")
        if msg_dict.get("date"):
            values.setdefault("lead_date", msg_dict["date"])
            values.setdefault("lead_received_at", msg_dict["date"])
        if not msg_dict.get("author_id"):
            display_name, email = self._presales_parse_sender(msg_dict.get("from") or "")
            first, last = sales_up.names_from_sender(display_name, email)
            if first:
                values.setdefault("contact_name", first)
            if last:
                values.setdefault("contact_lastname", last)
        return super().message_new(msg_dict, custom_values=values)

    @api.model
    def _presales_parse_sender(self, sender):
        emails = tools.email_split(sender)
        email = emails[0] if emails else False
        display_name = self.env["res.partner"]._parse_partner_name(sender)[0] if sender else False
        if display_name and email and display_name.strip() == email:
            display_name = False
        return display_name, email

    # ---- speed and neglect ----

    @api.depends("lead_received_at", "contact_moment_ids.occurred_at", "contact_moment_ids.kind",
                 "contact_moment_ids.channel")
    def _compute_first_response_minutes(self):
        moments = self._presales_contact_times()
        rules = self.env["presales.first.contact.rule"].sudo()._rules()
        for lead in self:
            start = fields.Datetime.from_string(lead.lead_received_at or lead.create_date)
            first = funnel.first_contact_at(start, moments.get(lead.id, []), rules)
            lead.first_response_minutes = neglect.minutes_between(start, first) if first else None

    def _presales_contact_times(self):
        """{lead id: [(occurred_at, kind, channel)]} of every contact moment of the sales ups, read in
        SQL: the clock must see every moment, whoever logged it."""
        ids = tuple(lead.id for lead in self if isinstance(lead.id, int))
        result = {}
        if not ids:
            return result
        self.env.cr.execute(
            "SELECT lead_id, occurred_at, kind, channel FROM presales_contact_moment WHERE lead_id IN %s", (ids,))
        for lead_id, occurred_at, kind, channel in self.env.cr.fetchall():
            result.setdefault(lead_id, []).append((fields.Datetime.from_string(occurred_at), kind, channel))
        return result

    @api.depends("user_id", "lead_date", "active", "probability", "lead_status",
                 "contact_moment_ids.occurred_at", "contact_moment_ids.user_id", "contact_moment_ids.kind")
    def _compute_neglect(self):
        moments = self._presales_moment_times()
        activities = self._presales_done_activity_times()
        now = fields.Datetime.from_string(fields.Datetime.now())
        threshold = self._presales_attention_hours()
        for lead in self:
            owner = lead.user_id
            touches = [when for user_id, when in moments.get(lead.id, []) if owner and user_id == owner.id]
            touches += [when for author_id, when in activities.get(lead.id, [])
                        if owner and author_id == owner.partner_id.id]
            touched = neglect.last_touch(touches)
            hours = neglect.untouched_hours(
                touched, fields.Datetime.from_string(lead.lead_date or lead.create_date), now)
            lead.last_touch_at = fields.Datetime.to_string(touched) if touched else False
            lead.untouched_hours = hours
            lead.needs_attention = neglect.needs_attention(
                hours, threshold, lead._presales_is_open())

    def _presales_moment_times(self):
        """{lead id: [(user id, occurred_at)]} of the contact moments that respond to the sales up.

        The 'lead' moment is the intake itself, not a response. Read in SQL: the compute must see
        every moment, whoever logged it and whatever rules hide it from the current user.
        """
        ids = tuple(lead.id for lead in self if isinstance(lead.id, int))
        result = {}
        if not ids:
            return result
        self.env.cr.execute(
            "SELECT lead_id, user_id, occurred_at FROM presales_contact_moment "
            "WHERE lead_id IN %s AND kind != 'lead'", (ids,))
        for lead_id, user_id, occurred_at in self.env.cr.fetchall():
            result.setdefault(lead_id, []).append((user_id, fields.Datetime.from_string(occurred_at)))
        return result

    def _presales_done_activity_times(self):
        """{lead id: [(author partner id, date)]} of the activities marked done on the sales ups."""
        ids = tuple(lead.id for lead in self if isinstance(lead.id, int))
        result = {}
        if not ids:
            return result
        self.env.cr.execute(
            "SELECT res_id, author_id, max(date) FROM mail_message "
            "WHERE model = %s AND res_id IN %s AND mail_activity_type_id IS NOT NULL "
            "GROUP BY res_id, author_id", (self._name, ids))
        for res_id, author_id, date in self.env.cr.fetchall():
            result.setdefault(res_id, []).append((author_id, fields.Datetime.from_string(date)))
        return result

    @api.model
    def _presales_attention_hours(self):
        value = self.env["ir.config_parameter"].sudo().get_param(ATTENTION_HOURS_PARAM)
        try:
            return neglect.parse_threshold(value)
        except neglect.InvalidThreshold:
            return neglect.DEFAULT_ATTENTION_HOURS

    @api.multi
    def message_post(self, *args, **kwargs):
        message = super().message_post(*args, **kwargs)
        if kwargs.get("mail_activity_type_id"):
            # an activity marked done is a touch: refresh the neglect fields now
            names = ["last_touch_at", "untouched_hours", "needs_attention"]
            self.invalidate_cache(names, self.ids)
            for name in names:
                self.env.add_todo(self._fields[name], self)
            self.recompute()
        return message

    @api.model
    def _presales_refresh_neglect(self):
        """Hourly: time passes, so refresh the untouched hours and the attention flag in one UPDATE."""
        threshold = self._presales_attention_hours()
        self.env.cr.execute("""
            WITH fresh AS (
                SELECT id,
                       CASE WHEN coalesce(last_touch_at, lead_date, create_date) IS NULL THEN NULL
                            ELSE greatest(0, floor(extract(epoch FROM (%(now)s::timestamp
                                 - coalesce(last_touch_at, lead_date, create_date))) / 3600))::integer
                       END AS hours,
                       """ + lifecycle.sql_predicate(lifecycle.OPEN) + """ AS is_open
                  FROM crm_lead
            )
            UPDATE crm_lead lead
               SET untouched_hours = fresh.hours,
                   needs_attention = coalesce(fresh.is_open AND fresh.hours >= %(threshold)s, false)
              FROM fresh
             WHERE fresh.id = lead.id
               AND (lead.untouched_hours IS DISTINCT FROM fresh.hours
                    OR lead.needs_attention IS DISTINCT FROM
                       coalesce(fresh.is_open AND fresh.hours >= %(threshold)s, false))
        """, {"now": fields.Datetime.now(), "threshold": threshold})
        self.invalidate_cache(["untouched_hours", "needs_attention"])
        return True

    # ---- sales-process steps ----

    @api.depends("sales_step_ids.step")
    def _compute_presales_reached_steps(self):
        for lead in self:
            lead.presales_reached_steps = "," + "".join(
                "%s," % step for step in lead.sales_step_ids.mapped("step"))

    @api.multi
    def action_presales_log_step(self):
        """Button of the Sales process tab: the step comes in the button's context."""
        step = self.env.context.get("presales_step")
        if step not in sales_up.STEP_SEQUENCE:
            raise UserError(_("Sales up %s: unknown sales-process step %r.") % (
                ", ".join(self.mapped("name")), step))
        self._presales_log_step(step)
        return True

    # ---- leads: a separate acquisition process ----

    @api.multi
    def action_qualify(self):
        """Turn a qualified lead into a customer and a sales up (opportunity) that enters the funnel."""
        Partner = self.env["res.partner"]
        for lead in self:
            if lead.type != "lead":
                raise UserError(_("Sales up %s: only a lead (field Type = Lead) can be qualified; "
                                  "this one already is an opportunity.") % lead.name)
            partner = lead.partner_id
            if not partner:
                emails = tools.email_split(lead.email_from)
                if emails:
                    partner = Partner.search([("email", "=ilike", emails[0])], limit=1)
            if not partner:
                partner = lead._create_lead_partner()
                partner.team_id = lead.team_id
            # the write of the type raises _presales_on_qualify, as Odoo's convert wizard does
            lead.convert_opportunity(partner.id)
        if len(self) == 1:
            return self.redirect_opportunity_view()
        return True

    # the records of a sales up that a merge (or the qualification of a lead into an existing
    # sales up) carries over to the sales up that stays: {model: field}
    _presales_merged_children = {
        "presales.contact.moment": "lead_id",
        "presales.desired.vehicle": "lead_id",
        "presales.trade.in": "lead_id",
        "presales.finance.quote": "lead_id",
        "presales.test.drive": "lead_id",
    }

    @api.multi
    def merge_dependences(self, opportunities):
        """Odoo's merge moves messages and attachments, then deletes the merged sales ups: their
        contact moments, cars, trade-ins, quotes, test drives and steps come along first, or the
        deletion would drop them (or cut them loose from any sales up)."""
        result = super().merge_dependences(opportunities)
        for model, field in self._presales_merged_children_all().items():
            children = self.env[model].sudo().with_context(active_test=False).search([(field, "in", opportunities.ids)])
            if children:
                children.write({field: self.id})
        # the cars held for a merged sales up are held for the one that stays
        held = self.env["presales.stock.vehicle"].sudo().search(
            [("reserved_lead_id", "in", opportunities.ids), ("state", "=", stock.RESERVED)])
        for car in held:
            car._presales_stock_event(stock.RELEASE, car.reserved_lead_id)
            car._presales_stock_event(stock.RESERVE, self)
        Step = self.env["presales.sales.step"].sudo()
        reached = set(Step.search([("lead_id", "=", self.id)]).mapped("step"))
        for step in Step.search([("lead_id", "in", opportunities.ids)], order="done_at, id"):
            if step.step not in reached:
                step.write({"lead_id": self.id})
                reached.add(step.step)
        return result

    @api.model
    def _presales_merged_children_all(self):
        """The merged children of this addon and those the other addons add (same shape)."""
        return dict(self._presales_merged_children)

    @api.multi
    def action_presales_log_contact(self):
        """The Log a contact button: a short dialog for a contact moment of this sales up."""
        self.ensure_one()
        return {
            "type": "ir.actions.act_window",
            "name": _("Log a contact"),
            "res_model": "presales.contact.moment",
            "view_mode": "form",
            "views": [(self.env.ref("automotive_presales.presales_contact_moment_view_form_log").id, "form")],
            "target": "new",
            "context": {
                "default_lead_id": self.id,
                "default_partner_id": self.partner_id.id,
                "default_team_id": self.team_id.id,
                "default_kind": "call",
                "default_direction": "outbound",
            },
        }

    @api.model
    def _presales_acting_user(self):
        """Who an automatic record is credited to: the user at work, never the system user
        (mail gateway, DMS import, cron): their records stay unassigned."""
        if self.env.uid == SUPERUSER_ID:
            return self.env["res.users"]
        return self.env.user

    @api.multi
    def _presales_log_moment(self, kind, summary, channel=None, occurred_at=None):
        """Log the contact moment an action in the CRM stands for, one per sales up."""
        Moment = self.env["presales.contact.moment"]
        moments = Moment.browse()
        for lead in self:
            moments |= Moment.create({
                "kind": kind,
                "channel": channel,
                "summary": summary,
                "lead_id": lead.id,
                "partner_id": lead.partner_id.id,
                "user_id": lead.user_id.id or self._presales_acting_user().id,
                "team_id": lead.team_id.id,
                "occurred_at": occurred_at or fields.Datetime.now(),
            })
        return moments

    @api.multi
    def _presales_log_step(self, step, done_at=None):
        """Record that a sales-process step was reached; a step already reached stays as it was."""
        Step = self.env["presales.sales.step"]
        steps = Step.browse()
        for lead in self:
            existing = lead.sales_step_ids.filtered(lambda record: record.step == step)
            steps |= existing or Step.create({
                "lead_id": lead.id,
                "step": step,
                "done_at": done_at or fields.Datetime.now(),
                "user_id": (self._presales_acting_user() or lead.user_id or self.env.user).id,
            })
        return steps
