package sitetest

import (
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
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
// reports ns/op and allocations of one build, and ms per explainer. Each
// timed build starts from what a first build left in .parley/ (which it
// updates), but writes every file of the site anew, into a new tree, as a
// first build does: the spare tree the last build replaced (see
// publish.Stage) is moved aside before it, untimed. Before each timed
// build, the disk is flushed (sync(2), untimed): on our machines, a build
// that shares the disk with the writes of the one before (or with the
// deletion of a large tree) takes up to half as long again.
//
// In the same run it times two more things, as many times:
//   - rebuild-ms/op: the same build with the spare tree in place, as when an
//     editor builds again: files already right are left alone.
//   - hugo-ms/op, the baseline, plain Hugo: the same Hugo, but through
//     Hugo's own build command (site.Render, i.e. commands.Execute "build"),
//     rendering the same pages from the same templates, on the .parley/
//     inputs a build has already generated, and writing them into an empty
//     directory. It runs in a process of its own (see renderApart). The
//     baseline leaves out every stage of Parley's own: loading, validating
//     and compiling the content, writing .parley/, bundling, minifying,
//     checking budgets and swapping. overhead-x is the ratio of a (timed)
//     build to the baseline: both write every file anew.
//
// A first, untimed build warms everything up. N = 1000 takes ~10 s per
// build; run once or three times:
//
//	go test ./tools/sitetest -run '^$' -bench 'Build/' -benchtime 1x
//	go test ./tools/sitetest -run '^$' -bench 'Build/explainers=100$' -benchtime 3x -cpuprofile cpu.out
func BenchmarkBuild(b *testing.B) {
	for _, n := range []int{1, 100, 1000} {
		b.Run(fmt.Sprintf("explainers=%d", n), func(b *testing.B) {
			root := synthProject(b, n, synth.Shape{Terms: 15, Sides: 6})
			public := filepath.Join(root, "public")
			spare := filepath.Join(root, ".parley", "spare-site")
			if _, err := build(root, public); err != nil { // warm-up; generates .parley/ for the baseline
				b.Fatal(err)
			}
			b.ReportAllocs()
			b.ResetTimer()
			var full time.Duration
			for i := range b.N {
				b.StopTimer()
				// Moved aside rather than removed: removing it would leave
				// the kernel work of deleting its files to the timed build.
				if err := os.Rename(spare, filepath.Join(b.TempDir(), fmt.Sprintf("spare-%d", i))); err != nil && !os.IsNotExist(err) {
					b.Fatal(err)
				}
				flushDisk()
				b.StartTimer()
				start := time.Now()
				if _, err := build(root, public); err != nil {
					b.Fatal(err)
				}
				full += time.Since(start)
			}
			b.StopTimer()

			var rebuild, hugo time.Duration
			for range b.N {
				flushDisk()
				start := time.Now()
				if _, err := build(root, public); err != nil {
					b.Fatal(err)
				}
				rebuild += time.Since(start)
			}
			for i := range b.N {
				flushDisk()
				hugo += renderApart(b, root, filepath.Join(b.TempDir(), fmt.Sprintf("hugo-%d", i)))
			}
			b.ReportMetric(float64(full.Microseconds())/1000/float64(b.N)/float64(n), "ms/explainer")
			b.ReportMetric(float64(rebuild.Microseconds())/1000/float64(b.N), "rebuild-ms/op")
			b.ReportMetric(float64(hugo.Microseconds())/1000/float64(b.N), "hugo-ms/op")
			b.ReportMetric(float64(full)/float64(hugo), "overhead-x")
		})
	}
}

// renderApart renders the project at root into dest with Hugo's own build
// command (site.Render) in a child process, this test binary run as
// hugo-baseline, and returns how long the render took, timed in the child.
// Hugo's build command keeps each site it has built in memory after it
// returns, for the life of the process (some 300 MB at 1000 explainers):
// in process, every build timed after it was slower, collecting a heap that
// grew with each baseline. The child starts cold, which costs the baseline
// some page faults a warm process would not take.
func renderApart(b *testing.B, root, dest string) time.Duration {
	b.Helper()
	out, err := testCommand(b, "hugo-baseline", root, dest).Output()
	if err != nil {
		var stderr []byte
		if ee, ok := err.(*exec.ExitError); ok {
			stderr = ee.Stderr
		}
		b.Fatalf("hugo-baseline: %v\n%s", err, stderr)
	}
	d, err := time.ParseDuration(strings.TrimSpace(string(out)))
	qt.Assert(b, err, qt.IsNil)
	return d
}

// hugoBaseline is the hugo-baseline command of renderApart: it renders the
// project at os.Args[1] into os.Args[2] and prints how long that took.
func hugoBaseline() {
	start := time.Now()
	if err := site.Render(os.Args[1], os.Args[2], ""); err != nil { // the arguments of testCommand
		fmt.Fprintln(os.Stderr, err)
		os.Exit(1)
	}
	fmt.Println(time.Since(start))
	os.Exit(0)
}
