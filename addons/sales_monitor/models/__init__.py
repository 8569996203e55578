from . import crm_lead
from . import presales_contact_moment
from . import mail_activity
from . import sales_monitor_rollup
from . import sales_monitor
from . import res_config_settings
from . import sales_monitor_target
