package main

import (
	"os"
	"path/filepath"
	"testing"

	qt "github.com/frankban/quicktest"
	"golang.org/x/mod/modfile"
	"golang.org/x/mod/semver"
)

// Minimum versions of the modules that handle untrusted input or the
// network: a go get or go mod tidy must never move them below these floors.
// govulncheck checks them against the vulnerability database in CI (see
// .github/workflows); our machines cannot reach it, so this test pins what
// was known good locally. Raise a floor when upgrading; never lower it.
var minVersions = []struct {
	path, min, why string
	exact          bool
}{
	{"github.com/yuin/goldmark", "v1.7.17", "renders editors' Markdown (CVE-2026-5160 fixed in v1.7.17)", false},
	{"github.com/gohugoio/hugo", "v0.165.0", "the newest Hugo for Go 1.26; its security config is asserted by tools/internal/site", true},
	{"golang.org/x/net", "v0.57.0", "HTML parsing and HTTP/2 for serve", false},
	{"golang.org/x/crypto", "v0.54.0", "cryptography under Hugo (modules, deploy)", false},
	{"golang.org/x/sys", "v0.49.0", "renameat2 and flock for the atomic swap and the build lock", false},
	{"golang.org/x/text", "v0.40.0", "Unicode handling of editors' text", false},
	{"golang.org/x/image", "v0.44.0", "image decoding in Hugo", false},
	{"github.com/evanw/esbuild", "v0.28.2", "bundles the widgets", false},
	{"github.com/tdewolff/minify/v2", "v2.24.25", "rewrites every published page", false},
	{"github.com/tdewolff/parse/v2", "v2.8.20", "the minifier's parsers", false},
	{"github.com/goccy/go-yaml", "v1.19.2", "parses terms.yaml and front matter", false},
}

func TestSecuritySensitiveModuleVersions(t *testing.T) {
	b, err := os.ReadFile(filepath.Join("..", "..", "go.mod"))
	qt.Assert(t, err, qt.IsNil)
	f, err := modfile.Parse("go.mod", b, nil)
	qt.Assert(t, err, qt.IsNil)
	got := map[string]string{}
	for _, r := range f.Require {
		got[r.Mod.Path] = r.Mod.Version
	}
	for _, r := range f.Replace {
		t.Errorf("go.mod replaces %s: the floors below would not hold", r.Old.Path)
	}
	for _, m := range minVersions {
		v, ok := got[m.path]
		switch {
		case !ok:
			t.Errorf("%s is no longer required (%s): remove its floor if that is intended", m.path, m.why)
		case m.exact && v != m.min:
			t.Errorf("%s is %s, want exactly %s (%s)", m.path, v, m.min, m.why)
		case semver.Compare(v, m.min) < 0:
			t.Errorf("%s is %s, below the floor %s (%s)", m.path, v, m.min, m.why)
		}
	}
	// The Go version: the standard library parses, serves and templates.
	qt.Assert(t, f.Go, qt.IsNotNil)
	qt.Assert(t, semver.Compare("v"+f.Go.Version, "v1.26.0") >= 0, qt.IsTrue, qt.Commentf("go %s", f.Go.Version))
}
