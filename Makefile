# Two entry points, as the README says: `make run` and `make test`.
APT_PACKAGES := libopenblas-dev liblapacke-dev libcurl4-openssl-dev zlib1g-dev liberfa-dev gnuplot-nox
# Only `mpirun gnn train` (data-parallel) needs Open MPI, opened at run time: as root it is
# installed too; without it everything builds, tests and runs (README, "Beyond one machine").
OPTIONAL_APT_PACKAGES := libopenmpi-dev openmpi-bin

.PHONY: deps run test build release fuzz install uninstall man-pages install-check format lint

# Install the Debian packages Gravitas links against; as non-root, print the command instead.
deps:
	@missing=""; for p in $(APT_PACKAGES); do dpkg -s $$p >/dev/null 2>&1 || missing="$$missing $$p"; done; \
	optional=""; for p in $(OPTIONAL_APT_PACKAGES); do dpkg -s $$p >/dev/null 2>&1 || optional="$$optional $$p"; done; \
	if [ -z "$$missing$$optional" ]; then exit 0; fi; \
	if [ "$$(id -u)" = 0 ]; then \
	  apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq $$missing $$optional; \
	elif [ -n "$$missing" ]; then \
	  echo "Gravitas needs:$$missing"; echo "Run: sudo apt-get install -y$$missing$$optional"; exit 1; \
	else \
	  echo "Open MPI is not installed (only mpirun gnn train needs it): sudo apt-get install -y$$optional"; \
	fi

release: deps
	swift build -c release

build: deps
	swift build

run: release
	./scripts/main-job

test: deps
	swift build --build-tests
	swift test --skip-build --disable-swift-testing

# One formatting for the tree (.swift-format, with `swift format` from the toolchain): `make format`
# rewrites in place; `make lint` fails on any difference or rule warning (CI runs it).
FORMATTED = Package.swift Plugins Sources Tests
format:
	swift format format --in-place --recursive --parallel $(FORMATTED)

lint:
	swift format lint --strict --recursive --parallel $(FORMATTED)

# Mutation fuzzing of every reader (README, "Untrusted input"): FUZZ_INPUTS inputs a reader from
# FUZZ_SEED, each reader in a watched child process; non-zero exit on a crash, a hang or an
# accepted invalid value. CI runs the default; a longer campaign: make fuzz FUZZ_INPUTS=1000000 FUZZ_SEED=2
FUZZ_INPUTS ?= 10000
FUZZ_SEED ?= 1
fuzz: deps
	swift build -c release --product gravitas-fuzz
	.build/release/gravitas-fuzz all --inputs $(FUZZ_INPUTS) --seed $(FUZZ_SEED) --findings fuzz-findings

# `make install PREFIX=DIR` (default ~/.local): the commands into PREFIX/bin, the shipped data into
# PREFIX/share/gravitas (where they look for it: ../share/gravitas beside their binary), shell
# completions and man pages where bash-completion, zsh, fish and man look under PREFIX. Nothing
# is written outside PREFIX and .build/. `bench` (peer benchmarks that need ../shared) and
# `gravitas-fuzz` stay developer tools in .build/release.
PREFIX ?= $(HOME)/.local
INSTALLED_COMMANDS := cosmo orbits gnn gravitas-selftest
COMPLETED_COMMANDS := cosmo orbits gnn
SHIPPED_DATA := Pantheon+SH0ES.dat de421_1980_2030.bsp gm.csv README.md
MAN_DIR := .build/man

# swift-argument-parser's generate-manual on the release binaries, into .build/man (the script
# says why it wraps them).
man-pages: release
	scripts/man-pages.sh $(COMPLETED_COMMANDS)

install: release man-pages
	@set -e; p="$(PREFIX)"; case "$$p" in /*) ;; *) echo "PREFIX must be an absolute path, got '$$p'" >&2; exit 2 ;; esac; \
	install -d "$$p/bin" "$$p/share/gravitas" "$$p/share/man/man1" "$$p/share/bash-completion/completions" \
	  "$$p/share/zsh/site-functions" "$$p/share/fish/vendor_completions.d"; \
	for c in $(INSTALLED_COMMANDS); do install -m 755 .build/release/$$c "$$p/bin/$$c"; done; \
	for f in $(SHIPPED_DATA); do install -m 644 "Data/$$f" "$$p/share/gravitas/$$f"; done; \
	for c in $(COMPLETED_COMMANDS); do \
	  .build/release/$$c --generate-completion-script bash > "$$p/share/bash-completion/completions/$$c"; \
	  .build/release/$$c --generate-completion-script zsh > "$$p/share/zsh/site-functions/_$$c"; \
	  .build/release/$$c --generate-completion-script fish > "$$p/share/fish/vendor_completions.d/$$c.fish"; \
	  install -m 644 $(MAN_DIR)/$$c.1 "$$p/share/man/man1/$$c.1"; \
	done; \
	echo "installed $(INSTALLED_COMMANDS) into $$p/bin, data into $$p/share/gravitas"; \
	case ":$$PATH:" in *":$$p/bin:"*) ;; *) echo "add $$p/bin to PATH (e.g. export PATH=\"$$p/bin:\$$PATH\")" ;; esac

# Removes exactly what `make install` put there (and a covariance `cosmo data fetch` added to
# PREFIX/share/gravitas), then the folders if they are left empty.
uninstall:
	@set -e; p="$(PREFIX)"; \
	for c in $(INSTALLED_COMMANDS); do rm -f "$$p/bin/$$c"; done; \
	for f in $(SHIPPED_DATA) Pantheon+SH0ES_STAT+SYS.cov Pantheon+SH0ES_STAT+SYS.cov.gz; do rm -f "$$p/share/gravitas/$$f"; done; \
	for c in $(COMPLETED_COMMANDS); do \
	  rm -f "$$p/share/bash-completion/completions/$$c" "$$p/share/zsh/site-functions/_$$c" \
	    "$$p/share/fish/vendor_completions.d/$$c.fish" "$$p/share/man/man1/$$c.1"; \
	done; \
	for d in share/gravitas share/man/man1 share/man share/bash-completion/completions share/bash-completion \
	  share/zsh/site-functions share/zsh share/fish/vendor_completions.d share/fish share bin; do \
	  rmdir "$$p/$$d" 2>/dev/null || true; \
	done; \
	echo "removed Gravitas from $$p"

# Installs into a temporary PREFIX and runs the commands from a temporary folder outside the
# repository, checking that they find their data and write nothing outside the folders named.
install-check: release
	scripts/install-check.sh
