# runbinder - build, deps, run, test.
#
#   make run     build and render the example binder in content/ into out/
#   make test    sanitizer build (ASan + UBSan) and every test
#   make deps    install missing Debian packages (apt-get, sudo when not root)

PREFIX  ?= /usr/local
DESTDIR ?=
CC      ?= cc

PKGS    := libcmark-gfm yaml-0.1 jansson libgit2 libcrypto
WARN    := -Wall -Wextra -Wshadow -Wstrict-prototypes -Wmissing-prototypes \
           -Wformat=2
# Warnings are errors for developers and CI (make test sets DEVELOPER=1);
# a distribution building a release with another compiler is not stopped
# by a warning that compiler adds.
ifeq ($(DEVELOPER),1)
WARN    += -Werror
endif
# The user's and the distribution's flags: CPPFLAGS, CFLAGS, LDFLAGS.
CFLAGS  ?= -O2 -g
# -MMD -MP: each object depends on the headers it includes, no more.
BASE_CFLAGS = -std=c11 -D_GNU_SOURCE $(WARN) -Igen -Ibuild/gen -MMD -MP $(CPPFLAGS)
SAN_CFLAGS  := -O1 -g -fno-omit-frame-pointer \
               -fsanitize=address,undefined -fno-sanitize-recover=all
PKG_CFLAGS  = $(shell pkg-config --cflags $(PKGS) 2>/dev/null)
PKG_LIBS    = $(shell pkg-config --libs $(PKGS) 2>/dev/null) \
              -lcmark-gfm-extensions -lhpdf -lm

# Debian packages: to build, and in addition to test.
DEPS_BUILD := gcc make pkg-config libcmark-gfm-dev libcmark-gfm-extensions-dev \
              libyaml-dev libjansson-dev libhpdf-dev libgit2-dev libssl-dev \
              fonts-dejavu-core fonts-arphic-uming fonts-ipafont-gothic fonts-nanum
DEPS_TEST  := libcmocka-dev poppler-utils qpdf shellcheck diffutils git chromium man-db groff \
              $(if $(VALGRIND),valgrind)
# axe-core for the browser tests' accessibility checks, from the npm
# registry at this exact version, into build/npm (never committed)
AXE_VERSION := 4.14.1
AXE_JS      := build/npm/node_modules/axe-core/axe.min.js

SRCS       := $(filter-out gen/main.c,$(wildcard gen/*.c))
GENERATED  := assets awscli_table
OBJS       := $(SRCS:gen/%.c=build/obj/%.o) $(GENERATED:%=build/obj/%.o)
SAN_OBJS   := $(SRCS:gen/%.c=build/asan/%.o) $(GENERATED:%=build/asan/%.o)
# the AWS CLI table's sources: see gen/awscli/README.md and make update-awscli
AWSCLI_SRC := $(wildcard gen/awscli/*.tsv gen/awscli/*.txt gen/awscli/README.md)
ASSETS     := $(sort $(wildcard templates/*) $(wildcard themes/*/*))
UNIT_SRCS  := $(wildcard tests/unit/test_*.c)
UNIT_BINS  := $(UNIT_SRCS:tests/unit/%.c=build/asan/tests/%)
TOOL_BINS  := build/asan/tools/pdf_links build/asan/tools/browser build/asan/tools/word_coverage
FUZZERS    := $(sort $(patsubst tests/fuzz/%.c,%,$(wildcard tests/fuzz/fuzz_*.c)))
REPLAY_BINS := $(FUZZERS:%=build/asan/replay/%)
# make fuzz: the same harnesses with libFuzzer (clang)
FUZZ_CC    := clang
FUZZ_CFLAGS := -O1 -g -fno-omit-frame-pointer -fsanitize=fuzzer-no-link,address,undefined \
               -fno-sanitize-recover=all
FUZZ_OBJS  := $(SRCS:gen/%.c=build/fuzz/obj/%.o) $(GENERATED:%=build/fuzz/obj/%.o)
DEPS_FUZZ  := clang libclang-rt-14-dev

.PHONY: all run test deps deps-test deps-fuzz clean install update-golden update-awscli asan unit bench fuzz

all: runbinder

runbinder: build/obj/main.o $(OBJS)
	$(CC) $(CFLAGS) $(LDFLAGS) -o $@ $^ $(PKG_LIBS)

build/obj/%.o: gen/%.c | build/obj
	$(CC) $(BASE_CFLAGS) $(PKG_CFLAGS) $(CFLAGS) -c -o $@ $<

build/obj/%.o: build/gen/%.c | build/obj
	$(CC) $(BASE_CFLAGS) $(CFLAGS) -c -o $@ $<

build/gen/assets.c: gen/embed.sh $(ASSETS) | build/gen
	sh gen/embed.sh $(ASSETS) > $@.tmp && mv $@.tmp $@

# the code that draws a PDF, by digest: part of each runbook PDF's key
# (page_pdf.c), so that a binder made by other drawing code is not reused
PDF_CODE   := gen/render_pdf.c gen/render_pdf.h gen/pdf_font.c gen/pdf_font.h \
              gen/page_pdf.c gen/layout.c gen/layout.h gen/font_cmap.c gen/font_cmap.h \
              gen/bidi.c gen/display_width.c gen/html_safe.c gen/link_target.c \
              gen/pdf_figure.c gen/figure.c gen/ttf_subset.c gen/ttf_subset.h
build/gen/pdf_code.h: $(PDF_CODE) | build/gen
	printf '#define RB_PDF_CODE "%s"\n' "$$(cat $(PDF_CODE) | sha256sum | cut -c1-16)" > $@.tmp && mv $@.tmp $@
build/obj/page_pdf.o build/asan/page_pdf.o build/fuzz/obj/page_pdf.o: build/gen/pdf_code.h
build/gen/awscli_table.c: gen/awscli_gen.sh $(AWSCLI_SRC) | build/gen
	sh gen/awscli_gen.sh gen/awscli > $@.tmp && mv $@.tmp $@

build/asan/runbinder: build/asan/main.o $(SAN_OBJS)
	$(CC) $(SAN_CFLAGS) $(LDFLAGS) -o $@ $^ $(PKG_LIBS)

build/asan/%.o: gen/%.c | build/asan
	$(CC) $(BASE_CFLAGS) $(PKG_CFLAGS) $(SAN_CFLAGS) -c -o $@ $<

build/asan/%.o: build/gen/%.c | build/asan
	$(CC) $(BASE_CFLAGS) $(SAN_CFLAGS) -c -o $@ $<

build/asan/tests/%: tests/unit/%.c $(SAN_OBJS) | build/asan/tests
	$(CC) $(BASE_CFLAGS) $(SAN_CFLAGS) $(PKG_CFLAGS) -o $@ $< $(SAN_OBJS) \
		$(PKG_LIBS) -lcmocka

build/asan/tools/%: tests/tools/%.c | build/asan/tools
	$(CC) $(BASE_CFLAGS) $(SAN_CFLAGS) $(PKG_CFLAGS) -o $@ $< $(PKG_LIBS)

build/asan/replay/%: tests/fuzz/%.c tests/fuzz/replay.c tests/fuzz/fuzz.h $(SAN_OBJS) | build/asan/replay
	$(CC) $(BASE_CFLAGS) $(SAN_CFLAGS) $(PKG_CFLAGS) -Itests/fuzz -o $@ $< tests/fuzz/replay.c \
		$(SAN_OBJS) $(PKG_LIBS)

build/fuzz/obj/%.o: gen/%.c | build/fuzz/obj
	$(FUZZ_CC) $(BASE_CFLAGS) $(FUZZ_CFLAGS) $(PKG_CFLAGS) -c -o $@ $<

build/fuzz/obj/%.o: build/gen/%.c | build/fuzz/obj
	$(FUZZ_CC) $(BASE_CFLAGS) $(FUZZ_CFLAGS) -c -o $@ $<

build/fuzz/%: tests/fuzz/%.c tests/fuzz/fuzz.h $(FUZZ_OBJS)
	$(FUZZ_CC) $(BASE_CFLAGS) $(FUZZ_CFLAGS) -fsanitize=fuzzer $(PKG_CFLAGS) -Itests/fuzz \
		-o $@ $< $(FUZZ_OBJS) $(PKG_LIBS)

build/obj build/asan build/asan/tests build/asan/tools build/asan/replay build/gen build/fuzz/obj:
	mkdir -p $@

asan: build/asan/runbinder
unit: $(UNIT_BINS)

run: deps
	$(MAKE) all
	./runbinder build

test: deps-test
	$(MAKE) DEVELOPER=1 build/asan/runbinder $(UNIT_BINS) $(TOOL_BINS) $(REPLAY_BINS) $(if $(VALGRIND),runbinder)
	VALGRIND=$(VALGRIND) sh tests/run.sh

# FUZZ_SECONDS per harness (default 60); FUZZERS="fuzz_yaml ..." to choose
fuzz: deps-fuzz
	$(MAKE) $(FUZZERS:%=build/fuzz/%)
	sh tests/fuzz/run.sh $(FUZZERS)

deps-fuzz:
	@sh gen/deps.sh $(DEPS_BUILD) $(DEPS_FUZZ)

update-golden: build/asan/runbinder
	UPDATE_GOLDEN=1 sh tests/run.sh

# make update-awscli AWSCLI=DIR: take a newer AWS CLI table (commands.tsv,
# global-options.tsv, paginated.tsv and its README.md) from DIR; the build
# regenerates build/gen/awscli_table.c from it. Then run make test.
update-awscli:
	@test -n "$(AWSCLI)" || { echo "usage: make update-awscli AWSCLI=DIR" >&2; exit 2; }
	for f in commands.tsv global-options.tsv paginated.tsv README.md; do \
		cp "$(AWSCLI)/$$f" gen/awscli/$$f.tmp && chmod 644 gen/awscli/$$f.tmp && \
		mv gen/awscli/$$f.tmp gen/awscli/$$f || exit 1; done
	sh gen/awscli_gen.sh gen/awscli > /dev/null
	@echo "gen/awscli/ updated: review git diff gen/awscli, then make test"

bench: deps
	@sh gen/deps.sh time cmark-gfm poppler-utils chromium hugo git
	$(MAKE) all
	sh tests/bench/run.sh

deps:
	@sh gen/deps.sh $(DEPS_BUILD)

deps-test:
	@sh gen/deps.sh $(DEPS_BUILD) $(DEPS_TEST)
	@command -v npm >/dev/null || sh gen/deps.sh npm
	@grep -qs '"version": "$(AXE_VERSION)"' build/npm/node_modules/axe-core/package.json || \
		{ echo "deps: installing axe-core@$(AXE_VERSION) into build/npm"; \
		  npm install --prefix build/npm --no-save --no-audit --no-fund --silent \
			axe-core@$(AXE_VERSION) && test -f $(AXE_JS); }

install: runbinder
	install -d $(DESTDIR)$(PREFIX)/bin
	install -m 0755 runbinder $(DESTDIR)$(PREFIX)/bin/runbinder
	install -d $(DESTDIR)$(PREFIX)/share/man/man1
	install -m 0644 gen/runbinder.1 $(DESTDIR)$(PREFIX)/share/man/man1/runbinder.1
	install -d $(DESTDIR)$(PREFIX)/share/bash-completion/completions
	install -m 0644 gen/completion.bash $(DESTDIR)$(PREFIX)/share/bash-completion/completions/runbinder

clean:
	rm -rf build runbinder

-include $(wildcard build/obj/*.d build/asan/*.d build/fuzz/obj/*.d)
