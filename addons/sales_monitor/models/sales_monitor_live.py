import datetime

from odoo import _, api, fields, models

from odoo.addons.automotive_presales.lib import lifecycle

# the type of the bus message an open monitor reloads on; it arrives on the user's own partner
# channel (db, 'res.partner', partner id)
CHANGED = "sales_monitor.changed"
# a message names at most this many rows per kind; beyond, it says "everything" (all: true)
MAX_IDS = 200
# leads older than this are not escalated any more: the hourly "needs attention" has them
ESCALATION_WINDOW = datetime.timedelta(days=1)
DEFAULT_OWNER_MINUTES = 5
DEFAULT_MANAGER_MINUTES = 30


class SalesMonitorLive(models.AbstractModel):
    """The live side of the monitor: who is told that figures they see have changed.

    Every change the monitor shows (a contact moment stored by the CRM or the DMS, a sales up won,
    lost, reassigned or re-valued) is announced on the partner channel of each user whose monitor
    shows it: the directors, the branch managers of the branch (sales.monitor._monitor_teams, the
    one rule of who sees which branch) and the salespeople of the sales up. The message holds no
    figure, only the rows that changed among those the recipient may see; the screen then reloads
    its figures with the recipient's own rights.
    """

    _inherit = "sales.monitor"

    @api.model
    def _monitor_notify(self, changes):
        """Announce changes: an iterable of (team id, {user ids}, lead id), None where unknown."""
        changes = [(team, frozenset(user for user in users if user), lead) for team, users, lead in changes
                   if team or lead or any(users)]
        if not changes:
            return
        Users = self.env["res.users"].sudo()
        directors, teams_of = self._monitor_audience()
        announced = {}

        def add(partner_id, team=None, person=None, lead=None):
            entry = announced.setdefault(partner_id, (set(), set(), set()))
            for bucket, value in zip(entry, (team, person, lead)):
                if value:
                    bucket.add(value)

        for team, users, lead in changes:
            for director in directors:
                for user in users or (None,):
                    add(director, team, user, lead)
            for manager, teams in teams_of.items():
                if team in teams:
                    for user in users or (None,):
                        add(manager, team, user, lead)
            for user in Users.browse(users).filtered(lambda person: person.active and not person.share):
                add(user.partner_id.id, None, user.id, lead)
        self._monitor_send(announced)

    @api.model
    def _monitor_audience(self):
        """(director partner ids, {branch manager's partner id: ids of the branches they see}) in one
        query: every change asks it (a DMS push of one moment too). The branches are those of
        _monitor_teams, the one rule (led by them, or their own); parity:
        test_the_audience_is_who_the_monitor_shows_each_branch_to."""
        self.env.cr.execute("""
            SELECT users.partner_id, bool_or(rel.gid = %(director)s), array_remove(array_agg(DISTINCT team.id), NULL)
              FROM res_users users
              JOIN res_groups_users_rel rel ON rel.uid = users.id AND rel.gid IN %(groups)s
              LEFT JOIN crm_team team ON (team.user_id = users.id OR team.id = users.sale_team_id) AND team.active
             WHERE users.active AND NOT coalesce(users.share, false)
             GROUP BY users.id, users.partner_id""", {
            "director": self.env.ref("automotive_presales.group_sales_director").id,
            "groups": (self.env.ref("automotive_presales.group_sales_director").id,
                       self.env.ref("automotive_presales.group_branch_manager").id)})
        directors, teams_of = [], {}
        for partner_id, director, teams in self.env.cr.fetchall():
            if director:
                directors.append(partner_id)
            else:
                teams_of[partner_id] = set(teams)
        return directors, teams_of

    def _monitor_send(self, announced):
        """One bus message per recipient: the rows of each kind it may see that changed."""
        notifications = []
        for partner_id, (teams, people, leads) in sorted(announced.items()):
            everything = any(len(bucket) > MAX_IDS for bucket in (teams, people, leads))
            notifications.append(((self.env.cr.dbname, "res.partner", partner_id), {
                "type": CHANGED, "all": everything,
                "team_ids": [] if everything else sorted(teams),
                "user_ids": [] if everything else sorted(people),
                "lead_ids": [] if everything else sorted(leads),
            }))
        if notifications:
            self.env["bus.bus"].sudo().sendmany(notifications)

    @api.model
    def _monitor_moment_changes(self, moment_ids):
        """(team, {users}, lead) of contact moments, read in SQL: whoever stored them, whatever
        rules hide them from the current user."""
        if not moment_ids:
            return []
        self.env.cr.execute("""
            SELECT moment.team_id, moment.user_id, lead.user_id, lead.second_user_id, moment.lead_id
              FROM presales_contact_moment moment LEFT JOIN crm_lead lead ON lead.id = moment.lead_id
             WHERE moment.id IN %s""", (tuple(moment_ids),))
        return list({(team, frozenset((author, owner, second)), lead)
                     for team, author, owner, second, lead in self.env.cr.fetchall()})

    # ---- speed to lead: remind the owner, then the branch manager ----

    @api.model
    def _cron_speed_to_lead(self, now=None):
        """Every minute: a lead nobody has contacted yet reminds its owner after the branch's first
        limit (5 minutes by default), and its branch manager after the second (30), once each."""
        now = fields.Datetime.from_string(now or fields.Datetime.now())
        since = fields.Datetime.to_string(now - ESCALATION_WINDOW)
        Lead = self.env["crm.lead"].sudo()
        for step, limit, done in (("owner", "speed_owner_minutes", "speed_owner_reminded_at"),
                                  ("manager", "speed_manager_minutes", "speed_manager_escalated_at")):
            # pylint: disable=sql-injection  # column names from the tuple above
            self.env.cr.execute("""
                SELECT lead.id FROM crm_lead lead LEFT JOIN crm_team team ON team.id = lead.team_id
                 WHERE lead.first_response_minutes IS NULL AND lead.%(done)s IS NULL
                   AND lead.lead_received_at >= %%(since)s
                   AND lead.lead_received_at <= %%(now)s::timestamp
                       - make_interval(mins => coalesce(team.%(limit)s, %%(default)s))
                   AND %(open)s %(owner)s
                 ORDER BY lead.lead_received_at, lead.id""" % {
                "done": done, "limit": limit, "open": lifecycle.sql_predicate(lifecycle.OPEN, "lead"),
                "owner": "AND lead.user_id IS NOT NULL" if step == "owner" else "AND team.user_id IS NOT NULL"},
                {"since": since, "now": fields.Datetime.to_string(now),
                 "default": DEFAULT_OWNER_MINUTES if step == "owner" else DEFAULT_MANAGER_MINUTES})
            leads = Lead.browse([row[0] for row in self.env.cr.fetchall()])
            for lead in leads:
                waited = int((now - fields.Datetime.from_string(lead.lead_received_at)).total_seconds() // 60)
                if step == "owner":
                    lead._monitor_remind(lead.user_id, _("Lead waiting %d minutes: contact %s now") % (
                        waited, lead.partner_id.display_name or lead.contact_name or lead.name))
                else:
                    lead._monitor_remind(lead.team_id.user_id, _(
                        "Lead of %s waiting %d minutes without a first contact: %s") % (
                        lead.user_id.name or _("nobody"), waited, lead.name))
            if leads:
                leads._presales_write_facts({done: fields.Datetime.to_string(now)})
        return True


class CrmTeam(models.Model):
    _inherit = "crm.team"

    speed_owner_minutes = fields.Integer(
        "Remind the owner after (min)", default=DEFAULT_OWNER_MINUTES,
        help="A lead nobody has contacted this many minutes after it arrived reminds its salesperson.")
    speed_manager_minutes = fields.Integer(
        "Tell the branch manager after (min)", default=DEFAULT_MANAGER_MINUTES,
        help="A lead nobody has contacted this many minutes after it arrived is brought to the branch "
             "manager.")

    _sql_constraints = [
        ("speed_minutes_positive", "CHECK(speed_owner_minutes > 0 AND speed_manager_minutes > 0)",
         "The speed-to-lead reminders of a branch come at least one minute after the lead arrived."),
    ]
