from datetime import timedelta

import psycopg2
from psycopg2 import sql

from odoo import _, api, fields, models
from odoo.exceptions import UserError, ValidationError
from odoo.tools import mute_logger

from ..lib import agenda
from . import presales_ownership_guard as guard

# the records a drive links to, which decide who sees it
LINK_FIELDS = ("lead_id", "partner_id")

EXCLUSION_VIOLATION = "23P01"


class PresalesTestDrive(models.Model):
    """A customer driving a demo car for a while, booked on a sales up.

    The car is held from start to end while the drive is planned or done. Each drive keeps a
    calendar.event in the agenda in step with it (moved, re-assigned and cancelled with it).
    """

    _name = "presales.test.drive"
    _description = "Test drive"
    _inherit = ["mail.thread"]
    _order = "start_datetime desc, id desc"

    # Every field that names the vehicle a drive holds. A booking conflicts with another booking of
    # the same value in any of them; add a field here (e.g. a stock car) and it is checked, locked
    # and guarded in the database like the demo car.
    _booking_vehicle_fields = ["fleet_vehicle_id", "stock_vehicle_id"]

    name = fields.Char(compute="_compute_name", store=True, readonly=True)
    partner_id = fields.Many2one(
        "res.partner", "Customer", required=True, index=True, ondelete="restrict",
        track_visibility="onchange")
    lead_id = fields.Many2one(
        "crm.lead", "Sales up", index=True, ondelete="set null", track_visibility="onchange")
    fleet_vehicle_id = fields.Many2one(
        "fleet.vehicle", "Demo car", index=True, ondelete="restrict", track_visibility="onchange")
    stock_vehicle_id = fields.Many2one(
        "presales.stock.vehicle", "Stock car", index=True, ondelete="restrict",
        domain=[("state", "!=", "sold")], track_visibility="onchange",
        help="A car from the dealer's stock, when the customer drives that one instead of a demo car.")
    user_id = fields.Many2one(
        "res.users", "Salesperson", required=True, index=True, ondelete="restrict",
        default=lambda self: self.env.user, track_visibility="onchange")
    team_id = fields.Many2one(
        "crm.team", "Branch", compute="_compute_team_id", store=True, index=True, readonly=True,
        help="The branch of the sales up, or else of the salesperson.")
    start_datetime = fields.Datetime("Start", required=True, index=True, track_visibility="onchange")
    stop_datetime = fields.Datetime("End", required=True, index=True, track_visibility="onchange")
    licence_number = fields.Char("Driving licence number", track_visibility="onchange")
    licence_expiry = fields.Date("Licence valid until", track_visibility="onchange")
    state = fields.Selection(
        agenda.TEST_DRIVE_STATES, required=True, default="planned", index=True, copy=False,
        track_visibility="onchange")
    importance = fields.Selection(agenda.IMPORTANCE, required=True, default="normal")
    feedback = fields.Text(help="What the customer said about the car after the drive.")
    calendar_event_id = fields.Many2one(
        "calendar.event", "Agenda event", readonly=True, copy=False, ondelete="set null")
    company_id = fields.Many2one(
        "res.company", required=True, default=lambda self: self.env.user.company_id)

    @api.depends("fleet_vehicle_id", "stock_vehicle_id", "partner_id", "start_datetime")
    def _compute_name(self):
        for drive in self:
            drive.name = _("Test drive %s – %s") % (
                drive._vehicle().display_name or _("(no car)"), drive.partner_id.name or "")

    def _vehicle(self):
        """The car this drive holds: the first vehicle field that is set."""
        for field in self._booking_vehicle_fields:
            if self[field]:
                return self[field]
        return self.env[self._fields[self._booking_vehicle_fields[0]].comodel_name]

    @api.depends("lead_id.team_id", "user_id.sale_team_id")
    def _compute_team_id(self):
        for drive in self:
            drive.team_id = self._presales_branch_of(drive.lead_id, drive.user_id)

    @api.model
    def _presales_branch_of(self, lead, user):
        """A drive's branch: its sales up's, else its salesperson's."""
        return lead.team_id or user.sale_team_id

    @api.onchange("lead_id")
    def _onchange_lead_id(self):
        if self.lead_id.partner_id:
            self.partner_id = self.lead_id.partner_id

    @api.onchange("start_datetime")
    def _onchange_start_datetime(self):
        if self.start_datetime and (not self.stop_datetime or self.stop_datetime <= self.start_datetime):
            start = fields.Datetime.from_string(self.start_datetime)
            self.stop_datetime = fields.Datetime.to_string(start + timedelta(minutes=30))

    @api.onchange("licence_expiry", "start_datetime")
    def _onchange_licence_expiry(self):
        """Say it where it is typed: an expired licence is refused when the drive is saved."""
        if not self.licence_expiry or not self.start_datetime:
            return None
        if agenda.licence_problem("-", fields.Date.from_string(self.licence_expiry),
                                  fields.Datetime.from_string(self.start_datetime)) == agenda.LICENCE_EXPIRED:
            return {"warning": {
                "title": _("Driving licence expired"),
                "message": _("The licence is valid until %s, before the drive on %s: the customer cannot "
                             "drive with it. Take another licence, or move the drive.") % (
                    self.licence_expiry, self.start_datetime[:10]),
            }}
        return None

    # ---------------------------------------------------------------- constraints

    def _describe(self):
        return self.name or _("New test drive")

    @api.constrains("start_datetime", "stop_datetime")
    def _check_period(self):
        for drive in self:
            if drive.stop_datetime <= drive.start_datetime:
                raise ValidationError(_(
                    "%s: field End (%s) must be after field Start (%s).") % (
                        drive._describe(), drive.stop_datetime, drive.start_datetime))

    @api.constrains(*_booking_vehicle_fields)
    def _check_vehicle(self):
        for drive in self:
            if not any(drive[field] for field in self._booking_vehicle_fields):
                raise ValidationError(_("%s: field %s is required: which car will the customer drive?") % (
                    drive._describe(), self._fields[self._booking_vehicle_fields[0]]._description_string(self.env)))

    @api.constrains("state", "licence_number", "licence_expiry", "start_datetime")
    def _check_licence(self):
        messages = {
            agenda.LICENCE_MISSING_NUMBER: _("%(drive)s: field Driving licence number is required to book it."),
            agenda.LICENCE_MISSING_EXPIRY: _("%(drive)s: field Licence valid until is required to book it."),
            agenda.LICENCE_EXPIRED: _(
                "%(drive)s: field Licence valid until (%(expiry)s) is before the drive (%(start)s): "
                "the driving licence has expired."),
        }
        for drive in self.filtered(lambda record: record.state in agenda.BOOKING_STATES):
            problem = agenda.licence_problem(
                drive.licence_number,
                fields.Date.from_string(drive.licence_expiry),
                fields.Datetime.from_string(drive.start_datetime))
            if problem:
                raise ValidationError(messages[problem] % {
                    "drive": drive._describe(), "expiry": drive.licence_expiry,
                    "start": drive.start_datetime})

    @api.constrains("state", "start_datetime", "stop_datetime", *_booking_vehicle_fields)
    def _check_double_booking(self):
        """Refuse a booking that overlaps another booking of the same car.

        The advisory lock makes two bookings of one car check one after the other. Odoo runs in
        REPEATABLE READ, so a booking that waited may still not see the other one once it is
        committed: the deferred exclusion constraint made in init() refuses it at commit then.
        """
        for drive in self.filtered(lambda record: record.state in agenda.BOOKING_STATES):
            for field in self._booking_vehicle_fields:
                vehicle = drive[field]
                if not vehicle:
                    continue
                self.env.cr.execute(
                    "SELECT pg_advisory_xact_lock(%s, %s)", agenda.booking_lock_key(field, vehicle.id))
                others = self.sudo().search([
                    (field, "=", vehicle.id),
                    ("id", "!=", drive.id),
                    ("state", "in", list(agenda.BOOKING_STATES)),
                    ("start_datetime", "<", drive.stop_datetime),
                    ("stop_datetime", ">", drive.start_datetime),
                ], order="start_datetime", limit=1)
                if others and not self.search([("id", "=", others.id)]):
                    # a colleague's booking: when and whose is theirs to know
                    raise ValidationError(_(
                        "%(drive)s: field %(field)s: %(car)s is already booked by someone else during "
                        "this time; pick another time or car.") % {
                            "drive": drive._describe(), "field": self._fields[field]._description_string(self.env),
                            "car": vehicle.display_name})
                if others:
                    raise ValidationError(_(
                        "%(drive)s: field %(field)s: %(car)s is already booked from %(start)s to %(stop)s "
                        "by another sales up (salesperson %(user)s).") % {
                            "drive": drive._describe(), "field": self._fields[field]._description_string(self.env),
                            "car": vehicle.display_name, "start": others.start_datetime,
                            "stop": others.stop_datetime, "user": others.user_id.name})

    @api.model_cr
    def init(self):
        """Let the database refuse overlapping bookings of one car, at commit time.

        One deferred exclusion constraint per vehicle field: deferred so that the readable
        ValidationError above speaks first in a single transaction, and so that the constraint
        still holds when two transactions book the same car at once.
        """
        cr = self.env.cr
        cr.execute("CREATE EXTENSION IF NOT EXISTS btree_gist")
        for field in self._booking_vehicle_fields:
            name = "%s_%s_no_overlap" % (self._table, field)
            cr.execute("SELECT 1 FROM pg_constraint WHERE conname = %s", (name,))
            if cr.fetchone():
                continue
            cr.execute(sql.SQL(
                "ALTER TABLE {table} ADD CONSTRAINT {name} EXCLUDE USING gist "
                "({field} WITH =, tsrange(start_datetime, stop_datetime) WITH &&) "
                "WHERE ({field} IS NOT NULL AND state IN ('planned', 'done') "
                "AND stop_datetime > start_datetime) "
                "DEFERRABLE INITIALLY DEFERRED").format(
                    table=sql.Identifier(self._table), name=sql.Identifier(name),
                    field=sql.Identifier(field)))

    @api.constrains("state", "start_datetime", "stop_datetime", *_booking_vehicle_fields)
    def _check_double_booking_committed(self):
        """The named message also for a booking a colleague committed a moment ago.

        Runs after _check_double_booking (constraints run by name). Under REPEATABLE READ that
        booking is invisible to the search there, but not to the exclusion constraint: checking
        it now, instead of at commit, turns PostgreSQL's exclusion error into a ValidationError.
        """
        drives = self.filtered(lambda record: record.state in agenda.BOOKING_STATES)
        for field in self._booking_vehicle_fields:
            booked = drives.filtered(lambda drive: drive[field])
            if not booked:
                continue
            name = sql.Identifier("%s_%s_no_overlap" % (self._table, field))
            try:
                # the violation is expected and answered below: not a "bad query" for the log
                with mute_logger("odoo.sql_db"), self.env.cr.savepoint():
                    self.env.cr.execute(sql.SQL("SET CONSTRAINTS {} IMMEDIATE").format(name))
                    self.env.cr.execute(sql.SQL("SET CONSTRAINTS {} DEFERRED").format(name))
            except psycopg2.IntegrityError as error:
                if error.pgcode != EXCLUSION_VIOLATION:
                    raise
                self.env.cr.execute(sql.SQL("SET CONSTRAINTS {} DEFERRED").format(name))
                drive = booked[:1]
                raise ValidationError(_(
                    "%(drive)s: field %(field)s: %(car)s was booked for an overlapping time by a "
                    "colleague a moment ago; pick another time or car.") % {
                        "drive": drive._describe(), "field": self._fields[field]._description_string(self.env),
                        "car": drive[field].display_name})

    # ---------------------------------------------------------------- booking and agenda

    @api.model
    def _presales_check_create_links(self, vals):
        """A drive names a sales up and a customer the booking salesperson can already read."""
        effective = guard.context_defaults(self, vals, LINK_FIELDS)
        guard.check_links(self, effective, guard.lead_customer_checked(self, effective), _("New test drive"))

    @api.multi
    def _presales_check_write_links(self, vals):
        guard.check_may_write(self)
        for drive in self:
            effective = dict({"lead_id": drive.lead_id.id}, **vals)
            checked = [name for name in guard.lead_customer_checked(self, effective) if name in vals]
            guard.check_links(self, effective, checked, drive._describe())

    @api.model
    def create(self, vals):
        self._presales_check_create_links(vals)
        # Odoo stores computed fields last in its create (models._create), after the constraints
        # and the creator's subscription have read the new drive as its creator: a branch manager,
        # whose rule is on the branch, would be refused their own booking. The branch goes into the
        # insert (the links are checked above); the compute still has the last word.
        Sudo = self.sudo()
        vals = dict(vals, team_id=self._presales_branch_of(
            Sudo.env["crm.lead"].browse(vals.get("lead_id")),
            Sudo.env["res.users"].browse(vals.get("user_id") or self.env.uid)).id)
        drive = super().create(vals)
        drive._sync_calendar_event()
        drive._log_booking()
        return drive

    @api.multi
    def write(self, vals):
        self._presales_check_write_links(vals)
        labels = guard.labels_before(self, lambda drive: drive._describe())
        new_lead = "lead_id" in vals and self.filtered(lambda drive: drive.lead_id.id != vals["lead_id"])
        result = super().write(vals)
        guard.check_still_writable(self, labels, [name for name in LINK_FIELDS if name in vals] or list(vals))
        if not self.env.context.get("presales_from_event") and set(vals) & {
                "start_datetime", "stop_datetime", "user_id", "importance", "state", "partner_id",
                "name", "lead_id", *self._booking_vehicle_fields}:
            self._sync_calendar_event()
        if new_lead:
            new_lead._log_booking()
        return result

    @api.multi
    def unlink(self):
        # the agenda events go first (as superuser: they belong to the drives); the database would
        # otherwise cascade them behind the ORM's back
        self.sudo().mapped("calendar_event_id").with_context(presales_from_test_drive=True).unlink()
        return super().unlink()

    def _log_booking(self):
        """A booked drive on a sales up is the 'demo' step and a test-drive contact moment."""
        for drive in self.filtered(lambda record: record.state == "planned" and record.lead_id):
            drive.lead_id._presales_log_step("demo")
            drive.lead_id._presales_log_moment(
                "test_drive", _("Test drive booked: %s on %s") % (
                    drive._vehicle().display_name or drive.name, drive.start_datetime),
                channel="showroom", occurred_at=drive.start_datetime)

    def _event_values(self):
        description = "\n".join(filter(None, [
            _("Customer: %s") % self.partner_id.display_name,
            self.partner_id.phone and _("Phone: %s") % self.partner_id.phone,
            self.lead_id and _("Sales up: %s") % self.lead_id.name,
        ]))
        return {
            "name": self.name,
            "start": self.start_datetime,
            "stop": self.stop_datetime,
            "allday": False,
            "user_id": self.user_id.id,
            "partner_ids": [(6, 0, self.user_id.partner_id.ids)],
            "importance": self.importance,
            "active": self.state != "cancelled",
            "description": description,
            "opportunity_id": self.lead_id.id,
            "test_drive_id": self.id,
        }

    def _sync_calendar_event(self):
        """Create or update the agenda event of each drive; a cancelled drive archives it.

        The event is written as superuser: it belongs to the drive, and the salesperson who moves
        a drive may not own the event made for a colleague.
        """
        Event = self.env["calendar.event"].sudo().with_context(
            presales_from_test_drive=True, no_mail_to_attendees=True, dont_notify=True)
        for drive in self:
            values = drive._event_values()
            event = drive.calendar_event_id.sudo().with_context(
                active_test=False, presales_from_test_drive=True, dont_notify=True)
            if event.exists():
                event.write(values)
            else:
                event = Event.create(values)
                super(PresalesTestDrive, drive.sudo()).write({"calendar_event_id": event.id})
        return True

    # ---------------------------------------------------------------- buttons

    def _check_state_for(self, action_label, allowed):
        # the field's labels in the user's language, not lib's English ones
        labels = dict(self._fields["state"]._description_selection(self.env))
        for drive in self:
            if drive.state not in allowed:
                raise UserError(_("%s: field Status is %s; only a drive that is %s can be %s.") % (
                    drive._describe(), labels[drive.state],
                    # the word alone: Odoo strips the spaces around a translation
                    (" %s " % _("or")).join(labels[state] for state in allowed), action_label))

    @api.multi
    def action_done(self):
        self._check_state_for(_("marked done"), ("planned", "no_show"))
        return self.write({"state": "done"})

    @api.multi
    def action_no_show(self):
        self._check_state_for(_("marked as no-show"), ("planned",))
        return self.write({"state": "no_show"})

    @api.multi
    def action_cancel(self):
        self._check_state_for(_("cancelled"), ("planned",))
        return self.write({"state": "cancelled"})

    @api.multi
    def action_plan(self):
        self._check_state_for(_("planned again"), ("cancelled", "no_show"))
        return self.write({"state": "planned"})
