import logging

from odoo import api, fields, models

from ..lib import agenda

_logger = logging.getLogger(__name__)


# a mail that belongs to no document: only its author and recipients read it (mail.message rules)
PRIVATE_MAIL = {"model": False, "res_id": False}


class CrmTeam(models.Model):
    """A branch: its manager hears every day who is behind on follow-up."""

    _inherit = "crm.team"

    name = fields.Char(string="Branch")
    is_branch = fields.Boolean(
        "Is a branch", default=True, index=True,
        help="A branch of the dealer group. Incoming sales ups (mail, DMS, web) only land in a "
             "branch; a team that is not one (a core Odoo sales channel) never receives them.")

    @api.model
    def _presales_default_branch(self, company=None):
        """Where an incoming sales up that names no branch and that no rule takes waits: the
        dealer group's default branch, else its first branch."""
        company = company or self.env.user.company_id
        branch = company.sudo().presales_default_team_id
        if branch.active and branch.is_branch:
            return branch
        return self.sudo().search([
            ("is_branch", "=", True), ("company_id", "in", (company.id, False))], limit=1)

    @api.model
    def _cron_mail_overdue_follow_ups(self):
        """Mail each branch manager the salespeople of the branch with overdue follow-ups."""
        template = self.env.ref("automotive_presales.mail_template_overdue_follow_ups")
        today = fields.Date.from_string(fields.Date.context_today(self))
        mails = self.env["mail.mail"]
        for team in self.sudo().search([("user_id", "!=", False)]):
            rows = team._presales_overdue_rows(today)
            if not rows:
                continue
            # a mail to the manager, not a message of the branch: on the branch (a document every
            # employee reads) every salesperson could read who is behind
            mail_id = template.with_context(
                overdue_rows=rows, overdue_today=fields.Date.to_string(today),
            ).send_mail(team.id, email_values=PRIVATE_MAIL)
            mails |= self.env["mail.mail"].sudo().browse(mail_id)
            _logger.info("Overdue follow-ups of %s mailed to %s (%d people)",
                         team.name, team.user_id.login, len(rows))
        return mails

    def _presales_overdue_rows(self, today):
        """The salespeople of this branch (not its manager) late on sales-up follow-up."""
        self.ensure_one()
        people = self.member_ids - self.user_id
        activities = self.env["mail.activity"].sudo().search([
            ("res_model", "=", "crm.lead"),
            ("user_id", "in", people.ids),
            ("date_deadline", "<", fields.Date.to_string(today)),
        ])
        rows = agenda.overdue_by_person(
            ((activity.user_id, fields.Date.from_string(activity.date_deadline))
             for activity in activities), today)
        return [{
            "name": row["person"].name,
            "login": row["person"].login,
            "count": row["count"],
            "oldest": fields.Date.to_string(row["oldest"]),
            "days_late": (today - row["oldest"]).days,
        } for row in rows]
