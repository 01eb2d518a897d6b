#!/usr/bin/env bash
# One command for the benchmarks: builds Samples/SparseDsl.Benchmarks, verifies data and results, runs the C++/C#
# peers of ../shared/peers (when present) and our BenchmarkDotNet suite in one run, and regenerates
# docs/performance.md. Rerunnable: every output is rewritten; the peers' build folder is kept for speed.
#   ./bench.sh                 full: peers pass 1, our suite (out-of-process BDN job), peers pass 2  (~25-30 min)
#   ./bench.sh --quick         short in-process BDN job and one peer pass (RUNS=1)                  (~8-10 min)
#   ./bench.sh --no-peers      our suite only (automatic when ../shared/peers is absent)
#   ./bench.sh --filter '*W1*' a subset of our suite (BenchmarkDotNet filter; repeatable)
#   ./bench.sh --no-doc        do not touch docs/performance.md (e.g. for a subset)
# Environment: PEERS_DIR (default ../shared/peers), SKIP_INSTALL=1 (passed to the peers' run.sh: no apt-get).
set -euo pipefail
cd "$(dirname "$0")"
root="$PWD"

command_line="./bench.sh${*:+ $*}"
mode=full peers=1 doc=1
filters=()
while [ $# -gt 0 ]; do
  case "$1" in
    --quick) mode=quick ;;
    --no-peers) peers=0 ;;
    --no-doc) doc=0 ;;
    --filter) shift; [ $# -gt 0 ] || { echo "bench: --filter needs a pattern" >&2; exit 2; }; filters+=("$1") ;;
    -h|--help) sed -n '2,11p' "$0"; exit 0 ;;
    *) echo "bench: unknown argument $1 (see --help)" >&2; exit 2 ;;
  esac
  shift
done

start=$SECONDS
stage_start=$SECONDS
loads=""
stage() {
  loads+="${loads:+, }$(cut -d' ' -f1 /proc/loadavg)"
  echo; echo "== [$(date -u +%H:%M:%S) UTC, +$((SECONDS - start)) s, load $(cut -d' ' -f1 /proc/loadavg)] $*"; stage_start=$SECONDS
}
done_stage() { echo "   ($((SECONDS - stage_start)) s)"; }
finish() {
  local rc=$?
  echo
  if [ $rc -eq 0 ]; then echo "bench: done in $((SECONDS - start)) s ($mode mode)";
  else echo "bench: FAILED (exit $rc) after $((SECONDS - start)) s ($mode mode); see the output above" >&2; fi
}
trap finish EXIT
export DOTNET_CLI_TELEMETRY_OPTOUT=1 DOTNET_NOLOGO=1

art="$root/artifacts"
proj=Samples/SparseDsl.Benchmarks
dll="$proj/bin/Release/net10.0/SparseDsl.Benchmarks.dll"
bdn_out="$art/bdn"
results="$art/results"
peers_src="${PEERS_DIR:-$root/../shared/peers}"
peers_dir="$art/peers"
if [ "$peers" = 1 ] && [ ! -x "$peers_src/run.sh" ]; then
  echo "bench: no peers at $peers_src (set PEERS_DIR); running our suite only"
  peers=0
fi
mkdir -p "$art"

stage "build $proj (Release)"
dotnet build "$proj" -c Release -nologo -v q -clp:ErrorsOnly
done_stage

stage "verify: data checksums and every kernel against its naive reference"
verify_args=()
for f in "${filters[@]+"${filters[@]}"}"; do verify_args+=("$f"); done
if ! dotnet "$dll" --verify "${verify_args[@]+"${verify_args[@]}"}" >"$art/verify.log" 2>&1; then
  grep -E 'FAILED|Exception' "$art/verify.log" >&2 || tail -n 20 "$art/verify.log" >&2
  echo "bench: verification failed (artifacts/verify.log)" >&2; exit 1
fi
grep -E '^verify: [0-9]+ passed' "$art/verify.log" | sed 's/^/   /'
done_stage

peers_fallback() {  # run.sh's steps one by one, for a CPU on which some peers do not build (they need AVX-512)
  local out=results/run1 skipped=()
  cmake -S . -B build -DCMAKE_BUILD_TYPE=Release >/dev/null
  cmake --build build -j 2 -- -k >build-fallback.log 2>&1 || true
  dotnet build csharp/Peers.csproj -c Release -nologo -v q >/dev/null
  export OPENBLAS_NUM_THREADS=1
  rm -rf "$out"; mkdir -p "$out"
  local avx512=0; grep -qw avx512f /proc/cpuinfo && avx512=1
  step() {  # name binary command...
    local name="$1" bin="$2"; shift 2
    if [ ! -x "build/$bin" ]; then skipped+=("$name"); echo "   $name: skipped (build/$bin did not build on this CPU)"; return 0; fi
    if [[ "$name" == *_skx ]] && [ $avx512 = 0 ]; then skipped+=("$name"); echo "   $name: skipped (no AVX-512)"; return 0; fi
    echo "   $name"; "$@" >"$out/$name.tsv" 2>>"$out/stderr.log"
  }
  step limits_4K limits build/limits
  step limits_2M limits build/limits --huge --bw-only
  step spmv_4K spmv build/spmv
  step spmv_2M spmv build/spmv --huge
  step nm24 nm24 build/nm24
  step nm24_skx nm24 env OPENBLAS_CORETYPE=SkylakeX build/nm24 --blas-only
  step kron kron build/kron
  step kron_skx kron env OPENBLAS_CORETYPE=SkylakeX build/kron --blas-only
  step householder householder build/householder
  step householder_skx householder env OPENBLAS_CORETYPE=SkylakeX build/householder --blas-only
  echo "   csharp"; dotnet csharp/bin/Release/net10.0/Peers.dll >"$out/csharp.tsv" 2>>"$out/stderr.log"
  if [ ! -x build/limits ]; then
    echo "   limits: the C# fallback (SparseDsl.Benchmarks --limits)"
    dotnet "$root/$dll" --limits >"$out/limits_csharp.tsv" 2>>"$out/stderr.log"
  fi
  printf 'DATA\tpeers_skipped\t%s\n' "${skipped[*]}" | tr ' ' '\t' >"$out/skipped.tsv"
}

peer_pass() {  # $1 = pass number: one RUNS=1 pass of the peers' run.sh, kept as results/run$1
  local n="$1" log="$art/peers-pass$1.log"
  stage "peers pass $n: ../shared/peers/run.sh (RUNS=1) in artifacts/peers; log $log"
  mkdir -p "$peers_dir/results"
  [ -d "$peers_dir/results/run1" ] && mv "$peers_dir/results/run1" "$peers_dir/results/.keep-run1"
  if ! (cd "$peers_dir" && RUNS=1 ./run.sh >"$log" 2>&1); then
    if grep -q 'target specific option mismatch' "$log"; then
      echo "   run.sh: some peers need AVX-512, which this CPU lacks; running the ones that build"
      (cd "$peers_dir" && peers_fallback) 2>&1 | tee -a "$log" | grep -E '^   ' || true
      [ -f "$peers_dir/results/run1/skipped.tsv" ] || { tail -n 30 "$log" >&2; echo "bench: peers pass $n failed" >&2; exit 1; }
    else
      tail -n 30 "$log" >&2; echo "bench: peers pass $n failed" >&2; exit 1
    fi
  fi
  if [ "$n" != 1 ]; then mv "$peers_dir/results/run1" "$peers_dir/results/run$n"; fi
  if [ -d "$peers_dir/results/.keep-run1" ]; then mv "$peers_dir/results/.keep-run1" "$peers_dir/results/run1"; fi
  local bad
  bad=$(cat "$peers_dir/results/run$n"/*.tsv | grep -c $'^CHECK\t.*\tFAIL$' || true)
  [ "$bad" = 0 ] || { echo "bench: $bad peer result checks FAILED in pass $n" >&2; exit 1; }
  cat "$peers_dir/results/run$n"/*.tsv | grep -E $'^(DATA|LIMIT)\t' | sed 's/^/   /' || true
  done_stage
}

if [ "$peers" = 1 ]; then
  stage "copy the peers to artifacts/peers (../shared is read-only; build/ is kept between runs)"
  mkdir -p "$peers_dir"
  rm -rf "$peers_dir/results"
  tar -C "$peers_src" --exclude=./build --exclude=./results --exclude=./csharp/bin --exclude=./csharp/obj -cf - . \
    | tar -C "$peers_dir" -xf -
  chmod -R u+w "$peers_dir"
  # artifacts/ is inside this repository: keep its Directory.Build.props / central package versions away from Peers.csproj
  echo '<Project><!-- stops MSBuild from importing the SparseDsl repository settings into the peers --></Project>' \
    >"$peers_dir/Directory.Build.props"
  printf '%s\n' '<Project><PropertyGroup><ManagePackageVersionsCentrally>false</ManagePackageVersionsCentrally></PropertyGroup></Project>' \
    >"$peers_dir/Directory.Packages.props"
  done_stage
  peer_pass 1
fi

stage "BenchmarkDotNet suite ($mode) -> artifacts/bdn"
rm -rf "$bdn_out"
bdn_args=(--artifacts "$bdn_out")
[ "$mode" = quick ] && bdn_args+=(--quick)
if [ ${#filters[@]} -gt 0 ]; then bdn_args+=(--filter "${filters[@]}"); else bdn_args+=(--filter '*'); fi
set +e
dotnet "$dll" "${bdn_args[@]}" >"$art/bdn.log" 2>&1
bdn_rc=$?
set -e
grep -E '^\| |^bench: |CHECK FAILED|DATA CHECK FAILED|Global total time' "$art/bdn.log" || true
if [ $bdn_rc -ne 0 ]; then
  grep -iE 'exception|error' "$art/bdn.log" | head -n 20 >&2 || true
  echo "bench: the BenchmarkDotNet run failed (exit $bdn_rc); full log artifacts/bdn.log" >&2
  exit 1
fi
done_stage

if [ "$peers" = 1 ] && [ "$mode" = full ]; then peer_pass 2; fi

stage "summary: RESULT lines (artifacts/results/sparsedsl.tsv) and docs/performance.md"
mkdir -p "$results"
out_md="$root/docs/performance.md"
[ "$doc" = 1 ] || out_md="$results/performance.md"
cpu=$(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2- | sed 's/^ *//' || true)
commit=$(git rev-parse --short HEAD 2>/dev/null || echo unknown)
git diff --quiet HEAD -- Generator Runtime Language Specs Samples 2>/dev/null || commit+=" (+ uncommitted changes)"
sum_args=(--bdn "$bdn_out/results" --tsv "$results/sparsedsl.tsv" --out "$out_md" --mode "$mode"
          --command "$command_line" --date "$(date -u '+%Y-%m-%d %H:%M UTC')" --commit "$commit"
          --cpu "$cpu, $(nproc) cores, $(awk '/MemTotal/ {printf "%.0f GiB", $2/1048576}' /proc/meminfo)"
          --elapsed "$((SECONDS - start)) s up to the summary" --load "$loads (at the start of each stage)")
[ "$peers" = 1 ] && sum_args+=(--peers "$peers_dir/results")
python3 "$proj/summarize.py" "${sum_args[@]}"
if [ "$peers" = 1 ]; then
  # one summary of both: our RESULT lines beside the peers' in the peers' own summarizer
  last=$(ls -d "$peers_dir"/results/run* | sort | tail -n 1)
  cp "$results/sparsedsl.tsv" "$last/sparsedsl.tsv"
  if python3 "$peers_dir/summarize.py" "$peers_dir/results" >"$peers_dir/results/summary.md" 2>"$art/peers-summary.err"; then
    echo "   peers + ours: artifacts/peers/results/summary.md"
  else  # e.g. the fallback limits have no 2 MiB-page keys, which the peers' summarizer requires
    echo "   (the peers' summarize.py could not summarise this run: $(tail -n 1 "$art/peers-summary.err"); docs/performance.md has everything)"
  fi
fi
if [ "$doc" = 1 ]; then
  mkdir -p docs/performance
  cp "$results/sparsedsl.tsv" docs/performance/sparsedsl.tsv
  cp "$bdn_out"/results/*-report-full.json docs/performance/bdn-report-full.json
  if [ "$peers" = 1 ]; then
    for d in "$peers_dir"/results/run*; do
      for f in "$d"/*.tsv; do [ "$(basename "$f")" = sparsedsl.tsv ] || cat "$f"; done >"docs/performance/peers-$(basename "$d").tsv"
    done
  fi
  echo "   wrote docs/performance.md and docs/performance/"
fi
done_stage
