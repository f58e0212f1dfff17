package main

import (
	"io"
	"os"
	"os/exec"
	"testing"

	qt "github.com/frankban/quicktest"
	"github.com/parley-news/parley/tools/internal/fixture"
	"github.com/parley-news/parley/tools/internal/project"
)

var (
	copyProject = fixture.Copy
	treeHash    = fixture.TreeHash
)

// build runs the whole pipeline into dest, as parley build does.
func build(root, dest string) (*project.Result, error) {
	return runBuild(root, project.Options{Mode: project.Build, Dest: dest, Log: io.Discard})
}

// parleyCommand runs the parley command of TestMain in a child process: the
// test binary itself, which testscript.Main puts on $PATH as parley.
func parleyCommand(t testing.TB, args ...string) *exec.Cmd {
	t.Helper()
	bin, err := exec.LookPath("parley")
	qt.Assert(t, err, qt.IsNil, qt.Commentf("TestMain puts parley on $PATH"))
	cmd := exec.Command(bin, args...)
	// The projects these commands build are throwaway copies without git
	// history: the test run's CI=true is not theirs to require it.
	cmd.Env = append(os.Environ(), "CI=false")
	return cmd
}
