#!/usr/bin/env bash
# Analyzer cost: writes a throw-away project with N kernel methods (default 200: [Einsum] of every shape class,
# [TensorProgram] attention and MLP programs, [GauntProduct]s), builds it once with the repository's generator and
# analyzers and -p:ReportAnalyzer=true, and prints the compiler's per-analyzer and per-generator times.
#   benchmarks/AnalyzerCost/run.sh [N] [work-folder]
# The numbers are the compiler's own (wall time inside each analyzer/generator, summed over threads). See
# docs/performance.md, "Analyzer cost".
set -euo pipefail
repo="$(cd "$(dirname "$0")/../.." && pwd)"
n="${1:-200}"
work="${2:-${TMPDIR:-/tmp}/tensordsl-analyzer-cost}"
rm -rf "$work"; mkdir -p "$work"

cat > "$work/AnalyzerCost.csproj" <<PROJ
<Project Sdk="Microsoft.NET.Sdk">
  <PropertyGroup>
    <TargetFramework>net10.0</TargetFramework>
    <OutputType>Library</OutputType>
    <Nullable>enable</Nullable>
    <NoWarn>\$(NoWarn);CS1591</NoWarn>
  </PropertyGroup>
  <ItemGroup>
    <ProjectReference Include="$repo/src/TensorDsl/TensorDsl.csproj" />
    <ProjectReference Include="$repo/generators/TensorDsl.Generators/TensorDsl.Generators.csproj" OutputItemType="Analyzer" ReferenceOutputAssembly="false" />
    <ProjectReference Include="$repo/analyzers/TensorDsl.Analyzers/TensorDsl.Analyzers.csproj" OutputItemType="Analyzer" ReferenceOutputAssembly="false" />
    <ProjectReference Include="$repo/src/TensorDsl.Language/TensorDsl.Language.csproj" OutputItemType="Analyzer" ReferenceOutputAssembly="false" />
  </ItemGroup>
</Project>
PROJ

# Ten einsum shapes (GEMM, batched GEMM, chains, diagonals, traces, outer products, broadcasting), cycled.
specs=("ij,jk->ik" "bij,bjk->bik" "ij,jk,kl->il" "ii->i" "ij->" "i,j->ij" "...ij,...jk->...ik" "bhqd,bhkd->bhqk" "ijk,jl->ikl" "ab,ac,ad,bc,cd->bd")
{
  echo "using System.Numerics.Tensors;"
  echo "using TensorDsl;"
  echo "namespace AnalyzerCost"
  echo "{"
  echo "    public static partial class Kernels"
  echo "    {"
  for ((m = 0; m < n; m++)); do
    case $((m % 10)) in
      0|1|2|3|4|5|6)
        # Index letters rotated per method, so that no two kernels share a spec string (no cache can help).
        shift=$((m % 13)); from="abcdefghijklmnopqrstuvwxyz"; to="${from:$shift}${from:0:$shift}"
        spec="$(tr "$from" "$to" <<< "${specs[$((m % ${#specs[@]}))]}")"
        inputs="${spec%%->*}"; count=$(( $(tr -cd ',' <<< "$inputs" | wc -c) + 1 ))
        params=""; for ((p = 0; p < count; p++)); do params+="ReadOnlyTensorSpan<float> x$p, "; done
        echo "        [Einsum(\"$spec\")]"
        echo "        public static partial void E$m(${params}TensorSpan<float> y);" ;;
      7|8)
        echo "        [TensorProgram(\"\"\""
        echo "            s[i,j] = scale * $m * sum[d](q[i,d] * k[j,d])"
        echo "            o[i,c] = sum[j](softmax[j](s[i,j]) * v[j,c])"
        echo "            \"\"\")]"
        echo "        public static partial void P$m(ReadOnlyTensorSpan<float> q, ReadOnlyTensorSpan<float> k, ReadOnlyTensorSpan<float> v, float scale, TensorSpan<float> o);" ;;
      9)
        echo "        [GauntProduct($((m % 3 + 1)), 2, $((m % 3 + 2)))]"
        echo "        public static partial void G$m(ReadOnlyTensorSpan<double> x, ReadOnlyTensorSpan<double> y, TensorSpan<double> z);" ;;
    esac
  done
  echo "    }"
  echo "}"
} > "$work/Kernels.cs"

cd "$work"
dotnet build -c Release -nologo -v:q > /dev/null  # restore and build the repository's projects first
# Rebuild only this project (its references are up to date) with the analyzer report; detailed verbosity prints it.
#  * csc: a fresh compiler process (UseSharedCompilation=false, as this repository's build environment sets it) loads
#    and JIT-compiles the analyzers and TensorDsl.Language on every build;
#  * server-1, server-2: through the shared compiler server, twice; the second is what every later build pays.
report() {
  dotnet build -c Release -nologo --no-dependencies --no-incremental -p:ReportAnalyzer=true -p:UseSharedCompilation="$2" -v:d > "build-$1.log"
  echo "== $1: dotnet build -p:ReportAnalyzer=true -p:UseSharedCompilation=$2 ($(grep -c 'partial void' Kernels.cs) kernel methods; seconds)"
  grep -E "Total (analyzer|generator) execution time|[0-9] +TensorDsl\.(Analyzers|Generators)" "build-$1.log" \
    | sed -E 's/^ +//; s/, Version=[^ ]*, Culture=[^ ]*, PublicKeyToken=[^ ]*//; s/ \(TDSL[^)]*\)//'
}
report csc false
report server-1 true
report server-2 true

# The steady state (IDE, warm build server): the same analyzers over the same file, many compilations in one process.
echo "== in process, ${ROUNDS:-20} compilations (AnalyzerTiming)"
dotnet run -c Release --project "$repo/benchmarks/AnalyzerCost/AnalyzerTiming" -- "$work/Kernels.cs" "${ROUNDS:-20}" | tail -4
