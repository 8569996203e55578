from . import test_moment_report
from . import test_monitor_data
from . import test_monitor_store
from . import test_browser_monitor
from . import test_reports
from . import test_report_pack
from . import test_browser_report_pack
from . import test_monitor_rollups
