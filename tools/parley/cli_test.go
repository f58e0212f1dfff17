package main

import (
	"bytes"
	"net"
	"testing"

	qt "github.com/frankban/quicktest"
)

func TestCommandLine(t *testing.T) {
	for _, tc := range []struct {
		name   string
		args   []string
		code   int
		stdout string
		stderr string
	}{
		{"unknown command", []string{"bild"}, 2, "", "parley: unknown command \"bild\" (did you mean \"build\"?)\nRun 'parley --help' for usage.\n"},
		{"unknown flag", []string{"build", "--fast"}, 2, "", "parley: unknown flag: --fast\nRun 'parley --help' for usage.\n"},
		{"stray argument", []string{"check", "extra"}, 2, "", "parley: parley check takes no arguments, got \"extra\"\nRun 'parley --help' for usage.\n"},
		{"new without slug", []string{"new"}, 2, "", "parley: new takes one argument, the explainer's slug (e.g. parley new trade-talks), got 0\nRun 'parley --help' for usage.\n"},
		{"new with a bad slug", []string{"-s", "/nonexistent", "new", "Bad Slug"}, 2, "", "parley: invalid slug \"Bad Slug\": use lower-case letters, digits and single hyphens, e.g. trade-talks\nRun 'parley --help' for usage.\n"},
		{"deploy without -tags withdeploy", []string{"deploy", "--target", "file:///tmp/x"}, 2, "", "parley: deploy is not in this build: run it as go run -tags withdeploy ./tools/parley deploy --target URL (Hugo's deploy and its cloud drivers are linked only then)\nRun 'parley --help' for usage.\n"},
		{"build with a relative baseURL", []string{"build", "--baseURL", "/talks/"}, 2, "", "parley: --baseURL \"/talks/\": want an absolute http(s) URL, e.g. https://example.org/talks/\nRun 'parley --help' for usage.\n"},
		{"check outside a project", []string{"-s", "/nonexistent", "check"}, 1, "", "parley: /nonexistent has no content/ directory: run parley in the project directory, or pass -s DIR (parley new SLUG starts an explainer)\n"},
		{"build outside a project", []string{"-s", "/nonexistent", "build"}, 1, "", "parley: /nonexistent has no content/ directory: run parley in the project directory, or pass -s DIR (parley new SLUG starts an explainer)\n"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			var stdout, stderr bytes.Buffer
			code := run(tc.args, &stdout, &stderr)
			qt.Check(t, code, qt.Equals, tc.code)
			qt.Check(t, stdout.String(), qt.Equals, tc.stdout)
			qt.Check(t, stderr.String(), qt.Equals, tc.stderr)
		})
	}
}

func TestEveryCommandHasHelp(t *testing.T) {
	for _, cmd := range []string{"build", "check", "new", "serve", "deploy"} {
		var stdout, stderr bytes.Buffer
		qt.Assert(t, run([]string{cmd, "--help"}, &stdout, &stderr), qt.Equals, 0)
		qt.Assert(t, stdout.String(), qt.Contains, "Usage:\n  parley "+cmd)
	}
}

func TestFreePortSkipsTakenOnes(t *testing.T) {
	l, err := net.Listen("tcp", "127.0.0.1:0")
	qt.Assert(t, err, qt.IsNil)
	defer l.Close()
	taken := l.Addr().(*net.TCPAddr).Port
	qt.Assert(t, freePort("127.0.0.1", taken), qt.Not(qt.Equals), taken)
	qt.Assert(t, freePort("127.0.0.1", taken) > taken, qt.IsTrue)
}
