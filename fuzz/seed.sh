#!/usr/bin/env bash
# Seeds the fuzzers' working corpora (fuzz/corpus/<target>, not committed: libFuzzer adds
# what it finds there) from the network files of the repository: the bundled network, the
# small test network and every one-problem file of tests/fixtures/bad. The query target's
# input is structured, so it starts from nothing. Safe to run again.
set -euo pipefail
cd "$(dirname "$0")"
for target in load roundtrip; do
    mkdir -p "corpus/$target"
    cp ../corridors.toml ../tests/fixtures/small.toml ../tests/fixtures/bad/*.toml "corpus/$target/"
done
mkdir -p corpus/query
