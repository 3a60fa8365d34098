# The project's vocabulary. `make run` and `make test` are the README's two commands.
PYTHON ?= $(shell command -v python3.11 || command -v python3)
VENV := .venv
PY := $(VENV)/bin/python
PORT ?= 8000
TEST_DATABASE_URL ?= postgres://postgres@127.0.0.1:5432/kexue
# The Nu HTML Checker for the browser tests: npm's vnu-jar, run with the system Java.
VNU_VERSION := 26.9.27
VNU_JAR := .cache/vnu/node_modules/vnu-jar/build/dist/vnu.jar
PG_CLUSTER = $(shell ls /etc/postgresql 2>/dev/null | head -n 1)

.PHONY: install run test check-wheel test-hostile lint format messages bench bench-scale bench-writes soak \
	backup-drill test-replica test-balancer bench-balancer

# Two stamps, so each target installs what it needs: running the site needs the
# project alone; testing and linting add the test tools (Playwright, hypothesis, ruff…).
$(VENV)/.installed-run: pyproject.toml setup.py
	test -x $(PY) || $(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --upgrade pip
	$(PY) -m pip install --quiet --editable .
	touch $@

$(VENV)/.installed-test: $(VENV)/.installed-run
	$(PY) -m pip install --quiet --editable ".[test]"
	touch $@

install: $(VENV)/.installed-test

# --ignore-scripts: its postinstall would download a Java of its own.
$(VNU_JAR):
	npm install --silent --no-save --no-package-lock --no-audit --no-fund --ignore-scripts \
		--prefix .cache/vnu vnu-jar@$(VNU_VERSION)

# `make run PORT=8123` when 8000 is taken; a busy port is reported before migrating.
# Node, when installed, runs the vendored MathJax to store formulas as MathML too.
run: $(VENV)/.installed-run
	@command -v node >/dev/null 2>&1 || \
		echo "Node.js is missing: formulas are stored as TeX only (apt-get install nodejs)."
	@if $(PY) -c 'import socket, sys; socket.create_connection(("127.0.0.1", sys.argv[1]), 1)' \
		$(PORT) 2>/dev/null; then \
		echo "Port $(PORT) is in use; choose another with make run PORT=8123."; exit 1; fi
	$(PY) manage.py migrate --noinput
	$(PY) manage.py seed_demo
	$(PY) manage.py runserver 127.0.0.1:$(PORT)

test: install $(VNU_JAR)
	DATABASE_URL=$${DATABASE_URL:-$(TEST_DATABASE_URL)} $(PY) -m pytest $(PYTEST_ARGS)

# The wheel installed into a fresh virtualenv under /tmp serves a site from another
# directory, on PostgreSQL (database kexue_wheel, dropped afterwards); under a minute.
check-wheel: install
	$(PY) .ci/check_wheel.py

# Every naughty string and a long property run; `make test` sends a sample.
test-hostile: install
	DATABASE_URL=$${DATABASE_URL:-$(TEST_DATABASE_URL)} KEXUE_HOSTILE_FULL=1 \
		$(PY) -m pytest tests/hardening $(PYTEST_ARGS)

# Load test: rebuilds the kexue_bench database at scale, serves it with gunicorn and
# production settings on 127.0.0.1, prints the table, writes bench-results/bench.json.
# wrk comes from Debian when it can be installed; otherwise a Python client drives the load.
bench: install
	-command -v wrk >/dev/null 2>&1 || apt-get install -y -q wrk
	KEXUE_DEVTOOLS=1 $(PY) manage.py bench $(BENCH_ARGS)

# Cold pages (no cache at all) at 1,000, 10,000 and 50,000 posts, in-process: drops and
# rebuilds the kexue_scale database (SCALE_DATABASE_URL), prints the table and the ratios.
bench-scale: install
	DATABASE_URL=$${SCALE_DATABASE_URL:-postgres://postgres@127.0.0.1:5432/kexue_scale} \
		KEXUE_DEVTOOLS=1 $(PY) manage.py bench_scale $(BENCH_ARGS)

# Comment writes: fifty writers through the real comment form on gunicorn x 4 with
# production settings, on a database (kexue_bench_writes, rebuilt) of 100,000 comments;
# prints comments per second into a thread each, one thread and new threads, checks that
# every accepted comment is stored once and every tree is valid (bench-results/bench-writes.json).
bench-writes: install
	DJANGO_DEBUG=0 DJANGO_SECRET_KEY=bench-$$(od -An -N24 -tx1 /dev/urandom | tr -d ' \n') \
		ALLOWED_HOSTS=127.0.0.1 KEXUE_DEVTOOLS=1 \
		DATABASE_URL=$${BENCH_WRITES_DATABASE_URL:-postgres://postgres@127.0.0.1:5432/kexue_bench_writes} \
		$(PY) manage.py bench_writes $(BENCH_ARGS)

lint: install
	$(VENV)/bin/ruff check .
	$(VENV)/bin/ruff format --check .
	$(PY) .ci/audit_dependencies.py

# Not part of `make test`: gunicorn with production settings under readers and
# writers for about a minute and a half, through a PostgreSQL restart and a mail outage
# (sign-ups and password resets during it must answer at once and get their mail after).
soak: install
	DJANGO_DEBUG=0 DJANGO_SECRET_KEY=soak-$$(od -An -N24 -tx1 /dev/urandom | tr -d ' \n') ALLOWED_HOSTS=127.0.0.1 \
		KEXUE_DEVTOOLS=1 DATABASE_URL=$${SOAK_DATABASE_URL:-postgres://postgres@127.0.0.1:5432/kexue_soak} \
		$(PY) manage.py soak --restart-command \
		"pg_ctlcluster --skip-systemctl-redirect $(PG_CLUSTER) main restart"

# Dump a seeded site (database and media), restore it into a fresh database and
# compare every public page and feed of the two.
backup-drill: install
	KEXUE_DEVTOOLS=1 DATABASE_URL=$${DRILL_DATABASE_URL:-postgres://postgres@127.0.0.1:5432/kexue_drill} \
		$(PY) manage.py backup_drill

# A streaming replica of the local PostgreSQL on port 5433 (pg_basebackup -R, as the
# postgres user; kexue/devtools/replica.py), then the replica tests against it: public
# reads there, writes and writers on the primary, fallback when it stops or lags.
# The database kexue_replica_test on the primary and the replica go afterwards.
REPLICA_PORT ?= 5433
REPLICA_DIR ?= /tmp/kexue-replica
REPLICA_PRIMARY := postgres://postgres@127.0.0.1:5432/kexue_replica_test
test-replica: install
	KEXUE_DEVTOOLS=1 DATABASE_URL=$(REPLICA_PRIMARY) $(PY) manage.py replica start \
		--dir $(REPLICA_DIR) --port $(REPLICA_PORT) --database kexue_replica_test
	DATABASE_URL=$(REPLICA_PRIMARY) KEXUE_REPLICA_HARNESS=$(REPLICA_DIR) \
		DATABASE_REPLICA_URLS=postgres://postgres@127.0.0.1:$(REPLICA_PORT)/kexue_replica_test \
		$(PY) -m pytest tests/scaleout/test_replica.py $(PYTEST_ARGS); status=$$?; \
	KEXUE_DEVTOOLS=1 DATABASE_URL=$(REPLICA_PRIMARY) $(PY) manage.py replica stop \
		--dir $(REPLICA_DIR) --database kexue_replica_test; exit $$status

# Two app hosts (gunicorn with production settings on ports 8711 and 8712) behind nginx
# with deploy/nginx/kexue.conf (https://127.0.0.1:8710; the micro-cache on 8713), sharing
# the database kexue_balancer and its streaming replica, Redis (databases 11 and 12)
# and a media directory (kexue/devtools/balancer.py); then tests through the balancer.
BALANCER_DIR ?= /tmp/kexue-balancer
BALANCER_PRIMARY := postgres://postgres@127.0.0.1:5432/kexue_balancer
test-balancer: install
	rm -rf $(BALANCER_DIR)
	KEXUE_DEVTOOLS=1 DATABASE_URL=$(BALANCER_PRIMARY) $(PY) manage.py replica start \
		--dir $(REPLICA_DIR) --port $(REPLICA_PORT) --database kexue_balancer
	DATABASE_URL=$(BALANCER_PRIMARY) KEXUE_BALANCER_HARNESS=$(BALANCER_DIR) \
		DATABASE_REPLICA_URLS=postgres://postgres@127.0.0.1:$(REPLICA_PORT)/kexue_balancer \
		REDIS_URL=redis://127.0.0.1:6379/11 REDIS_PAGES_URL=redis://127.0.0.1:6379/12 \
		$(PY) -m pytest tests/scaleout/test_balancer.py $(PYTEST_ARGS); status=$$?; \
	KEXUE_DEVTOOLS=1 DATABASE_URL=$(BALANCER_PRIMARY) $(PY) manage.py replica stop \
		--dir $(REPLICA_DIR) --database kexue_balancer; exit $$status

# The same two hosts and nginx on the demo site (database kexue_balancer_bench): the
# home page's rate from the micro-cache against nginx's static floor, with wrk.
BENCH_BALANCER_DB := postgres://postgres@127.0.0.1:5432/kexue_balancer_bench
bench-balancer: install
	DJANGO_SETTINGS_MODULE=kexue.settings DATABASE_URL=$(BENCH_BALANCER_DB) $(PY) -c \
		"import django; django.setup(); from kexue.devtools.replica import recreate_database; \
		recreate_database('kexue_balancer_bench')"
	DATABASE_URL=$(BENCH_BALANCER_DB) $(PY) manage.py seed_demo
	KEXUE_DEVTOOLS=1 DATABASE_URL=$(BENCH_BALANCER_DB) REDIS_URL=redis://127.0.0.1:6379/11 \
		REDIS_PAGES_URL=redis://127.0.0.1:6379/12 $(PY) manage.py bench_balancer $(BENCH_ARGS)

format: install
	$(VENV)/bin/ruff check --fix .
	$(VENV)/bin/ruff format .

# Needs gettext's msgfmt; the compiled .mo files are committed so installs do not.
messages: install
	$(PY) manage.py makemessages --locale zh_Hans --ignore ".venv/*" --ignore "static/*" --no-obsolete
	$(PY) manage.py makemessages --locale zh_Hans --domain djangojs --ignore ".venv/*" --ignore "static/vendor/*"
	$(PY) manage.py compilemessages --locale zh_Hans --ignore ".venv/*"
