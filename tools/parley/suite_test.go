package main

import (
	"io/fs"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
	"time"

	qt "github.com/frankban/quicktest"
)

// nestedEnv marks the run of the suite that TestSuiteIgnoresOtherContent
// starts, which must not start another.
const nestedEnv = "PARLEY_SUITE_NESTED"

// The suite depends on no explainer in content/ but those its tests name:
// on a copy of the repository with two more published explainers in
// content/ (an editor's work in progress, say), go test ./... passes
// unchanged. It runs the whole suite again, under the same environment
// (CI=true fails it for a skipped browser test, as ever).
func TestSuiteIgnoresOtherContent(t *testing.T) {
	if os.Getenv(nestedEnv) != "" {
		t.Skip("the copy's own run")
	}
	if testing.Short() {
		t.Skip("runs the whole suite again")
	}
	repo, err := filepath.Abs(filepath.Join("..", ".."))
	qt.Assert(t, err, qt.IsNil)
	dir := filepath.Join(t.TempDir(), "parley")
	copyRepo(t, repo, dir)
	for _, slug := range []string{"trade-talks", "coalition-talks"} {
		rel, err := scaffoldExplainer(dir, slug, "", time.Date(2025, 5, 1, 0, 0, 0, 0, time.UTC))
		qt.Assert(t, err, qt.IsNil)
		index := filepath.Join(dir, rel, "index.md")
		b, err := os.ReadFile(index)
		qt.Assert(t, err, qt.IsNil)
		published := strings.Replace(string(b), "\ndraft: true", "\ndraft: false", 1)
		qt.Assert(t, published, qt.Not(qt.Equals), string(b))
		qt.Assert(t, os.WriteFile(index, []byte(published), 0o644), qt.IsNil)
	}
	// The two are real explainers: they build, and are published.
	res, err := build(dir, filepath.Join(t.TempDir(), "site"))
	qt.Assert(t, err, qt.IsNil)
	qt.Assert(t, res.Explainers >= 3, qt.IsTrue)

	cmd := exec.Command("go", "test", "-count=1", "./...")
	cmd.Dir = dir
	cmd.Env = append(os.Environ(), nestedEnv+"=1")
	out, err := cmd.CombinedOutput()
	qt.Assert(t, err, qt.IsNil, qt.Commentf("go test ./... with two more explainers in content/:\n%s", out))
	t.Logf("go test ./... with two more explainers:\n%s", out)
}

// copyRepo copies the repository's sources at repo into dir: what a clean
// checkout holds, with the dev tools of node_modules linked, not copied.
func copyRepo(t *testing.T, repo, dir string) {
	t.Helper()
	skip := map[string]bool{".git": true, "node_modules": true, "public": true, ".parley": true, ".parley.lock": true, "resources": true}
	err := filepath.WalkDir(repo, func(path string, d fs.DirEntry, err error) error {
		if err != nil {
			return err
		}
		rel, _ := filepath.Rel(repo, path)
		if rel == "." {
			return os.MkdirAll(dir, 0o755)
		}
		if first, _, _ := strings.Cut(filepath.ToSlash(rel), "/"); skip[first] || strings.HasPrefix(first, ".public.") {
			if d.IsDir() {
				return filepath.SkipDir
			}
			return nil
		}
		target := filepath.Join(dir, rel)
		switch {
		case d.IsDir():
			return os.MkdirAll(target, 0o755)
		case !d.Type().IsRegular():
			return nil
		}
		b, err := os.ReadFile(path)
		if err != nil {
			return err
		}
		fi, err := d.Info()
		if err != nil {
			return err
		}
		return os.WriteFile(target, b, fi.Mode().Perm())
	})
	qt.Assert(t, err, qt.IsNil)
	if _, err := os.Stat(filepath.Join(repo, "node_modules")); err == nil {
		qt.Assert(t, os.Symlink(filepath.Join(repo, "node_modules"), filepath.Join(dir, "node_modules")), qt.IsNil)
	}
}
