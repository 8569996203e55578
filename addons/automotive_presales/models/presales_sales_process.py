from odoo import SUPERUSER_ID, _, api, fields, models
from odoo.exceptions import ValidationError

from ..lib import lifecycle, processes

# context key of the writes that set a process automatically (lib/processes.py), not by hand
AUTO_PROCESS_KEY = "presales_process_auto"


class PresalesSalesProcess(models.Model):
    """A sales process the dealer runs (new cars, used cars, fleet and business): a pipeline with
    its own stages. The codes are stable; the director renames, reorders and adds stages."""

    _name = "presales.sales.process"
    _description = "Sales process"
    _order = "sequence, id"

    name = fields.Char(required=True, translate=True)
    code = fields.Selection(processes.PROCESSES, required=True, index=True,
                            help="Which customers the process is for (lib/processes.py).")
    sequence = fields.Integer(default=10)
    active = fields.Boolean(default=True)
    stage_ids = fields.Many2many("crm.stage", "presales_sales_process_stage_rel", "process_id", "stage_id",
                                 "Stages", help="The pipeline of this process, in stage order.")

    _sql_constraints = [("code_uniq", "unique(code)", "Each sales process exists once.")]

    @api.model
    def _for_code(self, code):
        return self.with_context(active_test=False).search([("code", "=", code)], limit=1)

    @api.multi
    def _first_stage(self):
        self.ensure_one()
        return self.stage_ids.filtered(lambda stage: stage.probability < 100).sorted(
            lambda stage: (stage.sequence, stage.id))[:1]


class CrmStage(models.Model):
    _inherit = "crm.stage"

    process_ids = fields.Many2many("presales.sales.process", "presales_sales_process_stage_rel", "stage_id",
                                   "process_id", "Sales processes",
                                   help="The processes whose pipeline shows this stage; none: every process.")


class CrmLead(models.Model):
    """Each sales up runs in one sales process; the kanban shows that process's stages."""

    _inherit = "crm.lead"

    process_id = fields.Many2one(
        "presales.sales.process", "Sales process", index=True, ondelete="restrict", track_visibility="onchange",
        help="The pipeline this sales up runs in; set from what the customer wants, and may be moved.")
    process_by_hand = fields.Boolean(
        "Process chosen by hand", readonly=True, copy=False,
        help="Technical: someone moved the sales up to its process; it is no longer set automatically.")

    @api.multi
    def _presales_suggested_process(self):
        """The process lib/processes.py gives this sales up from its customer and its cars."""
        self.ensure_one()
        partner = self.partner_id.commercial_partner_id
        groups = [code for code in processes.CUSTOMER_GROUPS
                  if self.env.ref("automotive_presales.customer_group_%s" % code, raise_if_not_found=False)
                  in (self.partner_id.category_id | partner.category_id)]
        conditions = self.desired_vehicle_ids.mapped("condition")
        code = processes.process_for(bool(partner.is_company or self.partner_name), groups, conditions)
        return self.env["presales.sales.process"]._for_code(code)

    @api.multi
    def _presales_set_suggested_process(self):
        """Give the sales ups nobody put in a process by hand the process that fits them now."""
        for lead in self.sudo().filtered(lambda record: not record.process_by_hand):
            process = lead._presales_suggested_process()
            if process and process != lead.process_id:
                lead.with_context(**{AUTO_PROCESS_KEY: True}).write({"process_id": process.id})
        return True

    @api.multi
    def _presales_on_create(self, intake):
        result = super()._presales_on_create(intake)
        self.filtered(lambda lead: not lead.process_id)._presales_set_suggested_process()
        return result

    @api.multi
    def write(self, vals):
        if "process_id" in vals and not self.env.context.get(AUTO_PROCESS_KEY):
            vals = dict(vals, process_by_hand=bool(vals["process_id"]))
        result = super().write(vals)
        if vals.get("process_id") and "stage_id" not in vals and not self.env.context.get(AUTO_PROCESS_KEY):
            # moved by hand: into the new pipeline; set automatically, the stage someone chose stays
            self._presales_fit_stage()
        if "partner_id" in vals or "partner_name" in vals:
            self._presales_set_suggested_process()
        return result

    @api.multi
    def _presales_fit_stage(self):
        """An open sales up moved to another process goes to that process's first stage, unless
        its stage is one of that process's too. A won or lost one keeps its stage."""
        for lead in self.filtered(lambda record: record.process_id and record._presales_state() == lifecycle.OPEN):
            # a stage of no process in particular belongs to every process
            if (lead.stage_id in lead.process_id.stage_ids or not lead.stage_id.process_ids
                    or not lead.process_id.stage_ids):
                continue
            stage = lead.process_id._first_stage()
            if stage:
                # crm's write takes the stage's probability, which stays below 100: still open
                lead._presales_write_facts({"stage_id": stage.id})
        return True

    @api.multi
    def _presales_first_open_stage(self):
        return self.process_id._first_stage() or super()._presales_first_open_stage()

    @api.onchange("process_id")
    def _onchange_process_id(self):
        if (self.process_id and self.process_id.stage_ids and self.stage_id.process_ids
                and self.stage_id not in self.process_id.stage_ids and self.lifecycle_state == lifecycle.OPEN):
            self.stage_id = self.process_id._first_stage()

    @api.model
    def _read_group_stage_ids(self, stages, domain, order):
        """The kanban of one process shows that process's stages (and no other's)."""
        process_ids = self._presales_processes_in(domain)
        if not process_ids:
            return super()._read_group_stage_ids(stages, domain, order)
        search = ["|", ("id", "in", stages.ids), "|", ("process_ids", "=", False), ("process_ids", "in", process_ids)]
        return stages.browse(stages._search(search, order=order, access_rights_uid=SUPERUSER_ID))

    @api.model
    def _presales_processes_in(self, domain):
        """The processes a search domain (or the context) limits the sales ups to."""
        ids = set()
        if self.env.context.get("default_process_id"):
            ids.add(self.env.context["default_process_id"])
        Process = self.env["presales.sales.process"].sudo()
        for leaf in domain or []:
            if not isinstance(leaf, (list, tuple)) or len(leaf) != 3 or leaf[1] not in ("=", "in"):
                continue
            values = leaf[2] if isinstance(leaf[2], (list, tuple)) else [leaf[2]]
            if leaf[0] == "process_id":
                ids.update(value for value in values if isinstance(value, int))
            elif leaf[0] == "process_id.code":
                ids.update(Process.with_context(active_test=False).search([("code", "in", list(values))]).ids)
        return sorted(ids)


class PresalesDesiredVehicle(models.Model):
    _inherit = "presales.desired.vehicle"

    condition = fields.Selection(processes.CONDITIONS, default="new", index=True,
                                 help="A new or a used car: a used-car customer runs in the used-car process.")

    @api.model
    def _stock_values(self, car):
        values = super()._stock_values(car)
        values["condition"] = car._presales_condition()
        return values

    @api.model
    def create(self, vals):
        desired = super().create(vals)
        desired.lead_id._presales_set_suggested_process()
        return desired

    @api.multi
    def write(self, vals):
        result = super().write(vals)
        if "condition" in vals or "stock_vehicle_id" in vals:
            self.mapped("lead_id")._presales_set_suggested_process()
        return result


class PresalesStockVehicle(models.Model):
    _inherit = "presales.stock.vehicle"

    @api.multi
    def _presales_condition(self):
        """New or used (lib/processes.py CONDITIONS); automotive_configurator knows used cars."""
        self.ensure_one()
        return "new"


class ResPartner(models.Model):
    _inherit = "res.partner"

    @api.multi
    def write(self, vals):
        result = super().write(vals)
        if "category_id" in vals or "is_company" in vals:
            # a customer who became a fleet customer: their open sales ups follow (unless moved by hand)
            leads = self.env["crm.lead"].sudo().search(
                [("partner_id", "child_of", self.ids)] + lifecycle.domain(lifecycle.OPEN))
            leads._presales_set_suggested_process()
        return result

    @api.constrains("category_id")
    def _check_one_customer_group(self):
        """A customer is in one customer group (private, business, fleet or lease)."""
        parent = self.env.ref("automotive_presales.customer_group", raise_if_not_found=False)
        for partner in self:
            groups = partner.category_id.filtered(lambda category: parent and category.parent_id == parent)
            if len(groups) > 1:
                raise ValidationError(_("Customer %s: field Tags: a customer is in one customer group, not %s.")
                                      % (partner.display_name, ", ".join(groups.mapped("name"))))
