# SPDX-License-Identifier: BSD-3-Clause
#
# Thin wrapper over scripts/ and meson (README.md "Quick start").
#   make run    install what is missing, build, run the main job (testpmd,
#               two simulated 40 GbE ports, pooled ATU mode) and summarise
#   make test   install, build, run every suite; last line "N passed, N failed"
#   make build  install what is missing and build
#   make clean  remove the build folder (the DPDK SDK cache stays)
#   make fuzz / make sanitize / make valgrind / make tsan  the reliability
#               runs (doc/reliability.md); make soak  the long run with
#               traffic, faults and reconfiguration (SOAK_SECONDS)
#   make test-huge  the pmd suite again on 2 MB huge pages (root reserves
#               them and gives them back; scripts/test-huge.sh)
#   make install    build and install (doc/build.md "Installing"): the PMD
#               into EAL's plugin directory, libiova_pool, the public
#               headers and .pc files, sun4v-dmabench and sun4v-fault-decode
#   make uninstall  remove what the last `make install` of $(BUILD) installed
# Variables: BUILD (folder, default build), WERROR=1 (warnings are errors,
# as in CI), RUN_ARGS (passed to scripts/run-main.py, e.g. RUN_ARGS="--time 20 --dma map"),
# PREFIX (install prefix, default /usr/local; any other prefix keeps the PMD
# under it too, loaded with -d), DESTDIR (stage the install under a folder).

BUILD ?= build
WERROR ?= 0
RUN_ARGS ?=
PREFIX ?= /usr/local
DESTDIR ?=
MESON_OPTS = -Dwerror=$(if $(filter 1,$(WERROR)),true,false) --prefix=$(PREFIX)

FUZZ_SECONDS ?= 60
SOAK_SECONDS ?= 600

.PHONY: all deps sdk build test test-huge run clean fuzz sanitize valgrind tsan soak install uninstall

all: build

deps:
	@scripts/deps.sh

sdk: deps
	@scripts/fetch-dpdk-sdk.sh

$(BUILD)/build.ninja: | sdk
	@meson setup $(BUILD) $(MESON_OPTS) >/dev/null || \
		{ echo "meson setup failed; see $(BUILD)/meson-logs/meson-log.txt" >&2; exit 1; }

build: sdk $(BUILD)/build.ninja
	@if [ "$$(cat $(BUILD)/.make-opts 2>/dev/null)" != "$(MESON_OPTS)" ]; then \
		meson configure $(BUILD) $(MESON_OPTS) >/dev/null 2>&1 || exit 1; \
		echo "$(MESON_OPTS)" > $(BUILD)/.make-opts; fi
	@ninja -C $(BUILD) -j2 --quiet

test: build
	@meson test -C $(BUILD) --no-rebuild --num-processes 2 --print-errorlogs \
		--timeout-multiplier 3 > $(BUILD)/test-output.txt 2>&1; \
		status=$$?; \
		grep -E '^ *[0-9]+/[0-9]+ ' $(BUILD)/test-output.txt || true; \
		scripts/test-summary.py --huge-note $(BUILD)/meson-logs/testlog.json

# meson records what it installed in $(BUILD)/meson-logs/install-log.txt;
# `make uninstall` removes exactly those files.
install: build
	@meson install -C $(BUILD) --no-rebuild --quiet $(if $(DESTDIR),--destdir $(DESTDIR))
	@echo "installed (prefix $(PREFIX)$(if $(DESTDIR), under $(DESTDIR))); list: $(BUILD)/meson-logs/install-log.txt"

uninstall:
	@test -f $(BUILD)/meson-logs/install-log.txt || \
		{ echo "nothing to uninstall: no $(BUILD)/meson-logs/install-log.txt" >&2; exit 1; }
	@ninja -C $(BUILD) uninstall >/dev/null && echo "uninstalled what $(BUILD)/meson-logs/install-log.txt lists"

test-huge: build
	@BUILD=$(BUILD) scripts/test-huge.sh

run: build
	@scripts/run-main.py --build $(BUILD) $(RUN_ARGS)

# Longer fuzzing than the corpus replay `make test` does (clang, libFuzzer).
fuzz: sdk
	@scripts/fuzz.sh $(FUZZ_SECONDS)

# ASan+UBSan build of the unit, sim and pmd suites in build-asan/.
sanitize: sdk
	@scripts/sanitize.sh

# ThreadSanitizer build of the concurrent tests in build-tsan/.
tsan: sdk
	@scripts/tsan.sh

# The soak: 2 lcores, 4 ports, traffic, faults, reconfiguration, hot
# detach/attach, telemetry; exact accounting and no leak at the end.
soak: build
	@$(BUILD)/tests/soak/sun4v-soak $(SOAK_SECONDS)

# valgrind memcheck over the unit suite.
valgrind: build
	@BUILD=$(BUILD) scripts/valgrind.sh

clean:
	rm -rf $(BUILD)
