"""Uninstall hook: give Odoo's own record rules back what this addon rewrote."""
from odoo import SUPERUSER_ID, api

# The core rules security/*_security.xml rewrite (Odoo's "personal" rules also show unassigned
# leads and orders; the calendar's employee rule shows every event), with the values Odoo 11.0
# ships.
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
    "sale.sale_order_personal_rule": {
        "name": "Personal Orders",
        "domain_force": "['|',('user_id','=',user.id),('user_id','=',False)]",
    },
    "sale.sale_order_report_personal_rule": {
        "name": "Personal Orders Analysis",
        "domain_force": "['|',('user_id','=',user.id),('user_id','=',False)]",
    },
    "sale.sale_order_line_personal_rule": {
        "name": "Personal Order Lines",
        "domain_force": "['|',('order_id.user_id','=',user.id),('order_id.user_id','=',False)]",
    },
    "sale.account_invoice_report_rule_see_personal": {
        "name": "Personal Invoices Analysis",
        "domain_force": "['|', ('user_id', '=', user.id), ('user_id', '=', False)]",
    },
    "calendar.calendar_event_rule_employee": {
        "name": "All Calendar Event for employees",
        "domain_force": "[(1,'=',1)]",
    },
}


def restore_core_rules(env):
    for xmlid, values in CORE_RULES.items():
        rule = env.ref(xmlid, raise_if_not_found=False)
        if rule:
            rule.sudo().write(values)


def uninstall_hook(cr, registry):
    restore_core_rules(api.Environment(cr, SUPERUSER_ID, {}))
