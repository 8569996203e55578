from . import presales_source_report
from . import presales_sales_step_report
