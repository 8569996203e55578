# License LGPL-3.0 or later (http://www.gnu.org/licenses/lgpl.html).
{
    "name": "Dealer Floor",
    "summary": "The salesperson's phone app: floor screen, showroom log, capture in seconds, offline",
    "version": "11.0.1.0.0",
    "category": "Sales",
    "license": "LGPL-3",
    "author": "Dealer CRM",
    "application": False,
    "installable": True,
    "depends": [
        "automotive_presales",
    ],
    "data": [
        "security/floor_security.xml",
        "security/ir.model.access.csv",
        "data/floor_cron.xml",
        "data/generic_menus.xml",
        "views/presales_showroom_visit_views.xml",
        "views/crm_lead_views.xml",
        "views/crm_team_views.xml",
        "views/presales_test_drive_views.xml",
        "views/phone_card_views.xml",
        "views/floor_templates.xml",
        "views/webclient_templates.xml",
        "views/menus.xml",
        "wizards/dealer_floor_contact_confirm_views.xml",
    ],
    "demo": [
        "demo/floor_demo.xml",
    ],
}
