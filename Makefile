# feedd — `make run` and `make test` do all the set-up on a fresh Debian machine.
SWIFT        ?= swift
CONFIG       ?= config/feedd.toml
SYSTEM_PKGS  := libxml2-dev libcurl4-openssl-dev libssl-dev libsqlite3-dev libpq-dev postgresql pkg-config systemd python3 brotli gzip
# Installs with apt-get as root, through sudo otherwise; only what is missing.
SUDO         := $(shell [ "$$(id -u)" = 0 ] || echo sudo)

.PHONY: deps pydeps build run test bench text-order fuzz install clean

deps:
	@missing=""; for p in $(SYSTEM_PKGS); do \
	  dpkg-query -W -f='$${Status}' $$p 2>/dev/null | grep -q "install ok installed" || missing="$$missing $$p"; \
	done; \
	if [ -n "$$missing" ]; then \
	  echo "installing:$$missing"; \
	  $(SUDO) apt-get update -qq && DEBIAN_FRONTEND=noninteractive $(SUDO) apt-get install -y -qq $$missing; \
	fi

# The tests' SMTP server (aiosmtpd, from PyPI): installed only when python3 cannot import it.
pydeps: deps
	@python3 -c "import aiosmtpd" 2>/dev/null || python3 -m pip install --quiet aiosmtpd \
	  || python3 -m pip install --quiet --break-system-packages aiosmtpd

build: deps
	$(SWIFT) build

# The main job: one fetch pass over config/feedd.toml. Exit 1 means some feed failed (reported on
# stderr, e.g. a site unreachable from here); the run itself completed, so make carries on.
run: build
	$(SWIFT) run feedd fetch --config $(CONFIG); status=$$?; [ $$status -le 1 ]

test: deps pydeps
	$(SWIFT) build --build-tests
	$(SWIFT) test --skip-build

# The installed and benchmarked binary links the Swift runtime and Foundation statically: the
# daemon's resident memory is ~8 MB lower (no relocated copies of the shared libraries' data) and a
# process starts in 11 ms instead of 18 (`perf stat -r 20 feedd --version`). `make run` and
# `make test` keep the faster debug build.
#
# It is linked with the toolchain's lld rather than gold, for two things gold lacks:
# - Packed relative relocations (`-z pack-relative-relocs`, glibc 2.36): the PIE's 1.9 MB of
#   relocation records, all read at every start, become 34 KB.
# - `--symbol-ordering-file`: the functions a running daemon executes (TEXT_ORDER, about 1.6 MB
#   of the 17 MB of code) are laid out together, so the daemon maps 6.5 MB of code instead of 14.4
#   (the kernel maps code in 64 KB or larger blocks around each page it touches). Every module is
#   compiled with one section per function so that the linker can move them.
# `make text-order` writes TEXT_ORDER again from a run of the daemon under valgrind.
TEXT_ORDER := Benchmarks/feedd.text-order
RELEASE := -c release --static-swift-stdlib -Xswiftc -use-ld=lld -Xswiftc -Xfrontend -Xswiftc -function-sections \
  -Xlinker -z -Xlinker pack-relative-relocs \
  -Xlinker --symbol-ordering-file=$(CURDIR)/$(TEXT_ORDER) -Xlinker --no-warn-symbol-ordering

# pollcycle, coldcycle and daemon run the release `feedd` binary as a child process, so both products
# are built. coldcycle serves its corpus with nginx (nginx-light), started on 127.0.0.1 by the benchmark.
BENCH_PKGS := libxml2-utils nginx-light curl
bench: deps
	@missing=""; for p in $(BENCH_PKGS); do \
	  dpkg-query -W -f='$${Status}' $$p 2>/dev/null | grep -q "install ok installed" || missing="$$missing $$p"; \
	done; \
	if [ -n "$$missing" ]; then \
	  $(SUDO) apt-get update -qq && DEBIAN_FRONTEND=noninteractive $(SUDO) apt-get install -y -qq $$missing; \
	fi
	$(SWIFT) build $(RELEASE) --product feedd
	$(SWIFT) build $(RELEASE) --product feedd-bench
	.build/release/feedd-bench

# The release link's function order (see RELEASE): the functions the daemon benchmark executes,
# recorded by callgrind. Commit the result; run it again when the daemon's code has changed a lot.
text-order: deps
	@dpkg-query -W -f='$${Status}' valgrind 2>/dev/null | grep -q "install ok installed" || { \
	  $(SUDO) apt-get update -qq && DEBIAN_FRONTEND=noninteractive $(SUDO) apt-get install -y -qq valgrind; }
	$(SWIFT) build $(RELEASE) --product feedd
	$(SWIFT) build $(RELEASE) --product feedd-bench
	Benchmarks/text-order.sh .build/release $(TEXT_ORDER)
	rm -f .build/release/feedd  # so that the next release build links with the new order

# libFuzzer over FeedParser (Fuzz/ is its own package, see README "Fuzzing"); seeds from Tests/Fixtures.
FUZZ_SECONDS ?= 600
fuzz: deps
	$(SWIFT) build -c release --package-path Fuzz -Xswiftc -sanitize=fuzzer,address -Xswiftc -parse-as-library
	mkdir -p Fuzz/corpus
	cd Tests/Fixtures && find . -type f | while read -r f; do \
	  cp "$$f" "../../Fuzz/corpus/seed_$$(echo "$$f" | sed 's|^\./||; s|/|_|g')"; \
	done
	Fuzz/.build/release/FuzzFeedParser Fuzz/corpus -max_total_time=$(FUZZ_SECONDS) -max_len=262144 \
	  -rss_limit_mb=2048 -timeout=10 -artifact_prefix=Fuzz/

# `make install [PREFIX=/usr/local] [DESTDIR=]`: the binary, the systemd units, shell completions,
# the hook programs, and the example config as /etc/feedd/feedd.toml unless one is there already.
PREFIX      ?= /usr/local
SYSCONFDIR  ?= /etc
UNITDIR     ?= $(PREFIX)/lib/systemd/system
install: deps
	$(SWIFT) build $(RELEASE) --product feedd
	install -D -m 0755 .build/release/feedd $(DESTDIR)$(PREFIX)/bin/feedd
	for unit in feedd.service feedd-fetch.service feedd-fetch.timer; do \
	  sed 's|/usr/local/bin/feedd|$(PREFIX)/bin/feedd|g; s|/etc/feedd/|$(SYSCONFDIR)/feedd/|g' systemd/$$unit > $$unit.tmp && \
	  install -D -m 0644 $$unit.tmp $(DESTDIR)$(UNITDIR)/$$unit && rm -f $$unit.tmp; \
	done
	mkdir -p $(DESTDIR)$(PREFIX)/share/bash-completion/completions $(DESTDIR)$(PREFIX)/share/zsh/site-functions \
	  $(DESTDIR)$(PREFIX)/share/fish/vendor_completions.d
	.build/release/feedd --generate-completion-script bash > $(DESTDIR)$(PREFIX)/share/bash-completion/completions/feedd
	.build/release/feedd --generate-completion-script zsh > $(DESTDIR)$(PREFIX)/share/zsh/site-functions/_feedd
	.build/release/feedd --generate-completion-script fish > $(DESTDIR)$(PREFIX)/share/fish/vendor_completions.d/feedd.fish
	install -D -m 0755 config/hooks/notify-desktop $(DESTDIR)$(SYSCONFDIR)/feedd/hooks/notify-desktop
	install -D -m 0755 config/hooks/email-article $(DESTDIR)$(SYSCONFDIR)/feedd/hooks/email-article
	@if [ -e $(DESTDIR)$(SYSCONFDIR)/feedd/feedd.toml ]; then \
	  echo "keeping the existing $(DESTDIR)$(SYSCONFDIR)/feedd/feedd.toml"; \
	else \
	  install -D -m 0644 config/feedd.toml $(DESTDIR)$(SYSCONFDIR)/feedd/feedd.toml; \
	fi

clean:
	rm -rf .build
