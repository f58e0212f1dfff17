package bundle

import (
	"os"
	"os/exec"
	"path/filepath"
	"testing"

	"github.com/evanw/esbuild/pkg/api"
	qt "github.com/frankban/quicktest"
)

// TestWidgetLogic runs the widgets' unit tests (assets/widgets/**/*.test.ts:
// URL state, filtering, match-up differences) with Node's test runner, after
// esbuild compiles them. Node is needed only for tests, never for builds.
func TestWidgetLogic(t *testing.T) {
	node, err := exec.LookPath("node")
	if err != nil {
		if os.Getenv("CI") == "true" {
			t.Fatalf("node is required under CI: %v", err)
		}
		t.Skip("node not installed")
	}
	repo, err := filepath.Abs(filepath.Join("..", "..", ".."))
	qt.Assert(t, err, qt.IsNil)
	tests, err := filepath.Glob(filepath.Join(repo, "assets", "widgets", "lib", "*.test.ts"))
	qt.Assert(t, err, qt.IsNil)
	qt.Assert(t, len(tests) >= 3, qt.IsTrue, qt.Commentf("found %v", tests))
	out := t.TempDir()
	res := api.Build(api.BuildOptions{
		EntryPoints:  tests,
		Outdir:       out,
		OutExtension: map[string]string{".js": ".mjs"},
		Bundle:       true,
		Platform:     api.PlatformNode,
		Format:       api.FormatESModule,
		Target:       api.ES2020,
		Write:        true,
		LogLevel:     api.LogLevelSilent,
	})
	qt.Assert(t, res.Errors, qt.HasLen, 0, qt.Commentf("%v", res.Errors))
	compiled, _ := filepath.Glob(filepath.Join(out, "*.mjs"))
	qt.Assert(t, compiled, qt.HasLen, len(tests))
	cmd := exec.Command(node, append([]string{"--test", "--test-reporter=spec"}, compiled...)...)
	b, err := cmd.CombinedOutput()
	qt.Assert(t, err, qt.IsNil, qt.Commentf("%s", b))
	t.Logf("%s", b)
}
