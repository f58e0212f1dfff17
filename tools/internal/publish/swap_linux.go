package publish

import (
	"errors"
	"os"

	"golang.org/x/sys/unix"
)

// exchange atomically swaps two existing directories (renameat2 with
// RENAME_EXCHANGE): readers see the old tree or the new one, never neither.
func exchange(a, b string) error {
	err := unix.Renameat2(unix.AT_FDCWD, a, unix.AT_FDCWD, b, unix.RENAME_EXCHANGE)
	if errors.Is(err, unix.ENOSYS) || errors.Is(err, unix.EINVAL) {
		return errExchangeUnsupported
	}
	if err != nil {
		return &os.LinkError{Op: "exchange", Old: a, New: b, Err: err}
	}
	return nil
}
