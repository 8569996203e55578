from . import test_moment_report
from . import test_report_pack
from . import test_browser_report_pack
