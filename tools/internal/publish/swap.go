package publish

import (
	"errors"
	"io/fs"
	"os"
	"path/filepath"
)

var errExchangeUnsupported = errors.New("atomic exchange unsupported")

// Staging creates an empty directory beside dest to build into: on the same
// file system, so that Swap can rename it into place.
func Staging(dest string) (string, error) {
	parent := filepath.Dir(dest)
	if err := os.MkdirAll(parent, 0o755); err != nil {
		return "", err
	}
	return os.MkdirTemp(parent, "."+filepath.Base(dest)+".tmp-")
}

// Swap publishes the finished directory staged at dest, replacing what was
// there. On Linux the replacement is one atomic exchange; elsewhere dest is
// missing for the instant between two renames. The old tree is removed.
func Swap(staged, dest string) error {
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
		return os.RemoveAll(staged) // now holds the old tree
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
	return os.RemoveAll(old)
}
