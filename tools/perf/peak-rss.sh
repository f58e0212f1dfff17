#!/usr/bin/env bash
# Peak memory and time of a full `parley build` of N synthetic explainers
# (default 1000, of 15 terms x 6 sides), with the built binary:
#
#   tools/perf/peak-rss.sh [N]
#
# It builds the binary, writes the project with tools/synth (the shipped
# layouts, assets and hugo.toml, no explainer exempt from the page budgets),
# builds it three times (the first from nothing, as on a fresh clone; the
# second replaces the first's public/ with a new tree; the third builds into
# the tree the second replaced, as an editor's next build does), and prints
# each build's maximum resident set size, elapsed time and CPU time (user
# and kernel) as GNU time measures them. Each build starts once the disk has
# written out what came before it (sync): on our machines a build sharing
# the disk with earlier writes takes up to half as long again. Run it from
# anywhere in the repository; it needs /usr/bin/time (Debian package
# "time").
set -euo pipefail
n=${1:-1000}
repo=$(cd "$(dirname "$0")/../.." && pwd)
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT

cd "$repo"
go build -o "$work/parley" ./tools/parley
go run ./tools/synth -n "$n" -out "$work/site" -project "$repo" >/dev/null
sed -i 's/^exempt = .*/exempt = []/' "$work/site/hugo.toml"

for run in 1 2 3; do
	sync
	/usr/bin/time -v "$work/parley" -s "$work/site" build >"$work/out" 2>"$work/time" || {
		cat "$work/out" "$work/time" >&2
		exit 1
	}
	rss=$(awk -F': ' '/Maximum resident set size/ {print $2}' "$work/time")
	elapsed=$(awk -F': ' '/Elapsed \(wall clock\) time/ {print $2}' "$work/time")
	cpu=$(awk -F': ' '/User time/ {u=$2} /System time/ {s=$2} END {printf "%.2f s (user %.2f, kernel %.2f)", u+s, u, s}' "$work/time")
	printf 'build %d of %d explainers: peak RSS %d MiB, elapsed %s, CPU %s\n' "$run" "$n" "$((rss / 1024))" "$elapsed" "$cpu"
	sed 's/^/  /' "$work/out"
done
