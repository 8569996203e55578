from . import sales_monitor_moment_report
from . import sales_monitor_loss_report
from . import sales_monitor_phase_time_report
from . import sales_monitor_conversion_report
