import json

from odoo import _, api, fields, models
from odoo.exceptions import UserError

from ..lib import formats, matching


class DmsReconciliation(models.Model):
    """A DMS moment whose customer matched a partner with too little confidence.

    A manager decides with one click: the suggested partner, another one, or a new partner. The
    DMS customer is then bound to that partner (later moments match by the binding) and the
    moment is stored.
    """

    _name = "dms.reconciliation"
    _description = "DMS customer to reconcile"
    _order = "create_date desc, id desc"
    _rec_name = "customer_name"

    backend_id = fields.Many2one("dms.backend", required=True, ondelete="cascade", index=True)
    # the registered kinds that carry a contact moment (lib/formats)
    kind = fields.Selection(lambda self: formats.kind_selection("moment"), required=True, default="moment")
    external_id = fields.Char("Moment ID in the DMS", required=True, index=True)
    payload = fields.Text("Raw payload", required=True)
    customer_external_id = fields.Char("Customer ID in the DMS")
    customer_name = fields.Char("Customer")
    customer_email = fields.Char("Email")
    customer_phone = fields.Char("Phone")
    customer_zip = fields.Char("Zip")
    suggested_partner_id = fields.Many2one("res.partner", "Suggested customer", ondelete="set null")
    confidence = fields.Float(digits=(3, 2))
    rule = fields.Char("Matched on")
    partner_id = fields.Many2one("res.partner", "Other customer", ondelete="set null",
                                 help="Pick another customer, then click Use this customer.")
    team_id = fields.Many2one("crm.team", "Branch", index=True)
    state = fields.Selection([("open", "To decide"), ("done", "Done")], required=True, default="open", index=True)
    moment_id = fields.Many2one("presales.contact.moment", "Stored moment", readonly=True, ondelete="set null")
    candidate_ids = fields.One2many("dms.reconciliation.candidate", "reconciliation_id", "Candidates", readonly=True)
    create_warning = fields.Char(compute="_compute_create_warning")

    _sql_constraints = [
        ("external_uniq", "unique(backend_id, external_id, state)",
         "A DMS moment waits for reconciliation only once."),
    ]

    @api.depends("candidate_ids.confidence")
    def _compute_create_warning(self):
        for item in self:
            likely = item.candidate_ids.filtered(lambda candidate: candidate.confidence >= matching.WARN_THRESHOLD)
            item.create_warning = _("%s matches with confidence %.2f (%s): creating a new customer may make a "
                                    "duplicate.") % (likely[0].partner_id.display_name, likely[0].confidence,
                                                     likely[0].rule) if likely else False

    @api.multi
    def action_accept_suggested(self):
        self.ensure_one()
        if not self.suggested_partner_id:
            raise UserError(_("Reconciliation %s: field Suggested customer is empty; pick a customer or "
                              "create one.") % self.customer_name)
        self._resolve(self.suggested_partner_id)
        return True

    @api.multi
    def action_use_partner(self):
        self.ensure_one()
        if not self.partner_id:
            raise UserError(_("Reconciliation %s: field Other customer is empty.") % self.customer_name)
        self._resolve(self.partner_id)
        return True

    @api.multi
    def action_create_partner(self):
        """A new customer from the DMS's data. The form asks first when a candidate is likely the
        same person (create_warning); over RPC the flag `dms_create_anyway` in the context says
        the caller saw the warning."""
        self.ensure_one()
        if self.create_warning and not self.env.context.get("dms_create_anyway"):
            raise UserError(_("Reconciliation %s: %s Use that customer, or confirm creating a new one.")
                            % (self.customer_name, self.create_warning))
        customer = json.loads(self.payload).get("__customer__") or {}
        partner = self.env["res.partner"].sudo().create(
            self.backend_id._partner_values(customer, self.team_id.id))
        self._resolve(partner)
        return True

    @api.multi
    def _resolve(self, partner):
        self.ensure_one()
        if self.state != "open":
            raise UserError(_("Reconciliation %s is already done.") % self.customer_name)
        partner.check_access_rights("read")
        partner.check_access_rule("read")
        backend = self.backend_id.sudo()
        if self.customer_external_id:
            backend._bind_partner(self.customer_external_id, partner)
        raw = json.loads(self.payload)
        raw.pop("__customer__", None)
        result = backend._import_records([(self.kind, raw)], source="push", quarantine=True,
                                         forced_partner_id=partner.id)[0]
        moment = self.env["dms.moment.binding"].sudo().search(
            [("backend_id", "=", backend.id), ("external_id", "=", self.external_id)], limit=1).odoo_id
        self.sudo().write({"state": "done", "moment_id": moment.id, "partner_id": partner.id})
        return result


class DmsReconciliationCandidate(models.Model):
    """A customer of the CRM that may be the DMS's customer of a reconciliation, shown beside it:
    its name, e-mail, phone and postcode, how sure the match is, and what accepting it changes."""

    _name = "dms.reconciliation.candidate"
    _description = "DMS reconciliation candidate"
    _order = "confidence desc, id"

    reconciliation_id = fields.Many2one("dms.reconciliation", required=True, ondelete="cascade", index=True)
    partner_id = fields.Many2one("res.partner", "Customer", required=True, ondelete="cascade")
    confidence = fields.Float(digits=(3, 2))
    rule = fields.Char("Matched on")
    name = fields.Char(related="partner_id.name", readonly=True)
    email = fields.Char(related="partner_id.email", readonly=True)
    phone = fields.Char(related="partner_id.phone", readonly=True)
    mobile = fields.Char(related="partner_id.mobile", readonly=True)
    zip = fields.Char(related="partner_id.zip", readonly=True)
    changes = fields.Char("What accepting changes", readonly=True)

    @api.multi
    def action_use(self):
        self.ensure_one()
        self.reconciliation_id._resolve(self.partner_id)
        return True
