from . import test_configuration_rules
from . import test_configuration_price
from . import test_offer
from . import test_orders
from . import test_security
from . import test_catalog_import
from . import test_concurrency
from . import test_browser_configurator
