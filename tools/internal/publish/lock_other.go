//go:build !unix && !windows

package publish

import "os"

// Without file locks, builds are not serialized.
func tryLock(*os.File) (bool, error) { return true, nil }

func unlock(*os.File) {}
