from odoo import SUPERUSER_ID, _, api, fields, models
from odoo.exceptions import AccessError, UserError

from ..lib import approval

APPROVAL_ACTIVITY_XMLID = "automotive_configurator.mail_activity_discount_approval"
ANSWER_ACTIVITY_XMLID = "automotive_configurator.mail_activity_discount_answer"
MANAGERS = "automotive_presales.group_branch_manager"
DIRECTORS = "automotive_presales.group_sales_director"
LEVELS = (
    (approval.BRANCH_MANAGER, "Branch manager"),
    (approval.SALES_DIRECTOR, "Sales director"),
)


class PresalesOffer(models.Model):
    """Discount approval on an offer (lib/approval.py decides who approves what).

    Sending an offer whose largest discount lies above the sender's limit puts it in To approve:
    the approver (the branch's manager, or the sales director above the manager's limit) gets an
    activity and a notification on the screen (OCA web_notify), approves it or counters with a
    lower discount, and the salesperson gets the answer the same way and sends the offer. The
    approval holds while no discount grows beyond what was approved.
    """

    _inherit = "presales.offer"

    discount_percent = fields.Float(
        "Largest discount (%)", digits=(5, 2), compute="_compute_discount_percent", store=True,
        help="The largest discount of the offer's configurations, as a share of the car and options excl. VAT.")
    approval_level = fields.Selection(LEVELS, "Waits for", readonly=True, copy=False)
    approval_requested_by_id = fields.Many2one("res.users", "Approval asked by", readonly=True, copy=False)
    approved_discount_percent = fields.Float("Approved up to (%)", digits=(5, 2), readonly=True, copy=False)
    approved_by_id = fields.Many2one("res.users", "Discount approved by", readonly=True, copy=False,
                                     track_visibility="onchange")
    approved_on = fields.Datetime("Discount approved on", readonly=True, copy=False)
    approval_note = fields.Text("Approver's note", readonly=True, copy=False)
    approval_status = fields.Char(compute="_compute_approval_status")
    margin_total = fields.Monetary(
        "Margin", compute="_compute_margin_total", currency_field="currency_id", groups=MANAGERS,
        help="The cars' price excl. VAT less their cost, after the discounts.")

    @api.depends("configuration_ids.discount_percent")
    def _compute_discount_percent(self):
        for offer in self:
            offer.discount_percent = max(offer.configuration_ids.mapped("discount_percent") or [0.0])

    @api.depends("configuration_ids")
    def _compute_margin_total(self):
        for offer in self:
            offer.margin_total = sum(offer.configuration_ids.mapped("margin_amount"))

    # ---- who may give what ----

    @api.model
    def _presales_role(self, user):
        if user.id == SUPERUSER_ID or user.has_group(DIRECTORS):
            return approval.SALES_DIRECTOR
        if user.has_group(MANAGERS):
            return approval.BRANCH_MANAGER
        return approval.SALESPERSON

    def _presales_limits(self):
        company = self.company_id or self.env.user.company_id
        return approval.check_limits(company.presales_discount_limit_salesperson,
                                     company.presales_discount_limit_manager)

    def _presales_is_approved(self):
        return bool(self.approved_by_id) and approval.is_approved(self.discount_percent, self.approved_discount_percent)

    def _presales_needed_level(self, user=None):
        """Who must approve this offer's discount before `user` (the current user) sends it, or None."""
        self.ensure_one()
        if self._presales_is_approved():
            return None
        return approval.approver(self.discount_percent, self._presales_role(user or self.env.user),
                                 self._presales_limits())

    def _presales_approvers(self, level):
        """The branch's manager for their level (the director when the branch has none), the
        sales directors above it."""
        if level == approval.BRANCH_MANAGER:
            manager = self.sudo().team_id.user_id
            if manager.active and manager.has_group(MANAGERS):
                return manager
        return self.env.ref(DIRECTORS).sudo().users.filtered(lambda user: user.active and not user.share)

    @api.depends("state", "discount_percent", "approved_discount_percent", "approved_by_id", "approval_level")
    def _compute_approval_status(self):
        for offer in self:
            percent = "%.2f %%" % offer.discount_percent
            if offer.state == "to_approve":
                offer.approval_status = _("The discount of %s waits for the approval of %s.") % (
                    percent, ", ".join(offer._presales_approvers(offer.approval_level).mapped("name")))
            elif offer.approved_by_id and offer._presales_is_approved():
                offer.approval_status = _("Discount approved up to %.2f %% by %s.") % (
                    offer.approved_discount_percent, offer.approved_by_id.name)
            elif offer.state == "draft" and offer.configuration_ids and offer._presales_needed_level():
                role = offer._presales_role(self.env.user)
                offer.approval_status = _(
                    "The discount of %s lies above your limit of %s %%: Send asks %s to approve it first.") % (
                        percent, offer._presales_limits()[role],
                        ", ".join(offer._presales_approvers(offer._presales_needed_level()).mapped("name")))
            else:
                offer.approval_status = False

    def _presales_level_name(self, level):
        """'branch manager': the role that approves, in the user's language, inside a sentence."""
        return dict(self._fields["approval_level"]._description_selection(self.env))[level].lower()

    def _presales_check_discount_approved(self):
        level = self._presales_needed_level()
        if level:
            raise UserError(_("Offer %s: field Largest discount: %.2f %% needs the approval of the %s first.") % (
                self.name, self.discount_percent, self._presales_level_name(level)))

    # ---- asking ----

    def _presales_notify(self, users, title, message):
        """An activity is the lasting to-do; this is the notification on the screen (also on a phone)
        for whoever is logged in right now. Sent as superuser: web_notify lets a user notify only
        themselves otherwise."""
        for user in users:
            user.sudo().notify_info(message, title=title, sticky=True)

    def _presales_plan(self, xmlid, users, summary, note=""):
        activity_type = self.env.ref(xmlid)
        Activity = self.env["mail.activity"]
        planned = Activity.search([("res_model", "=", self._name), ("res_id", "=", self.id),
                                   ("activity_type_id", "=", activity_type.id)])
        for user in users - planned.mapped("user_id"):
            Activity.create({
                "activity_type_id": activity_type.id,
                "summary": summary,
                "note": note,
                "date_deadline": fields.Date.context_today(self),
                "user_id": user.id,
                "res_model_id": self.env["ir.model"]._get_id(self._name),
                "res_id": self.id,
            })

    def _presales_close(self, xmlid, feedback):
        activity_type = self.env.ref(xmlid)
        self.env["mail.activity"].search([
            ("res_model", "=", self._name), ("res_id", "in", self.ids),
            ("activity_type_id", "=", activity_type.id)]).sudo().action_feedback(feedback=feedback)

    def _presales_request_approval_if_needed(self):
        """Put the offer in To approve when its discount needs someone else's approval; True then."""
        self.ensure_one()
        level = self._presales_needed_level()
        if not level:
            return False
        approvers = self._presales_approvers(level)
        if not approvers:
            raise UserError(_("Offer %s: field Largest discount: %.2f %% needs the approval of the %s, and there "
                              "is nobody in that role.") % (
                                  self.name, self.discount_percent, self._presales_level_name(level)))
        if self.state != "to_approve" or self.approval_level != level:
            self._presales_flow().write({"state": "to_approve", "approval_level": level,
                                         "approval_requested_by_id": self.env.uid, "approval_note": False})
            self.message_post(body=_("%s asks to approve a discount of %.2f %% on offer %s.") % (
                self.env.user.name, self.discount_percent, self.name), message_type="comment",
                subtype="mail.mt_note")
        summary = _("Approve the discount of %.2f %% on offer %s (%s)") % (
            self.discount_percent, self.name, self.partner_id.name or self.lead_id.name)
        self._presales_plan(APPROVAL_ACTIVITY_XMLID, approvers, summary,
                            _("Asked by %s. Approve it, or counter with a lower discount.") % self.env.user.name)
        self._presales_notify(approvers, _("Discount to approve"), summary)
        return True

    @api.multi
    def action_request_approval(self):
        for offer in self:
            offer._presales_check_sendable()
            if not offer._presales_request_approval_if_needed():
                raise UserError(_("Offer %s: field Largest discount: %.2f %% lies within your limit; "
                                  "no approval is needed.") % (offer.name, offer.discount_percent))
        return True

    # ---- answering ----

    def _presales_check_may_approve(self):
        self.ensure_one()
        if self.state != "to_approve":
            raise UserError(_("Offer %s: field Status: only an offer that waits for approval can be approved.")
                            % self.name)
        needed = approval.approver(self.discount_percent, self._presales_role(self.approval_requested_by_id),
                                   self._presales_limits())
        mine = self._presales_role(self.env.user)
        if mine == approval.SALES_DIRECTOR or (mine == approval.BRANCH_MANAGER and needed in (
                None, approval.BRANCH_MANAGER)):
            return
        raise AccessError(_("Offer %s: field Largest discount: %.2f %% needs the approval of the %s.") % (
            self.name, self.discount_percent, self._presales_level_name(needed)))

    def _presales_answer(self, note):
        """Record the approval of the current discounts and tell the salesperson."""
        self._presales_flow().write({
            "state": "draft", "approval_level": False, "approved_discount_percent": self.discount_percent,
            "approved_by_id": self.env.uid, "approved_on": fields.Datetime.now(), "approval_note": note or False})
        self._presales_close(APPROVAL_ACTIVITY_XMLID, note or _("Approved"))
        asked_by = self.approval_requested_by_id | self.user_id
        summary = _("%s: offer %s, discount up to %.2f %%. Send it to the customer.") % (
            note or _("Approved"), self.name, self.discount_percent)
        self.message_post(body=summary, message_type="comment", subtype="mail.mt_note")
        self._presales_plan(ANSWER_ACTIVITY_XMLID, asked_by.filtered("active"), summary)
        self._presales_notify(asked_by, _("Discount answered"), summary)

    @api.multi
    def action_approve(self):
        for offer in self:
            offer._presales_check_may_approve()
            offer._presales_answer(_("Approved by %s") % self.env.user.name)
        return True

    @api.multi
    def action_counter(self):
        """The approver proposes a lower discount: a small dialog for the largest discount allowed."""
        self.ensure_one()
        self._presales_check_may_approve()
        return {
            "type": "ir.actions.act_window",
            "name": _("Counter the discount"),
            "res_model": "presales.offer.counter",
            "view_mode": "form",
            "target": "new",
            "context": {"default_offer_id": self.id},
        }

    @api.multi
    def _presales_counter(self, max_percent, note):
        """Lower every discount above max_percent to it (to the cent, never above it), then approve."""
        self.ensure_one()
        self._presales_check_may_approve()
        for config in self.configuration_ids.filtered(lambda config: config.discount_percent > max_percent):
            config.discount_amount = float(approval.discount_at_most(
                config.price_vehicle + config.price_options, max_percent))
        self._presales_answer(_("Countered by %s: at most %.2f %%%s") % (
            self.env.user.name, max_percent, (" (%s)" % note) if note else ""))
        return True
