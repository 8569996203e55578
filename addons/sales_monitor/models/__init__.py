from . import res_partner_best_call_time
from . import crm_team_follow_up_digest
