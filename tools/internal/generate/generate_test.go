package generate

import (
	"os"
	"path/filepath"
	"strings"
	"testing"

	qt "github.com/frankban/quicktest"
	"github.com/parley-news/parley/tools/internal/bundle"
	"github.com/parley-news/parley/tools/internal/synth"
	"github.com/spf13/afero"
)

// project writes n synthetic explainers into a new project directory.
func project(t *testing.T, n int) string {
	t.Helper()
	root := t.TempDir()
	qt.Assert(t, synth.Write(root, n, synth.Shape{Terms: 3, Sides: 2}), qt.IsNil)
	return root
}

func exists(fsys afero.Fs, path string) bool {
	_, err := fsys.Stat(path)
	return err == nil
}

// A build writes every explainer in full; with one explainer in error, it
// writes nothing at all, and reports the error.
func TestBuildWritesAllOrNothing(t *testing.T) {
	root := project(t, 2)
	g := New(Options{Root: root, Fs: afero.NewMemMapFs()})
	qt.Assert(t, g.Load(nil), qt.IsNil)
	qt.Assert(t, g.Errors().Errors(), qt.Equals, 0)
	for _, p := range []string{"content/synth-0001/index.md", "content/synth-0001--model.md", "content/synth-0002--embeds/compare.md", "files/synth-0002/terms.csv"} {
		qt.Check(t, exists(g.Fs(), g.Dir(p)), qt.IsTrue, qt.Commentf("%s", p))
	}
	b, err := afero.ReadFile(g.Fs(), g.Dir("content/synth-0001/index.md"))
	qt.Assert(t, err, qt.IsNil)
	qt.Check(t, strings.HasPrefix(string(b), "---\n"), qt.IsTrue) // as the editor wrote it

	root = project(t, 2)
	qt.Assert(t, os.WriteFile(filepath.Join(root, "content/synth-0002/terms.yaml"), []byte("terms: {}\n"), 0o644), qt.IsNil)
	g = New(Options{Root: root, Fs: afero.NewMemMapFs()})
	qt.Assert(t, g.Load(nil), qt.IsNil)
	qt.Check(t, g.Errors().Errors() > 0, qt.IsTrue)
	qt.Check(t, exists(g.Fs(), g.Dir()), qt.IsFalse)
}

// A preview writes the explainers no one has opened as links only, with
// nothing that only their rendered pages read; Open writes one in full, and
// the page asked for to be rendered.
func TestPreviewWritesWhatIsOpened(t *testing.T) {
	root := project(t, 2)
	g := New(Options{Root: root, Fs: afero.NewMemMapFs(), Preview: true})
	qt.Assert(t, g.Load(nil), qt.IsNil)
	qt.Assert(t, g.WriteSite(), qt.IsNil)
	read := func(p string) string {
		t.Helper()
		b, err := afero.ReadFile(g.Fs(), g.Dir(p))
		qt.Assert(t, err, qt.IsNil)
		return string(b)
	}
	qt.Check(t, read("content/synth-0001/index.md"), qt.Contains, `"build":{"render":"link"}`)
	qt.Check(t, exists(g.Fs(), g.Dir("content/synth-0001--model.md")), qt.IsFalse)
	qt.Check(t, exists(g.Fs(), g.Dir("content/synth-0001--embeds")), qt.IsFalse)
	qt.Check(t, exists(g.Fs(), g.Dir("content", formatsPage)), qt.IsTrue)
	g.TakeTouched()

	// First the explainer in full, its pages links still; then the page.
	opened, err := g.Open("/synth-0001/embed/timeline/")
	qt.Assert(t, err, qt.IsNil)
	qt.Check(t, opened, qt.IsTrue)
	qt.Check(t, read("content/synth-0001--embeds/timeline.md"), qt.Contains, `"render": "link"`)
	g.TakeTouched()
	opened, err = g.Open("/synth-0001/embed/timeline/")
	qt.Assert(t, err, qt.IsNil)
	qt.Check(t, opened, qt.IsTrue)
	qt.Check(t, read("content/synth-0001/index.md"), qt.Contains, `"build":{"render":"link"}`)
	qt.Check(t, read("content/synth-0001--embeds/timeline.md"), qt.Not(qt.Contains), `"render"`)
	qt.Check(t, read("content/synth-0001--embeds/compare.md"), qt.Contains, `"render": "link"`)
	qt.Check(t, read("content/synth-0001--model.md"), qt.Contains, `"version":"`)
	qt.Check(t, exists(g.Fs(), g.Dir("files/synth-0001/terms.json")), qt.IsTrue)
	qt.Check(t, g.TakeTouched(), qt.DeepEquals, []string{g.Dir("content/synth-0001--embeds/timeline.md")})

	opened, err = g.Open("/synth-0001/")
	qt.Assert(t, err, qt.IsNil)
	qt.Check(t, opened, qt.IsTrue)
	qt.Check(t, strings.HasPrefix(read("content/synth-0001/index.md"), "---\n"), qt.IsTrue)
	qt.Check(t, g.TakeTouched(), qt.DeepEquals, []string{g.Dir("content/synth-0001/index.md")})

	for _, p := range []string{"/synth-0001/", "/synth-0003/", "/css/main.css", "/"} { // opened, unknown, not a page
		opened, err := g.Open(p)
		qt.Assert(t, err, qt.IsNil)
		qt.Check(t, opened, qt.IsFalse, qt.Commentf("%s", p))
	}
	qt.Check(t, exists(g.Fs(), g.Dir("content/synth-0002--model.md")), qt.IsFalse)
}

// A changed model counts its explainer's pages as changed (Hugo would keep
// their rendered content otherwise); an unchanged one changes nothing.
func TestChangedModelTouchesItsPages(t *testing.T) {
	root := project(t, 1)
	g := New(Options{Root: root, Fs: afero.NewMemMapFs()})
	qt.Assert(t, g.Load(nil), qt.IsNil)
	g.TakeTouched()
	qt.Assert(t, g.Load([]string{"synth-0001"}), qt.IsNil)
	qt.Check(t, g.TakeTouched(), qt.HasLen, 0)

	terms := filepath.Join(root, "content/synth-0001/terms.yaml")
	b, err := os.ReadFile(terms)
	qt.Assert(t, err, qt.IsNil)
	qt.Assert(t, os.WriteFile(terms, []byte(strings.Replace(string(b), "text: ", "text: Changed ", 1)), 0o644), qt.IsNil)
	qt.Assert(t, g.Load([]string{"synth-0001"}), qt.IsNil)
	touched := g.TakeTouched()
	for _, p := range []string{"content/synth-0001--model.md", "content/synth-0001/index.md", "content/synth-0001--embeds/compare.md"} {
		qt.Check(t, touched, qt.Contains, g.Dir(p))
	}
}

// A new bundle replaces the old one, but a preview keeps the one before
// for the pages rendered with it (their browsers reload a moment later);
// a bundle with errors leaves the last good one in place.
func TestRebundleKeepsWhatPagesName(t *testing.T) {
	for _, preview := range []bool{false, true} {
		root := t.TempDir()
		for path, src := range map[string]string{bundle.ScriptEntry: "console.log(0);\n", bundle.StyleEntry: "a{color:red}\n", bundle.LoaderEntry: "console.log(1);\n"} {
			qt.Assert(t, os.MkdirAll(filepath.Join(root, filepath.Dir(path)), 0o755), qt.IsNil)
			qt.Assert(t, os.WriteFile(filepath.Join(root, path), []byte(src), 0o644), qt.IsNil)
		}
		g := New(Options{Root: root, Fs: afero.NewMemMapFs(), Preview: preview})
		var css []string // each bundle's stylesheet
		for i, edit := range []struct{ path, src string }{{bundle.StyleEntry, "a{color:blue}\n"}, {bundle.StyleEntry, "a{color:green}\n"}, {bundle.StyleEntry, "a{color:teal}\n"}, {bundle.ScriptEntry, "console.log(;\n"}} {
			qt.Assert(t, os.WriteFile(filepath.Join(root, filepath.FromSlash(edit.path)), []byte(edit.src), 0o644), qt.IsNil)
			qt.Assert(t, g.Rebundle(), qt.IsNil)
			if i < 3 {
				qt.Assert(t, g.Errors(), qt.HasLen, 0)
				css = append(css, "/"+strings.TrimPrefix(g.Manifest().CSS.Path, "/"))
			}
		}
		qt.Check(t, g.Errors().Errors() > 0, qt.IsTrue)
		stylesheets := func() []string {
			var got []string
			afero.Walk(g.Fs(), g.Dir("static"), func(p string, fi os.FileInfo, err error) error {
				if err == nil && strings.HasSuffix(p, ".css") {
					got = append(got, "/"+filepath.ToSlash(strings.TrimPrefix(p, g.Dir("static")+string(filepath.Separator))))
				}
				return err
			})
			return got
		}
		want := css[2:]
		if preview {
			want = css[1:]
		}
		qt.Check(t, stylesheets(), qt.ContentEquals, want, qt.Commentf("preview %v", preview))
	}
}
