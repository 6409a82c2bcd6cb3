# The two commands of the README: `make demo` and `make test`. Both install
# what is missing from Debian's packages first (scripts/install-deps.sh).
BUILD ?= build
BUILD_TYPE ?= Release
JOBS ?= $(shell nproc)
# Most tests wait on a server or a child process, so ctest runs twice as many
# as there are cores.
TEST_JOBS ?= $(shell echo $$(( $$(nproc) * 2 )))
# Unity builds (CMakeLists.txt, STRATA_UNITY): a build from scratch takes a
# third of the CPU. `make UNITY=OFF ...` builds file by file.
UNITY ?= ON

.PHONY: deps build test test-sanitize test-faults fuzz demo bench docker-test compose-test clean deb

deps:
	./scripts/install-deps.sh

build: deps
	cmake -S . -B $(BUILD) -DCMAKE_BUILD_TYPE=$(BUILD_TYPE) -DSTRATA_UNITY=$(UNITY) >/dev/null
	cmake --build $(BUILD) -j $(JOBS)

# PostgreSQL and MariaDB tests run against throwaway local servers
# (scripts/with-pg.sh, scripts/with-mariadb.sh): if one cannot start, the run
# fails rather than skipping them.
test: build
	./scripts/with-pg.sh ./scripts/with-mariadb.sh bash -c 'cd $(BUILD) && ctest --output-on-failure -j $(TEST_JOBS)'

# The same tests built with AddressSanitizer and UBSan (all of them in
# .ci/run). SANITIZE_CTEST adds ctest arguments, e.g. SANITIZE_CTEST='-R ^db[.]'.
SANITIZE_CTEST ?=
test-sanitize: deps
	cmake -S . -B build-sanitize -DSTRATA_SANITIZE=ON -DCMAKE_BUILD_TYPE=Debug -DSTRATA_UNITY=$(UNITY) >/dev/null
	cmake --build build-sanitize -j $(JOBS)
	./scripts/with-pg.sh ./scripts/with-mariadb.sh bash -c 'cd build-sanitize && ctest --output-on-failure -j $(TEST_JOBS) $(SANITIZE_CTEST)'

# The libFuzzer targets (tests/fuzz/), built with clang in build-fuzz, each
# run for FUZZ_SECONDS from its seed corpus, FUZZ_JOBS at a time (one per
# core); any crash, leak, timeout or OOM fails (scripts/fuzz.sh).
FUZZ_SECONDS ?= 10
FUZZ_JOBS ?= $(JOBS)
fuzz: deps
	cmake -S . -B build-fuzz -DSTRATA_FUZZ=ON -DCMAKE_CXX_COMPILER=clang++-14 -DCMAKE_BUILD_TYPE=Debug -DSTRATA_UNITY=$(UNITY) >/dev/null
	cmake --build build-fuzz -j $(JOBS)
	./scripts/fuzz.sh build-fuzz $(FUZZ_SECONDS) $(FUZZ_JOBS)

# Fault injection (tests/faults/faults.py): strata killed at random moments,
# connections ended by the server, a server stopped, a lock holder killed,
# SQLite on a full and a read-only filesystem; SQLite, PostgreSQL and MariaDB
# in parallel. FAULT_ROUNDS: rounds per direction of the kill test. The
# servers' data lives in /dev/shm when there is one (DDL that syncs no disk:
# MariaDB's CREATE/DROP TABLE 10x faster; a kill is a kill either way).
FAULT_ROUNDS ?= 100
# The Debian package: build-deb/strata_<version>_amd64.deb (binary, templates,
# man page, bash and zsh completions; dependencies from dpkg-shlibdeps).
# Only the strata target and its documentation are built for it.
deb: deps
	cmake -S . -B build-deb -DCMAKE_BUILD_TYPE=Release -DCMAKE_SKIP_INSTALL_ALL_DEPENDENCY=ON -DSTRATA_UNITY=$(UNITY) >/dev/null
	cmake --build build-deb -j $(JOBS) --target strata strata_docs
	cd build-deb && cpack -G DEB
	@ls build-deb/strata_*_amd64.deb

test-faults: build
	STRATA_PG_TMPDIR=$${STRATA_PG_TMPDIR:-$$([ -w /dev/shm ] && echo /dev/shm || echo /tmp)} \
	  ./scripts/with-pg.sh ./scripts/with-mariadb.sh env -u PYTHONPATH -u PYTHONHOME /usr/bin/python3 \
	  tests/faults/faults.py $(BUILD)/strata --rounds $(FAULT_ROUNDS)

demo: build
	./scripts/demo.sh $(BUILD)/strata

# Side by side with Alembic: listing, upgrade (SQLite, PostgreSQL), check, inspect; check --dev-url;
# strata beside the floor of the same work (bench/floor.sh);
# MariaDB: upgrade (with Alembic + PyMySQL and the mariadb client's floor) and check.
bench: build
	STRATA_BENCH_DEPS=1 ./scripts/install-deps.sh
	./bench/run.sh $(BUILD)/strata
	./bench/floor.sh $(BUILD)/strata
	./scripts/with-pg.sh bash -c './bench/upgrade.sh $(BUILD)/strata && ./bench/check.sh $(BUILD)/strata && ./bench/inspect.sh $(BUILD)/strata'
	./bench/dev_url.sh $(BUILD)/strata
	./scripts/with-mariadb.sh ./bench/mariadb.sh $(BUILD)/strata

# The Docker image (docker/Dockerfile) built and used in containers against a
# throwaway PostgreSQL on 127.0.0.1, host network only (docker/test.sh). Not in
# .ci/run, for its time: run it in every session that touches docker/.
docker-test:
	./docker/test.sh

# docker/compose.yaml run with compose (docker-compose v1, else docker
# compose): db healthy, then migrate, then the backend; and a failing
# migration that keeps the backend from starting. Host network only, db a
# local stand-in for postgres:15 (docker/compose-test.sh). 11-16 s once
# docker-test has built the image it shares; left out of .ci/run likewise.
compose-test:
	./docker/compose-test.sh

clean:
	rm -rf build build-sanitize build-fuzz
