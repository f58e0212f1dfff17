package main

import (
	"bytes"
	"fmt"
	"io"
	"net/http"
	"os"
	"path/filepath"
	"slices"
	"testing"
	"time"
)

// BenchmarkServeLatency measures save-to-updated-page latency of `parley
// serve`: per round, 20 edits of terms.yaml and 20 of index.md in the
// flagship explainer, each timed from the write until the served page shows
// the edit. It reports p50 and p95 in ms for each kind. Run it with
//
//	go test ./tools/parley -run '^$' -bench ServeLatency -benchtime 1x
func BenchmarkServeLatency(b *testing.B) {
	dir := b.TempDir()
	copyProject(b, dir)
	base, logs := startServe(b, dir)
	page := base + "ukraine-peace-talks/"
	waitFor := func(marker string) time.Duration {
		start := time.Now()
		for time.Since(start) < 20*time.Second {
			if resp, err := http.Get(page); err == nil {
				body, _ := io.ReadAll(resp.Body)
				resp.Body.Close()
				if bytes.Contains(body, []byte(marker)) {
					return time.Since(start)
				}
			}
			time.Sleep(2 * time.Millisecond)
		}
		b.Fatalf("the page never showed %q; server log:\n%s", marker, logs())
		return 0
	}
	waitFor("<h1>")

	terms := filepath.Join(dir, "content", "ukraine-peace-talks", "terms.yaml")
	index := filepath.Join(dir, "content", "ukraine-peace-talks", "index.md")
	termsSrc, _ := os.ReadFile(terms)
	indexSrc, _ := os.ReadFile(index)
	const oldText = "text: A ceasefire comes before talks on a settlement"
	if !bytes.Contains(termsSrc, []byte(oldText)) {
		b.Fatalf("terms.yaml lacks %q", oldText)
	}
	edit := func(path string, src []byte, old, marker string) time.Duration {
		time.Sleep(50 * time.Millisecond) // an editor's pace, and no batching with the previous edit
		next := bytes.Replace(src, []byte(old), []byte(old+" "+marker), 1)
		if err := os.WriteFile(path, next, 0o644); err != nil {
			b.Fatal(err)
		}
		return waitFor(marker)
	}
	var termsLat, indexLat []time.Duration
	b.ResetTimer()
	for n := range b.N {
		for i := range 20 {
			termsLat = append(termsLat, edit(terms, termsSrc, oldText, fmt.Sprintf("termsedit%dx%d", n, i)))
			indexLat = append(indexLat, edit(index, indexSrc, "## ", fmt.Sprintf("indexedit%dx%d", n, i)))
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
}

func ms(d time.Duration) float64 { return float64(d.Microseconds()) / 1000 }
