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
	err := Build(root, dest, "", func(path string, data []byte) error {
		rel, err := filepath.Rel(dest, path)
		if err != nil {
			return err
		}
		mu.Lock()
		defer mu.Unlock()
		got[filepath.ToSlash(rel)] = string(data)
		return writeTo(path, data) // Build then sets static files' times
	})
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
	err = Build(root, filepath.Join(t.TempDir(), "failed"), "", func(path string, data []byte) error {
		if filepath.Base(filepath.Dir(path)) == "p17" {
			return failed
		}
		return writeTo(path, data)
	})
	qt.Assert(t, err, qt.ErrorIs, failed)
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
