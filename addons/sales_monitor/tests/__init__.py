from . import test_moment_report
