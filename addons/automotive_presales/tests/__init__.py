from . import test_groups
from . import test_contact_moment
from . import test_web_login
from . import test_sales_up_core
from . import test_sales_up_record
from . import test_sales_up_neglect
from . import test_sales_process
