from . import dms_api_key_wizard
