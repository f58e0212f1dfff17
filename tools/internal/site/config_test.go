package site

import (
	"path/filepath"
	"testing"

	qt "github.com/frankban/quicktest"
	"github.com/gohugoio/hugo/config/allconfig"
	"github.com/gohugoio/hugo/hugofs"
)

// The project's hugo.toml locks Hugo down: templates run no programs, fetch
// nothing remote, read no environment variables, and neither editors'
// Markdown nor inline shortcodes can inject HTML or template code. The
// configuration is loaded the way Hugo loads it, so what is asserted is
// what Hugo enforces.
func TestHugoConfigIsLockedDown(t *testing.T) {
	file, err := filepath.Abs(filepath.Join("..", "..", "..", "hugo.toml"))
	qt.Assert(t, err, qt.IsNil)
	// A minimal environment: Hugo lets HUGO_* variables override the
	// file, and the test is about the file.
	configs, err := allconfig.LoadConfig(allconfig.ConfigSourceDescriptor{
		Fs:          hugofs.Os,
		Filename:    file,
		Environment: "production",
		Environ:     []string{"PATH=/usr/bin:/bin"},
	})
	qt.Assert(t, err, qt.IsNil)
	c := configs.Base

	sec := c.Security
	for _, prog := range []string{"go", "git", "npx", "node", "sh", "bash", "postcss", "sass", "dart-sass", "asciidoctor", "pandoc", "rst2html", "/bin/sh"} {
		qt.Check(t, sec.CheckAllowedExec(prog), qt.IsNotNil, qt.Commentf("security.exec.allow lets templates run %q", prog))
	}
	for _, v := range []string{"PATH", "HOME", "GOPATH", "HTTPS_PROXY", "SSH_AUTH_SOCK", "GITHUB_TOKEN"} {
		qt.Check(t, sec.Exec.OsEnv.Accept(v), qt.IsFalse, qt.Commentf("security.exec.osEnv passes %s to programs", v))
	}
	for _, v := range []string{"HOME", "PATH", "HUGO_ENV", "HUGO_PARAMS_X", "CI", "GITHUB_TOKEN", "AWS_SECRET_ACCESS_KEY"} {
		qt.Check(t, sec.CheckAllowedGetEnv(v), qt.IsNotNil, qt.Commentf("security.funcs.getenv lets templates read %s", v))
	}
	for _, u := range []string{"https://example.com", "http://example.com/x.json", "https://raw.githubusercontent.com/x", "http://127.0.0.1/", "http://169.254.169.254/latest/meta-data/", "file:///etc/passwd"} {
		qt.Check(t, sec.CheckAllowedHTTPURL(u), qt.IsNotNil, qt.Commentf("security.http.urls lets resources.GetRemote fetch %s", u))
	}
	for _, m := range []string{"GET", "POST", "HEAD"} {
		qt.Check(t, sec.CheckAllowedHTTPMethod(m), qt.IsNotNil, qt.Commentf("security.http.methods allows %s", m))
	}
	qt.Check(t, sec.HTTP.MediaTypes.Accept("application/json"), qt.IsFalse)
	qt.Check(t, sec.EnableInlineShortcodes, qt.IsFalse)
	// HTML content files (content/x/page.html) are not pages.
	qt.Check(t, sec.CheckAllowedContent("text/html"), qt.IsNotNil)

	gm := c.Markup.Goldmark
	qt.Check(t, gm.Renderer.Unsafe, qt.IsFalse, qt.Commentf("goldmark passes raw HTML through"))
	qt.Check(t, gm.Parser.Attribute.Block, qt.IsFalse, qt.Commentf("{.class onclick=...} attributes on blocks"))
	qt.Check(t, gm.Parser.Attribute.Title, qt.IsFalse, qt.Commentf("{.class onclick=...} attributes on headings"))
}

func TestHugoEnvironmentIsRefused(t *testing.T) {
	qt.Assert(t, checkEnv([]string{"PATH=/bin", "HOME=/root"}), qt.IsNil)
	qt.Assert(t, checkEnv([]string{"PATH=/bin", "HUGO_SECURITY_EXEC_ALLOW=.*", "hugo_markup_goldmark_renderer_unsafe=true"}), qt.ErrorMatches,
		`refusing to build with HUGO_SECURITY_EXEC_ALLOW, hugo_markup_goldmark_renderer_unsafe set: Hugo would read it as configuration over hugo.toml; unset it`)
}
