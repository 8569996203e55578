from . import test_dms_backend
from . import test_dms_import
from . import test_dms_adf_inventory
from . import test_dms_bulk
from . import test_dms_pull_export
from . import test_dms_file_import
from . import test_dms_loss
from . import test_browser_dms
