# The two commands README.md gives. Each installs what it needs first (scripts/setup.sh).
PORT ?= 8080
WASM_TARGET := wasm32-unknown-unknown

.PHONY: test serve build-web bench check-wasm

test:
	scripts/setup.sh test
	cargo fmt --all -- --check
	cargo clippy --all-targets -- -D warnings
	cargo clippy --lib --target $(WASM_TARGET) -- -D warnings
	cargo build --lib --target $(WASM_TARGET)
	cargo test

build-web:
	scripts/setup.sh web
	wasm-pack build --target web --out-dir www/pkg --release --no-pack

serve: build-web
	python3 scripts/serve.py $(PORT)

# Figures, not pass/fail: see README.md "Benchmarks".
bench:
	cargo bench --bench pipeline --bench jobs --bench world
