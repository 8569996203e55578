import pytz

from odoo import _, api, fields, models
from odoo.exceptions import AccessError, UserError

from odoo.addons.automotive_presales.models import presales_ownership_guard as guard

from ..lib import floor

# set when the visit is recorded; managers correct them (the salesperson too: the manager's override)
LOCKED_FIELDS = ("user_id", "team_id", "checkin_at")
LINK_FIELDS = ("lead_id", "partner_id")


class PresalesShowroomVisit(models.Model):
    """A customer in the showroom, from the moment they walk in until they leave.

    Each visit is a showroom contact moment in the funnel (kind showroom_visit), so the monitor
    counts it with every other touch. Visits still open when the branch closes go to the branch
    manager's list (cron). Who gets the next walk-in: next_up().
    """

    _name = "presales.showroom.visit"
    _inherit = ["dealer.floor.capture.mixin"]
    _description = "Showroom visit"
    _order = "checkin_at desc, id desc"

    name = fields.Char(compute="_compute_name", store=True)
    partner_id = fields.Many2one("res.partner", "Customer", index=True, ondelete="restrict")
    walk_in_name = fields.Char("Walk-in", help="The visitor's name while they are not a customer yet.")
    lead_id = fields.Many2one("crm.lead", "Sales up", index=True, ondelete="set null")
    user_id = fields.Many2one(
        "res.users", "Salesperson", required=True, index=True, ondelete="restrict",
        default=lambda self: self.env.user)
    team_id = fields.Many2one(
        "crm.team", "Branch", required=True, index=True, ondelete="restrict",
        default=lambda self: self.env.user.sale_team_id,
        help="The branch whose showroom the customer visits.")
    checkin_at = fields.Datetime("Walked in", required=True, index=True, default=fields.Datetime.now)
    checkout_at = fields.Datetime("Left", index=True)
    in_showroom = fields.Boolean(
        "In the showroom", compute="_compute_in_showroom", store=True, index=True,
        help="Checked in and not yet out.")
    left_open = fields.Boolean(
        "Open at closing", index=True, readonly=True, copy=False,
        help="Still open when the showroom closed: the branch manager checks it out.")
    purpose = fields.Selection(floor.VISIT_PURPOSES, required=True, default="look_around")
    note = fields.Text()
    step_ids = fields.Many2many(
        "presales.sales.step", string="Steps done", compute="_compute_step_ids",
        help="The sales-process steps reached on the sales up during the visit.")
    duration_minutes = fields.Integer("Minutes", compute="_compute_duration_minutes")
    moment_id = fields.Many2one(
        "presales.contact.moment", "Contact moment", readonly=True, copy=False, ondelete="set null")
    company_id = fields.Many2one(
        "res.company", required=True, default=lambda self: self.env.user.company_id)

    _sql_constraints = [
        ("checkout_after_checkin", "CHECK(checkout_at IS NULL OR checkout_at >= checkin_at)",
         "A showroom visit cannot end before it started."),
    ]

    @api.depends("partner_id.name", "walk_in_name", "lead_id.contact_name", "lead_id.contact_lastname")
    def _compute_name(self):
        for visit in self:
            lead_name = " ".join(filter(None, (visit.lead_id.contact_name, visit.lead_id.contact_lastname)))
            visit.name = visit.partner_id.name or lead_name or visit.walk_in_name or _("Walk-in")

    @api.depends("checkout_at")
    def _compute_in_showroom(self):
        for visit in self:
            visit.in_showroom = not visit.checkout_at

    def _compute_step_ids(self):
        for visit in self:
            start, end = visit.checkin_at, visit.checkout_at or fields.Datetime.now()
            visit.step_ids = visit.lead_id.sales_step_ids.filtered(
                lambda step: start <= step.done_at <= end)

    def _compute_duration_minutes(self):
        now = fields.Datetime.from_string(fields.Datetime.now())
        for visit in self:
            end = fields.Datetime.from_string(visit.checkout_at) if visit.checkout_at else now
            visit.duration_minutes = floor.waiting_minutes(fields.Datetime.from_string(visit.checkin_at), end)

    def _label(self):
        return _('Showroom visit "%s"') % (self.name or _("Walk-in"))

    # ------------------------------------------------------------------ create / write

    @api.model
    def _check_create_visit(self, vals):
        """A salesperson records visits they serve themselves, in their own branch and on what
        they may see; a manager records them for anyone of the branches they see (the override
        of the rotation)."""
        effective = guard.context_defaults(self, vals, ("user_id", "team_id") + LINK_FIELDS)
        label = _('Showroom visit "%s"') % (effective.get("walk_in_name") or _("Walk-in"))
        guard.check_links(self, effective, guard.lead_customer_checked(self, effective), label)
        user = self.env.user
        if user._presales_is_manager():
            return
        if effective.get("user_id", user.id) != user.id:
            raise AccessError(_(
                "%s: field Salesperson: a salesperson records the visits they serve; the branch "
                "manager gives a walk-in to someone else.") % label)
        if effective.get("team_id") and effective["team_id"] != user.sale_team_id.id:
            raise AccessError(_("%s: field Branch: a salesperson records visits in their own branch.") % label)

    @api.model
    def create(self, vals):
        def create_checked(values):
            values = self._visit_values(values)
            visit = super(PresalesShowroomVisit, self).create(values)
            visit._log_moment()
            return visit
        # the capture check first: a visit sent again is answered with the one stored
        return self._floor_capture_create(vals, create_checked)

    @api.model
    def _visit_values(self, vals):
        """Check a new visit and complete its customer and branch."""
        self._check_create_visit(vals)
        vals = dict(vals)
        lead = self.env["crm.lead"].browse(vals.get("lead_id") or [])
        if lead and not vals.get("partner_id"):
            vals["partner_id"] = lead.sudo().partner_id.id or False
        if not vals.get("team_id"):
            user = self.env["res.users"].browse(vals.get("user_id") or self.env.uid)
            vals["team_id"] = (user.sale_team_id or lead.sudo().team_id).id
        if not vals.get("team_id"):
            raise UserError(_(
                "%s: field Branch is required: the salesperson belongs to no branch.")
                % (_('Showroom visit "%s"') % (vals.get("walk_in_name") or _("Walk-in"))))
        return vals

    def _log_moment(self):
        """The visit in the funnel: a showroom contact moment, the system's record of it, made on
        behalf of the salesperson who served the customer (as the intake moment of a sales up)."""
        self.ensure_one()
        moment = self.env["presales.contact.moment"].sudo().create({
            "kind": "showroom_visit",
            "channel": "showroom",
            "direction": "inbound",
            "summary": _("Showroom visit: %s") % self.name,
            "lead_id": self.lead_id.id,
            "partner_id": self.partner_id.id,
            "user_id": self.user_id.id,
            "team_id": self.team_id.id,
            "occurred_at": self.checkin_at,
        })
        super(PresalesShowroomVisit, self.sudo()).write({"moment_id": moment.id})
        return moment

    @api.multi
    def write(self, vals):
        guard.check_may_write(self)
        guard.check_locked_fields(self, vals, LOCKED_FIELDS, lambda visit: visit._label())
        for visit in self:
            effective = dict({"lead_id": visit.lead_id.id}, **vals)
            checked = [name for name in guard.lead_customer_checked(self, effective) if name in vals]
            guard.check_links(self, effective, checked, visit._label())
        labels = guard.labels_before(self, lambda visit: visit._label())
        result = super().write(vals)
        guard.check_still_writable(self, labels, [name for name in LINK_FIELDS if name in vals] or list(vals))
        return result

    # ------------------------------------------------------------------ actions

    @api.multi
    def action_checkout(self):
        """The customer left: the visit ends now (a visit already ended keeps its time)."""
        open_visits = self.filtered(lambda visit: not visit.checkout_at)
        if open_visits:
            open_visits.write({"checkout_at": fields.Datetime.now(), "left_open": False})
        return True

    @api.model
    def next_up(self, team_id):
        """The salesperson whose turn the next walk-in of branch `team_id` is (lib/floor.next_up):
        a fair rotation over those on the floor now, skipping anyone with a customer. Returns
        {"id", "name"} or False when nobody is free. The branch manager may give the walk-in to
        someone else (the visit's Salesperson)."""
        if isinstance(team_id, bool) or not isinstance(team_id, int):
            raise UserError(_("Next up: the branch must be given by its id, not %r.") % (team_id,))
        team = self.env["crm.team"].browse(team_id)
        user = self.env.user
        if not user._presales_is_manager() and user.sale_team_id != team:
            raise AccessError(_("Next up: a salesperson sees the rotation of their own branch only."))
        people = self.env["res.users"].sudo().search([
            ("sale_team_id", "=", team.id), ("floor_present_since", "!=", False)])
        if not people:
            return False
        visits = self.sudo()
        busy = set(visits.search([("user_id", "in", people.ids), ("in_showroom", "=", True)]).mapped("user_id").ids)
        # every visit counts for the rotation, whoever may read it: read in SQL
        self.env.cr.execute(
            "SELECT user_id, max(checkin_at) FROM presales_showroom_visit WHERE user_id IN %s GROUP BY user_id",
            (tuple(people.ids),))
        last = {user_id: fields.Datetime.from_string(when) for user_id, when in self.env.cr.fetchall()}
        present = {person.id: fields.Datetime.from_string(person.floor_present_since) for person in people}
        chosen = floor.next_up(present, busy, last)
        if not chosen:
            return False
        return {"id": chosen, "name": people.browse(chosen).name}

    @api.model
    def _cron_close_showroom_day(self):
        """Hourly: in every branch whose showroom has closed today (its local time), the visits
        still open go to the branch manager's list and the salespeople leave the floor."""
        now_utc = fields.Datetime.from_string(fields.Datetime.now())
        for team in self.env["crm.team"].sudo().search([("showroom_visit_ids", "!=", False)]) | \
                self.env["res.users"].sudo().search([("floor_present_since", "!=", False)]).mapped("sale_team_id"):
            tz = pytz.timezone(team.user_id.tz or team.company_id.partner_id.tz or self.env.user.tz or "UTC")
            local_now = pytz.utc.localize(now_utc).astimezone(tz)
            if not floor.after_closing(local_now, team.showroom_closing_hour):
                continue
            left = self.sudo().search([("team_id", "=", team.id), ("in_showroom", "=", True),
                                       ("left_open", "=", False)])
            if left:
                super(PresalesShowroomVisit, left).write({"left_open": True})
            self.env["res.users"].sudo().search([
                ("sale_team_id", "=", team.id), ("floor_present_since", "!=", False)]).write(
                {"floor_present_since": False})
        return True
