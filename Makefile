# Two entry points, as the README says: `make run` and `make test`.
APT_PACKAGES := libopenblas-dev liblapacke-dev libcurl4-openssl-dev zlib1g-dev liberfa-dev gnuplot-nox libopenmpi-dev openmpi-bin

.PHONY: deps run test build release fuzz

# Install the Debian packages Gravitas links against; as non-root, print the command instead.
deps:
	@missing=""; for p in $(APT_PACKAGES); do dpkg -s $$p >/dev/null 2>&1 || missing="$$missing $$p"; done; \
	if [ -z "$$missing" ]; then exit 0; fi; \
	if [ "$$(id -u)" = 0 ]; then \
	  apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq $$missing; \
	else \
	  echo "Gravitas needs:$$missing"; echo "Run: sudo apt-get install -y$$missing"; exit 1; \
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

# Mutation fuzzing of every reader (README, "Untrusted input"): FUZZ_INPUTS inputs a reader from
# FUZZ_SEED, each reader in a watched child process; non-zero exit on a crash, a hang or an
# accepted invalid value. CI runs the default; a longer campaign: make fuzz FUZZ_INPUTS=1000000 FUZZ_SEED=2
FUZZ_INPUTS ?= 10000
FUZZ_SEED ?= 1
fuzz: deps
	swift build -c release --product gravitas-fuzz
	.build/release/gravitas-fuzz all --inputs $(FUZZ_INPUTS) --seed $(FUZZ_SEED) --findings fuzz-findings
