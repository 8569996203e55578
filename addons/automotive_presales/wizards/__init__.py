from . import presales_attribution_change_wizard
from . import presales_portfolio_assign
from . import presales_handover
from . import base_partner_merge
from . import crm_lead_lost
from . import presales_win
from . import presales_reassign
from . import presales_bogus
