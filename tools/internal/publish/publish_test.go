package publish

import (
	"os"
	"path/filepath"
	"testing"

	qt "github.com/frankban/quicktest"
)

func write(t *testing.T, dir string, files map[string]string) {
	t.Helper()
	for name, s := range files {
		p := filepath.Join(dir, filepath.FromSlash(name))
		qt.Assert(t, os.MkdirAll(filepath.Dir(p), 0o755), qt.IsNil)
		qt.Assert(t, os.WriteFile(p, []byte(s), 0o644), qt.IsNil)
	}
}

func read(t *testing.T, path string) string {
	t.Helper()
	b, err := os.ReadFile(path)
	qt.Assert(t, err, qt.IsNil)
	return string(b)
}

func TestMinify(t *testing.T) {
	dir := t.TempDir()
	write(t, dir, map[string]string{
		"index.html":      "<!doctype html>\n<html>\n  <body>\n    <p class=\"x\">  Hello  </p>\n  <button type=\"submit\">Go</button></body>\n</html>\n",
		"a/data.json":     "{\n  \"a\": [1, 2]\n}\n",
		"site.css":        "body {\n  color : red ;\n}\n",
		"app.js":          "function f ( a ) {\n  return a + 1 ;\n}\n",
		"feed.xml":        "<rss>\n  <channel> </channel>\n</rss>\n",
		"icon.svg":        "<svg xmlns=\"http://www.w3.org/2000/svg\">\n  <rect width=\"10\" height=\"10\"/>\n</svg>\n",
		"js/main-AB12.js": "var  x = 1 ;\n",
		"robots.txt":      "User-agent: *\n",
	})
	st, err := minifyTree(dir, map[string]bool{"js/main-AB12.js": true})
	qt.Assert(t, err, qt.IsNil)
	for _, tc := range []struct{ file, want string }{
		// The doctype as the standard writes it; a button keeps its type.
		{"index.html", "<!DOCTYPE html><html><body><p class=\"x\">Hello</p><button type=\"submit\">Go</button></body></html>"},
		{"a/data.json", `{"a":[1,2]}`},
		{"site.css", "body{color:red}"},
		{"app.js", "function f(e){return e+1}"},
		{"feed.xml", "<rss><channel/></rss>"},
		{"icon.svg", `<svg xmlns="http://www.w3.org/2000/svg"><rect width="10" height="10"/></svg>`},
		{"js/main-AB12.js", "var  x = 1 ;\n"}, // pinned by its integrity hash
		{"robots.txt", "User-agent: *\n"},     // not a minifiable type
	} {
		qt.Check(t, read(t, filepath.Join(dir, tc.file)), qt.Equals, tc.want, qt.Commentf(tc.file))
	}
	qt.Assert(t, st.Files, qt.Equals, 8)
	qt.Assert(t, st.Pages, qt.Equals, 1)
	qt.Assert(t, st.Saved > 0, qt.IsTrue)
}

func TestSwapReplacesAtomically(t *testing.T) {
	root := t.TempDir()
	dest := filepath.Join(root, "public")

	// First publish: nothing to replace.
	staged, err := staging(dest)
	qt.Assert(t, err, qt.IsNil)
	qt.Assert(t, filepath.Dir(staged), qt.Equals, root)
	write(t, staged, map[string]string{"index.html": "one", "old.html": "old"})
	qt.Assert(t, swap(staged, dest, ""), qt.IsNil)
	qt.Assert(t, read(t, filepath.Join(dest, "index.html")), qt.Equals, "one")

	// Second publish: the new tree replaces the old one whole.
	staged, err = staging(dest)
	qt.Assert(t, err, qt.IsNil)
	write(t, staged, map[string]string{"index.html": "two"})
	qt.Assert(t, swap(staged, dest, ""), qt.IsNil)
	qt.Assert(t, read(t, filepath.Join(dest, "index.html")), qt.Equals, "two")
	_, err = os.Stat(filepath.Join(dest, "old.html"))
	qt.Assert(t, os.IsNotExist(err), qt.IsTrue)
	fi, err := os.Stat(dest)
	qt.Assert(t, err, qt.IsNil)
	qt.Assert(t, fi.Mode().Perm(), qt.Equals, os.FileMode(0o755))

	entries, err := os.ReadDir(root)
	qt.Assert(t, err, qt.IsNil)
	qt.Assert(t, len(entries), qt.Equals, 1, qt.Commentf("no staging or old tree left: %v", entries))
}
