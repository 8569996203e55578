from . import test_dms_backend
from . import test_dms_import
