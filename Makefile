# Makefile - driven by build.sh; every output goes under build/.
#
#   make                 build/signoff-core
#   make tests           unit + sandbox test binaries (plain build)
#   make asan-tests      unit tests with ASan+UBSan (no sandbox tests)
#   make fuzzers         AFL++ harnesses (needs afl-clang-fast)
#
# New files are picked up by wildcard: adding a check is one file in
# core/checks/, one allowlist in policies/seccomp/, one test file.

VERSION  := $(shell cat VERSION 2>/dev/null || echo 0.0.0)
CC       ?= cc
B        := build
HARDEN   := -D_FORTIFY_SOURCE=2 -fstack-protector-strong -fPIE
WARN     := -Wall -Wextra -Werror -Wshadow -Wstrict-prototypes -Wformat=2 \
            -Wno-unused-parameter
CFLAGS   ?= -O2 -g
ALLCFLAGS = -std=c11 -D_GNU_SOURCE $(WARN) $(HARDEN) $(CFLAGS) \
            -DSIGNOFF_VERSION='"$(VERSION)"' -Icore -I$(B)/gen
LDHARDEN := -pie -Wl,-z,relro,-z,now -Wl,-z,noexecstack
# Every library any check links; all come from build.sh's PKG_BUILD.
LIBS     := -lseccomp -lcap -lmnl -lnftnl -lhs -lpcre2-8 -lm

LIB_SRC  := $(sort $(wildcard core/*/*.c))
GEN_SRC  := $(B)/gen/policies.c $(B)/gen/embedded.c
# The default credential rules, built in (empty when the file is absent).
CRED_RULES := $(wildcard policies/credentials.rules)
GEN_SRC  += $(B)/gen/credrules.c
# Their prefilter gates, compiled to Vectorscan databases at build time
# (core/scan/gen/credpf_gen.c; seconds of work, too slow for start-up).
GEN_SRC  += $(B)/gen/credpf.c
LIB_OBJ  := $(LIB_SRC:%.c=$(B)/obj/%.o) $(GEN_SRC:$(B)/gen/%.c=$(B)/obj/gen/%.o)
HDRS     := $(wildcard core/*/*.h)

UNIT_SRC := $(sort $(wildcard tests/unit/test_*.c))
SBX_SRC  := $(sort $(wildcard tests/sandbox/test_*.c))
UNIT_BIN := $(UNIT_SRC:tests/unit/%.c=$(B)/tests/%)
SBX_BIN  := $(SBX_SRC:tests/sandbox/%.c=$(B)/tests/%)

ASAN_FLAGS := -O1 -g -fsanitize=address,undefined -fno-omit-frame-pointer \
              -fno-sanitize-recover=all
ASAN_OBJ := $(LIB_OBJ:$(B)/obj/%=$(B)/asan/obj/%)
ASAN_BIN := $(UNIT_SRC:tests/unit/%.c=$(B)/asan/%)

SECCOMP_POL := $(sort $(wildcard policies/seccomp/*.policy))

.PHONY: all tests asan-tests fuzzers clean
all: $(B)/signoff-core

$(B)/gen/policies.c: $(SECCOMP_POL) core/sandbox/policy2c.awk
	@mkdir -p $(@D)
	awk -f core/sandbox/policy2c.awk $(SECCOMP_POL) > $@.tmp && mv $@.tmp $@

$(B)/gen/embedded.c: policies/host.conf core/cli/embed.awk
	@mkdir -p $(@D)
	awk -v name=embedded_host_conf -f core/cli/embed.awk policies/host.conf > $@.tmp && mv $@.tmp $@

# Octal escapes for every byte: the rules are full of backslashes, which
# embed.awk does not double under mawk.
$(B)/gen/credrules.c: $(CRED_RULES)
	@mkdir -p $(@D)
	{ printf '/* Generated from policies/credentials.rules. Do not edit. */\nconst char embedded_credentials_rules[] =\n'; \
	  cat $(CRED_RULES) /dev/null | od -An -v -to1 | \
	  sed 's/[[:space:]]*\([0-7][0-7]*\)/\\\1/g; s/^/\t"/; s/$$/"/'; \
	  printf '\t"";\n'; } > $@.tmp && mv $@.tmp $@

$(B)/credpf-gen: core/scan/gen/credpf_gen.c core/scan/rules.c core/scan/sha256.c $(HDRS)
	@mkdir -p $(@D)
	$(CC) $(ALLCFLAGS) -o $@ core/scan/gen/credpf_gen.c core/scan/rules.c core/scan/sha256.c -lhs

$(B)/gen/credpf.c: $(B)/credpf-gen $(CRED_RULES)
	@mkdir -p $(@D)
	$(B)/credpf-gen $(CRED_RULES) > $@.tmp 2>$(B)/gen/credpf.log && mv $@.tmp $@

$(B)/obj/%.o: %.c $(HDRS)
	@mkdir -p $(@D)
	$(CC) $(ALLCFLAGS) -c -o $@ $<

$(B)/obj/gen/%.o: $(B)/gen/%.c $(HDRS)
	@mkdir -p $(@D)
	$(CC) $(ALLCFLAGS) -c -o $@ $<

$(B)/libsignoff.a: $(LIB_OBJ)
	rm -f $@
	ar rcs $@ $^

$(B)/signoff-core: $(B)/obj/core/main.o $(B)/libsignoff.a
	$(CC) $(ALLCFLAGS) $(LDHARDEN) -o $@ $^ $(LIBS)

tests: $(UNIT_BIN) $(SBX_BIN) $(B)/signoff-core

$(B)/tests/%: tests/unit/%.c $(B)/libsignoff.a tests/unit/testutil.h
	@mkdir -p $(@D)
	$(CC) $(ALLCFLAGS) -Itests/unit $(LDHARDEN) -o $@ $< $(B)/libsignoff.a -lcmocka $(LIBS) -lacl

$(B)/tests/%: tests/sandbox/%.c $(B)/libsignoff.a tests/unit/testutil.h
	@mkdir -p $(@D)
	$(CC) $(ALLCFLAGS) -Itests/unit $(LDHARDEN) -o $@ $< $(B)/libsignoff.a -lcmocka $(LIBS)

# ASan + UBSan build of the library and the unit tests.
asan-tests: $(ASAN_BIN)

$(B)/asan/obj/gen/%.o: $(B)/gen/%.c $(HDRS)
	@mkdir -p $(@D)
	$(CC) $(ALLCFLAGS) $(ASAN_FLAGS) -U_FORTIFY_SOURCE -c -o $@ $<

$(B)/asan/obj/%.o: %.c $(HDRS)
	@mkdir -p $(@D)
	$(CC) $(ALLCFLAGS) $(ASAN_FLAGS) -U_FORTIFY_SOURCE -c -o $@ $<

$(B)/asan/libsignoff.a: $(ASAN_OBJ)
	rm -f $@
	ar rcs $@ $^

$(B)/asan/%: tests/unit/%.c $(B)/asan/libsignoff.a tests/unit/testutil.h
	@mkdir -p $(@D)
	$(CC) $(ALLCFLAGS) $(ASAN_FLAGS) -U_FORTIFY_SOURCE -Itests/unit -o $@ $< \
	    $(B)/asan/libsignoff.a -lcmocka $(LIBS) -lacl

# AFL++ harnesses: fuzz/<name>/harness.c, linked with libAFLDriver.
FUZZ_NAMES := $(notdir $(patsubst %/,%,$(dir $(wildcard fuzz/*/harness.c))))
FUZZ_BIN   := $(FUZZ_NAMES:%=$(B)/fuzz/%)
FUZZ_CC    ?= afl-clang-fast
FUZZ_LIB_SRC := $(sort $(wildcard core/parse/*.c core/record/*.c core/report/*.c core/scan/*.c))
# The default credential rules as built into the core (fuzz/credscan).
FUZZ_LIB_SRC += $(B)/gen/credrules.c
fuzzers: $(FUZZ_BIN)

$(B)/fuzz/%: fuzz/%/harness.c $(FUZZ_LIB_SRC) $(HDRS)
	@mkdir -p $(@D)
	AFL_QUIET=1 $(FUZZ_CC) -std=c11 -D_GNU_SOURCE -g -O1 -Icore -DSIGNOFF_VERSION='"$(VERSION)"' \
	    -fsanitize=address,undefined -fno-sanitize-recover=all \
	    -o $@ $< $(FUZZ_LIB_SRC) /usr/lib/afl/libAFLDriver.a -lhs -lpcre2-8 -lm

clean:
	rm -rf $(B)

# Test tools (tests/tools/*.c): real test servers the shell tests and
# benchmarks start, and the decoders outside any sandbox for the
# conformance test and the benchmarks; built with the tests, under
# build/tests/ and build/tools/ (both names are used by the tests).
TOOL_SRC := $(sort $(wildcard tests/tools/*.c))
TOOL_BIN := $(TOOL_SRC:tests/tools/%.c=$(B)/tools/%) $(TOOL_SRC:tests/tools/%.c=$(B)/tests/%)
tests: $(TOOL_BIN)

$(B)/tools/%: tests/tools/%.c $(B)/libsignoff.a
	@mkdir -p $(@D)
	$(CC) $(ALLCFLAGS) $(LDHARDEN) -o $@ $< $(B)/libsignoff.a $(LIBS)

$(B)/tests/%: tests/tools/%.c $(B)/libsignoff.a
	@mkdir -p $(@D)
	$(CC) $(ALLCFLAGS) $(LDHARDEN) -o $@ $< $(B)/libsignoff.a $(LIBS)
