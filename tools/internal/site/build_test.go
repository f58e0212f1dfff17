package site

import (
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"sync"
	"testing"
	"time"

	qt "github.com/frankban/quicktest"
	"github.com/spf13/afero"
)

// Build hands every file of the site to write, with the bytes Render
// writes, and reports what write fails with.
func TestBuildHandsOverEveryFile(t *testing.T) {
	root := t.TempDir()
	files := map[string]string{
		"hugo.toml":           "baseURL = \"http://example.org/\"\ntitle = \"T\"\ndisableKinds = [\"taxonomy\", \"term\", \"rss\"]\n",
		"layouts/home.html":   "<h1>{{ site.Title }}</h1>{{ range site.RegularPages }}<a href=\"{{ .RelPermalink }}\">{{ .Title }}</a>{{ end }}",
		"layouts/page.html":   "<h1>{{ .Title }}</h1>{{ .Content }}",
		"static/robots.txt":   "User-agent: *\n",
		"static/css/site.css": "body { color: red }\n",
	}
	for i := range 30 {
		files[fmt.Sprintf("content/p%02d.md", i)] = fmt.Sprintf("---\ntitle: Page %d\n---\nText of page %d.\n", i, i)
	}
	for name, body := range files {
		path := filepath.Join(root, filepath.FromSlash(name))
		qt.Assert(t, os.MkdirAll(filepath.Dir(path), 0o755), qt.IsNil)
		qt.Assert(t, os.WriteFile(path, []byte(body), 0o644), qt.IsNil)
	}
	want := filepath.Join(t.TempDir(), "want")
	qt.Assert(t, Render(root, want, ""), qt.IsNil)

	dest := filepath.Join(t.TempDir(), "got")
	var mu sync.Mutex
	got := map[string]string{}
	err := Build(Options{Root: root, Dest: dest, Write: func(path string, data []byte) error {
		rel, err := filepath.Rel(dest, path)
		if err != nil {
			return err
		}
		mu.Lock()
		defer mu.Unlock()
		got[filepath.ToSlash(rel)] = string(data)
		return writeTo(path, data) // Build then sets static files' times
	}})
	qt.Assert(t, err, qt.IsNil)
	wantFiles := map[string]string{}
	err = filepath.WalkDir(want, func(path string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() {
			return err
		}
		b, err := os.ReadFile(path)
		rel, _ := filepath.Rel(want, path)
		wantFiles[filepath.ToSlash(rel)] = string(b)
		return err
	})
	qt.Assert(t, err, qt.IsNil)
	qt.Assert(t, len(wantFiles) > 30, qt.IsTrue)
	qt.Assert(t, got, qt.DeepEquals, wantFiles)

	failed := errors.New("disk full")
	err = Build(Options{Root: root, Dest: filepath.Join(t.TempDir(), "failed"), Write: func(path string, data []byte) error {
		if filepath.Base(filepath.Dir(path)) == "p17" {
			return failed
		}
		return writeTo(path, data)
	}})
	qt.Assert(t, err, qt.ErrorIs, failed)
}

// With Generated, Hugo reads the project's .parley/ from memory, not the
// disk, and nothing at all is written: check renders the site this way.
func TestBuildFromGeneratedWritesNothing(t *testing.T) {
	root := t.TempDir()
	for name, body := range map[string]string{
		"hugo.toml":                "baseURL = \"http://example.org/\"\ntitle = \"T\"\ndisableKinds = [\"taxonomy\", \"term\", \"rss\", \"sitemap\", \"robotsTXT\", \"404\"]\n[[module.mounts]]\nsource = \".parley/content\"\ntarget = \"content\"\n[[module.mounts]]\nsource = \"layouts\"\ntarget = \"layouts\"\n[[module.mounts]]\nsource = \".parley/static\"\ntarget = \"static\"\n",
		"layouts/home.html":        "{{ range site.RegularPages }}<a href=\"{{ .RelPermalink }}\">{{ .Title }}</a>{{ end }}",
		"layouts/page.html":        "<h1>{{ .Title }}</h1>",
		".parley/content/stale.md": "---\ntitle: An earlier build's\n---\n",
		".parley/static/stale.txt": "old",
	} {
		qt.Assert(t, writeTo(filepath.Join(root, filepath.FromSlash(name)), []byte(body)), qt.IsNil)
	}
	gen := afero.NewMemMapFs()
	qt.Assert(t, afero.WriteFile(gen, filepath.Join(root, ".parley", "content", "fresh.md"), []byte("---\ntitle: Fresh\n---\n"), 0o644), qt.IsNil)
	qt.Assert(t, afero.WriteFile(gen, filepath.Join(root, ".parley", "static", "new.txt"), []byte("new"), 0o644), qt.IsNil)
	before := tree(t, root)

	dest := filepath.Join(root, "public")
	var mu sync.Mutex
	got := map[string]string{}
	err := Build(Options{Root: root, Dest: dest, Generated: gen, Write: func(path string, data []byte) error {
		rel, _ := filepath.Rel(dest, path)
		mu.Lock()
		defer mu.Unlock()
		got[filepath.ToSlash(rel)] = string(data)
		return nil
	}})
	qt.Assert(t, err, qt.IsNil)
	qt.Assert(t, got, qt.DeepEquals, map[string]string{
		"index.html":       `<a href="/fresh/">Fresh</a>`,
		"fresh/index.html": "<h1>Fresh</h1>",
		"new.txt":          "new",
	})
	qt.Assert(t, tree(t, root), qt.DeepEquals, before)
}

// tree lists every path under dir.
func tree(t *testing.T, dir string) []string {
	t.Helper()
	var out []string
	qt.Assert(t, filepath.WalkDir(dir, func(path string, d fs.DirEntry, err error) error {
		out = append(out, path)
		return err
	}), qt.IsNil)
	return out
}

func writeTo(path string, data []byte) error {
	if err := os.MkdirAll(filepath.Dir(path), 0o755); err != nil {
		return err
	}
	return os.WriteFile(path, data, 0o644)
}

// A file written twice is handed to write twice, in the order it was
// written, whichever goroutine hands it over: the last bytes win, even when
// the earlier ones take longer to write.
func TestWriteFsKeepsOrderPerFile(t *testing.T) {
	var mu sync.Mutex
	last := map[string]string{}
	out := &writeFs{dir: "/site", write: func(path string, data []byte) error {
		if string(data) != "round 2" {
			time.Sleep(100 * time.Microsecond) // a slow disk, or a big file
		}
		mu.Lock()
		defer mu.Unlock()
		last[path] = string(data)
		return nil
	}}
	out.start(4)
	for i := range 100 {
		for round := range 3 {
			f, err := out.Create(fmt.Sprintf("/site/%d.html", i))
			qt.Assert(t, err, qt.IsNil)
			fmt.Fprintf(f, "round %d", round)
			qt.Assert(t, f.Close(), qt.IsNil)
		}
	}
	out.stop()
	qt.Assert(t, last, qt.HasLen, 100)
	for path, data := range last {
		qt.Check(t, data, qt.Equals, "round 2", qt.Commentf("%s", path))
	}
}
