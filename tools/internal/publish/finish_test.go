package publish

import (
	"io/fs"
	"os"
	"path/filepath"
	"sync"
	"testing"

	qt "github.com/frankban/quicktest"
)

// tree lists the files under dir with their contents.
func tree(t *testing.T, dir string) map[string]string {
	t.Helper()
	out := map[string]string{}
	err := filepath.WalkDir(dir, func(path string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() {
			return err
		}
		rel, _ := filepath.Rel(dir, path)
		out[filepath.ToSlash(rel)] = read(t, path)
		return nil
	})
	qt.Assert(t, err, qt.IsNil)
	return out
}

// site is a small site as Hugo renders it, before minification.
var site = map[string]string{
	"index.html":       "<!doctype html>\n<html>\n  <head><link rel=\"stylesheet\" href=\"/site.css\"></head>\n  <body>\n    <p class=\"x\">  Hello  </p>\n  </body>\n</html>\n",
	"talks/index.html": page(`<script src="https://cdn.example/x.js"></script>`, "<p>"+noise(3000)+"</p>"),
	"a/data.json":      "{\n  \"a\": [1, 2]\n}\n",
	"site.css":         "body {\n  color : red ;\n}\n",
	"feed.xml":         "<rss>\n  <channel> </channel>\n</rss>\n",
	"js/main-AB12.js":  "var  x = 1 ;\n",
	"robots.txt":       "User-agent: *\n",
}

var budgets = Budgets{HTML: 500, Page: 1000, Pages: []string{"index.html", "talks/index.html"}}

// finishSite writes files through a Finisher of dir (in an old tree when
// reuse), the way a build does, from several goroutines.
func finishSite(t *testing.T, dir string, files map[string]string, reuse bool) (*Finisher, Stats) {
	t.Helper()
	f := NewFinisher(dir, map[string]bool{"js/main-AB12.js": true}, budgets)
	if reuse {
		qt.Assert(t, f.Reuse(), qt.IsNil)
	}
	return f, writeSite(t, f, dir, files)
}

func writeSite(t *testing.T, f *Finisher, dir string, files map[string]string) Stats {
	t.Helper()
	var wg sync.WaitGroup
	for name, s := range files {
		wg.Add(1)
		go func() {
			defer wg.Done()
			qt.Check(t, f.Write(filepath.Join(dir, filepath.FromSlash(name)), []byte(s)), qt.IsNil)
		}()
	}
	wg.Wait()
	st, err := f.Finish()
	qt.Assert(t, err, qt.IsNil)
	return st
}

// A Finisher gives the site, statistics and budget errors of minifyTree
// then checkTree, written fresh or over any old tree.
func TestFinisherMatchesTreePasses(t *testing.T) {
	want := t.TempDir()
	write(t, want, site)
	wantStats, err := minifyTree(want, map[string]bool{"js/main-AB12.js": true})
	qt.Assert(t, err, qt.IsNil)
	wantErr := checkTree(want, budgets)
	qt.Assert(t, wantErr, qt.ErrorMatches, `(?s).*talks/index.html: <script src="https://cdn.example/x.js"> loads from another site.*over its budget of 500.*`)

	fresh := t.TempDir()
	f, st := finishSite(t, fresh, site, false)
	qt.Assert(t, tree(t, fresh), qt.DeepEquals, tree(t, want))
	qt.Assert(t, st, qt.Equals, wantStats)
	qt.Assert(t, f.Check().Error(), qt.Equals, wantErr.Error())

	// Over an old tree: stale files and directories go, a directory where a
	// file belongs and a file where a directory belongs give way, and files
	// already right are left alone.
	old := t.TempDir()
	write(t, old, map[string]string{
		"stale.html":         "gone",
		"gone/deep/x.html":   "gone",
		"feed.xml":           "<rss><channel/></rss>", // already right
		"robots.txt/oops":    "a directory where a file belongs",
		"a":                  "a file where a directory belongs",
		"js/main-OLD.js":     "old bundle",
		"_headers":           "old headers",
		"empty/dir/old.json": "{}",
	})
	// A link in the old tree is removed, never written through.
	outside := t.TempDir()
	qt.Assert(t, os.Symlink(outside, filepath.Join(old, "talks")), qt.IsNil)
	qt.Assert(t, os.Symlink(filepath.Join(outside, "x"), filepath.Join(old, "index.html")), qt.IsNil)
	before, err := os.Stat(filepath.Join(old, "feed.xml"))
	qt.Assert(t, err, qt.IsNil)
	f, st = finishSite(t, old, site, true)
	qt.Assert(t, tree(t, old), qt.DeepEquals, tree(t, want))
	qt.Assert(t, st, qt.Equals, wantStats)
	qt.Assert(t, f.Check().Error(), qt.Equals, wantErr.Error())
	after, err := os.Stat(filepath.Join(old, "feed.xml"))
	qt.Assert(t, err, qt.IsNil)
	qt.Assert(t, after.ModTime(), qt.Equals, before.ModTime(), qt.Commentf("an unchanged file is not written again"))
	qt.Assert(t, tree(t, outside), qt.DeepEquals, map[string]string{})
	for _, dir := range []string{"gone", "empty"} {
		_, err := os.Stat(filepath.Join(old, dir))
		qt.Assert(t, os.IsNotExist(err), qt.IsTrue, qt.Commentf("%s: %v", dir, err))
	}

	// In memory: the same statistics and budget errors, and nothing written.
	nowhere := filepath.Join(t.TempDir(), "site")
	f = NewFinisher(nowhere, map[string]bool{"js/main-AB12.js": true}, budgets)
	f.InMemory()
	st = writeSite(t, f, nowhere, site)
	qt.Assert(t, st, qt.Equals, wantStats)
	qt.Assert(t, f.Check().Error(), qt.Equals, wantErr.Error())
	_, err = os.Stat(nowhere)
	qt.Assert(t, os.IsNotExist(err), qt.IsTrue)
}

// Files written behind a fresh Finisher's back are minified by Finish.
func TestFinisherMinifiesTheRest(t *testing.T) {
	dir := t.TempDir()
	write(t, dir, map[string]string{"extra.json": "{ \"b\" : 2 }"})
	_, st := finishSite(t, dir, map[string]string{"a.json": "{ \"a\" : 1 }"}, false)
	qt.Assert(t, tree(t, dir), qt.DeepEquals, map[string]string{"a.json": `{"a":1}`, "extra.json": `{"b":2}`})
	qt.Assert(t, st.Files, qt.Equals, 2)
}

// A build that keeps the old tree as a spare, and the next that builds in
// it, publish what a build from scratch would, and leave nothing else
// beside dest (staging through a Dest, as builds do).
func TestStageReusesSpare(t *testing.T) {
	root := t.TempDir()
	dest := filepath.Join(root, "public")
	spare := filepath.Join(root, ".parley", "spare")
	d, err := OpenDest(root, dest)
	qt.Assert(t, err, qt.IsNil)

	staged, reused, err := d.Stage(spare)
	qt.Assert(t, err, qt.IsNil)
	qt.Assert(t, reused, qt.IsFalse)
	write(t, staged, map[string]string{"index.html": "one", "old.html": "old"})
	qt.Assert(t, d.Publish(staged, spare), qt.IsNil)
	_, err = os.Stat(spare)
	qt.Assert(t, os.IsNotExist(err), qt.IsTrue, qt.Commentf("no old tree to keep"))

	staged, reused, err = d.Stage(spare)
	qt.Assert(t, err, qt.IsNil)
	qt.Assert(t, reused, qt.IsFalse)
	write(t, staged, map[string]string{"index.html": "two"})
	qt.Assert(t, d.Publish(staged, spare), qt.IsNil)
	qt.Assert(t, tree(t, dest), qt.DeepEquals, map[string]string{"index.html": "two"})
	qt.Assert(t, tree(t, spare), qt.DeepEquals, map[string]string{"index.html": "one", "old.html": "old"})

	staged, reused, err = d.Stage(spare)
	qt.Assert(t, err, qt.IsNil)
	qt.Assert(t, reused, qt.IsTrue)
	qt.Assert(t, filepath.Dir(staged), qt.Equals, root)
	_, st := finishSite(t, staged, map[string]string{"index.html": "three"}, true)
	qt.Assert(t, st.Files, qt.Equals, 1)
	qt.Assert(t, d.Publish(staged, spare), qt.IsNil)
	qt.Assert(t, tree(t, dest), qt.DeepEquals, map[string]string{"index.html": "three"})
	qt.Assert(t, tree(t, spare), qt.DeepEquals, map[string]string{"index.html": "two"})
	fi, err := os.Stat(dest)
	qt.Assert(t, err, qt.IsNil)
	qt.Assert(t, fi.Mode().Perm(), qt.Equals, os.FileMode(0o755))

	// A failed build leaves its staging directory as the spare.
	staged, _, err = d.Stage(spare)
	qt.Assert(t, err, qt.IsNil)
	qt.Assert(t, d.Abandon(staged, spare), qt.IsNil)
	qt.Assert(t, tree(t, spare), qt.DeepEquals, map[string]string{"index.html": "two"})
	entries, err := os.ReadDir(root)
	qt.Assert(t, err, qt.IsNil)
	qt.Assert(t, len(entries), qt.Equals, 2, qt.Commentf("public and .parley only: %v", entries))
}
