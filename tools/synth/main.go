// Command synth writes a Parley project of deterministic synthetic
// explainers, for benchmarks and stress tests: N explainers of T terms × S
// sides, with prose, notes, sources and events, plus the layouts, assets and
// hugo.toml of a real project, so that the result builds as it is:
//
//	go run ./tools/synth -n 1000 -out /tmp/synth-1000          # 1000 × (15 terms × 6 sides)
//	go run ./tools/synth -n 1 -terms 60 -sides 10 -out /tmp/big # the widget stress explainer
//	go run ./tools/parley -s /tmp/synth-1000 build
//
// The explainers are content/synth-0001 ... content/synth-NNNN. The same
// flags give the same bytes. -out must be empty or absent. -project names
// the project whose layouts/, assets/ and hugo.toml are copied (default the
// current directory, the repository root); -project "" writes content/ only.
package main

import (
	"errors"
	"flag"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"

	"github.com/parley-news/parley/tools/internal/synth"
)

func main() {
	n := flag.Int("n", 1, "how many explainers")
	terms := flag.Int("terms", 15, "terms per explainer")
	sides := flag.Int("sides", 6, "sides per explainer")
	out := flag.String("out", "", "write the project to `DIR` (empty or absent)")
	project := flag.String("project", ".", "copy layouts/, assets/ and hugo.toml from the project in `DIR`; \"\" for none")
	flag.Parse()
	if *out == "" || flag.NArg() > 0 || *n < 0 || *terms < 1 || *sides < 1 {
		flag.Usage()
		os.Exit(2)
	}
	if err := run(*out, *project, *n, synth.Shape{Terms: *terms, Sides: *sides}); err != nil {
		fmt.Fprintln(os.Stderr, "synth:", err)
		os.Exit(1)
	}
	fmt.Printf("synth: %d explainer(s) of %d terms × %d sides in %s\n", *n, *terms, *sides, *out)
}

func run(out, project string, n int, shape synth.Shape) error {
	entries, err := os.ReadDir(out)
	switch {
	case err == nil && len(entries) > 0:
		return fmt.Errorf("%s is not empty", out)
	case err != nil && !errors.Is(err, fs.ErrNotExist):
		return err
	}
	if err := os.MkdirAll(out, 0o755); err != nil {
		return err
	}
	if project != "" {
		if _, err := os.Stat(filepath.Join(project, "hugo.toml")); err != nil {
			return fmt.Errorf("-project %s: %w (run from the repository root, or pass -project DIR)", project, err)
		}
		for _, d := range []string{"layouts", "assets", "i18n"} {
			if err := os.CopyFS(filepath.Join(out, d), os.DirFS(filepath.Join(project, d))); err != nil {
				return err
			}
		}
		b, err := os.ReadFile(filepath.Join(project, "hugo.toml"))
		if err != nil {
			return err
		}
		if err := os.WriteFile(filepath.Join(out, "hugo.toml"), b, 0o644); err != nil {
			return err
		}
	}
	if err := os.MkdirAll(filepath.Join(out, "content"), 0o755); err != nil {
		return err
	}
	return synth.Write(out, n, shape)
}
