# feedd — `make run` and `make test` do all the set-up on a fresh Debian machine.
SWIFT        ?= swift
CONFIG       ?= config/feedd.toml
SYSTEM_PKGS  := libxml2-dev libcurl4-openssl-dev libsqlite3-dev pkg-config brotli gzip
# Installs with apt-get as root, through sudo otherwise; only what is missing.
SUDO         := $(shell [ "$$(id -u)" = 0 ] || echo sudo)

.PHONY: deps build run test bench fuzz install clean

deps:
	@missing=""; for p in $(SYSTEM_PKGS); do \
	  dpkg-query -W -f='$${Status}' $$p 2>/dev/null | grep -q "install ok installed" || missing="$$missing $$p"; \
	done; \
	if [ -n "$$missing" ]; then \
	  echo "installing:$$missing"; \
	  $(SUDO) apt-get update -qq && DEBIAN_FRONTEND=noninteractive $(SUDO) apt-get install -y -qq $$missing; \
	fi

build: deps
	$(SWIFT) build

run: build
	$(SWIFT) run feedd parse config/sample-feed.xml

test: deps
	$(SWIFT) build --build-tests
	$(SWIFT) test --skip-build

bench: deps
	$(SWIFT) build -c release --product feedd-bench
	.build/release/feedd-bench

clean:
	rm -rf .build
