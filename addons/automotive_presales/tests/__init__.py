from . import test_groups
from . import test_contact_moment
from . import test_web_login
from . import test_sales_up_core
from . import test_source_attribution
from . import test_source_report
from . import test_customer_overview
from . import test_duplicates
