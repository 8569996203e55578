from odoo import api, models, tools
from odoo.osv import expression
from odoo.tools.safe_eval import safe_eval


class IrRule(models.Model):
    """Dealer record rules that restrict, where Odoo's own group rules would widen them.

    Group rules are OR-ed: base's "res.partner.rule.private.employee" lets every employee see
    every non-private partner, which would reopen the company portfolio and colleagues'
    customers to a salesperson. For the models below, when one of the listed dealer rules
    applies to the user, the result must also satisfy one of them.
    """

    _inherit = "ir.rule"

    _PRESALES_RESTRICTING_RULES = {
        "res.partner": (
            "automotive_presales.rule_res_partner_salesperson",
            "automotive_presales.rule_res_partner_branch_manager",
            "automotive_presales.rule_res_partner_director",
        ),
    }

    @api.model
    @tools.ormcache("self._uid", "model_name", "mode")
    def _compute_domain(self, model_name, mode="read"):
        domain = super()._compute_domain(model_name, mode)
        xmlids = self._PRESALES_RESTRICTING_RULES.get(model_name)
        if domain is None or not xmlids:
            return domain
        user_groups = self.env.user.groups_id
        eval_context = self._eval_context()
        dealer_domains = []
        for xmlid in xmlids:
            rule = self.env.ref(xmlid, raise_if_not_found=False)
            rule = rule and rule.sudo()
            if rule and rule.active and rule["perm_%s" % mode] and rule.groups & user_groups:
                dealer_domains.append(expression.normalize_domain(safe_eval(rule.domain_force, eval_context)))
        if not dealer_domains:
            return domain
        return expression.AND([domain, expression.OR(dealer_domains)])

    @api.model
    @tools.ormcache()
    def _presales_dealer_documents(self):
        """The models whose records carry dealer data: those a rule of a dealer role limits
        (Salesperson, Branch Manager, Sales Director). Who may be notified of or follow a record,
        for instance, is held to who may read it for these documents only; a Discuss channel keeps
        Odoo's own rules. Odoo clears the cache whenever a rule changes."""
        category = self.env.ref("automotive_presales.module_category_dealer_sales", raise_if_not_found=False)
        if not category:
            return frozenset()
        self.env.cr.execute("""
            SELECT DISTINCT model.model FROM ir_rule rule
              JOIN ir_model model ON model.id = rule.model_id
              JOIN rule_group_rel rel ON rel.rule_group_id = rule.id
              JOIN res_groups grp ON grp.id = rel.group_id
             WHERE rule.active AND grp.category_id = %s""", (category.id,))
        return frozenset(row[0] for row in self.env.cr.fetchall())
