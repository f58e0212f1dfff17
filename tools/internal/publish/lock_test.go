package publish

import (
	"bytes"
	"errors"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"runtime"
	"testing"
	"time"

	qt "github.com/frankban/quicktest"
)

func TestLockExcludesAndWaits(t *testing.T) {
	if runtime.GOOS != "linux" && runtime.GOOS != "darwin" {
		t.Skip("file locks are tested on Unix")
	}
	path := filepath.Join(t.TempDir(), LockFile)
	release, err := Lock(path, "parley build (pid 1)", time.Second, nil)
	qt.Assert(t, err, qt.IsNil)

	// Held: a second taker is told who holds it, then gives up at its timeout.
	var holders []string
	start := time.Now()
	_, err = Lock(path, "second", 300*time.Millisecond, func(h string) error { holders = append(holders, h); return nil })
	qt.Assert(t, errors.Is(err, ErrLocked), qt.IsTrue, qt.Commentf("%v", err))
	qt.Assert(t, err, qt.ErrorMatches, `gave up after 300ms waiting for parley build \(pid 1\) to release .*\.parley\.lock \(locked\)`)
	qt.Assert(t, time.Since(start) >= 300*time.Millisecond, qt.IsTrue)
	qt.Assert(t, holders, qt.DeepEquals, []string{"parley build (pid 1)"})

	// A waiter that declines fails at once.
	_, err = Lock(path, "third", time.Hour, func(string) error { return errors.New("no") })
	qt.Assert(t, err, qt.ErrorMatches, "no")

	// A waiter gets the lock as soon as it is released.
	got := make(chan error)
	go func() {
		r, err := Lock(path, "fourth", 10*time.Second, func(string) error { return nil })
		if err == nil {
			r()
		}
		got <- err
	}()
	time.Sleep(200 * time.Millisecond)
	release()
	qt.Assert(t, <-got, qt.IsNil)
	b, err := os.ReadFile(path)
	qt.Assert(t, err, qt.IsNil)
	qt.Assert(t, string(b), qt.Equals, "fourth\n")
}

func TestLockProject(t *testing.T) {
	if runtime.GOOS != "linux" && runtime.GOOS != "darwin" {
		t.Skip("file locks are tested on Unix")
	}
	root := t.TempDir()
	defer func(d time.Duration) { LockTimeout = d }(LockTimeout)
	LockTimeout = 200 * time.Millisecond

	release, err := LockProject(root, "build", nil)
	qt.Assert(t, err, qt.IsNil)
	var w bytes.Buffer
	_, err = LockProject(root, "build", &w)
	qt.Assert(t, errors.Is(err, ErrLocked), qt.IsTrue)
	qt.Assert(t, w.String(), qt.Matches, `parley: waiting for parley build \(pid \d+\) to finish in `+regexp.QuoteMeta(root)+"…\n")
	release()

	// A serve runs until stopped: a build does not wait for it.
	release, err = LockProject(root, "serve", nil)
	qt.Assert(t, err, qt.IsNil)
	defer release()
	w.Reset()
	start := time.Now()
	LockTimeout = time.Hour
	_, err = LockProject(root, "build", &w)
	qt.Assert(t, err, qt.ErrorMatches, `parley serve \(pid \d+\) is running in `+regexp.QuoteMeta(root)+`: stop it first \(locked\)`)
	qt.Assert(t, time.Since(start) < time.Minute, qt.IsTrue)
	qt.Assert(t, w.String(), qt.Equals, "")
}

// The lock dies with its holder: a process killed while holding it (as a
// SIGKILLed build would be) leaves nothing to clean up.
func TestLockDiesWithProcess(t *testing.T) {
	if path := os.Getenv("PARLEY_LOCK_HELPER"); path != "" {
		if _, err := Lock(path, "helper", time.Second, nil); err != nil {
			os.Exit(1)
		}
		os.Stdout.WriteString("locked\n")
		time.Sleep(time.Hour)
	}
	if runtime.GOOS != "linux" && runtime.GOOS != "darwin" {
		t.Skip("file locks are tested on Unix")
	}
	path := filepath.Join(t.TempDir(), LockFile)
	cmd := exec.Command(os.Args[0], "-test.run=^TestLockDiesWithProcess$")
	cmd.Env = append(os.Environ(), "PARLEY_LOCK_HELPER="+path)
	out, err := cmd.StdoutPipe()
	qt.Assert(t, err, qt.IsNil)
	qt.Assert(t, cmd.Start(), qt.IsNil)
	buf := make([]byte, 7)
	_, err = out.Read(buf)
	qt.Assert(t, err, qt.IsNil)
	qt.Assert(t, string(buf), qt.Equals, "locked\n")

	_, err = Lock(path, "me", 100*time.Millisecond, func(h string) error {
		qt.Check(t, h, qt.Equals, "helper")
		return nil
	})
	qt.Assert(t, errors.Is(err, ErrLocked), qt.IsTrue)

	qt.Assert(t, cmd.Process.Kill(), qt.IsNil)
	cmd.Wait()
	release, err := Lock(path, "me", time.Second, func(string) error { return nil })
	qt.Assert(t, err, qt.IsNil)
	release()
}
