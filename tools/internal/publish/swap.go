package publish

import (
	"errors"
	"io/fs"
	"os"
	"path/filepath"
)

var errExchangeUnsupported = errors.New("atomic exchange unsupported")

// stageAt makes the staging directory staged, which must not exist: the
// tree spare, moved there, when there is one (a build that updates a spare
// tree in place rather than writing every file anew: see swap and
// Finisher.Reuse), or else a new directory. reused says which.
func stageAt(staged, spare string) (reused bool, err error) {
	if err := os.MkdirAll(filepath.Dir(staged), 0o755); err != nil {
		return false, err
	}
	if fi, err := os.Lstat(spare); err == nil && fi.IsDir() && os.Rename(spare, staged) == nil {
		return true, nil
	}
	return false, os.Mkdir(staged, 0o700)
}

// swap publishes the finished directory staged at dest, replacing what was
// there. On Linux the replacement is one atomic exchange; elsewhere dest is
// missing for the instant between two renames. The old tree is kept as
// spare, for the next build to update (see Dest.Stage), rather than removed:
// on these disks, creating and removing every file of a large site costs
// more than rendering it. With spare "", or when the old tree cannot be
// moved there, it is removed.
func swap(staged, dest, spare string) error {
	if err := os.Chmod(staged, 0o755); err != nil { // MkdirTemp makes it 0700
		return err
	}
	_, err := os.Stat(dest)
	if errors.Is(err, fs.ErrNotExist) {
		return os.Rename(staged, dest)
	}
	if err != nil {
		return err
	}
	switch err := exchange(staged, dest); {
	case err == nil:
		return keep(staged, spare) // now holds the old tree
	case !errors.Is(err, errExchangeUnsupported):
		return err
	}
	old := staged + ".old"
	if err := os.Rename(dest, old); err != nil {
		return err
	}
	if err := os.Rename(staged, dest); err != nil {
		os.Rename(old, dest)
		return err
	}
	return keep(old, spare)
}

// abandon disposes of the staging directory of a build that failed: it
// becomes the spare tree of the next (see Stage), or is removed.
func abandon(staged, spare string) error {
	if _, err := os.Lstat(staged); errors.Is(err, fs.ErrNotExist) {
		return nil
	}
	return keep(staged, spare)
}

// keep moves the old tree to spare, or removes it.
func keep(old, spare string) error {
	if spare != "" {
		if _, err := os.Lstat(spare); errors.Is(err, fs.ErrNotExist) && os.MkdirAll(filepath.Dir(spare), 0o755) == nil && os.Rename(old, spare) == nil {
			return nil
		}
	}
	return os.RemoveAll(old)
}
