from . import presales_sales_step_report
