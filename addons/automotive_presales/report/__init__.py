from . import presales_source_report
