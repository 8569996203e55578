from . import presales_funnel_phase
from . import presales_contact_moment
