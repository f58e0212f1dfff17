#!/usr/bin/env bash
# Peak memory and time of a full `parley build` of N synthetic explainers
# (default 1000, of 15 terms x 6 sides), with the built binary:
#
#   tools/perf/peak-rss.sh [N]
#
# It builds the binary, writes the project with tools/synth (the shipped
# layouts, assets and hugo.toml, no explainer exempt from the page budgets),
# builds it twice (the second build replaces the first's public/), and prints
# each build's maximum resident set size and elapsed time as GNU time
# measures them. Run it from anywhere in the repository; it needs
# /usr/bin/time (Debian package "time").
set -euo pipefail
n=${1:-1000}
repo=$(cd "$(dirname "$0")/../.." && pwd)
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT

cd "$repo"
go build -o "$work/parley" ./tools/parley
go run ./tools/synth -n "$n" -out "$work/site" -project "$repo" >/dev/null
sed -i 's/^exempt = .*/exempt = []/' "$work/site/hugo.toml"

for run in 1 2; do
	/usr/bin/time -v "$work/parley" -s "$work/site" build >"$work/out" 2>"$work/time" || {
		cat "$work/out" "$work/time" >&2
		exit 1
	}
	rss=$(awk -F': ' '/Maximum resident set size/ {print $2}' "$work/time")
	elapsed=$(awk -F': ' '/Elapsed \(wall clock\) time/ {print $2}' "$work/time")
	cpu=$(awk -F': ' '/User time/ {u=$2} /System time/ {s=$2} END {printf "%.2f", u+s}' "$work/time")
	printf 'build %d of %d explainers: peak RSS %d MiB, elapsed %s, CPU %s s\n' "$run" "$n" "$((rss / 1024))" "$elapsed" "$cpu"
	sed 's/^/  /' "$work/out"
done
