"""Uninstall hook: give Odoo's own record rules back what this addon rewrote."""
from odoo import SUPERUSER_ID, api

# The core rules security/sales_up_security.xml rewrites (Odoo's "personal" rules also show
# unassigned leads), with the values crm 11.0 ships.
CORE_RULES = {
    "crm.crm_rule_personal_lead": {
        "name": "Personal Leads",
        "domain_force": "['|',('user_id','=',user.id),('user_id','=',False)]",
    },
    "crm.crm_rule_personal_lead_report": {
        "name": "Personal Leads Analysis",
        "domain_force": "['|',('user_id','=',user.id),('user_id','=',False)]",
    },
    "crm.crm_activity_report_rule_personal_activities": {
        "name": "Personal Activities",
        "domain_force": "['|',('user_id','=',user.id),('user_id','=',False)]",
    },
}


def restore_core_rules(env):
    for xmlid, values in CORE_RULES.items():
        rule = env.ref(xmlid, raise_if_not_found=False)
        if rule:
            rule.sudo().write(values)


def uninstall_hook(cr, registry):
    restore_core_rules(api.Environment(cr, SUPERUSER_ID, {}))
