#!/usr/bin/env bash
# Packaging test: pack SparseDsl, consume it from a local folder feed in a fresh project (throwaway NuGet
# cache, so a stale package cannot hide a packaging bug), run a generated kernel and its GPU variant (on the
# ILGPU CPU accelerator), then check that a broken spec fails the build with SPD101 at its line and column.
set -euo pipefail
root="$(cd "$(dirname "$0")/../.." && pwd)"
work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT
version="0.1.0-local$(date +%s)"

echo "== pack SparseDsl $version"
dotnet pack "$root/Runtime/SparseDsl.Runtime.csproj" -c Release -o "$work/feed" -p:Version="$version" -nologo -v q

echo "== consumer project"
mkdir -p "$work/consumer"
sed "s/@VERSION@/$version/" "$root/Tests/Packaging/Consumer/Consumer.csproj.template" > "$work/consumer/Consumer.csproj"
cp "$root/Tests/Packaging/Consumer/Program.cs" "$root/Tests/Packaging/Consumer/Kernels.sparse" "$work/consumer/"
# The local feed comes first; the machine's own sources stay (ILGPU is restored from them).
cat > "$work/consumer/nuget.config" <<XML
<?xml version="1.0" encoding="utf-8"?>
<configuration>
  <packageSources>
    <add key="sparsedsl-local" value="$work/feed" />
  </packageSources>
</configuration>
XML
export NUGET_PACKAGES="$work/packages"
# Keep the consumer out of this repository's Directory.Build.props / global.json.
cd "$work/consumer"
dotnet build -nologo -v q -o "$work/out" > "$work/build.log" 2>&1 || { cat "$work/build.log"; echo "FAIL: the consumer did not build"; exit 1; }
dotnet "$work/out/Consumer.dll" | tee "$work/run.log"
grep -q "^y = \[5, 6, 19\]" "$work/run.log" && grep -q "^gpu y = \[5, 6, 19\]" "$work/run.log" || { echo "FAIL: wrong kernel result"; exit 1; }

echo "== broken spec must fail the build with SPD101 at Kernels.sparse(5,16)"
cp "$root/Tests/Packaging/Consumer/Broken.sparse.txt" "$work/consumer/Kernels.sparse"
if dotnet build -nologo -v q -o "$work/out2" > "$work/broken.log" 2>&1; then
  cat "$work/broken.log"; echo "FAIL: a broken spec built"; exit 1
fi
grep -E "Kernels\.sparse\(5,16\): error SPD101" "$work/broken.log" || { cat "$work/broken.log"; echo "FAIL: expected SPD101 at Kernels.sparse(5,16)"; exit 1; }
echo "PASS: packaging test"
