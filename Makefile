# Thin wrapper around Meson/Ninja.  `make` builds build/listdigest (optimised),
# `make test` builds build-san/ with AddressSanitizer and UBSan and runs every
# test there, `make demo` installs what is missing and digests the bundled
# sample archive, `make bench` measures against git cat-file on the real
# corpus, `make fuzz` runs each libFuzzer harness of fuzz/ for
# FUZZ_SECONDS (60) in build-fuzz/ (clang).
MESON ?= meson
BUILD ?= build
SANBUILD ?= build-san
FUZZBUILD ?= build-fuzz
FUZZ_SECONDS ?= 60

all: $(BUILD)/build.ninja
	ninja -C $(BUILD)

$(BUILD)/build.ninja:
	$(MESON) setup $(BUILD) --buildtype=release -Dwerror=true

$(SANBUILD)/build.ninja:
	$(MESON) setup $(SANBUILD) --buildtype=debug -Dwerror=true \
		-Db_sanitize=address,undefined -Db_lundef=false

# The optimised build too: valgrind (tests/cli/valgrind.sh) cannot run
# the sanitizer build's binary.
test:
	scripts/install-deps.sh
	$(MAKE) all
	$(MAKE) $(SANBUILD)/build.ninja
	ninja -C $(SANBUILD)
	LD_TEST_PLAIN_BINARY=$(CURDIR)/$(BUILD)/listdigest \
		scripts/run-tests.sh $(SANBUILD)

demo:
	scripts/install-deps.sh
	$(MAKE) all
	scripts/demo.sh $(BUILD)

bench: all
	bench/run.sh $(BUILD)/listdigest

fuzz:
	FUZZ_BUILD=$(FUZZBUILD) FUZZ_SECONDS=$(FUZZ_SECONDS) fuzz/run.sh

clean:
	rm -rf $(BUILD) $(SANBUILD)

.PHONY: all test demo bench fuzz clean
