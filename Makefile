# `make` builds the release binary (.build/release/guild); `make install` copies it to
# $(PREFIX)/bin (default /usr/local/bin). The binary is the whole install: the Swift runtime and
# the Python package ops run through are inside it.
PREFIX ?= /usr/local

.PHONY: build install test
build:
	swift build -c release

install: build
	install -d "$(DESTDIR)$(PREFIX)/bin"
	install -m 755 .build/release/guild "$(DESTDIR)$(PREFIX)/bin/guild"

test:
	swift test
