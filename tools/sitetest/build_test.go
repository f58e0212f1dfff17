package sitetest

import (
	"bytes"
	"io"
	"os"
	"path/filepath"
	"regexp"
	"runtime"
	"testing"

	qt "github.com/frankban/quicktest"
	"github.com/parley-news/parley/tools/internal/card"
	"github.com/parley-news/parley/tools/internal/fixture"
	"github.com/parley-news/parley/tools/internal/project"
)

// flagship is the explainer the tests build (see fixture.Flagship).
const flagship = fixture.Flagship

// build runs the whole pipeline into dest, as parley build does.
func build(root, dest string) (*project.Result, error) { return buildAt(root, dest, "") }

// buildAt is build for the site's public address baseURL (hugo.toml's when empty).
func buildAt(root, dest, baseURL string) (*project.Result, error) {
	p, err := project.Open(root, project.Options{Mode: project.Build, Dest: dest, BaseURL: baseURL, Log: io.Discard})
	if err != nil {
		return nil, err
	}
	defer p.Close()
	return p.Build()
}

var (
	copyProject  = fixture.Copy
	treeHash     = fixture.TreeHash
	synthProject = fixture.Synth
)

// published copies the shipped project into a new directory and builds it
// into public/ there.
func published(t *testing.T) (dir, public string) {
	t.Helper()
	dir = t.TempDir()
	copyProject(t, dir)
	public = filepath.Join(dir, "public")
	_, err := build(dir, public)
	qt.Assert(t, err, qt.IsNil)
	return dir, public
}

// The same sources give byte-identical sites: built twice in one process,
// from two checkouts at different paths, and with one CPU or all of them.
func TestBuildIsDeterministic(t *testing.T) {
	a, b := t.TempDir(), filepath.Join(t.TempDir(), "elsewhere", "checkout")
	copyProject(t, a)
	copyProject(t, b)

	_, err := build(a, filepath.Join(a, "public"))
	qt.Assert(t, err, qt.IsNil)
	first := treeHash(t, filepath.Join(a, "public"))
	qt.Assert(t, first["ukraine-peace-talks/index.html"], qt.Not(qt.Equals), "")

	again := filepath.Join(t.TempDir(), "again")
	_, err = build(a, again)
	qt.Assert(t, err, qt.IsNil)
	qt.Assert(t, treeHash(t, again), qt.DeepEquals, first)

	defer runtime.GOMAXPROCS(runtime.GOMAXPROCS(1))
	_, err = build(b, filepath.Join(b, "public"))
	qt.Assert(t, err, qt.IsNil)
	qt.Assert(t, treeHash(t, filepath.Join(b, "public")), qt.DeepEquals, first)
}

// A failure in the last stages (here Hugo rendering a bad shortcode) leaves
// the published directory exactly as it was, and no staging directory behind.
func TestFailedRenderKeepsPublishedSite(t *testing.T) {
	dir, public := published(t)
	before := treeHash(t, public)

	index := filepath.Join(dir, "content", "ukraine-peace-talks", "index.md")
	src, err := os.ReadFile(index)
	qt.Assert(t, err, qt.IsNil)
	src = bytes.Replace(src, []byte(`{{< matchup a="us-march" b="us-april" >}}`), []byte(`{{< matchup a="us-march" b="us-may" >}}`), 1)
	qt.Assert(t, os.WriteFile(index, src, 0o644), qt.IsNil)

	_, err = build(dir, public)
	qt.Assert(t, err, qt.ErrorMatches, `(?s).*content/ukraine-peace-talks/index.md:\d+:\d+: matchup: unknown side "us-may" in b .*`)
	qt.Assert(t, treeHash(t, public), qt.DeepEquals, before)
	entries, err := os.ReadDir(dir)
	qt.Assert(t, err, qt.IsNil)
	for _, e := range entries {
		qt.Assert(t, e.Name(), qt.Not(qt.Matches), `\.public\.tmp-.*`)
	}
}

// An explainer's social card stays in .parley/ from one build to the next
// while what it shows is unchanged (a build skips drawing it, and must not
// sweep it as unwritten), and is published; a new title draws it again.
func TestCardRedrawnOnlyWhenItChanges(t *testing.T) {
	root := t.TempDir()
	copyProject(t, root)
	gen := filepath.Join(root, ".parley", "files", flagship, "card.png")
	public := filepath.Join(root, "public", flagship, "card.png")
	_, err := build(root, filepath.Join(root, "public"))
	qt.Assert(t, err, qt.IsNil)
	first, err := os.Stat(gen)
	qt.Assert(t, err, qt.IsNil)
	drawn, err := os.ReadFile(public)
	qt.Assert(t, err, qt.IsNil)

	_, err = build(root, filepath.Join(root, "public"))
	qt.Assert(t, err, qt.IsNil)
	again, err := os.Stat(gen)
	qt.Assert(t, err, qt.IsNil)
	qt.Check(t, again.ModTime(), qt.Equals, first.ModTime())
	kept, err := os.ReadFile(public)
	qt.Assert(t, err, qt.IsNil)
	qt.Check(t, bytes.Equal(kept, drawn), qt.IsTrue)

	index := filepath.Join(root, "content", flagship, "index.md")
	md, err := os.ReadFile(index)
	qt.Assert(t, err, qt.IsNil)
	qt.Assert(t, os.WriteFile(index, bytes.Replace(md, []byte(`title: "`), []byte(`title: "Updated: `), 1), 0o644), qt.IsNil)
	_, err = build(root, filepath.Join(root, "public"))
	qt.Assert(t, err, qt.IsNil)
	redrawn, err := os.ReadFile(public)
	qt.Assert(t, err, qt.IsNil)
	qt.Check(t, card.KeyOf(redrawn), qt.Not(qt.Equals), card.KeyOf(drawn))
	qt.Check(t, card.KeyOf(redrawn), qt.Not(qt.Equals), "")
}

// The page budgets of hugo.toml and the rule against third-party requests
// fail the build before anything is published, naming the source to change.
func TestBuildEnforcesBudgets(t *testing.T) {
	dir, public := published(t)
	before := treeHash(t, public)
	edit := func(file, pattern, repl string) {
		t.Helper()
		path := filepath.Join(dir, file)
		src, err := os.ReadFile(path)
		qt.Assert(t, err, qt.IsNil)
		re := regexp.MustCompile(pattern)
		qt.Assert(t, re.Match(src), qt.IsTrue, qt.Commentf("%s lacks %s", file, pattern))
		qt.Assert(t, os.WriteFile(path, re.ReplaceAll(src, []byte(repl)), 0o644), qt.IsNil)
	}
	// The project has no git history: its warning comes with every error.
	failed := func(want string) {
		t.Helper()
		_, err := build(dir, public)
		qt.Assert(t, err, qt.ErrorMatches, `warning: no git history \([^\n]*\n`+want)
		qt.Assert(t, treeHash(t, public), qt.DeepEquals, before)
	}
	config, err := os.ReadFile(filepath.Join(dir, "hugo.toml"))
	qt.Assert(t, err, qt.IsNil)

	// The site's budgets and the Ukrainian edition's own, reported at each
	// edition's prose.
	edit("hugo.toml", `(?m)^html = \d+`, "html = 1000")
	failed(`content/ukraine-peace-talks/index.md: ukraine-peace-talks/index.html: the page's HTML is \d+ bytes gzipped, over its budget of 1000 \(html in \[params.parley.budgets\]\)\n` +
		`content/ukraine-peace-talks/index.uk.md: uk/ukraine-peace-talks/index.html: the page's HTML is \d+ bytes gzipped, over its budget of 1000 \(html in \[languages.uk.params.parley.budgets\]\)`)
	edit("hugo.toml", `(?m)^exempt = .*`, `exempt = ["ukraine-*"]`)
	_, err = build(dir, public)
	qt.Assert(t, err, qt.IsNil)
	before = treeHash(t, public)

	qt.Assert(t, os.WriteFile(filepath.Join(dir, "hugo.toml"), config, 0o644), qt.IsNil)
	edit("hugo.toml", `(?m)^page = \d+`, "page = 5000")
	failed(`content/ukraine-peace-talks/index.md: ukraine-peace-talks/index.html: the page and the files it loads are \d+ bytes gzipped \(HTML \d+, css/main-\w+\.css \d+, js/main-\w+\.js \d+\), over their budget of 5000 \(page in \[params.parley.budgets\]\)\n` +
		`content/ukraine-peace-talks/index.uk.md: uk/ukraine-peace-talks/index.html: the page and the files it loads are \d+ bytes gzipped \(HTML \d+, css/main-\w+\.css \d+, js/main-\w+\.js \d+\), over their budget of 5000 \(page in \[languages.uk.params.parley.budgets\]\)`)

	qt.Assert(t, os.WriteFile(filepath.Join(dir, "hugo.toml"), config, 0o644), qt.IsNil)
	edit("content/ukraine-peace-talks/index.md", `(?m)^## `, "![A map](https://maps.example/front.png)\n\n## ")
	failed(`(?s)content/ukraine-peace-talks/index.md:\d+:10: image "https://maps.example/front.png" would load from another site, .*`)
	entries, err := os.ReadDir(dir)
	qt.Assert(t, err, qt.IsNil)
	for _, e := range entries {
		qt.Assert(t, e.Name(), qt.Not(qt.Matches), `\.public\.tmp-.*`)
	}
}
