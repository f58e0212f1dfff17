package bundle

import (
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strings"
	"testing"

	qt "github.com/frankban/quicktest"
)

// project writes a minimal project with the given entry sources.
func project(t *testing.T, ts, css string) string {
	t.Helper()
	root := t.TempDir()
	for path, src := range map[string]string{ScriptEntry: ts, StyleEntry: css, LoaderEntry: "console.log(1);\n"} {
		qt.Assert(t, os.MkdirAll(filepath.Join(root, filepath.Dir(path)), 0o755), qt.IsNil)
		qt.Assert(t, os.WriteFile(filepath.Join(root, path), []byte(src), 0o644), qt.IsNil)
	}
	return root
}

func TestBuildFingerprintsAndMinifies(t *testing.T) {
	root := project(t, "const greeting: string = 'hello';\nconsole.log(greeting);\n", "body {\n  color: red;\n}\n")
	m, err := Build(root, Budget{JS: 1000, CSS: 1000})
	qt.Assert(t, err, qt.IsNil)
	qt.Assert(t, m.JS.Path, qt.Matches, `js/main-[A-Z0-9]{8}\.js`)
	qt.Assert(t, m.CSS.Path, qt.Matches, `css/main-[A-Z0-9]{8}\.css`)
	js := m.Files[m.JS.Path]
	// The compile hint must open the file: V8 reads it only there.
	qt.Assert(t, string(js), qt.Equals, "//# allFunctionsCalledOnLoad\nvar o=\"hello\";console.log(o);\n")
	css := m.Files[m.CSS.Path]
	qt.Assert(t, string(css), qt.Equals, "body{color:red}\n")
	qt.Assert(t, m.JS.Integrity, qt.Equals, asset(m.JS.Path, js).Integrity)
	qt.Assert(t, m.JS.Integrity, qt.Matches, `sha384-[A-Za-z0-9+/]{64}`)
	qt.Assert(t, m.JS.Bytes, qt.Equals, len(js))
	loader := m.Files[LoaderPath]
	qt.Assert(t, m.Files, qt.HasLen, 3)
	qt.Assert(t, string(loader), qt.Equals, "\"use strict\";(()=>{console.log(1);})();\n")
	qt.Assert(t, m.Loader.Path, qt.Equals, "embed.js")
	qt.Assert(t, m.Loader.Integrity, qt.Equals, asset("embed.js", loader).Integrity)

	// Same input, same names: the fingerprint depends on content only.
	m2, err := Build(root, Budget{})
	qt.Assert(t, err, qt.IsNil)
	qt.Assert(t, m2, qt.DeepEquals, m)
	entries, err := os.ReadDir(root)
	qt.Assert(t, err, qt.IsNil)
	qt.Assert(t, len(entries), qt.Equals, 1, qt.Commentf("Build writes nothing: only assets/ is there"))
}

func TestBuildEnforcesGzipBudget(t *testing.T) {
	// Random-looking strings compress badly, so the output is well over 200 bytes gzipped.
	var b strings.Builder
	for i := range 200 {
		b.WriteString("console.log('" + strings.Repeat(string(rune('a'+i%26)), i%7+1) + string(rune('A'+i%26)) + "');\n")
	}
	root := project(t, "import './big';\n", "a{color:blue}")
	qt.Assert(t, os.WriteFile(filepath.Join(root, "assets/widgets/big.ts"), []byte(b.String()), 0o644), qt.IsNil)
	_, err := Build(root, Budget{JS: 200, CSS: 1000})
	qt.Assert(t, err, qt.ErrorMatches, `bundle: js/main-[A-Z0-9]+\.js is \d+ bytes gzipped, over its budget of 200; biggest inputs: assets/widgets/big\.ts \(\d+ bytes\), assets/widgets/main\.ts \(0 bytes\)`)
}

func TestBuildReportsPositionedErrors(t *testing.T) {
	root := project(t, "import './widget';\n", "a{color:blue}")
	qt.Assert(t, os.WriteFile(filepath.Join(root, "assets/widgets/widget.ts"), []byte("const ok = 1;\nconst broken = ;\n"), 0o644), qt.IsNil)
	_, err := Build(root, Budget{})
	qt.Assert(t, err, qt.ErrorMatches, `assets/widgets/widget\.ts:2:16: Unexpected ";"`)
}

// The widgets type-check under tsc --strict (TypeScript is a dev-only npm
// dependency; .ci/run installs it).
func TestWidgetsTypeCheck(t *testing.T) {
	repo := filepath.Join("..", "..", "..")
	tsc := filepath.Join(repo, "node_modules", ".bin", "tsc")
	if _, err := os.Stat(tsc); err != nil {
		if os.Getenv("CI") == "true" {
			t.Fatalf("tsc is not installed (run npm ci): %v", err)
		}
		t.Skip("tsc not installed; run npm ci")
	}
	out, err := exec.Command(tsc, "--noEmit", "-p", repo).CombinedOutput()
	qt.Assert(t, err, qt.IsNil, qt.Commentf("%s", out))
	qt.Assert(t, regexp.MustCompile(`error TS`).Match(out), qt.IsFalse)
}
