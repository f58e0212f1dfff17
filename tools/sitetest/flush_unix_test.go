//go:build unix

package sitetest

import "syscall"

// flushDisk writes every file's data out to disk and waits for it (sync(2)),
// so that a benchmark's next timed build does not share the disk with
// writes (or deletions) that came before it.
func flushDisk() { syscall.Sync() }
