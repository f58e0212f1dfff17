package sitetest

import (
	"bytes"
	"fmt"
	"io"
	"net/http"
	"os"
	"path/filepath"
	"slices"
	"strconv"
	"strings"
	"testing"
	"time"

	qt "github.com/frankban/quicktest"
	"github.com/parley-news/parley/tools/internal/synth"
)

// BenchmarkServe measures `parley serve` as an editor meets it, on the
// flagship (explainers=1) and on 1000 synthetic explainers of 15 terms × 6
// sides: start-ms, from opening the project until its first explainer page
// is served; then, per round, 100 edits of the explainer's terms.yaml and
// 100 of its index.md, at an editor's pace, each timed from the write
// until the page in view shows it (p50 and p95 in ms for each kind); and
// rss-MiB, the resident memory of the process after the last edit. Serve
// runs in the benchmark's own process: run one size at a time for its RSS.
//
//	go test ./tools/sitetest -run '^$' -bench 'Serve/explainers=1000$' -benchtime 1x
func BenchmarkServe(b *testing.B) {
	for _, n := range []int{1, 1000} {
		b.Run(fmt.Sprintf("explainers=%d", n), func(b *testing.B) {
			root, slug, term := b.TempDir(), flagship, "text: A ceasefire comes before talks on a settlement"
			if n == 1 {
				copyProject(b, root)
			} else {
				root, slug, term = synthProject(b, n, synth.Shape{Terms: 15, Sides: 6}), "synth-0500", `text: "`
			}
			start := time.Now()
			base, _ := serveInProcess(b, root)
			page := base + slug + "/"
			pageShows(b, page, "<h1>")
			started := time.Since(start)

			terms := filepath.Join(root, "content", slug, "terms.yaml")
			index := filepath.Join(root, "content", slug, "index.md")
			termsSrc, err := os.ReadFile(terms)
			qt.Assert(b, err, qt.IsNil)
			indexSrc, err := os.ReadFile(index)
			qt.Assert(b, err, qt.IsNil)
			qt.Assert(b, bytes.Contains(termsSrc, []byte(term)), qt.IsTrue)
			edit := func(path string, src []byte, old, marker string) time.Duration {
				time.Sleep(50 * time.Millisecond) // an editor's pace, and no batching with the previous edit
				next := bytes.Replace(src, []byte(old), []byte(old+marker+" "), 1)
				qt.Assert(b, os.WriteFile(path, next, 0o644), qt.IsNil)
				return pageShows(b, page, marker)
			}
			var termsLat, indexLat []time.Duration
			b.ResetTimer()
			for r := range b.N {
				for i := range 100 {
					termsLat = append(termsLat, edit(terms, termsSrc, term, fmt.Sprintf("termsedit%dx%d", r, i)))
					indexLat = append(indexLat, edit(index, indexSrc, "## ", fmt.Sprintf("indexedit%dx%d", r, i)))
				}
			}
			b.StopTimer()
			for _, m := range []struct {
				name string
				d    []time.Duration
			}{{"terms", termsLat}, {"index", indexLat}} {
				slices.Sort(m.d)
				b.ReportMetric(ms(m.d[len(m.d)/2]), m.name+"-p50-ms")
				b.ReportMetric(ms(m.d[(len(m.d)*95+99)/100-1]), m.name+"-p95-ms")
			}
			b.ReportMetric(ms(started), "start-ms") // after ResetTimer, which drops metrics
			b.ReportMetric(float64(rss(b))/(1<<20), "rss-MiB")
		})
	}
}

// pageShows polls url until its body holds marker, and returns how long that took.
func pageShows(t testing.TB, url, marker string) time.Duration {
	t.Helper()
	start := time.Now()
	for time.Since(start) < 60*time.Second {
		if resp, err := http.Get(url); err == nil {
			body, _ := io.ReadAll(resp.Body)
			resp.Body.Close()
			if bytes.Contains(body, []byte(marker)) {
				return time.Since(start)
			}
		}
		time.Sleep(2 * time.Millisecond)
	}
	t.Fatalf("%s never showed %q", url, marker)
	return 0
}

// rss is the resident memory of the process, in bytes (Linux; 0 elsewhere).
func rss(t testing.TB) int64 {
	b, err := os.ReadFile("/proc/self/status")
	if err != nil {
		return 0
	}
	for _, line := range strings.Split(string(b), "\n") {
		if v, ok := strings.CutPrefix(line, "VmRSS:"); ok {
			kb, err := strconv.ParseInt(strings.TrimSuffix(strings.TrimSpace(v), " kB"), 10, 64)
			qt.Assert(t, err, qt.IsNil)
			return kb << 10
		}
	}
	return 0
}

func ms(d time.Duration) float64 { return float64(d.Microseconds()) / 1000 }
