package main

import (
	"bufio"
	"bytes"
	"os"
	"path/filepath"
	"regexp"
	"strconv"
	"strings"
	"sync"
	"testing"
	"time"

	qt "github.com/frankban/quicktest"
	"github.com/parley-news/parley/tools/internal/publish"
)

// Builds of one project take turns on its lock (.parley.lock): started
// together, both succeed, one after the other, and public/ is the complete
// site; a build started while another runs says what it waits for.
func TestConcurrentBuildsTakeTurns(t *testing.T) {
	if testing.Short() {
		t.Skip("runs parley builds in child processes")
	}
	dir := t.TempDir()
	copyProject(t, dir)
	want := filepath.Join(t.TempDir(), "want")
	_, err := build(dir, want)
	qt.Assert(t, err, qt.IsNil)
	wantHash := treeHash(t, want)

	runBuilds := func(n int) []string {
		t.Helper()
		var wg sync.WaitGroup
		stderr := make([]string, n)
		for i := range n {
			wg.Go(func() {
				cmd := parleyCommand(t, "-s", dir, "build")
				var out, errb bytes.Buffer
				cmd.Stdout, cmd.Stderr = &out, &errb
				err := cmd.Run()
				qt.Check(t, err, qt.IsNil, qt.Commentf("build %d: %s%s", i, out.String(), errb.String()))
				qt.Check(t, out.String(), qt.Matches, `parley: built 1 explainer, .* → public/\n`)
				stderr[i] = errb.String()
			})
		}
		wg.Wait()
		return stderr
	}

	// Two at once, three times over.
	for range 3 {
		runBuilds(2)
		qt.Assert(t, treeHash(t, filepath.Join(dir, "public")), qt.DeepEquals, wantHash)
	}

	// While a build holds the lock, both wait, say so, and then succeed.
	release, err := publish.LockProject(dir, "build", nil)
	qt.Assert(t, err, qt.IsNil)
	time.AfterFunc(time.Second, release)
	waiting := regexp.MustCompile(`^parley: waiting for parley build \(pid ` + strconv.Itoa(os.Getpid()) + `\) to finish in ` + regexp.QuoteMeta(dir) + "…\n")
	start := time.Now()
	for _, s := range runBuilds(2) {
		qt.Assert(t, s, qt.Matches, waiting.String()+`(?s:.*)`)
	}
	qt.Assert(t, time.Since(start) >= time.Second, qt.IsTrue)
	qt.Assert(t, treeHash(t, filepath.Join(dir, "public")), qt.DeepEquals, wantHash)
}

// A running serve owns .parley/: a build in the same project fails at once,
// saying why, and leaves public/ alone.
func TestBuildRefusesWhileServing(t *testing.T) {
	if testing.Short() {
		t.Skip("runs parley serve in a child process")
	}
	dir := t.TempDir()
	copyProject(t, dir)
	port, err := ephemeralPort()
	qt.Assert(t, err, qt.IsNil)

	serve := parleyCommand(t, "-s", dir, "serve", "--port", strconv.Itoa(port))
	stdout, err := serve.StdoutPipe()
	qt.Assert(t, err, qt.IsNil)
	qt.Assert(t, serve.Start(), qt.IsNil)
	defer func() {
		serve.Process.Signal(os.Interrupt)
		serve.Wait()
	}()
	line, err := bufio.NewReader(stdout).ReadString('\n')
	qt.Assert(t, err, qt.IsNil)
	qt.Assert(t, line, qt.Matches, `parley: serving http://.*\n`)

	out, err := parleyCommand(t, "-s", dir, "build").CombinedOutput()
	qt.Assert(t, err, qt.ErrorMatches, "exit status 1")
	qt.Assert(t, string(out), qt.Equals, "parley: parley serve (pid "+strconv.Itoa(serve.Process.Pid)+") is running in "+dir+": stop it first (locked)\n")
	_, err = os.Stat(filepath.Join(dir, "public"))
	qt.Assert(t, os.IsNotExist(err), qt.IsTrue)
	// serve is still serving what it had.
	qt.Assert(t, strings.HasPrefix(line, "parley: serving"), qt.IsTrue)
	_, err = os.Stat(filepath.Join(dir, ".parley"))
	qt.Assert(t, err, qt.IsNil)
}
