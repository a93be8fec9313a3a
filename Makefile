# evident: build, test and demo on a fresh Debian machine with Swift.
PREFIX ?= /usr/local
SWIFT ?= swift
DEMO_DIR ?= $(CURDIR)/.build/demo-ledger

.PHONY: all deps build release test demo install clean

all: build

# Installs what is missing (libgit2-dev, pkg-config; Python's jsonschema and PyYAML for the
# schema agreement test) and does nothing when everything is there.
deps:
	@missing=""; \
	for pkg in libgit2-dev pkg-config; do \
		dpkg-query -W -f='$${Status}' $$pkg 2>/dev/null | grep -q "install ok installed" || missing="$$missing $$pkg"; \
	done; \
	if [ -n "$$missing" ]; then \
		SUDO=""; [ "$$(id -u)" -ne 0 ] && SUDO="sudo"; \
		echo "installing:$$missing"; \
		if ! $$SUDO apt-get install -y -q $$missing >/dev/null 2>&1; then \
			$$SUDO apt-get update -q && $$SUDO apt-get install -y -q $$missing; \
		fi; \
	fi
	@python3 -c "import jsonschema, yaml" 2>/dev/null || python3 -m pip install -q jsonschema pyyaml

build: deps
	$(SWIFT) build

release: deps
	$(SWIFT) build -c release

test: deps
	$(SWIFT) build --build-tests
	$(SWIFT) test --skip-build

demo: build
	@rm -rf "$(DEMO_DIR)"
	$(SWIFT) run --skip-build evident demo "$(DEMO_DIR)"
	@echo
	$(SWIFT) run --skip-build evident -C "$(DEMO_DIR)" evidence list
	@echo
	$(SWIFT) run --skip-build evident -C "$(DEMO_DIR)" log -n 5

install: release
	install -d "$(DESTDIR)$(PREFIX)/bin"
	install -m 0755 "$$($(SWIFT) build -c release --show-bin-path)/evident" "$(DESTDIR)$(PREFIX)/bin/evident"

clean:
	rm -rf .build
