from odoo import fields, models


class PresalesAssignmentLog(models.Model):
    """An order handed to another salesperson is logged like a sales up."""

    _inherit = "presales.assignment.log"

    order_id = fields.Many2one("sale.order", "Order", index=True, ondelete="cascade")
