# `make` builds the release binary (.build/release/guild); `make install` copies it to
# $(PREFIX)/bin (default /usr/local/bin). The binary is the whole install: the Swift runtime and
# the Python package ops run through are inside it.
PREFIX ?= /usr/local

.PHONY: build install test protos
build:
	swift build -c release

install: build
	install -d "$(DESTDIR)$(PREFIX)/bin"
	install -m 755 .build/release/guild "$(DESTDIR)$(PREFIX)/bin/guild"

test:
	swift test

# The TensorBoard event messages, generated from their schema (needs protoc and swift-protobuf's
# protoc-gen-swift 1.39.0: `swift build -c release --product protoc-gen-swift` in its checkout).
PROTO_DIR = Sources/GuildKit/Scalars/Proto
protos:
	protoc --proto_path=$(PROTO_DIR) --swift_out=$(PROTO_DIR) --swift_opt=FileNaming=DropPath \
		$(PROTO_DIR)/tensorboard_event.proto
