# License LGPL-3.0 or later (http://www.gnu.org/licenses/lgpl.html).
{
    "name": "Automotive PreSales",
    "summary": "Sales ups for car dealers: leads, contact moments and the funnel phases",
    "version": "11.0.1.0.0",
    "category": "Sales",
    "license": "LGPL-3",
    "author": "Dealer CRM",
    "application": True,
    "installable": True,
    "depends": [
        "crm",
        "crm_lead_firstname",
        "calendar",
        "fleet",
        "sale_management",
        "web_responsive",
    ],
    "data": [
        "security/automotive_presales_security.xml",
        "security/ir.model.access.csv",
        "data/res_config_data.xml",
        "data/presales_funnel_phase_data.xml",
        "views/presales_funnel_phase_views.xml",
        "views/presales_contact_moment_views.xml",
        "views/menus.xml",
    ],
    "demo": [
        "demo/dealer_group_demo.xml",
        "demo/presales_contact_moment_demo.xml",
    ],
}
