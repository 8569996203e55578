from odoo import _, api, models


class SalesMonitorListXlsx(models.AbstractModel):
    """The XLSX export of a list report: a heading row, then one row per record the user may
    see, written in xlsxwriter's constant-memory mode (each row goes to disk once written).

    A concrete export names its model through its report action and may pick a column layout
    with `_pack_layout`; the columns are the report model's `_print_columns(layout)`. Its sheet's
    name is the property `_pack_title`, in the user's language.
    """

    _name = "report.sales_monitor.list_xlsx"
    _inherit = "report.report_xlsx.abstract"
    _pack_layout = None

    def get_workbook_options(self):
        # constant memory: each row goes to disk once the next one starts; no URL or formula
        # detection on every text cell (a customer named "=..." stays text)
        return {"constant_memory": True, "strings_to_urls": False, "strings_to_formulas": False}

    @api.model
    def generate_xlsx_report(self, workbook, data, objs):
        Pack = self.env["sales_monitor.report.pack.list"]
        columns = objs._print_columns(self._pack_layout)
        sheet = workbook.add_worksheet(self._pack_title[:31])
        bold = workbook.add_format({"bold": True})
        sheet.freeze_panes(1, 0)
        for index, (_name, heading) in enumerate(columns):
            sheet.set_column(index, index, max(12, len(heading) + 2))
        sheet.write_row(0, 0, [heading for _name, heading in columns], bold)
        # one typed writer per column: write_row would guess each cell's type again
        writers = [sheet.write_number if Pack._pack_is_numeric(objs._fields[name]) else sheet.write_string
                   for name, _heading in columns]
        row_number = 0
        for row_number, row in enumerate(
                Pack._pack_rows(objs._name, Pack._pack_domain(objs, data), columns, raw=True), start=1):
            for column, (write, value) in enumerate(zip(writers, row)):
                write(row_number, column, value)
        return row_number


class SalesMonitorActivityXlsx(models.AbstractModel):
    _name = "report.sales_monitor.activity_xlsx"
    _inherit = "report.sales_monitor.list_xlsx"

    @property
    def _pack_title(self):
        return _("Activities")


class SalesMonitorOpportunityXlsx(models.AbstractModel):
    _name = "report.sales_monitor.opportunity_xlsx"
    _inherit = "report.sales_monitor.list_xlsx"

    @property
    def _pack_title(self):
        return _("Sales ups")


class SalesMonitorPhoneContactsXlsx(models.AbstractModel):
    _name = "report.sales_monitor.phone_contacts_xlsx"
    _inherit = "report.sales_monitor.list_xlsx"
    _pack_layout = "phone"

    @property
    def _pack_title(self):
        return _("Phone contacts")


class SalesMonitorInactiveClientsXlsx(models.AbstractModel):
    _name = "report.sales_monitor.inactive_clients_xlsx"
    _inherit = "report.sales_monitor.list_xlsx"
    _pack_layout = "inactive"

    @property
    def _pack_title(self):
        return _("Inactive clients")


class SalesMonitorAcquisitionXlsx(models.AbstractModel):
    _name = "report.sales_monitor.acquisition_xlsx"
    _inherit = "report.sales_monitor.list_xlsx"

    @property
    def _pack_title(self):
        return _("Client acquisition")
