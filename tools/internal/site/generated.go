package site

import (
	"os"
	"path/filepath"
	"strings"
	"time"

	"github.com/spf13/afero"
)

// generatedFs is a project as Hugo reads it for a build that writes
// nothing (parley check): its .parley/ directory, the input Parley
// generates, from gen (memory), and everything else from the disk (Fs).
// Whatever is in .parley/ on the disk, from an earlier build, is not seen.
type generatedFs struct {
	afero.Fs
	dir string // the project's .parley/, absolute
	gen afero.Fs
}

func (f *generatedFs) pick(name string) afero.Fs {
	if n := filepath.Clean(name); n == f.dir || strings.HasPrefix(n, f.dir+string(filepath.Separator)) {
		return f.gen
	}
	return f.Fs
}

func (f *generatedFs) Create(name string) (afero.File, error) { return f.pick(name).Create(name) }
func (f *generatedFs) Mkdir(name string, perm os.FileMode) error {
	return f.pick(name).Mkdir(name, perm)
}
func (f *generatedFs) MkdirAll(name string, perm os.FileMode) error {
	return f.pick(name).MkdirAll(name, perm)
}
func (f *generatedFs) Open(name string) (afero.File, error) { return f.pick(name).Open(name) }
func (f *generatedFs) OpenFile(name string, flag int, perm os.FileMode) (afero.File, error) {
	return f.pick(name).OpenFile(name, flag, perm)
}
func (f *generatedFs) Remove(name string) error    { return f.pick(name).Remove(name) }
func (f *generatedFs) RemoveAll(name string) error { return f.pick(name).RemoveAll(name) }
func (f *generatedFs) Rename(oldname, newname string) error {
	return f.pick(oldname).Rename(oldname, newname)
}
func (f *generatedFs) Stat(name string) (os.FileInfo, error) { return f.pick(name).Stat(name) }
func (f *generatedFs) Name() string                          { return "parley-generated" }
func (f *generatedFs) Chmod(name string, mode os.FileMode) error {
	return f.pick(name).Chmod(name, mode)
}
func (f *generatedFs) Chown(name string, uid, gid int) error {
	return f.pick(name).Chown(name, uid, gid)
}
func (f *generatedFs) Chtimes(name string, atime, mtime time.Time) error {
	return f.pick(name).Chtimes(name, atime, mtime)
}

// LstatIfPossible is afero.Lstater's, which Hugo uses where it can.
func (f *generatedFs) LstatIfPossible(name string) (os.FileInfo, bool, error) {
	fs := f.pick(name)
	if l, ok := fs.(afero.Lstater); ok {
		return l.LstatIfPossible(name)
	}
	fi, err := fs.Stat(name)
	return fi, false, err
}
