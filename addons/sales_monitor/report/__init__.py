from . import sales_monitor_moment_report
