from . import presales_stock_order
from . import presales_catalog_import
from . import presales_order_reassign
from . import presales_offer_counter
