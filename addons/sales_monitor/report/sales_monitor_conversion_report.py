from odoo import fields, models, tools

from odoo.addons.automotive_presales.lib import sales_up

from ..lib import monitor


class SalesMonitorConversionReport(models.Model):
    """Conversion between phases: one row per sales up with the steps it reached (by its
    furthest phase), so sums per branch, salesperson, source or month give the funnel."""

    _name = "sales_monitor.conversion.report"
    _description = "Sales monitor: conversion between phases"
    _auto = False
    _order = "lead_date desc"

    lead_id = fields.Many2one("crm.lead", "Sales up", readonly=True)
    team_id = fields.Many2one("crm.team", "Branch", readonly=True)
    user_id = fields.Many2one("res.users", "Salesperson", readonly=True)
    second_user_id = fields.Many2one("res.users", "Second salesperson", readonly=True)
    source_id = fields.Many2one("utm.source", "Source", readonly=True)
    lead_type = fields.Selection(sales_up.LEAD_TYPES, readonly=True)
    customer_group = fields.Selection(monitor.CUSTOMER_GROUPS, readonly=True)
    process_id = fields.Many2one("presales.sales.process", "Sales process", readonly=True)
    company_id = fields.Many2one("res.company", readonly=True)
    lead_date = fields.Datetime("Lead date", readonly=True)
    reached_lead = fields.Integer("Leads", readonly=True)
    reached_test_drive = fields.Integer("Test drives", readonly=True)
    reached_offer = fields.Integer("Offers", readonly=True)
    reached_agreement = fields.Integer("Agreements", readonly=True)
    reached_delivery = fields.Integer("Deliveries", readonly=True)

    def init(self):
        # the step columns come from monitor.STEP_CODES, never from input
        # pylint: disable=sql-injection
        tools.drop_view_if_exists(self.env.cr, self._table)
        steps = ", ".join("(lead.monitor_furthest_step >= %d)::integer AS reached_%s" % (number, code)
                          for number, code in enumerate(monitor.STEP_CODES, start=1))
        self.env.cr.execute("""
            CREATE VIEW sales_monitor_conversion_report AS (
                SELECT lead.id, lead.id AS lead_id, lead.team_id, lead.user_id, lead.second_user_id,
                       lead.source_id, lead.lead_type, lead.monitor_customer_group AS customer_group,
                       lead.process_id, lead.company_id, lead.lead_date, %s
                  FROM crm_lead lead
                 WHERE lead.type = 'opportunity'
            )""" % steps)
