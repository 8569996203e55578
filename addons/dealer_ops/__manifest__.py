# License LGPL-3.0 or later (http://www.gnu.org/licenses/lgpl.html).
{
    "name": "Dealer Operations",
    "summary": "Running the dealer CRM safely: every RPC entry point filtered, no tracebacks to "
               "clients, login throttling, a health endpoint for the load balancer",
    "version": "11.0.1.0.0",
    "category": "Hidden",
    "license": "LGPL-3",
    "author": "Dealer CRM",
    "application": False,
    "installable": True,
    # also loaded server-wide (odoo.conf server_wide_modules): its HTTP guards hold for every
    # database the server may reach, installed or not
    "depends": [
        "web",
        "auth_brute_force",
        "queue_job",
    ],
    "data": [
        "security/ir.model.access.xml",
        "data/queue_job_cron.xml",
    ],
}
