# The two commands everyone relies on are `make run` and `make test`; scripts/stack.sh does the work.
STACK := scripts/stack.sh

.PHONY: run stop test test-fast core-tests lint bench load fuzz setup db-template clean-db backup restore rotate-logs

run:          ## install what is missing, create the demo database once, serve Odoo
	@$(STACK) run

stop:         ## stop Odoo and the local PostgreSQL cluster
	@$(STACK) stop

test:         ## every test on a fresh database; fails on a failing test or an ERROR line
	@$(STACK) test

lint:         ## flake8 and OCA's pylint-odoo over addons/, tests/ and scripts/ (.flake8, .pylintrc)
	@$(STACK) lint

test-fast:    ## update and test our addons on an existing database (DB=..., MODULES=...)
	@$(STACK) test-fast "$(DB)" "$(MODULES)"

core-tests:   ## Odoo's own crm, sale, calendar, mail and account suites with our addons (scripts/core_tests.py)
	@$(STACK) core-tests

bench:        ## benchmarks: one `BENCH name value unit` line each, rewrites bench/RESULTS.md
	@ONLY=$(ONLY) $(STACK) bench

load:         ## a dealer group's working day under load for LOAD_MINUTES (10); FAULTS=1 with the four faults; writes bench/LOAD.md
	@FAULTS=$(FAULTS) $(STACK) load

fuzz:         ## long property-based runs: parsers (20,000 cases each), DMS push over HTTP (2,000 bodies, 10,000 moments, 1,000 ADF/STAR documents from their grammars)
	@$(STACK) fuzz

setup:        ## only install what is missing and write .local/odoo.local.conf (secrets, db host)
	@$(STACK) setup

db-template:  ## build (once) the database with our dependencies that test databases copy
	@$(STACK) db-template

backup:       ## the database ($$ODOO_DB, or DB=...) and its filestore in one file under .local/backups (BACKUP_DIR=...)
	@$(STACK) backup "$(DB)"

restore:      ## restore FILE=... into a new database (the backup's name, or DB=...), checked against the backup
	@$(STACK) restore "$(FILE)" "$(DB)"

rotate-logs:  ## rotate Odoo's log now if due (make run does it hourly)
	@$(STACK) rotate-logs
