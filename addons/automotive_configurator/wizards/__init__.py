from . import presales_stock_order
from . import presales_catalog_import
