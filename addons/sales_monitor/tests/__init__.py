from . import test_moment_report
from . import test_report_pack
