//go:build !unix

package sitetest

// flushDisk does nothing where there is no sync(2).
func flushDisk() {}
