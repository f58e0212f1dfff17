package main

import (
	"encoding/json"
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"strings"
	"testing"

	qt "github.com/frankban/quicktest"
)

// parleyWithDeploy builds the parley binary with -tags withdeploy: Hugo's
// deploy and the real gocloud drivers, as CI uses them.
func parleyWithDeploy(t *testing.T) string {
	t.Helper()
	bin := filepath.Join(t.TempDir(), "parley")
	out, err := exec.Command("go", "build", "-tags", "withdeploy", "-o", bin, ".").CombinedOutput()
	qt.Assert(t, err, qt.IsNil, qt.Commentf("%s", out))
	return bin
}

// Deploying to a file:// bucket with gocloud's fileblob driver: everything
// the first time, nothing the second, one file when one changed, and no
// more deletions than --max-deletes allows.
func TestDeployToFileBucket(t *testing.T) {
	if testing.Short() {
		t.Skip("builds a second parley binary")
	}
	bin := parleyWithDeploy(t)
	dir := t.TempDir()
	copyProject(t, dir)
	_, err := build(dir, filepath.Join(dir, "public"))
	qt.Assert(t, err, qt.IsNil)
	bucket := t.TempDir()
	target := "file://" + bucket
	deploy := func(args ...string) string {
		t.Helper()
		out, err := exec.Command(bin, append([]string{"-s", dir, "deploy", "--target", target}, args...)...).CombinedOutput()
		qt.Assert(t, err, qt.IsNil, qt.Commentf("%s", out))
		return string(out)
	}
	var files int
	filepath.WalkDir(filepath.Join(dir, "public"), func(_ string, d os.DirEntry, err error) error {
		if err == nil && !d.IsDir() && d.Name() != "_headers" {
			files++
		}
		return nil
	})

	qt.Assert(t, deploy("--dry-run"), qt.Contains, "to upload")
	_, err = os.Stat(filepath.Join(bucket, "index.html"))
	qt.Assert(t, os.IsNotExist(err), qt.IsTrue, qt.Commentf("a dry run changes nothing"))

	qt.Assert(t, deploy(), qt.Contains, "Identified "+strconv.Itoa(files)+" file(s) to upload")
	qt.Assert(t, deploy(), qt.Contains, "No changes required.")

	// Cache lifetimes, content types and gzip, as _headers gives them.
	attrs := func(name string) map[string]any {
		b, err := os.ReadFile(filepath.Join(bucket, name+".attrs"))
		qt.Assert(t, err, qt.IsNil)
		var m map[string]any
		qt.Assert(t, json.Unmarshal(b, &m), qt.IsNil)
		return m
	}
	js, _ := filepath.Glob(filepath.Join(bucket, "js", "main-*.js"))
	qt.Assert(t, js, qt.HasLen, 1)
	qt.Assert(t, attrs("js/" + filepath.Base(js[0]))["user.cache_control"], qt.Equals, "public, max-age=31536000, immutable")
	qt.Assert(t, attrs("index.html")["user.cache_control"], qt.Equals, "public, max-age=300, must-revalidate")
	qt.Assert(t, attrs("index.html")["user.content_encoding"], qt.Equals, "gzip")
	qt.Assert(t, attrs("ukraine-peace-talks/terms.csv")["user.content_type"], qt.Equals, "text/csv; charset=utf-8")
	_, err = os.Stat(filepath.Join(bucket, "_headers"))
	qt.Assert(t, os.IsNotExist(err), qt.IsTrue, qt.Commentf("_headers is for hosts that read it, not for buckets"))

	// One changed file, one upload.
	robots := filepath.Join(dir, "public", "robots.txt")
	qt.Assert(t, os.WriteFile(robots, []byte("User-agent: *\nDisallow: /private/\n"), 0o644), qt.IsNil)
	qt.Assert(t, deploy(), qt.Contains, "Identified 1 file(s) to upload")

	// Deletions above the limit are refused; the files stay.
	qt.Assert(t, os.Remove(robots), qt.IsNil)
	qt.Assert(t, os.Remove(filepath.Join(dir, "public", "404.html")), qt.IsNil)
	out := deploy("--max-deletes", "1")
	qt.Assert(t, out, qt.Contains, "Skipping 2 deletes because it is more than --maxDeletes (1)")
	_, err = os.Stat(filepath.Join(bucket, "404.html"))
	qt.Assert(t, err, qt.IsNil)
	qt.Assert(t, deploy("--max-deletes", "2"), qt.Contains, "and 2 file(s) to delete")
	_, err = os.Stat(filepath.Join(bucket, "404.html"))
	qt.Assert(t, os.IsNotExist(err), qt.IsTrue)

	// A bad target is refused before anything runs.
	out2, err := exec.Command(bin, "-s", dir, "deploy", "--target", "ftp://x").CombinedOutput()
	qt.Assert(t, err, qt.Not(qt.IsNil))
	qt.Assert(t, strings.Contains(string(out2), `--target "ftp://x": want a bucket URL`), qt.IsTrue, qt.Commentf("%s", out2))
}
