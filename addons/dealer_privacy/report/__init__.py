from . import privacy_export_report
