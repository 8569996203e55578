from odoo import fields, models


class CrmTeam(models.Model):
    _inherit = "crm.team"

    showroom_closing_hour = fields.Float(
        "Showroom closes at", default=18.0,
        help="Local time the showroom closes; visits still open then go to the branch manager's list "
             "and the salespeople leave the floor.")
    showroom_visit_ids = fields.One2many("presales.showroom.visit", "team_id", "Showroom visits")
