package project

import (
	"errors"
	"io"
	"os"
	"path/filepath"
	"testing"

	qt "github.com/frankban/quicktest"
	"github.com/parley-news/parley/tools/internal/diag"
	"github.com/parley-news/parley/tools/internal/fixture"
	"github.com/parley-news/parley/tools/internal/synth"
)

// A check runs every stage and writes nothing, not even .parley/ or the
// lock; a project opened for one command refuses the other's.
func TestCheckWritesNothing(t *testing.T) {
	root := fixture.Synth(t, 2, synth.Shape{Terms: 3, Sides: 2})
	p, err := Open(root, Options{Mode: Check, Log: io.Discard})
	qt.Assert(t, err, qt.IsNil)
	res, err := p.Build()
	qt.Assert(t, err, qt.IsNil)
	qt.Check(t, res.Explainers, qt.Equals, 2)
	qt.Check(t, res.Stats.Pages > 2, qt.IsTrue)
	qt.Assert(t, p.Close(), qt.IsNil)
	for _, name := range []string{".parley", ".parley.lock", "public"} {
		_, err := os.Stat(filepath.Join(root, name))
		qt.Check(t, os.IsNotExist(err), qt.IsTrue, qt.Commentf("%s", name))
	}
	qt.Check(t, p.Serve(t.Context(), ServeOptions{}), qt.ErrorMatches, `project: Serve on a project not opened to serve`)
}

// Content errors come before a broken hugo.toml's, all of them at once; a
// project without content/ is refused at Open.
func TestOpenAndErrorsOrder(t *testing.T) {
	root := fixture.Synth(t, 2, synth.Shape{Terms: 3, Sides: 2})
	qt.Assert(t, os.WriteFile(filepath.Join(root, "content/synth-0001/terms.yaml"), []byte("terms: {}\n"), 0o644), qt.IsNil)
	qt.Assert(t, os.WriteFile(filepath.Join(root, "hugo.toml"), []byte("title = \n"), 0o644), qt.IsNil)
	p, err := Open(root, Options{Mode: Check, Log: io.Discard})
	qt.Assert(t, err, qt.IsNil)
	_, err = p.Build()
	qt.Check(t, err, qt.ErrorMatches, `(?s)content/synth-0001/terms.yaml:1:1: .*`)
	qt.Assert(t, os.WriteFile(filepath.Join(root, "content/synth-0001/terms.yaml"), []byte(""), 0o644), qt.IsNil)
	qt.Assert(t, os.RemoveAll(filepath.Join(root, "content/synth-0001")), qt.IsNil)
	_, err = p.Build()
	qt.Check(t, err, qt.ErrorMatches, `hugo.toml: .*`)

	_, err = Open(t.TempDir(), Options{Mode: Check})
	qt.Check(t, err, qt.ErrorMatches, `.* has no content/ directory: .*`)
	_, err = Open(root, Options{Mode: Serve, Log: io.Discard})
	qt.Check(t, err, qt.ErrorMatches, `hugo.toml: .*`)
}

// A stage's error after the content's keeps the content's warnings: in
// one list with a list's (the budgets', Hugo's), beside any other.
func TestErrorsKeepTheWarnings(t *testing.T) {
	warn := diag.List{{File: "content/x/terms.uk.yaml", Line: 3, Col: 1, Msg: "stale translation", Warning: true}}
	budget := diag.List{{File: "content/x/index.md", Msg: "over its budget"}}
	other := errors.New("git: no history")

	qt.Check(t, withWarnings(other, nil), qt.Equals, other)
	err := withWarnings(budget, warn)
	var l diag.List
	qt.Assert(t, errors.As(err, &l), qt.IsTrue)
	qt.Check(t, l, qt.DeepEquals, diag.List{budget[0], warn[0]})
	err = withWarnings(other, warn)
	var f *Failed
	qt.Assert(t, errors.As(err, &f), qt.IsTrue)
	qt.Check(t, f.Warnings, qt.DeepEquals, warn)
	qt.Check(t, errors.Is(err, other), qt.IsTrue)
}
