package publish

import (
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"strings"
	"time"
)

// LockFile is the file in the project directory that `parley build` and
// `parley serve` hold an exclusive lock on for their whole run: both write
// .parley/, and a build replaces public/. The lock is advisory (flock on
// Unix) and dies with its process, so a killed build never leaves a stale
// lock behind; the file itself stays, holding the last holder's name.
const LockFile = ".parley.lock"

// LockTimeout is how long a build or serve waits for a running build.
var LockTimeout = 5 * time.Minute

// ErrLocked is returned, wrapped, when the lock could not be had.
var ErrLocked = errors.New("locked")

// LockProject takes root's lock for a command ("build" or "serve"). While
// another build holds it, it writes one line to w and waits for up to
// LockTimeout; a running serve is not waited for, since it runs until it is
// stopped. release lets the lock go.
func LockProject(root, command string, w io.Writer) (release func(), err error) {
	abs, err := filepath.Abs(root)
	if err != nil {
		return nil, err
	}
	return Lock(filepath.Join(abs, LockFile), fmt.Sprintf("parley %s (pid %d)", command, os.Getpid()), LockTimeout,
		func(holder string) error {
			if holder == "" {
				holder = "another parley build"
			}
			if strings.HasPrefix(holder, "parley serve") {
				return fmt.Errorf("%s is running in %s: stop it first (%w)", holder, abs, ErrLocked)
			}
			fmt.Fprintf(w, "parley: waiting for %s to finish in %s…\n", holder, abs)
			return nil
		})
}

// Lock takes an exclusive lock on path, creating the file, and writes note
// into it for others to read. When another process holds the lock, Lock
// calls waiting (when not nil) once with the holder's note: an error from
// it ends the attempt; otherwise Lock polls until the lock is free, for up to timeout.
func Lock(path, note string, timeout time.Duration, waiting func(holder string) error) (release func(), err error) {
	f, err := os.OpenFile(path, os.O_RDWR|os.O_CREATE, 0o644)
	if err != nil {
		return nil, err
	}
	deadline := time.Now().Add(timeout)
	holder := ""
	for first := true; ; first = false {
		ok, err := tryLock(f)
		if err != nil {
			f.Close()
			return nil, fmt.Errorf("lock %s: %w", path, err)
		}
		if ok {
			break
		}
		if first {
			b, _ := io.ReadAll(io.LimitReader(f, 200))
			f.Seek(0, io.SeekStart)
			holder = strings.TrimSpace(string(b))
			if waiting == nil {
				waiting = func(string) error { return nil }
			}
			if err := waiting(holder); err != nil {
				f.Close()
				return nil, err
			}
		}
		if time.Now().After(deadline) {
			f.Close()
			if holder == "" {
				holder = "another process"
			}
			return nil, fmt.Errorf("gave up after %s waiting for %s to release %s (%w)", timeout, holder, path, ErrLocked)
		}
		time.Sleep(50 * time.Millisecond)
	}
	// Ours now: say who holds it.
	if err := f.Truncate(0); err == nil {
		f.WriteAt([]byte(note+"\n"), 0)
	}
	return func() { unlock(f); f.Close() }, nil
}
