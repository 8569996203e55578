# License LGPL-3.0 or later (http://www.gnu.org/licenses/lgpl.html).
{
    "name": "DMS Connector",
    "summary": "Keeps customer contact moments in sync with the Dealer Management System",
    "version": "11.0.1.0.0",
    "category": "Sales",
    "license": "LGPL-3",
    "author": "Dealer CRM",
    "application": False,
    "installable": True,
    "depends": [
        "automotive_presales",
        "connector",
        "report_xlsx",
    ],
    "external_dependencies": {"python": ["dateutil", "defusedxml", "lxml", "phonenumbers", "requests", "xlrd"]},
    "data": [
        "security/dms_connector_security.xml",
        "security/ir.model.access.csv",
        "data/queue_job_channel_data.xml",
        "data/dms_moment_type_data.xml",
        "data/dms_cron_data.xml",
        "views/dms_backend_views.xml",
        "views/dms_moment_type_views.xml",
        "views/dms_quarantine_views.xml",
        "views/dms_reconciliation_views.xml",
        "views/dms_file_import_views.xml",
        "views/dms_outbound_views.xml",
        "views/menus.xml",
    ],
    "demo": [
        "demo/dms_backend_demo.xml",
    ],
}
