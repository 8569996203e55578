from . import presales_funnel_phase
from . import presales_contact_moment
from . import crm_lead
from . import presales_sales_step
from . import res_config_settings
