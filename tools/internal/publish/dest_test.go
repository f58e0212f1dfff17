package publish

import (
	"os"
	"path/filepath"
	"regexp"
	"testing"

	qt "github.com/frankban/quicktest"
)

// A project in a directory of its own, with a sibling for -d to point at.
func destProject(t *testing.T) (root, outside string) {
	t.Helper()
	base := t.TempDir()
	root = filepath.Join(base, "project")
	write(t, root, map[string]string{"hugo.toml": "", "README.md": "read me", "content/x/index.md": "x", ".git/HEAD": "ref"})
	return root, filepath.Join(base, "site")
}

// publishTree builds a tree of files into d through Stage and Publish, as
// a build does.
func publishTree(t *testing.T, root string, d *Dest, files map[string]string) {
	t.Helper()
	staged, _, err := d.Stage(filepath.Join(root, ".parley", "spare-site"))
	qt.Assert(t, err, qt.IsNil)
	write(t, staged, files)
	qt.Assert(t, d.Publish(staged, filepath.Join(root, ".parley", "spare-site")), qt.IsNil)
}

func TestOpenDestRefuses(t *testing.T) {
	root, outside := destProject(t)
	write(t, filepath.Dir(root), map[string]string{"mydocs/thesis.docx": "years of work", "file.txt": "x"})
	qt.Assert(t, os.Symlink(filepath.Join(filepath.Dir(root), "mydocs"), filepath.Join(filepath.Dir(root), "link")), qt.IsNil)
	qt.Assert(t, os.MkdirAll(filepath.Join(filepath.Dir(root), "empty"), 0o755), qt.IsNil)
	for _, tc := range []struct {
		dest, reason string // reason "" when the directory is fine
	}{
		{root, `it is the project directory: .*`},
		{filepath.Join(root, "."), `it is the project directory: .*`},
		{filepath.Dir(root), `it holds the project \(.*\)`},
		{"/", `it holds the project \(.*\)`},
		{filepath.Join(root, "content"), `it is inside the project, where only public/ may hold the site: .*`},
		{filepath.Join(root, "README.md"), `it is inside the project, .*`},
		{filepath.Join(root, ".git"), `it is inside the project, .*`},
		{filepath.Join(root, "public", "nested"), `it is inside the project, .*`},
		{filepath.Join(root, "content", "..", "layouts"), `it is inside the project, .*`},
		{filepath.Join(filepath.Dir(root), "mydocs"), `it holds files that Parley did not publish \("thesis.docx"\): empty it, or give a new directory`},
		{filepath.Join(filepath.Dir(root), "file.txt"), `it is a file, not a directory`},
		{filepath.Join(filepath.Dir(root), "link"), `it is a symbolic link, .*`},
		{filepath.Join(root, "public"), ""},
		{outside, ""},
		{filepath.Join(outside, "deeper", "still"), ""},
		{filepath.Join(filepath.Dir(root), "empty"), ""},
	} {
		t.Run(tc.dest, func(t *testing.T) {
			d, err := OpenDest(root, tc.dest)
			if tc.reason == "" {
				qt.Assert(t, err, qt.IsNil)
				qt.Assert(t, d.Dir, qt.Equals, filepath.Clean(tc.dest))
				return
			}
			var r *Refusal
			qt.Assert(t, err, qt.ErrorAs, &r)
			qt.Assert(t, r.Reason, qt.Matches, tc.reason)
			qt.Assert(t, err, qt.ErrorMatches, `will not build into `+regexp.QuoteMeta(tc.dest)+`: .*`)
		})
	}
	// Nothing was written anywhere, nor was the thesis touched.
	qt.Assert(t, read(t, filepath.Join(filepath.Dir(root), "mydocs", "thesis.docx")), qt.Equals, "years of work")
	_, err := os.Stat(filepath.Join(root, ".parley"))
	qt.Assert(t, os.IsNotExist(err), qt.IsTrue)
}

// A directory Parley published stays Parley's: the next build may replace
// it, until it holds a file Parley did not write.
func TestOpenDestRecognisesItsOwnSite(t *testing.T) {
	root, outside := destProject(t)
	d, err := OpenDest(root, outside)
	qt.Assert(t, err, qt.IsNil)
	publishTree(t, root, d, map[string]string{"index.html": "one", "talks/index.html": "two"})
	qt.Assert(t, read(t, filepath.Join(outside, "talks", "index.html")), qt.Equals, "two")

	d, err = OpenDest(root, outside)
	qt.Assert(t, err, qt.IsNil)
	publishTree(t, root, d, map[string]string{"index.html": "three"})
	_, err = os.Stat(filepath.Join(outside, "talks", "index.html"))
	qt.Assert(t, os.IsNotExist(err), qt.IsTrue, qt.Commentf("a page the new site lacks goes"))

	write(t, outside, map[string]string{"CNAME": "news.example"})
	_, err = OpenDest(root, outside)
	qt.Assert(t, err, qt.ErrorMatches, `will not build into .*: Parley did not write "CNAME" there, and a build replaces the whole directory: move it out of it first`)

	// The record is in the project, never in what is deployed.
	entries, err := os.ReadDir(filepath.Join(root, ".parley", "published"))
	qt.Assert(t, err, qt.IsNil)
	qt.Assert(t, entries, qt.HasLen, 1)
	qt.Assert(t, listFilesT(t, outside), qt.DeepEquals, []string{"CNAME", "index.html"})
}

// public/ as an earlier Parley built it, with no record, is adopted; a
// public/ of somebody else's files is not.
func TestOpenDestAdoptsLegacyPublic(t *testing.T) {
	root, _ := destProject(t)
	public := filepath.Join(root, "public")
	write(t, public, map[string]string{"index.html": "x", "_headers": "/*\n  Content-Security-Policy: default-src 'self'\n", "embed.js": "x"})
	d, err := OpenDest(root, public)
	qt.Assert(t, err, qt.IsNil)
	publishTree(t, root, d, map[string]string{"index.html": "new"})
	qt.Assert(t, listFilesT(t, public), qt.DeepEquals, []string{"index.html"})

	root2, _ := destProject(t)
	write(t, filepath.Join(root2, "public"), map[string]string{"index.html": "my own site"})
	_, err = OpenDest(root2, filepath.Join(root2, "public"))
	qt.Assert(t, err, qt.ErrorMatches, `will not build into .*: it holds files that Parley did not publish \("index.html"\): .*`)
}

// A build killed after staging leaves a directory that the next build
// removes; nothing else beside the site is removed, whatever its name.
func TestRemoveStaleRemovesOnlyStaging(t *testing.T) {
	root, outside := destProject(t)
	d, err := OpenDest(root, outside)
	qt.Assert(t, err, qt.IsNil)
	staged, _, err := d.Stage("")
	qt.Assert(t, err, qt.IsNil)
	write(t, staged, map[string]string{"index.html": "half"})
	// Somebody's directory that merely looks like a staging directory.
	lookalike := filepath.Join(filepath.Dir(outside), ".site.tmp-123")
	write(t, lookalike, map[string]string{"keep.txt": "mine"})

	d, err = OpenDest(root, outside) // the next build
	qt.Assert(t, err, qt.IsNil)
	qt.Assert(t, d.RemoveStale(), qt.IsNil)
	_, err = os.Stat(staged)
	qt.Assert(t, os.IsNotExist(err), qt.IsTrue)
	qt.Assert(t, read(t, filepath.Join(lookalike, "keep.txt")), qt.Equals, "mine")
}

func listFilesT(t *testing.T, dir string) []string {
	t.Helper()
	files, err := listFiles(dir)
	qt.Assert(t, err, qt.IsNil)
	return files
}
