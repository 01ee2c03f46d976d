# Beacon — the two commands a newcomer needs: `make demo` and `make test`.
# Both install the system libraries that are missing (Debian/Ubuntu apt) and build.

APT_PACKAGES := libgeos-dev libproj-dev libspatialite-dev libreadosm-dev libsqlite3-dev spatialite-bin proj-bin pkg-config
PKG_MODULES  := geos proj spatialite readosm sqlite3
SWIFT        ?= swift
STORE        ?= shanghai.beacon.sqlite
OVERLAY      := MapData/shanghai-exercise-overlay
SUDO         := $(shell [ "$$(id -u)" = 0 ] || echo sudo)

.PHONY: deps chromium build overlay demo test bench clean

## deps: install the C libraries Beacon binds (GEOS, PROJ, SpatiaLite, readosm, SQLite) if any is missing.
deps:
	@if ! pkg-config --exists $(PKG_MODULES) 2>/dev/null || ! command -v spatialite >/dev/null; then \
	  echo "installing: $(APT_PACKAGES)"; \
	  $(SUDO) apt-get update -qq && DEBIAN_FRONTEND=noninteractive $(SUDO) apt-get install -y -qq $(APT_PACKAGES) >/dev/null; \
	fi
	@pkg-config --exists $(PKG_MODULES) || { echo "missing system libraries: $(PKG_MODULES)"; exit 1; }

## build: the beacon command line and the overlay tool, release mode.
build: deps
	$(SWIFT) build -c release --product beacon
	$(SWIFT) build -c release --product beacon-overlay

## overlay: (re)generate the default city's exercise overlay and check it against the committed checksums.
overlay: build
	$$($(SWIFT) build -c release --show-bin-path)/beacon-overlay --out $(OVERLAY)
	cd $(OVERLAY) && sha256sum --quiet -c MANIFEST.sha256

## overlay-manifest: after changing Tools/overlay on purpose, record the new checksums (and commit them).
overlay-manifest: build
	$$($(SWIFT) build -c release --show-bin-path)/beacon-overlay --out $(OVERLAY)
	cd $(OVERLAY) && sha256sum *.geojson stock.csv > MANIFEST.sha256

## demo: build the default city (central Shanghai + exercise overlay) and answer a duty officer's first questions.
demo: overlay
	@STORE=$(STORE) BEACON=$$($(SWIFT) build -c release --show-bin-path)/beacon Tools/demo.sh

## chromium: headless Chromium (and CJK fonts) for the dashboard's browser test, installed with apt when missing.
chromium:
	@command -v chromium >/dev/null || command -v chromium-browser >/dev/null || command -v google-chrome >/dev/null || { \
	  echo "installing: chromium fonts-noto-cjk"; \
	  $(SUDO) apt-get update -qq && DEBIAN_FRONTEND=noninteractive $(SUDO) apt-get install -y -qq chromium fonts-noto-cjk >/dev/null \
	  || echo "chromium could not be installed: the dashboard browser test will skip"; }

## test: every test target (real data from ../shared/data when present; those tests skip without it).
test: deps chromium
	$(SWIFT) build --build-tests
	$(SWIFT) test --skip-build --parallel

## bench: benchmarks side by side with their peers (SpatiaLite SQL, shapely …), printing ratios.
bench: deps
	Tools/bench/run.sh

clean:
	rm -rf .build $(STORE) $(STORE)-wal $(STORE)-shm
