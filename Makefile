# Makefile: builds aigo (make), serves it through nginx (make run), and proves it (make test).
.SUFFIXES:

PKGS     = fcgi libctemplate_nothreads libcjson sqlite3 zlib libcurl libcrypto
WARN     = -Wall -Wextra -Werror -Wshadow -Wstrict-prototypes \
           -Wmissing-prototypes -Wwrite-strings -Wformat=2 -Wvla
CFLAGS   = -std=c11 -D_GNU_SOURCE -O2 -g $(WARN) `pkg-config --cflags $(PKGS)`
CXXFLAGS = -std=c++17 -O2 -g -Wall -Wextra -Werror
LDLIBS   = `pkg-config --libs $(PKGS)` -lstdc++ -lm
SAN      = -fsanitize=address,undefined -fno-omit-frame-pointer -fno-sanitize-recover=all

# Every module but main.c: the unit tests link these.
CORE = arena escape timefmt fileutil fswatch log numfmt hash \
       i18n i18n_format i18n_check templates model rules incidents probe_names \
       stats store catalog demo chart http encoding input app source answers tokens \
       respond router api_common listing \
       snapshot json detail page_common page_monitoring page_model page_incidents \
       api_stats api_data api_ingest api_incidents ingest import metrics \
       config serve \
       probe_family probe_openai probe_anthropic probe_gemini probe_cohere \
       probe_bedrock probe_clova probe_classify probe_schedule probe_keys \
       probe_push probe pstatus statuspage page_pstatus
# The notification outbox's vocabulary (issue 19).
CORE    += notify notify_list
# Notifications: the messages (notify_render: OpenSSL's HMAC for signatures).
CORE    += notify_render
# The notification sender (issue 19).
CORE    += notify_send
# The Statuspage-compatible read API (issue 20).
CORE    += api_statuspage
# Issue 20: per-model metrics and the export.
CORE    += export api_export
# Badges (issue 20): the SVG, its font's widths, the handlers.
CORE    += badge badge_font page_badge
# Cards for other sites to frame (issue 20).
CORE    += page_embed
# The PostgreSQL backend (issue 21, docs/postgresql.md): libpq's headers
# for store_pg.c alone (no other file calls PQ), its library for the link.
CORE    += store_pg
# Each backend's statements (store_sql.h names them).
CORE    += store_sql_sqlite store_sql_pg store_sqlite
# aigo db copy: an install moved between SQLite and PostgreSQL (issue 21).
CORE    += dbcopy
PG_CFLAGS = `pkg-config --cflags libpq`
LDLIBS  += `pkg-config --libs libpq`
OBJ      = $(CORE:%=build/obj/%.o) build/obj/tmpl.o
ASAN_OBJ = $(CORE:%=build/asan/%.o) build/asan/tmpl.o
TESTS    = tests/unit/test_main.c tests/unit/app_fixture.c \
           tests/unit/test_stats.c tests/unit/test_i18n.c \
           tests/unit/test_util.c tests/unit/test_input.c \
           tests/unit/test_chart.c tests/unit/test_detail.c \
           tests/unit/test_demo.c tests/unit/test_store.c \
           tests/unit/test_snapshot.c tests/unit/test_api.c \
           tests/unit/test_pages.c tests/unit/test_router.c \
           tests/unit/test_http.c tests/unit/test_source.c \
           tests/unit/test_metrics.c tests/unit/test_ingest.c \
           tests/unit/test_import.c tests/unit/test_tokens.c \
           tests/unit/test_config.c tests/unit/test_serve.c \
           tests/unit/test_probe.c tests/unit/test_probe_keys.c \
           tests/unit/test_push.c tests/unit/test_incidents.c tests/unit/test_incident_pages.c \
           tests/unit/test_manual.c tests/unit/test_pstatus.c
# The notification outbox (issue 19).
TESTS   += tests/unit/test_outbox.c
TESTS   += tests/unit/test_notify_render.c
TESTS   += tests/unit/test_notify_send.c
# The Statuspage-compatible API (issue 20).
TESTS   += tests/unit/test_spv2.c
# Issue 20: the export.
TESTS   += tests/unit/test_export.c
# The badges (issue 20).
TESTS   += tests/unit/test_badge.c
TESTS   += tests/unit/test_embed.c
# The PostgreSQL backend's parts that need no server (issue 21).
TESTS   += tests/unit/test_store_pg.c
# The unit tests' PostgreSQL mode (AIGO_UNIT_PG_URL; make unit-pg).
TESTS   += tests/unit/unit_pg.c
HDRS     = cgi-bin/*.h

# libFuzzer harnesses (tests/fuzz/fuzz_NAME.c), built with clang into
# build/fuzz/NAME over the same sources instrumented for coverage.
FUZZERS  = request ingest_json csv import lang query time config snapshot \
           probe_keys statuspage
FUZZERS += notify_render
FUZZERS += pg_params
FUZZERS += pg_int
FUZZ_CC  = clang
FUZZ_CXX = clang++
FUZZ_SAN = -fsanitize=address,undefined -fno-omit-frame-pointer \
           -fno-sanitize-recover=all
FUZZ_CFLAGS = $(CFLAGS) $(FUZZ_SAN)
FUZZ_OBJ = $(CORE:%=build/fuzz/obj/%.o) build/fuzz/obj/tmpl.o \
           build/fuzz/obj/fuzz_common.o
FUZZ_SECONDS ?= 60

all: deps cgi-bin/aigo locales static-gz build/pg_sql_dump

# Precompressed copies of the static files, which nginx sends as they are
# (gzip_static) to clients that take gzip.
STATIC_GZ = $(patsubst %,%.gz,$(wildcard static/*.css static/*.svg static/*.json))
static-gz: $(STATIC_GZ)
static/%.gz: static/%
	gzip -9 -n -c $< >$@

deps:
	@sh scripts/deps.sh

cgi-bin/aigo: $(OBJ) build/obj/main.o
	$(CC) -o $@ $(OBJ) build/obj/main.o $(LDLIBS)

# The version aigo --version prints: git describe of the checkout (unknown
# outside one), rewritten only when it changes; each make its own temporary
# file (make test runs two makes at once).
build/version.h: FORCE
	@mkdir -p build
	@v=`git describe --tags --always --dirty 2>/dev/null || echo unknown`; \
	  echo "#define AIGO_VERSION \"$$v\"" >$@.new.$$$$; \
	  cmp -s $@.new.$$$$ $@ && rm $@.new.$$$$ || mv $@.new.$$$$ $@
build/obj/main.o: cgi-bin/main.c build/version.h
	@mkdir -p build/obj
	$(CC) $(CFLAGS) -Ibuild -c -o $@ cgi-bin/main.c
FORCE:
# The sender names the version in its User-Agent.
build/obj/notify_send.o build/asan/notify_send.o build/fuzz/obj/notify_send.o: build/version.h
build/obj/notify_send.o build/asan/notify_send.o build/fuzz/obj/notify_send.o: CFLAGS += -Ibuild

build/obj/store_pg.o build/asan/store_pg.o build/fuzz/obj/store_pg.o: CFLAGS += $(PG_CFLAGS)

# Both dialects' statements as JSON lines (tests/e2e/pg_sql.py), with the
# enums' names taken from store_sql.h.
build/store_sql_names.h: cgi-bin/store_sql.h scripts/store-sql-names.awk
	@mkdir -p build
	awk -f scripts/store-sql-names.awk cgi-bin/store_sql.h >$@
build/pg_sql_dump: tests/pg_sql_dump.c build/store_sql_names.h cgi-bin/store_sql.h \
                   build/obj/store_sql_sqlite.o build/obj/store_sql_pg.o
	$(CC) -std=c11 -O2 -g $(WARN) -Ibuild -o $@ tests/pg_sql_dump.c \
	  build/obj/store_sql_sqlite.o build/obj/store_sql_pg.o

build/obj/tmpl.o: cgi-bin/tmpl.cc cgi-bin/tmpl.h
	@mkdir -p build/obj
	$(CXX) $(CXXFLAGS) -c -o $@ cgi-bin/tmpl.cc
build/asan/tmpl.o: cgi-bin/tmpl.cc cgi-bin/tmpl.h
	@mkdir -p build/asan
	$(CXX) $(CXXFLAGS) $(SAN) -c -o $@ cgi-bin/tmpl.cc

# Packages first, also under make -j.
$(OBJ) $(ASAN_OBJ) build/obj/main.o: | deps
$(OBJ) build/obj/main.o: $(HDRS)
$(ASAN_OBJ): $(HDRS)

$(FUZZ_OBJ) $(FUZZERS:%=build/fuzz/obj/fuzz_%.o): $(HDRS) | deps

# One rule per tree: plain and sanitized objects of the same sources.
build/obj/%.o: cgi-bin/%.c
	@mkdir -p build/obj
	$(CC) $(CFLAGS) -c -o $@ $<
build/asan/%.o: cgi-bin/%.c
	@mkdir -p build/asan
	$(CC) $(CFLAGS) $(SAN) -c -o $@ $<

build/fuzz/obj/%.o: cgi-bin/%.c
	@mkdir -p build/fuzz/obj
	$(FUZZ_CC) $(FUZZ_CFLAGS) -fsanitize=fuzzer-no-link -c -o $@ $<
build/fuzz/obj/tmpl.o: cgi-bin/tmpl.cc cgi-bin/tmpl.h
	@mkdir -p build/fuzz/obj
	$(FUZZ_CXX) $(CXXFLAGS) $(FUZZ_SAN) -fsanitize=fuzzer-no-link -c -o $@ cgi-bin/tmpl.cc
build/fuzz/obj/fuzz_%.o: tests/fuzz/fuzz_%.c tests/fuzz/fuzz.h $(HDRS)
	@mkdir -p build/fuzz/obj
	$(FUZZ_CC) $(FUZZ_CFLAGS) -fsanitize=fuzzer-no-link -Icgi-bin -c -o $@ $<
# Linked as C++: ctemplate and UBSan's C++ checks need its runtime.
.SECONDARY: $(FUZZERS:%=build/fuzz/obj/fuzz_%.o)
build/fuzz/%: build/fuzz/obj/fuzz_%.o $(FUZZ_OBJ)
	$(FUZZ_CXX) $(FUZZ_SAN) -fsanitize=fuzzer -o $@ $< $(FUZZ_OBJ) $(LDLIBS)

# A catalog that misses a key the templates or the code use fails the build.
locales: cgi-bin/aigo
	AIGO_ROOT=$(CURDIR) ./cgi-bin/aigo check-locales

tests/unit/run-unit: deps $(OBJ) $(TESTS) tests/unit/unit.h
	$(CC) $(CFLAGS) $(PG_CFLAGS) -Icgi-bin -o $@ $(TESTS) $(OBJ) `pkg-config --libs check` $(LDLIBS)

# The PostgreSQL statement layer against a real server (issue 21): its
# own binary, run by tests/e2e/pg.sh with the server of tests/pg.sh;
# linked with the program's objects (store_pg.c's own needs: config.c).
build/test_pg_live: $(OBJ) tests/unit/test_store_pg_live.c cgi-bin/store_db.h cgi-bin/store_pg.h | deps
	$(CC) $(CFLAGS) -Icgi-bin -o $@ tests/unit/test_store_pg_live.c \
	  $(filter-out build/obj/main.o,$(OBJ)) `pkg-config --libs check` $(LDLIBS)

tests/unit/run-unit-asan: deps $(ASAN_OBJ) $(TESTS) tests/unit/unit.h
	$(CC) $(CFLAGS) $(PG_CFLAGS) $(SAN) -Icgi-bin -o $@ $(TESTS) $(ASAN_OBJ) `pkg-config --libs check` $(LDLIBS)

unit: tests/unit/run-unit
	@mkdir -p tests/out
	AIGO_ROOT=$(CURDIR) AIGO_LOG_LEVEL=none ./tests/unit/run-unit

# The store's suites again on PostgreSQL (docs/development.md): a server of
# its own (tests/pg.sh), each test in an emptied schema of its database.
unit-pg: tests/unit/run-unit
	@mkdir -p tests/out
	AIGO_ROOT=$(CURDIR) bash tests/unit/unit-pg.sh

# The sanitized suite runs over a root of its own, build/asan-root: links
# to the checkout's files, and its own tests/out, so that it may run side
# by side with the plain suite (make test does) without sharing a file.
# It runs in one process (CK_FORK=no, as valgrind does): forking a
# sanitized process and checking each child for leaks at its exit took
# about 8 of its 10 minutes; the leaks of every test are checked at the
# end, and the plain suite keeps a process per test.
ASAN_ROOT = $(CURDIR)/build/asan-root
asan: tests/unit/run-unit-asan
	@rm -rf $(ASAN_ROOT) && mkdir -p $(ASAN_ROOT)/tests/out
	@for f in $(CURDIR)/*; do [ "$${f##*/}" = tests ] || ln -s "$$f" $(ASAN_ROOT)/; done
	@for f in $(CURDIR)/tests/*; do [ "$${f##*/}" = out ] || ln -s "$$f" $(ASAN_ROOT)/tests/; done
	AIGO_ROOT=$(ASAN_ROOT) AIGO_LOG_LEVEL=none CK_FORK=no ASAN_OPTIONS=detect_leaks=1 \
	  UBSAN_OPTIONS=print_stacktrace=1 ./tests/unit/run-unit-asan

valgrind: tests/unit/run-unit
	@mkdir -p tests/out
	AIGO_ROOT=$(CURDIR) AIGO_LOG_LEVEL=none CK_FORK=no valgrind -q --error-exitcode=1 --leak-check=full \
	  --errors-for-leak-kinds=definite ./tests/unit/run-unit

# The end-to-end suites, in three lanes side by side (tests/e2e/lanes.sh;
# E2E_LANES=1 runs them one after another). make test runs lane 1 after
# the unit tests and fuzz-check, lane 2 after asan, and lane 3 (the suites
# that mostly wait: timers, backoffs) before the browser suites: a new
# suite goes into the lane that keeps make test's lanes even (each item's
# time is printed; docs/development.md has a run's).
E2E_LANE1 = oracle incidents spv2
E2E_LANE2 = run ingest subpath install status api rules
E2E_LANE3 = notify probe supervise push serve badge export fallback load \
            incidents_admin embed
# PostgreSQL (issue 21): a real server from tests/pg.sh (each suite its
# own), in lane 2, which ended first once the suites' processor time was
# cut (lanes of 661, 412 and 899 s before); the several nodes' suite on
# PostgreSQL (nodes_pg.sh runs nodes.sh with AIGO_TEST_BACKEND=pg) beside
# it, a suite that mostly waits.
E2E_LANE2 += pg nodes_pg
# aigo db copy between SQLite and PostgreSQL (issue 21), in lane 1: at
# 887 s (2026-12-02) lane 1 ended 116 s before the other two.
E2E_LANE1 += dbcopy
# The number-comparing suites on PostgreSQL too (issue 21): oracle.sh and
# incidents.sh with each database copied to a real server (aigo db copy),
# the oracles reading it with psql.
E2E_LANE1 += oracle_pg
E2E_LANE2 += incidents_pg
e2e: all build/test_pg_live
	bash tests/e2e/lanes.sh "$(E2E_LANE1)" "$(E2E_LANE2)" "$(E2E_LANE3)"

# The alerting on AI-GO itself (tests/e2e/rules.sh): promtool check rules
# and test rules over contrib/prometheus, amtool check-config and routes of
# contrib/alertmanager, promtool check metrics over a real /metrics. An
# end-to-end suite: make e2e (so make test) runs it in its second lane.
rules: all
	bash tests/e2e/rules.sh

# The PostgreSQL suite alone (make e2e runs it too), and a psql on a
# throwaway server with db/schema-pg.sql loaded (tests/pg.sh).
pg-e2e: all build/test_pg_live tests/unit/run-unit
	bash tests/e2e/pg.sh
pg-shell:
	bash tests/pg.sh shell
# aigo db copy's suite alone (make e2e runs it too).
dbcopy-e2e: all
	bash tests/e2e/dbcopy.sh

# Several nodes on one database (tests/e2e/nodes.sh; make e2e runs it on
# PostgreSQL, nodes_pg.sh):
# nginx's upstream of two aigo serve nodes, two probers, two probe nodes, a
# node killed under load. AIGO_TEST_BACKEND=pg runs it on PostgreSQL, with
# the database stopped and started under the nodes.
nodes-e2e: all
	bash tests/e2e/nodes.sh

# The oracle suites on PostgreSQL alone (make e2e runs them too):
# ORACLE_ONLY="young" for the small database only.
oracle-pg: all
	bash tests/e2e/oracle_pg.sh
	bash tests/e2e/incidents_pg.sh

# The prober's end-to-end suites alone (make e2e runs them too).
probe-e2e: all
	bash tests/e2e/probe.sh
	bash tests/e2e/supervise.sh
	bash tests/e2e/push.sh
	bash tests/e2e/status.sh

# make fuzz [FUZZ_SECONDS=60]: each harness in turn for FUZZ_SECONDS from
# its corpus (tests/fuzz/corpus/NAME); new inputs go to build/fuzz/new/NAME,
# crashes to build/fuzz/crashes/.
fuzz: $(FUZZERS:%=build/fuzz/%)
	AIGO_ROOT=$(CURDIR) sh tests/fuzz/run.sh fuzz $(FUZZ_SECONDS) $(FUZZERS)

# Replays every corpus input, then fuzzes each harness FUZZ_CHECK_SECONDS
# (make test: TEST_FUZZ_SECONDS; make fuzz is the long run).
FUZZ_CHECK_SECONDS ?= 10
TEST_FUZZ_SECONDS ?= 2
fuzz-check: $(FUZZERS:%=build/fuzz/%)
	AIGO_ROOT=$(CURDIR) sh tests/fuzz/run.sh check $(FUZZ_CHECK_SECONDS) $(FUZZERS)

# make test: the build (the program, the plain and sanitized unit tests
# and the fuzz harnesses, TEST_JOBS at once), lint, then everything else in
# three lanes side by side (tests/e2e/lanes.sh): the unit tests, the fuzz
# replay (with TEST_FUZZ_SECONDS of fuzzing per harness) and lane 1 of the
# end-to-end suites; the sanitized unit tests (asan) and lane 2; the browser
# suites and lane 3 (the waiting suites first, beside unit and asan). Each
# item's output is printed whole when it ends, with its time; each phase
# prints "phase NAME: N s", and the last line the whole time. Check's
# per-test timeout (4 s, a guard against a hung test) is doubled there
# (CK_TIMEOUT_MULTIPLIER): three lanes share two cores, and a unit test
# that records a demo took more than 4 s on a loaded machine.
TEST_JOBS ?= 2
TEST_LANE1 = make:unit make:fuzz-check $(E2E_LANE1)
TEST_LANE2 = make:asan $(E2E_LANE2)
TEST_LANE3 = $(E2E_LANE3) browser/run browser/badge browser/embed
test:
	@start=`date +%s`; t=$$start; \
	phase() { n=`date +%s`; echo "phase $$1: $$((n - t)) s"; t=$$n; }; \
	$(MAKE) --no-print-directory -j$(TEST_JOBS) all tests/unit/run-unit tests/unit/run-unit-asan \
	  build/test_pg_live $(FUZZERS:%=build/fuzz/%) && phase build && \
	$(MAKE) --no-print-directory lint && phase lint && \
	FUZZ_CHECK_SECONDS=$(TEST_FUZZ_SECONDS) CK_TIMEOUT_MULTIPLIER=2 bash tests/e2e/lanes.sh "$(TEST_LANE1)" "$(TEST_LANE2)" "$(TEST_LANE3)" && \
	phase unit+asan+fuzz+e2e+browser && \
	echo "make test: all passed in $$((`date +%s` - start)) s"

browser: all
	bash tests/browser/run.sh
	bash tests/browser/badge.sh
	bash tests/browser/embed.sh

# Speed against the machine's floors (not part of make test): needs wrk;
# the prober's part (tests/bench/probe.sh) needs nginx, jq and sqlite3;
# the backends' part (tests/bench/backends.sh, also make bench-backends
# alone) PostgreSQL's server and psql.
bench: all build/render
	@command -v wrk >/dev/null || apt-get install -y --no-install-recommends wrk
	bash tests/bench/run.sh
	bash tests/bench/scale.sh
	bash tests/bench/probe.sh
	bash tests/bench/backends.sh

bench-backends: all build/render
	@command -v wrk >/dev/null || apt-get install -y --no-install-recommends wrk
	bash tests/bench/backends.sh

build/render: $(OBJ) tests/bench/render.c
	$(CC) $(CFLAGS) -Icgi-bin -o $@ tests/bench/render.c $(OBJ) $(LDLIBS)

# The write path's batches on both backends, with libpq's calls counted
# (docs/postgresql.md, "The write path").
PG_WRAP = $(foreach f,PQexecPrepared PQprepare PQexec PQdescribePrepared \
            PQpipelineSync PQsendQueryPrepared PQgetResult,-Wl,--wrap=$(f))
build/pg_ingest: $(OBJ) tests/bench/pg_ingest.c
	$(CC) $(CFLAGS) $(PG_CFLAGS) -Icgi-bin -o $@ tests/bench/pg_ingest.c \
	  $(OBJ) $(LDLIBS) $(PG_WRAP)

# make run PROBE=1: the prober on, into db/probe.db (no demo data).
run: all
	PROBE=$(PROBE) bash scripts/run.sh

# make install [PREFIX=/usr/local] [DESTDIR=]: the program in PREFIX/bin, its
# files in PREFIX/share/aigo (where it looks for them), the examples
# (configuration, systemd units, nginx site and sub-path) in
# PREFIX/share/aigo/contrib with PREFIX's paths in them, and the
# documentation in PREFIX/share/doc/aigo.
PREFIX ?= /usr/local
SHARE = $(DESTDIR)$(PREFIX)/share/aigo
DOC = $(DESTDIR)$(PREFIX)/share/doc/aigo
CONTRIB = aigo.conf.example aigo.service aigo-prune.service aigo-prune.timer \
          aigo-probe-node.service nginx-site.conf nginx-subpath.conf nginx-upstream.conf \
          prometheus/aigo-rules.yml prometheus/aigo-rules.test.yml \
          alertmanager/alertmanager.yml grafana/aigo-dashboard.json
install: all
	install -d $(DESTDIR)$(PREFIX)/bin $(SHARE)/db/migrations $(SHARE)/contrib $(DOC)/docs
	install -d $(SHARE)/contrib/prometheus $(SHARE)/contrib/alertmanager $(SHARE)/contrib/grafana
	install -m 755 cgi-bin/aigo $(DESTDIR)$(PREFIX)/bin/aigo
	cp -R templates locales static $(SHARE)/
	install -m 644 db/schema.sql db/schema-pg.sql db/catalog.json $(SHARE)/db/
	install -m 644 db/migrations/*.sql $(SHARE)/db/migrations/
	for f in $(CONTRIB); do \
	  sed 's#/usr/local#$(PREFIX)#g' contrib/$$f >$(SHARE)/contrib/$$f && \
	  chmod 644 $(SHARE)/contrib/$$f || exit 1; \
	done
	install -m 644 README.md $(DOC)/
	install -m 644 docs/*.md $(DOC)/docs/
	@echo "installed in $(DESTDIR)$(PREFIX); see $(PREFIX)/share/doc/aigo/docs/operations.md"

lint:
	cppcheck --quiet --error-exitcode=1 --enable=warning,portability \
	  --std=c11 --suppress=missingIncludeSystem cgi-bin/*.c
	clang-format --dry-run --Werror cgi-bin/*.c cgi-bin/*.h cgi-bin/*.cc tests/unit/*.c tests/unit/*.h \
	  tests/fuzz/*.c tests/fuzz/*.h
	python3 scripts/check-links.py README.md docs/*.md
	python3 scripts/check-layers.py cgi-bin

clean:
	rm -rf build cgi-bin/aigo tests/unit/run-unit tests/unit/run-unit-asan tests/out static/*.gz

.PHONY: FORCE all deps locales static-gz unit asan valgrind e2e rules probe-e2e browser bench test run install lint clean \
        fuzz fuzz-check pg-e2e pg-shell nodes-e2e dbcopy-e2e unit-pg bench-backends oracle-pg
