# The two commands of the README: `make run` and `make test`. Both install what is missing
# first (scripts/bootstrap), configure once and build incrementally with Ninja + ccache.
BUILD      ?= build
BUILD_TYPE ?= RelWithDebInfo
JOBS       ?= $(shell nproc)
DATA       ?= data
LISTEN     ?= 127.0.0.1:8080

.PHONY: all bootstrap configure build web run test test-asan bench clean

all: build

bootstrap:
	@bash scripts/bootstrap

$(BUILD)/build.ninja:
	cmake -S . -B $(BUILD) -G Ninja -DCMAKE_BUILD_TYPE=$(BUILD_TYPE)

configure: bootstrap $(BUILD)/build.ninja

build: configure
	cmake --build $(BUILD) -j $(JOBS)
	@bash scripts/build-web

# The web app alone (web/dist, served by `sixia serve`); rebuilt only when its sources changed.
web: bootstrap
	@bash scripts/build-web

# Creates ./data on first use (national divisions + 霞浦县 demo), then serves.
run: build
	@bash scripts/run-demo "$(BUILD)/sixia" "$(DATA)" "$(LISTEN)"

# Unit tests (SQLite + a throw-away PostgreSQL 15) and black-box tests of the real binary.
test: build
	cd $(BUILD) && ctest --output-on-failure --timeout 900

# Benchmarks against the machine's own limits; PostgreSQL 15 (durable) is started for the intake run.
bench: build
	@SIXIA_PG_DURABLE=1 bash tests/with_postgres.sh bash bench/run.sh "$(BUILD)"

clean:
	rm -rf $(BUILD)
