// Package sitetest holds the system tests of the site Parley builds, run on
// the shipped layouts, assets and flagship (and synthetic explainers): in
// Chromium (widgets, reader, accessibility, hostile content), on the built
// files (links, headers, templates, layout), and the benchmarks of build,
// serve and interaction. The CLI's own tests are in tools/parley.
package sitetest

import (
	"os"
	"os/exec"
	"testing"
)

// childEnv names the command a child process of this test binary runs
// instead of the tests (see testCommand).
const childEnv = "PARLEY_SITETEST_CHILD"

func TestMain(m *testing.M) {
	switch os.Getenv(childEnv) {
	case "hugo-baseline":
		hugoBaseline()
	case "build":
		buildChild()
	}
	code := m.Run()
	if siteRoot != "" { // the site builtSite built for the tests
		os.RemoveAll(siteRoot)
	}
	os.Exit(code)
}

// testCommand runs a command of TestMain, name, in a child process: this
// test binary.
func testCommand(t testing.TB, name string, args ...string) *exec.Cmd {
	t.Helper()
	cmd := exec.Command(os.Args[0], args...)
	cmd.Env = append(os.Environ(), childEnv+"="+name)
	return cmd
}
