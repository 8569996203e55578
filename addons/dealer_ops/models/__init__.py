from . import res_authentication_attempt
