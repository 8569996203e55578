from odoo import SUPERUSER_ID, _, api, fields, models
from odoo.exceptions import AccessError, UserError

from ..lib import distribution, sales_up
from . import presales_ownership_guard as guard

# Who works a sales up: only a branch manager or the director changes these.
OWNERSHIP_FIELDS = ("user_id", "second_user_id", "team_id")


class CrmLead(models.Model):
    """Strict ownership of the sales up: the creator owns it, managers reassign it, new sales ups
    that arrive without an owner (DMS, importer, mail gateway) are distributed by rule."""

    _inherit = "crm.lead"

    presales_can_assign = fields.Boolean(
        compute="_compute_presales_can_assign",
        help="Technical: the current user may change the owner, second salesperson and branch.")
    # groups on the field, not only on its page: Odoo 11 merely hides a page a user may not see,
    # and the web client would still read the field
    assignment_log_ids = fields.One2many(
        "presales.assignment.log", "lead_id", "Assignments", readonly=True,
        groups="automotive_presales.group_branch_manager")

    def _compute_presales_can_assign(self):
        can_assign = self.env.user._presales_is_manager()
        for lead in self:
            lead.presales_can_assign = can_assign

    @api.model
    def _presales_is_intake(self, vals):
        """A sales up nobody took explicitly goes to the distribution rules: created by the
        superuser (DMS import, mail gateway) or by a non-dealer user, or when asked by context."""
        # the mail gateway sets default_user_id=False only so that it is not made the owner
        if guard.link_id(self, vals, "user_id") or self.env.context.get("default_user_id"):
            return False
        if self.env.context.get("presales_distribute"):
            return True
        if "user_id" in vals:
            # an intake that clears the owner on purpose keeps it unassigned
            return False
        return self.env.uid == SUPERUSER_ID or not self.env.user.has_group(
            "automotive_presales.group_salesperson")

    @api.model
    def _presales_check_create_ownership(self, vals):
        if self.env.user._presales_is_manager():
            return
        # default_user_id & co. in the context set the owner just as well as vals do
        vals = guard.context_defaults(self, vals, OWNERSHIP_FIELDS)
        name = vals.get("name") or _("new sales up")
        owner = guard.link_id(self, vals, "user_id")
        # no owner is nobody else either (the mail gateway through an alias a salesperson owns
        # names none: the sales up becomes theirs, see _presales_create_values)
        if owner and owner != self.env.uid:
            raise AccessError(_(
                'Sales up "%s": field Salesperson: a salesperson creates sales ups for themselves; '
                'only a branch manager or the sales director assigns them to someone else.') % name)
        if guard.link_id(self, vals, "second_user_id"):
            raise AccessError(_(
                'Sales up "%s": field Second salesperson: only a branch manager or the sales '
                'director sets a second salesperson.') % name)
        own_team = self.env.user.sale_team_id
        team = guard.link_id(self, vals, "team_id")
        if team and own_team and team != own_team.id:
            raise AccessError(_(
                'Sales up "%s": field Branch: a salesperson creates sales ups in their own '
                'branch (%s).') % (name, own_team.name))

    @api.multi
    def _presales_check_write_ownership(self, vals):
        if self.env.user._presales_is_manager():
            return
        for field_name in OWNERSHIP_FIELDS:
            if field_name not in vals:
                continue
            new_id = guard.link_id(self, vals, field_name) or False
            for lead in self:
                if (lead[field_name].id or False) != new_id:
                    raise AccessError(_(
                        'Sales up "%s": field %s: only a branch manager or the sales director '
                        'can change it.') % (lead.name, self._fields[field_name]._description_string(self.env)))

    @api.model
    def _presales_check_create_partner_link(self, vals):
        """A new sales up may only name a customer its creator can already read: the partner
        rule grants a customer through its sales ups, so linking one would take it over."""
        vals = guard.context_defaults(self, vals, ["partner_id"])
        guard.check_links(self, vals, ["partner_id"], _('Sales up "%s"') % (vals.get("name") or _("new sales up")))

    @api.multi
    def _presales_check_write_partner_link(self, vals):
        if vals.get("partner_id"):
            guard.check_links(self, vals, ["partner_id"], _('Sales up "%s"') % ", ".join(self.mapped("name")))

    @api.multi
    def _presales_check_merge(self):
        """Odoo's merge deletes the merged sales ups as superuser: only a manager merges sales
        ups of their reach, a salesperson only sales ups they own (not those they are second on)."""
        if self.env.uid == SUPERUSER_ID:
            return
        if guard.allowed(self, "write") != self.exists():
            raise AccessError(_("Merge of sales ups: field Sales ups: you may only merge sales ups you "
                                "can work on."))
        if self.env.user._presales_is_manager():
            return
        foreign = self.filtered(lambda lead: lead.user_id != self.env.user)
        if foreign:
            raise AccessError(_(
                'Sales up "%s": field Salesperson: only its owner, a branch manager or the sales '
                'director merges it with other sales ups.') % foreign[0].name)

    @api.multi
    def merge_opportunity(self, user_id=False, team_id=False):
        self._presales_check_merge()
        return super().merge_opportunity(user_id=user_id, team_id=team_id)

    @api.model
    def _presales_create_values(self, vals, intake):
        self._presales_check_create_ownership(vals)
        self._presales_check_create_partner_link(vals)
        if intake or self.env.uid == SUPERUSER_ID:
            # nobody typed it (a website form, an intake): the required fields from what came
            medium = self.env["utm.medium"].sudo().browse(vals.get("medium_id") or []).exists()
            vals.update(sales_up.intake_values(vals, medium.name))
        elif ("user_id" not in vals and not self.env.context.get("default_user_id")
              and self.env.user.has_group("automotive_presales.group_salesperson")):
            # a salesperson's sales up is theirs, also when the context names nobody (Odoo's
            # mail gateway through an alias the salesperson owns: their own inbox); unassigned, it
            # would be out of their sight before the gateway even posts the mail on it
            vals["user_id"] = self.env.uid
        vals = super()._presales_create_values(vals, intake)
        if intake:
            vals["user_id"] = False
            # the intake keeps the branch it named, if it is a branch; otherwise the matching
            # rule decides it, not the superuser's team nor the mail alias's team
            team = self.env["crm.team"].browse(vals.get("team_id") or self.env.context.get("default_team_id"))
            vals["team_id"] = team.id if team.exists() and team.is_branch else False
        return vals

    @api.multi
    def _presales_check_write(self, vals):
        guard.check_may_write(self)
        result = super()._presales_check_write(vals)
        self._presales_check_write_ownership(vals)
        self._presales_check_write_partner_link(vals)
        return result

    @api.multi
    def _presales_snapshot(self):
        snapshot = super()._presales_snapshot()
        snapshot["user_id"] = self.user_id.id
        return snapshot

    @api.multi
    def _presales_on_write(self, vals, before):
        result = super()._presales_on_write(vals, before)
        if "user_id" in vals:
            moved = self.filtered(lambda lead: lead.user_id.id != before[lead.id]["user_id"])
            for lead in moved:
                lead._presales_on_reassign(self.env["res.users"].browse(before[lead.id]["user_id"]))
        return result

    @api.multi
    def _presales_on_reassign(self, old_owner):
        """The sales up changed hands: the old owner's open follow-ups move with it (their badge
        no longer counts them), the change is logged, and the new owner is told. Extended: the
        quotations and orders follow (automotive_configurator)."""
        self.ensure_one()
        new_owner = self.user_id
        if old_owner and new_owner:
            activities = self.env["mail.activity"].sudo().search([
                ("res_model", "=", self._name), ("res_id", "=", self.id), ("user_id", "=", old_owner.id)])
            if activities:
                activities.write({"user_id": new_owner.id})
        if new_owner and not self.env.context.get("presales_distributed"):
            self.env["presales.assignment.log"].sudo().create({
                "lead_id": self.id, "user_id": new_owner.id, "assigned_by_id": self.env.uid,
                "previous_user_id": old_owner.id or False})
        if new_owner and new_owner != self.env.user:
            self.sudo().message_post(
                body=_("Sales up %s is now yours (from %s), with its open follow-ups.") % (
                    self.name, old_owner.name or _("nobody")),
                partner_ids=[new_owner.partner_id.id], subtype="mail.mt_note")
        return True

    @api.multi
    def _presales_on_intake(self):
        """Distribute; a sales up no rule takes waits unassigned in its branch (or the dealer
        group's default branch) and that branch's manager is told to pick it up."""
        super()._presales_on_intake()
        waiting = self - self._presales_distribute()
        for lead in waiting:
            if not lead.team_id:
                branch = self.env["crm.team"]._presales_default_branch(lead.company_id)
                if branch:
                    lead.sudo()._presales_write_facts({"team_id": branch.id})
            lead._presales_tell_branch_manager()
        return True

    @api.multi
    def _presales_tell_branch_manager(self):
        """A to-do for the branch manager on a sales up that waits for an owner."""
        self.ensure_one()
        manager = self.team_id.user_id
        if not manager:
            return False
        return self.env["mail.activity"].sudo().create({
            "res_model_id": self.env["ir.model"]._get_id(self._name),
            "res_id": self.id,
            "activity_type_id": self.env.ref("mail.mail_activity_data_todo").id,
            "user_id": manager.id,
            "summary": _("Unassigned sales up: give it to a salesperson"),
            "note": _("No distribution rule took sales up %s; it waits in branch %s.") % (
                self.name, self.team_id.name),
        })

    # Distribution

    @api.multi
    def _presales_distribution_makes(self):
        """The vehicle makes the customer asks about, matched against the rules' make."""
        self.ensure_one()
        # read as superuser: distribution is the system's choice, also for a sales up created by
        # someone who may not read desired vehicles (Odoo's Sales / User without a dealer role)
        return [make for make in self.sudo().desired_vehicle_ids.mapped("make") if make]

    @api.multi
    def _presales_distribution_facts(self):
        self.ensure_one()
        return distribution.LeadFacts(
            team=self.team_id.id or None,
            lead_type=self.lead_type or None,
            lang=self.partner_id.lang or None,
            makes=self._presales_distribution_makes(),
        )

    @api.multi
    def _presales_distribute(self):
        """Give each sales up to the next available salesperson of the first matching rule.

        Returns the sales ups that found an owner; the others keep theirs (or stay unassigned
        for a branch manager to pick up).
        """
        Rule = self.env["presales.assignment.rule"].sudo()
        Log = self.env["presales.assignment.log"].sudo()
        Users = self.env["res.users"].sudo()
        assigned = self.browse()
        rules = Rule.search([])
        for lead in self:
            choice = distribution.choose_assignee(
                rules._presales_rule_facts(), lead._presales_distribution_facts(),
                rules._presales_last_assignees())
            if not choice:
                continue
            rule, user = Rule.browse(choice.rule), Users.browse(choice.user)
            values = {"user_id": user.id}
            if not lead.team_id:
                values["team_id"] = (rule.team_id or user.sale_team_id).id
            # the rule's own log line (below) records this assignment
            lead.sudo().with_context(presales_distributed=True).write(values)
            Log.create({
                "lead_id": lead.id, "rule_id": rule.id, "user_id": user.id,
                "assigned_by_id": self.env.uid})
            assigned |= lead
        return assigned

    @api.multi
    def action_presales_distribute(self):
        """The Distribute button: a manager hands sales ups to the distribution rules."""
        if not self.env.user._presales_is_manager():
            raise AccessError(_("Only a branch manager or the sales director distributes sales ups."))
        self.check_access_rule("write")
        missed = self - self._presales_distribute()
        if missed:
            raise UserError(_(
                'Sales up "%s": field Salesperson: no active distribution rule with an available '
                'salesperson matches its branch, lead type, language and makes.')
                % missed[0].name)
        return True
