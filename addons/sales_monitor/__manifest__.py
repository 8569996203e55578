# License LGPL-3.0 or later (http://www.gnu.org/licenses/lgpl.html).
{
    "name": "Sales Monitor",
    "summary": "The dealer sales funnel per branch, salesperson and customer",
    "version": "11.0.1.0.0",
    "category": "Sales",
    "license": "LGPL-3",
    "author": "Dealer CRM",
    "application": True,
    "installable": True,
    "depends": [
        "automotive_presales",
        "board",
        "report_xlsx",
    ],
    "qweb": ["static/src/xml/sales_monitor.xml"],
    "data": [
        "security/sales_monitor_security.xml",
        "security/ir.model.access.csv",
        "data/sales_monitor_cron.xml",
        "views/res_config_settings_views.xml",
        "views/sales_monitor_templates.xml",
        "report/sales_monitor_moment_report_views.xml",
        "views/menus.xml",
    ],
}
