from . import floor_capture_mixin
from . import crm_lead
from . import crm_team
from . import presales_contact_moment
from . import presales_showroom_visit
from . import presales_test_drive
from . import res_users
from . import dealer_floor
