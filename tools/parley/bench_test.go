package main

import (
	"fmt"
	"os"
	"path/filepath"
	"regexp"
	"testing"
	"time"

	qt "github.com/frankban/quicktest"
	"github.com/parley-news/parley/tools/internal/site"
	"github.com/parley-news/parley/tools/internal/synth"
)

// BenchmarkBuild times the whole pipeline of `parley build` (load and
// validate, compile, write .parley/, bundle, render with Hugo while
// minifying, writing and scanning each file, check budgets, swap into
// public/) on N synthetic explainers of 15 terms × 6 sides
// (tools/internal/synth) with the shipped layouts, assets and hugo.toml. It
// reports ns/op and allocations of one build, and ms per explainer. Like
// repeated builds of a project, each build starts from what the last left:
// .parley/, which it updates, and the site the last build replaced, which it
// builds the new one into (see publish.Stage).
//
// In the same run it times the baseline, plain Hugo: the same in-process
// Hugo, but through Hugo's own build command (site.Render, i.e.
// commands.Execute "build"), rendering the same pages from the same
// templates, on the .parley/ inputs a build has already generated, and
// writing them into an empty directory, the same number of times. The
// baseline leaves out every stage of Parley's own: loading, validating and
// compiling the content, writing .parley/, bundling, minifying, checking
// budgets and swapping. It reports hugo-ms/op and overhead-x, the ratio of
// a full build to the baseline. A first, untimed build warms both up.
//
// N = 1000 takes ~15 s per build; run once or three times:
//
//	go test ./tools/parley -run '^$' -bench 'Build/' -benchtime 1x
//	go test ./tools/parley -run '^$' -bench 'Build/explainers=100$' -benchtime 3x -cpuprofile cpu.out
func BenchmarkBuild(b *testing.B) {
	for _, n := range []int{1, 100, 1000} {
		b.Run(fmt.Sprintf("explainers=%d", n), func(b *testing.B) {
			root := synthProject(b, n, synth.Shape{Terms: 15, Sides: 6})
			public := filepath.Join(root, "public")
			if _, err := build(root, public); err != nil { // warm-up; generates .parley/ for the baseline
				b.Fatal(err)
			}
			b.ReportAllocs()
			b.ResetTimer()
			start := time.Now()
			for range b.N {
				if _, err := build(root, public); err != nil {
					b.Fatal(err)
				}
			}
			full := time.Since(start)
			b.StopTimer()

			start = time.Now()
			for i := range b.N {
				dest := filepath.Join(b.TempDir(), fmt.Sprintf("hugo-%d", i))
				if err := site.Render(root, dest, ""); err != nil {
					b.Fatal(err)
				}
			}
			hugo := time.Since(start)
			b.ReportMetric(float64(full.Microseconds())/1000/float64(b.N)/float64(n), "ms/explainer")
			b.ReportMetric(float64(hugo.Microseconds())/1000/float64(b.N), "hugo-ms/op")
			b.ReportMetric(float64(full)/float64(hugo), "overhead-x")
		})
	}
}

// synthProject writes a project of n synthetic explainers of the given shape,
// with the shipped layouts, assets and hugo.toml, but not its content. No
// explainer is exempt from the page budgets: the build checks every page.
func synthProject(t testing.TB, n int, shape synth.Shape) string {
	t.Helper()
	root := t.TempDir()
	copyProject(t, root)
	qt.Assert(t, os.RemoveAll(filepath.Join(root, "content")), qt.IsNil)
	qt.Assert(t, synth.Write(root, n, shape), qt.IsNil)
	config := filepath.Join(root, "hugo.toml")
	b, err := os.ReadFile(config)
	qt.Assert(t, err, qt.IsNil)
	b = regexp.MustCompile(`(?m)^exempt = .*$`).ReplaceAll(b, []byte("exempt = []"))
	qt.Assert(t, os.WriteFile(config, b, 0o644), qt.IsNil)
	return root
}

// The page budgets of hugo.toml and the rule against third-party requests
// fail the build before anything is published.
func TestBuildEnforcesBudgets(t *testing.T) {
	dir := t.TempDir()
	copyProject(t, dir)
	public := filepath.Join(dir, "public")
	_, err := build(dir, public)
	qt.Assert(t, err, qt.IsNil)
	before := treeHash(t, public)
	edit := func(file, pattern, repl string) {
		t.Helper()
		path := filepath.Join(dir, file)
		src, err := os.ReadFile(path)
		qt.Assert(t, err, qt.IsNil)
		re := regexp.MustCompile(pattern)
		qt.Assert(t, re.Match(src), qt.IsTrue, qt.Commentf("%s lacks %s", file, pattern))
		qt.Assert(t, os.WriteFile(path, re.ReplaceAll(src, []byte(repl)), 0o644), qt.IsNil)
	}
	failed := func(want string) {
		t.Helper()
		_, err := build(dir, public)
		qt.Assert(t, err, qt.ErrorMatches, want)
		qt.Assert(t, treeHash(t, public), qt.DeepEquals, before)
	}
	config, err := os.ReadFile(filepath.Join(dir, "hugo.toml"))
	qt.Assert(t, err, qt.IsNil)

	edit("hugo.toml", `(?m)^html = \d+`, "html = 1000")
	failed(`ukraine-peace-talks/index.html: the page's HTML is \d+ bytes gzipped, over its budget of 1000 \(html in \[params.parley.budgets\]\)`)
	edit("hugo.toml", `(?m)^exempt = .*`, `exempt = ["ukraine-*"]`)
	_, err = build(dir, public)
	qt.Assert(t, err, qt.IsNil)
	before = treeHash(t, public)

	qt.Assert(t, os.WriteFile(filepath.Join(dir, "hugo.toml"), config, 0o644), qt.IsNil)
	edit("hugo.toml", `(?m)^page = \d+`, "page = 5000")
	failed(`ukraine-peace-talks/index.html: the page and the files it loads are \d+ bytes gzipped \(HTML \d+, css/main-\w+\.css \d+, js/main-\w+\.js \d+\), over their budget of 5000 \(page in \[params.parley.budgets\]\)`)

	qt.Assert(t, os.WriteFile(filepath.Join(dir, "hugo.toml"), config, 0o644), qt.IsNil)
	edit("content/ukraine-peace-talks/index.md", `(?m)^## `, "![A map](https://maps.example/front.png)\n\n## ")
	failed(`ukraine-peace-talks/index.html: <img src="https://maps.example/front.png"> loads from another site: .*`)
	entries, err := os.ReadDir(dir)
	qt.Assert(t, err, qt.IsNil)
	for _, e := range entries {
		qt.Assert(t, e.Name(), qt.Not(qt.Matches), `\.public\.tmp-.*`)
	}
}
