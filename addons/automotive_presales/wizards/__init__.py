from . import presales_portfolio_assign
from . import presales_handover
