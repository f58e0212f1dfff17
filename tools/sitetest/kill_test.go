package sitetest

import (
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"syscall"
	"testing"
	"time"

	qt "github.com/frankban/quicktest"
	"github.com/fsnotify/fsnotify"
)

// buildCommand builds the project at dir into dir/public, as parley build
// does, in a child process (see testCommand).
func buildCommand(t testing.TB, dir string) *exec.Cmd {
	t.Helper()
	return testCommand(t, "build", dir)
}

// buildChild is the build command of buildCommand.
func buildChild() {
	if _, err := build(os.Args[1], filepath.Join(os.Args[1], "public")); err != nil {
		fmt.Fprintln(os.Stderr, err)
		os.Exit(1)
	}
	os.Exit(0)
}

// A build killed with SIGKILL at any moment, while it renders, minifies or
// swaps, leaves public/ holding the old site or the new one, whole, never a
// mix; and whatever it leaves behind does not break the next build, which
// also removes it. Kills land at times spread over a build and, watched
// through inotify, at the moments it creates its staging directory, writes
// its last file (_headers, just before the swap) and swaps (a rename event
// in the project directory; Swap is one renameat2 RENAME_EXCHANGE).
func TestKilledBuildLeavesOldOrNewSite(t *testing.T) {
	if testing.Short() {
		t.Skip("kills about twenty real builds")
	}
	dir, public := published(t)
	oldTree := filepath.Join(t.TempDir(), "old")
	qt.Assert(t, os.CopyFS(oldTree, os.DirFS(public)), qt.IsNil)
	oldHash := treeHash(t, oldTree)

	// The new site differs from the old in its explainer page and the
	// home page, and in nothing else.
	index := filepath.Join(dir, "content", "ukraine-peace-talks", "index.md")
	src, err := os.ReadFile(index)
	qt.Assert(t, err, qt.IsNil)
	qt.Assert(t, os.WriteFile(index, []byte(strings.Replace(string(src), "\nsummary: \"", "\nsummary: \"Updated. ", 1)), 0o644), qt.IsNil)
	newTree := filepath.Join(t.TempDir(), "new")
	_, err = build(dir, newTree)
	qt.Assert(t, err, qt.IsNil)
	newHash := treeHash(t, newTree)
	qt.Assert(t, newHash, qt.Not(qt.DeepEquals), oldHash)

	restore := func() {
		t.Helper()
		qt.Assert(t, os.RemoveAll(public), qt.IsNil)
		qt.Assert(t, os.CopyFS(public, os.DirFS(oldTree)), qt.IsNil)
	}
	// check reports what a kill left: public/ must be one of the two sites.
	check := func(what string) string {
		t.Helper()
		got := treeHash(t, public)
		stale, _ := filepath.Glob(filepath.Join(dir, ".public.tmp-*"))
		state := "old"
		switch {
		case mapsEqual(got, oldHash):
		case mapsEqual(got, newHash):
			state = "new"
		default:
			t.Fatalf("%s: public/ is neither the old site nor the new one: %s", what, diffTrees(oldHash, newHash, got))
		}
		if len(stale) > 0 {
			state += " + staging left"
		}
		return state
	}

	// How long an unhindered build takes here.
	start := time.Now()
	out, err := buildCommand(t, dir).CombinedOutput()
	qt.Assert(t, err, qt.IsNil, qt.Commentf("%s", out))
	full := time.Since(start)
	qt.Assert(t, check("full build"), qt.Equals, "new")
	t.Logf("a full build takes %s", full.Round(time.Millisecond))

	outcomes := map[string]int{}
	run := func(what string, killAt func(cmd *exec.Cmd, w *fsnotify.Watcher)) {
		t.Helper()
		restore()
		w, err := fsnotify.NewWatcher()
		qt.Assert(t, err, qt.IsNil)
		defer w.Close()
		qt.Assert(t, w.Add(dir), qt.IsNil)
		cmd := buildCommand(t, dir)
		qt.Assert(t, cmd.Start(), qt.IsNil)
		done := make(chan struct{})
		go func() { killAt(cmd, w); close(done) }()
		cmd.Wait()
		<-done
		state := check(what)
		outcomes[state]++
		t.Logf("%-34s → public/ is the %s site", what, state)
	}
	kill := func(cmd *exec.Cmd) { cmd.Process.Signal(syscall.SIGKILL) }

	// Spread over the whole build, and more densely over its end (a child
	// process's start varies by some milliseconds).
	for i := range 16 {
		delay := full * time.Duration(i) / 8
		if i >= 8 {
			delay = full*6/10 + full*time.Duration(i-8)/10
		}
		run(fmt.Sprintf("killed after %s", delay.Round(time.Millisecond)), func(cmd *exec.Cmd, _ *fsnotify.Watcher) {
			time.Sleep(delay)
			kill(cmd)
		})
	}
	// At the build's milestones, seen as they happen.
	milestones := []struct {
		name string
		hit  func(w *fsnotify.Watcher, ev fsnotify.Event) bool
	}{
		{"staging directory created", func(_ *fsnotify.Watcher, ev fsnotify.Event) bool {
			return ev.Has(fsnotify.Create) && strings.HasPrefix(filepath.Base(ev.Name), ".public.tmp-")
		}},
		{"last file written (_headers)", func(w *fsnotify.Watcher, ev fsnotify.Event) bool {
			if ev.Has(fsnotify.Create) && strings.HasPrefix(filepath.Base(ev.Name), ".public.tmp-") {
				w.Add(ev.Name)
			}
			return filepath.Base(ev.Name) == "_headers"
		}},
		{"swap (rename of public/)", func(_ *fsnotify.Watcher, ev fsnotify.Event) bool {
			return ev.Name == public && (ev.Has(fsnotify.Rename) || ev.Has(fsnotify.Create))
		}},
	}
	for _, m := range milestones {
		for range 2 {
			run("killed at "+m.name, func(cmd *exec.Cmd, w *fsnotify.Watcher) {
				deadline := time.After(3 * full)
				for {
					select {
					case ev := <-w.Events:
						if m.hit(w, ev) {
							kill(cmd)
							return
						}
					case <-deadline:
						kill(cmd)
						return
					}
				}
			})
		}
	}
	t.Logf("outcomes: %v", outcomes)
	qt.Assert(t, outcomes["old + staging left"] > 0, qt.IsTrue, qt.Commentf("no kill landed while rendering: %v", outcomes))

	// What the kills left does not get in the way: the next build publishes
	// the new site and removes it.
	restore()
	out, err = buildCommand(t, dir).CombinedOutput()
	qt.Assert(t, err, qt.IsNil, qt.Commentf("%s", out))
	qt.Assert(t, check("build after the kills"), qt.Equals, "new")
}

func mapsEqual(a, b map[string]string) bool {
	if len(a) != len(b) {
		return false
	}
	for k, v := range a {
		if b[k] != v {
			return false
		}
	}
	return true
}

// diffTrees names the files of got that match neither tree.
func diffTrees(old, new, got map[string]string) string {
	var b strings.Builder
	for f, h := range got {
		if old[f] != h && new[f] != h {
			fmt.Fprintf(&b, "\n  %s differs from both", f)
		}
	}
	for f := range old {
		if _, ok := got[f]; !ok {
			fmt.Fprintf(&b, "\n  %s missing", f)
		}
	}
	return b.String()
}
