//go:build unix

// Command fscost measures what the file system costs a build, apart from
// Parley and Hugo: it writes as many files, of the same size, into as many
// directories as a build of N synthetic explainers writes into its new
// site (11 files in 6 directories per explainer, 260 KB), one
// os.WriteFile per file as publish.Finisher writes them (though on one
// goroutine), and prints the time taken and the kernel's share of it. Run it where the site is built, a few times over:
//
//	go run ./tools/perf/fscost [-n 1000] [-dir DIR]
//
// On a machine where this takes seconds, a build that writes a new tree
// does too; `parley build` writes into the tree the last build replaced and
// leaves files already right alone (see publish.Stage).
package main

import (
	"flag"
	"fmt"
	"os"
	"path/filepath"
	"syscall"
	"time"
)

func main() {
	n := flag.Int("n", 1000, "explainers")
	dir := flag.String("dir", ".", "where to write (a temporary directory in it, removed after)")
	flag.Parse()
	if err := run(*n, *dir); err != nil {
		fmt.Fprintln(os.Stderr, "fscost:", err)
		os.Exit(1)
	}
}

// The files of one synthetic explainer's site, by path and size in bytes.
var files = []struct {
	path string
	size int
}{
	{"index.html", 99955}, {"terms.json", 22651}, {"terms.csv", 23587},
	{"embed/compare/index.html", 81194}, {"embed/compare/oembed.json", 613},
	{"embed/matchup/index.html", 19577}, {"embed/matchup/oembed.json", 609},
	{"embed/scoreboard/index.html", 4568}, {"embed/scoreboard/oembed.json", 616},
	{"embed/timeline/index.html", 3730}, {"embed/timeline/oembed.json", 610},
}

func run(n int, dir string) error {
	root, err := os.MkdirTemp(dir, "fscost-")
	if err != nil {
		return err
	}
	defer os.RemoveAll(root)
	data := make([]byte, 100_000)
	for i := range data {
		data[i] = byte(i * 7)
	}
	var before, after syscall.Rusage
	syscall.Getrusage(syscall.RUSAGE_SELF, &before)
	start := time.Now()
	var total int
	for i := range n {
		for _, f := range files {
			path := filepath.Join(root, fmt.Sprintf("synth-%04d", i), f.path)
			if err := os.MkdirAll(filepath.Dir(path), 0o755); err != nil {
				return err
			}
			if err := os.WriteFile(path, data[:f.size], 0o644); err != nil {
				return err
			}
			total += f.size
		}
	}
	wall := time.Since(start)
	syscall.Getrusage(syscall.RUSAGE_SELF, &after)
	cpu := func(t syscall.Timeval) time.Duration { return time.Duration(t.Nano()) }
	fmt.Printf("%d files, %.0f MB: %.2f s, of which kernel %.2f s, user %.2f s\n",
		n*len(files), float64(total)/1e6, wall.Seconds(),
		(cpu(after.Stime) - cpu(before.Stime)).Seconds(), (cpu(after.Utime) - cpu(before.Utime)).Seconds())
	return nil
}
