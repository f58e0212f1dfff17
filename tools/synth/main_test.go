package main

import (
	"os"
	"path/filepath"
	"testing"

	qt "github.com/frankban/quicktest"
	"github.com/parley-news/parley/tools/internal/synth"
)

func TestRunWritesAProject(t *testing.T) {
	out := filepath.Join(t.TempDir(), "site")
	qt.Assert(t, run(out, filepath.Join("..", ".."), 2, synth.Shape{Terms: 3, Sides: 2}), qt.IsNil)
	for _, f := range []string{"hugo.toml", "layouts/page.html", "assets/widgets/main.ts", "content/synth-0001/terms.yaml", "content/synth-0002/index.md"} {
		_, err := os.Stat(filepath.Join(out, f))
		qt.Check(t, err, qt.IsNil, qt.Commentf(f))
	}
	_, err := os.Stat(filepath.Join(out, "content", "synth-0003"))
	qt.Check(t, os.IsNotExist(err), qt.IsTrue)

	qt.Assert(t, run(out, "", 1, synth.Shape{Terms: 3, Sides: 2}), qt.ErrorMatches, `.*/site is not empty`)
	bare := filepath.Join(t.TempDir(), "bare")
	qt.Assert(t, run(bare, "", 1, synth.Shape{Terms: 3, Sides: 2}), qt.IsNil)
	_, err = os.Stat(filepath.Join(bare, "hugo.toml"))
	qt.Check(t, os.IsNotExist(err), qt.IsTrue)
	qt.Assert(t, run(filepath.Join(t.TempDir(), "x"), t.TempDir(), 1, synth.Shape{Terms: 3, Sides: 2}), qt.ErrorMatches, `-project .*: .*no such file or directory \(run from the repository root, or pass -project DIR\)`)
}
