#!/usr/bin/env bash
# Coverage-guided fuzzing of the protocol codecs with afl-fuzz and SharpFuzz (docs/fuzzing.md).
#
#   fuzz/run.sh [minutes] [targets...]     default: 10 minutes each, every target, one after the other
#
# Installs nothing but the local dotnet tools (`dotnet tool restore`); afl-fuzz comes from the system
# (`apt-get install afl++` on Debian). Publishes fuzz/Roadrunner.Fuzz, instruments the Roadrunner.* protocol
# assemblies with sharpfuzz, runs afl-fuzz per target under `nice -n 19`, copies every crash and hang into
# fuzz/regressions/<target>/ and prints a summary per target from afl's fuzzer_stats.
#
# Environment: AFL_TIMEOUT_MS (default 10000: the first execution includes .NET start-up and JIT),
#              FUZZ_OUT (default fuzz/out: published build and afl's output folders, ignored by git).
set -euo pipefail

cd "$(dirname "$0")/.."
root=$(pwd)
minutes=${1:-10}
if [[ $# -gt 0 ]]; then shift; fi
out=${FUZZ_OUT:-$root/fuzz/out}
publish=$out/publish
timeout_ms=${AFL_TIMEOUT_MS:-10000}

if ! [[ $minutes =~ ^[0-9]+$ ]] || [[ $minutes -eq 0 ]]; then
    echo "usage: fuzz/run.sh [minutes] [targets...]" >&2
    exit 2
fi

if ! command -v afl-fuzz > /dev/null; then
    echo "afl-fuzz is not on PATH; on Debian or Ubuntu: sudo apt-get install afl++" >&2
    exit 1
fi

dotnet tool restore > /dev/null

# A fresh publish each time: sharpfuzz refuses an assembly it has already instrumented.
rm -rf "$publish"
dotnet publish fuzz/Roadrunner.Fuzz -c Release -o "$publish" -nologo -v q
for dll in "$publish"/Roadrunner.*.dll; do
    [[ $(basename "$dll") == Roadrunner.Fuzz.dll ]] && continue
    dotnet sharpfuzz "$dll" > /dev/null
done

if [[ $# -eq 0 ]]; then
    mapfile -t targets < <("$publish/Roadrunner.Fuzz" --list | awk '{print $1}')
else
    targets=("$@")
fi

stat() { awk -F' *: *' -v key="$1" '$1 == key { print $2 }' "$2" 2> /dev/null; }

summary=()
for target in "${targets[@]}"; do
    if [[ ! -d fuzz/corpus/$target ]]; then
        echo "no seed corpus fuzz/corpus/$target (targets: $("$publish/Roadrunner.Fuzz" --list | awk '{print $1}' | tr '\n' ' '))" >&2
        exit 2
    fi
    findings=$out/findings/$target
    rm -rf "$findings"
    mkdir -p "$findings"
    echo "== $target: $minutes min, findings in $findings"

    # AFL_SKIP_BIN_CHECK: the instrumentation lives in the managed assemblies, not in the native host afl sees.
    AFL_SKIP_BIN_CHECK=1 AFL_SKIP_CPUFREQ=1 AFL_I_DONT_CARE_ABOUT_MISSING_CRASHES=1 AFL_NO_UI=1 AFL_NO_AFFINITY=1 \
        nice -n 19 afl-fuzz -i "fuzz/corpus/$target" -o "$findings" -t "$timeout_ms" -m none -V $((minutes * 60)) \
        -- "$publish/Roadrunner.Fuzz" "$target" > "$findings/afl.log" 2>&1 || {
            echo "afl-fuzz failed for $target; the end of $findings/afl.log:" >&2
            tail -n 30 "$findings/afl.log" >&2
            exit 1
        }

    stats=$findings/default/fuzzer_stats
    saved=0
    for kind in crashes hangs; do
        for file in "$findings"/default/$kind/id:*; do
            [[ -e $file ]] || continue
            mkdir -p "fuzz/regressions/$target"
            prefix=crash
            [[ $kind == hangs ]] && prefix=hang
            name=$prefix-$(sha1sum "$file" | cut -c1-12)
            cp "$file" "fuzz/regressions/$target/$name"
            echo "   $kind: fuzz/regressions/$target/$name"
            saved=$((saved + 1))
        done
    done
    if [[ $saved -gt 0 ]]; then
        echo "   To reproduce: $publish/Roadrunner.Fuzz $target --replay fuzz/regressions/$target"
        echo "   The files stay in fuzz/regressions/$target/: CorpusReplayTests replays them in every test run, so once"
        echo "   minimised (afl-tmin) and fixed they are the regression test; add a named test for the rule if it has one."
    fi
    summary+=("$(printf '%-14s %6s %12s %8s %8s %8s %8s' "$target" "$minutes" "$(stat execs_done "$stats")" \
        "$(stat corpus_count "$stats")" "$(stat edges_found "$stats")" "$(stat saved_crashes "$stats")" "$(stat saved_hangs "$stats")")")
done

echo
printf '%-14s %6s %12s %8s %8s %8s %8s\n' target min execs_done corpus edges crashes hangs
printf '%s\n' "${summary[@]}"
