# The two commands README.md gives. Each installs what it needs first (scripts/setup.sh).
PORT ?= 8080
WASM_TARGET := wasm32-unknown-unknown

.PHONY: test serve build-web dist bench bench-web fuzz

test:
	scripts/setup.sh test
	cargo fmt --all -- --check
	cargo clippy --all-targets -- -D warnings
	cargo clippy --lib --target $(WASM_TARGET) -- -D warnings
	cargo test
	scripts/build-web.sh
	scripts/dist.sh
	# The timeout also bounds each test file as a whole (node runs a file as one test):
	# the playground's twenty tests take about a minute on a busy 2-core machine.
	node --test --test-timeout=300000 tests/web/

build-web:
	scripts/setup.sh web
	scripts/build-web.sh

serve: build-web
	python3 scripts/serve.py $(PORT)

# What a documentation site hosts: the element, its modules and the wasm package.
dist: build-web
	scripts/dist.sh

# Figures, not pass/fail: see README.md "Benchmarks".
bench:
	cargo bench --bench pipeline --bench jobs --bench world
	cargo build --release --bin psjobs
	scripts/bench-limits.sh

bench-web:
	scripts/setup.sh test
	cargo build --release --bin psjobs
	scripts/build-web.sh
	node tests/web/bench.mjs

# The fuzzers, each for FUZZ_SECONDS (300 by default): executions, coverage, crashes found.
fuzz:
	scripts/fuzz.sh
