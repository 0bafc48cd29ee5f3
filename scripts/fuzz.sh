#!/usr/bin/env bash
# make fuzz: runs each cargo-fuzz target (parse, console_input, run) for FUZZ_SECONDS
# (default 300) and prints what it did: executions, coverage, and the crashes it found
# (each one must become a test).
# Needs the nightly toolchain (installed on these machines) and cargo-fuzz (installed here
# when missing). Seeds come from the transcripts' command lines.
set -euo pipefail
cd "$(dirname "$0")/.."

seconds=${FUZZ_SECONDS:-300}
toolchains=$(rustup toolchain list)
grep -q '^nightly' <<<"$toolchains" \
  || { echo "fuzz: needs the nightly toolchain: rustup toolchain install nightly" >&2; exit 1; }
if ! cargo +nightly fuzz --version >/dev/null 2>&1; then
  echo "fuzz: installing cargo-fuzz" >&2
  cargo install cargo-fuzz --locked
fi

# Seeds: every command line of the transcripts. console_input's first byte is its cursor;
# run's first byte is its mode (0x00: the text as 5.1 reads it, 0x80: as 7 does; an odd
# byte makes the rest generator choices, and a few such seeds start the generator off).
for target in console_input parse run; do
  dir=fuzz/corpus/$target
  if [ ! -d "$dir" ] || [ -z "$(ls -A "$dir")" ]; then
    mkdir -p "$dir"
    grep -rh '^PS [^>]*> ' tests/transcripts | sed 's/^PS [^>]*> //' | sort -u |
      while IFS= read -r line; do
        name=$(printf '%s' "$line" | md5sum | cut -c1-16)
        case $target in
          console_input) printf '\x05%s' "$line" ;;
          run) printf '\x00%s' "$line" ;;
          *) printf '%s' "$line" ;;
        esac > "$dir/$name"
      done
    if [ "$target" = run ]; then
      # The edition 7 transcripts' lines, read as 7.
      grep -rh '^PS [^>]*> ' tests/transcripts/seven tests/transcripts/paired | sed 's/^PS [^>]*> //' |
        sort -u | while IFS= read -r line; do
          printf '\x80%s' "$line" > "$dir/7_$(printf '%s' "$line" | md5sum | cut -c1-16)"
        done
      for i in $(seq 1 64); do head -c 64 /dev/urandom | { printf '\x01'; cat; } > "$dir/gen$i"; done
      for i in $(seq 1 32); do head -c 64 /dev/urandom | { printf '\x81'; cat; } > "$dir/gen7_$i"; done
    fi
  fi
done

status=0
for target in parse console_input run; do
  mkdir -p "fuzz/artifacts/$target"
  before=$(find "fuzz/artifacts/$target" -type f | wc -l)
  log=$(mktemp)
  # Reference cycles still held when the fuzzer exits are not an input's crash: without
  # ASAN_OPTIONS the exit-time leak check reports them (and writes an empty input as the
  # "crash"), whatever -detect_leaks says about each input.
  ( cd fuzz && ASAN_OPTIONS=detect_leaks=0 cargo +nightly fuzz run "$target" -- \
      -max_total_time="$seconds" -timeout=30 -detect_leaks=0 -print_final_stats=1 ) >"$log" 2>&1 \
    || status=1
  after=$(find "fuzz/artifacts/$target" -type f | wc -l)
  runs=$(grep -o 'stat::number_of_executed_units: *[0-9]*' "$log" | grep -o '[0-9]*$' | tail -1)
  cov=$(grep -o 'cov: [0-9]*' "$log" | tail -1)
  echo "fuzz $target: ${seconds} s, ${runs:-?} executions, ${cov:-cov: ?}, $((after - before)) new crash files"
  if [ "$after" -gt "$before" ]; then
    find "fuzz/artifacts/$target" -type f -newer "$log" -print | sed 's/^/  crash: /'
    tail -30 "$log"
  fi
  rm -f "$log"
done
exit $status
