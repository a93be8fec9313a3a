# evident: build, test and demo on a fresh Debian machine with Swift.
PREFIX ?= /usr/local
SWIFT ?= swift
DEMO_DIR ?= $(CURDIR)/.build/demo-ledger
EVIDENT = $$($(SWIFT) build --show-bin-path)/evident

.PHONY: all deps build release test bench demo install clean fuzz

all: build

# Installs what is missing (libgit2-dev, zlib1g-dev and pkg-config to build; git and ssh-keygen, which the tests
# cross-check against; Python's jsonschema and PyYAML for the schema tests) and does nothing when
# everything is there.
deps:
	@missing=""; \
	for pkg in libgit2-dev zlib1g-dev pkg-config git openssh-client; do \
		dpkg-query -W -f='$${Status}' $$pkg 2>/dev/null | grep -q "install ok installed" || missing="$$missing $$pkg"; \
	done; \
	if [ -n "$$missing" ]; then \
		SUDO=""; [ "$$(id -u)" -ne 0 ] && SUDO="sudo"; \
		echo "installing:$$missing"; \
		if ! $$SUDO apt-get install -y -q $$missing >/dev/null 2>&1; then \
			$$SUDO apt-get update -q && $$SUDO apt-get install -y -q $$missing; \
		fi; \
	fi
	@if ! python3 -c "import jsonschema, yaml" 2>/dev/null; then \
		SUDO=""; [ "$$(id -u)" -ne 0 ] && SUDO="sudo"; \
		echo "installing: python3-jsonschema python3-yaml"; \
		if [ "$$(command -v python3)" = /usr/bin/python3 ]; then \
			$$SUDO apt-get install -y -q python3-jsonschema python3-yaml >/dev/null 2>&1 || \
			{ $$SUDO apt-get update -q && $$SUDO apt-get install -y -q python3-jsonschema python3-yaml; }; \
		else \
			python3 -m pip install -q jsonschema pyyaml; \
		fi; \
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

# The full benchmark table (Benchmarks/bench.py; evident against the git CLI, 100k-record ledger,
# generated once into .build/bench), with readiness and diff at 10k/30k/100k records. About 15 minutes
# the first time (ledger generation), 5 after. BENCH_ARGS="--rows readiness,diff" picks rows;
# BENCH_ARGS="--growth --markdown Benchmarks/RESULTS.md" rewrites the results file.
# The runner needs only python3, git and coreutils; a tiny version of it runs inside `make test`.
BENCH_ARGS ?= --growth
bench: release
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
# (Conditional CMMC Level 2, SOC 2 Type 2 gaps) and the diff between the two snapshots.
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
	@rm -f "$(DEMO_DIR).out"

install: release
	install -d "$(DESTDIR)$(PREFIX)/bin"
	install -m 0755 "$$($(SWIFT) build -c release --show-bin-path)/evident" "$(DESTDIR)$(PREFIX)/bin/evident"

clean:
	rm -rf .build .build-tsan
