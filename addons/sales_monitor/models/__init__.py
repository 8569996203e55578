from . import res_partner_best_call_time
from . import crm_team_follow_up_digest
from . import sales_monitor_postcode
from . import res_config_settings_customer_map
from . import res_config_settings_follow_up_digest
