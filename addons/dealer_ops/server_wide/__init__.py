"""Guards that hold for the whole server (loaded through `server_wide_modules`), whether or not
the module is installed in a database."""
from . import client_errors, database_down, health, rpc_filter

client_errors.install()
rpc_filter.install()
health.install()
database_down.install()
