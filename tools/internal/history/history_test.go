package history

import (
	"context"
	"errors"
	"os"
	"os/exec"
	"path/filepath"
	"testing"
	"time"

	qt "github.com/frankban/quicktest"
)

// repo is a git repository made for a test, whose commits it dates.
type repo struct {
	t   *testing.T
	dir string
}

func newRepo(t *testing.T) *repo {
	t.Helper()
	if _, err := exec.LookPath("git"); err != nil {
		if os.Getenv("CI") == "true" {
			t.Fatal("git is not installed: history needs it")
		}
		t.Skip("git is not installed")
	}
	r := &repo{t, t.TempDir()}
	r.git(time.Time{}, "init", "--quiet", "--initial-branch=main")
	return r
}

// git runs git in the repository, as of when (for a commit), whatever the
// user's configuration.
func (r *repo) git(when time.Time, args ...string) string {
	r.t.Helper()
	cmd := exec.Command("git", append([]string{"-c", "user.name=Editor", "-c", "user.email=editor@example.org", "-c", "commit.gpgsign=false"}, args...)...)
	cmd.Dir = r.dir
	cmd.Env = append(os.Environ(), "GIT_CONFIG_GLOBAL=/dev/null", "GIT_CONFIG_NOSYSTEM=1")
	if !when.IsZero() {
		d := when.Format(time.RFC3339)
		cmd.Env = append(cmd.Env, "GIT_AUTHOR_DATE="+d, "GIT_COMMITTER_DATE="+d)
	}
	out, err := cmd.CombinedOutput()
	qt.Assert(r.t, err, qt.IsNil, qt.Commentf("git %v: %s", args, out))
	return string(out)
}

// commit writes files (path → content; "" removes the file) and commits
// them on day.
func (r *repo) commit(day string, files map[string]string) {
	r.t.Helper()
	when, err := time.Parse("2006-01-02", day)
	qt.Assert(r.t, err, qt.IsNil)
	for path, body := range files {
		p := filepath.Join(r.dir, filepath.FromSlash(path))
		if body == "" {
			qt.Assert(r.t, os.Remove(p), qt.IsNil)
			continue
		}
		qt.Assert(r.t, os.MkdirAll(filepath.Dir(p), 0o755), qt.IsNil)
		qt.Assert(r.t, os.WriteFile(p, []byte(body), 0o644), qt.IsNil)
	}
	r.git(when, "add", "--all")
	r.git(when, "commit", "--quiet", "--message", "commit of "+day)
}

type seen struct {
	Day  string
	Data string
	Gone bool
}

func versions(vs []Version) []seen {
	var out []seen
	for _, v := range vs {
		out = append(out, seen{v.Time.Format("2006-01-02"), string(v.Data), v.Blob == ""})
	}
	return out
}

// Every version of every file asked for, oldest first, with its commit's
// date; a deletion is a version without data; other files are not read.
func TestReadVersions(t *testing.T) {
	r := newRepo(t)
	r.commit("2025-03-01", map[string]string{"content/a/terms.yaml": "v1\n", "content/a/index.md": "prose\n", "README.md": "x\n"})
	r.commit("2025-03-05", map[string]string{"content/a/terms.yaml": "v2\n", "content/b/terms.yaml": "b1\n"})
	r.commit("2025-03-09", map[string]string{"content/a/index.md": "prose 2\n"}) // no terms.yaml changed
	r.commit("2025-04-02", map[string]string{"content/b/terms.yaml": ""})
	r.commit("2025-04-03", map[string]string{"content/b/terms.yaml": "b1\n"}) // the same blob again

	l, err := Read(context.Background(), filepath.Join(r.dir, "content"), "*/terms.yaml")
	qt.Assert(t, err, qt.IsNil)
	qt.Check(t, l.Shallow, qt.IsFalse)
	qt.Assert(t, l.Files, qt.HasLen, 2)
	// Paths are relative to the directory read.
	qt.Check(t, versions(l.Files["a/terms.yaml"]), qt.DeepEquals, []seen{{"2025-03-01", "v1\n", false}, {"2025-03-05", "v2\n", false}})
	qt.Check(t, versions(l.Files["b/terms.yaml"]), qt.DeepEquals, []seen{{"2025-03-05", "b1\n", false}, {"2025-04-02", "", true}, {"2025-04-03", "b1\n", false}})
	head := r.git(time.Time{}, "rev-parse", "HEAD")[:40]
	qt.Check(t, l.Files["b/terms.yaml"][2].Commit, qt.Equals, head)
	qt.Check(t, l.Head, qt.Equals, head)

	// The files as a revision left them.
	files, at, err := At(context.Background(), filepath.Join(r.dir, "content"), "HEAD~3", "*/terms.yaml")
	qt.Assert(t, err, qt.IsNil)
	qt.Check(t, at.Time.Format("2006-01-02"), qt.Equals, "2025-03-05")
	qt.Check(t, at.Commit, qt.Equals, l.Files["a/terms.yaml"][1].Commit)
	qt.Check(t, files, qt.DeepEquals, map[string][]byte{"a/terms.yaml": []byte("v2\n"), "b/terms.yaml": []byte("b1\n")})
	_, _, err = At(context.Background(), r.dir, "no-such-branch", "t.yaml")
	qt.Check(t, err, qt.ErrorMatches, `git log: .*no-such-branch.*`)
}

// Along the first-parent line: a merged branch's commits count as the
// merge, on its date.
func TestReadFollowsFirstParent(t *testing.T) {
	r := newRepo(t)
	r.commit("2025-03-01", map[string]string{"t.yaml": "v1\n"})
	r.git(time.Time{}, "checkout", "--quiet", "-b", "draft")
	r.commit("2025-03-02", map[string]string{"t.yaml": "draft 1\n"})
	r.commit("2025-03-03", map[string]string{"t.yaml": "draft 2\n"})
	r.git(time.Time{}, "checkout", "--quiet", "main")
	merged, err := time.Parse("2006-01-02", "2025-03-10")
	qt.Assert(t, err, qt.IsNil)
	r.git(merged, "merge", "--quiet", "--no-ff", "--message", "publish", "draft")

	l, err := Read(context.Background(), r.dir, "t.yaml")
	qt.Assert(t, err, qt.IsNil)
	qt.Check(t, versions(l.Files["t.yaml"]), qt.DeepEquals, []seen{{"2025-03-01", "v1\n", false}, {"2025-03-10", "draft 2\n", false}})
}

// A shallow clone says so, with what it has; a directory outside any
// repository, and a repository without commits, have no history.
func TestReadWithoutFullHistory(t *testing.T) {
	r := newRepo(t)
	r.commit("2025-03-01", map[string]string{"t.yaml": "v1\n"})
	r.commit("2025-03-05", map[string]string{"t.yaml": "v2\n"})
	clone := filepath.Join(t.TempDir(), "clone")
	r.git(time.Time{}, "clone", "--quiet", "--depth=1", "file://"+r.dir, clone)
	l, err := Read(context.Background(), clone, "t.yaml")
	qt.Assert(t, err, qt.IsNil)
	qt.Check(t, l.Shallow, qt.IsTrue)
	qt.Check(t, versions(l.Files["t.yaml"]), qt.DeepEquals, []seen{{"2025-03-05", "v2\n", false}})

	outside := t.TempDir()
	t.Setenv("GIT_CEILING_DIRECTORIES", filepath.Dir(outside)) // wherever the temporary directory is
	_, err = Read(context.Background(), outside, "t.yaml")
	qt.Check(t, errors.Is(err, ErrNoRepository), qt.IsTrue, qt.Commentf("%v", err))

	empty := newRepo(t)
	l, err = Read(context.Background(), empty.dir, "t.yaml")
	qt.Assert(t, err, qt.IsNil)
	qt.Check(t, l.Files, qt.HasLen, 0)
}
