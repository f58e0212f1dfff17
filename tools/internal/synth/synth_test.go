package synth

import (
	"os"
	"path/filepath"
	"testing"

	qt "github.com/frankban/quicktest"
	"github.com/parley-news/parley/tools/internal/content"
)

func TestWriteIsValidAndDeterministic(t *testing.T) {
	a, b := t.TempDir(), t.TempDir()
	qt.Assert(t, Write(a, 3, Shape{Terms: 15, Sides: 6}), qt.IsNil)
	qt.Assert(t, Write(b, 3, Shape{Terms: 15, Sides: 6}), qt.IsNil)
	xs, err := content.Load(a)
	qt.Assert(t, err, qt.IsNil)
	qt.Assert(t, xs, qt.HasLen, 3)
	qt.Assert(t, xs[0].Terms, qt.HasLen, 15)
	qt.Assert(t, xs[0].Sides, qt.HasLen, 6)
	for _, f := range []string{"synth-0002/terms.yaml", "synth-0003/index.md"} {
		x, _ := os.ReadFile(filepath.Join(a, "content", f))
		y, _ := os.ReadFile(filepath.Join(b, "content", f))
		qt.Assert(t, string(x), qt.Equals, string(y))
	}
	big := t.TempDir()
	qt.Assert(t, Write(big, 1, Shape{Terms: 60, Sides: 10}), qt.IsNil)
	xs, err = content.Load(big)
	qt.Assert(t, err, qt.IsNil)
	qt.Assert(t, len(xs[0].Terms)*len(xs[0].Sides), qt.Equals, 600)
}
