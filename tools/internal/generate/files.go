// How the generator writes .parley/: only what changed, whole files only,
// noting what it touched, and sweeping what a build did not write.

package generate

import (
	"bytes"
	"encoding/json"
	"errors"
	"os"
	"path/filepath"
	"slices"

	"github.com/spf13/afero"
)

// TakeTouched returns the files under .parley/ changed since the last call:
// what a serve session tells Hugo to render again.
func (g *Generator) TakeTouched() []string {
	g.mu.Lock()
	defer g.mu.Unlock()
	t := g.touched
	g.touched = nil
	return t
}

// remove deletes a generated file or directory, noting what went.
func (g *Generator) remove(path string) error {
	if _, err := g.o.Fs.Stat(path); errors.Is(err, os.ErrNotExist) {
		return nil
	}
	var gone []string
	err := afero.Walk(g.o.Fs, path, func(p string, fi os.FileInfo, err error) error {
		if err == nil && !fi.IsDir() {
			gone = append(gone, p)
		}
		return err
	})
	if err != nil {
		return err
	}
	g.touch(gone...)
	return g.o.Fs.RemoveAll(path)
}

// removeOthers removes the files under dir (if it exists) whose paths
// keep does not hold, noting what went.
func (g *Generator) removeOthers(dir string, keep func(path string) bool) error {
	var others []string
	err := afero.Walk(g.o.Fs, dir, func(path string, fi os.FileInfo, err error) error {
		switch {
		case errors.Is(err, os.ErrNotExist):
			return nil
		case err != nil || fi.IsDir():
			return err
		case !keep(path):
			others = append(others, path)
		}
		return nil
	})
	if err != nil {
		return err
	}
	for _, path := range others {
		if err := g.remove(path); err != nil {
			return err
		}
	}
	return nil
}

// touch notes files written or removed.
func (g *Generator) touch(paths ...string) {
	g.mu.Lock()
	g.touched = append(g.touched, paths...)
	g.mu.Unlock()
}

// isNotEmpty reports whether dir holds anything.
func isNotEmpty(fsys afero.Fs, dir string) bool {
	empty, err := afero.IsEmpty(fsys, dir)
	return err == nil && !empty
}

// writeJSON writes v as JSON to path, through write.
func (g *Generator) writeJSON(path string, v any) error {
	b, err := json.Marshal(v)
	if err != nil {
		return err
	}
	return g.write(path, b)
}

// write writes b to path unless the file already holds exactly that, so
// that Hugo rebuilds only for real changes; through a temporary file and a
// rename, so that nothing ever reads half a file.
func (g *Generator) write(path string, b []byte) error {
	_, err := g.update(path, b)
	return err
}

// update is write, reporting whether the file changed.
func (g *Generator) update(path string, b []byte) (bool, error) {
	g.markKept(path)
	if old, err := afero.ReadFile(g.o.Fs, path); err == nil && bytes.Equal(old, b) {
		return false, nil
	}
	if err := g.o.Fs.MkdirAll(filepath.Dir(path), 0o755); err != nil {
		return false, err
	}
	tmp := path + ".tmp"
	if err := afero.WriteFile(g.o.Fs, tmp, b, 0o644); err != nil {
		return false, err
	}
	g.touch(path)
	return true, g.o.Fs.Rename(tmp, path)
}

// markKept notes that path was asked for, written or not (see Keep).
func (g *Generator) markKept(path string) {
	g.mu.Lock()
	if g.kept != nil {
		g.kept[path] = true
	}
	g.mu.Unlock()
}

// Keep starts noting the files written (changed or not), for Sweep. A
// build keeps .parley/ from the last one, where most files are already as
// they should be, rather than writing it all again.
func (g *Generator) Keep() {
	g.mu.Lock()
	g.kept = map[string]bool{}
	g.mu.Unlock()
}

// Sweep removes from .parley/ what was not written since Keep (explainers
// since deleted, a match-up an explainer no longer has, files a killed
// build left), but the static bundle, which is Rebundle's.
func (g *Generator) Sweep() error {
	for _, dir := range []string{g.Dir("content"), g.Dir("data"), g.Dir("files")} {
		if err := g.removeStale(dir); err != nil {
			return err
		}
	}
	g.mu.Lock()
	g.kept = nil
	g.mu.Unlock()
	return nil
}

// removeStale removes the files under dir that were not written since
// Keep, and the directories below dir that leaves empty.
func (g *Generator) removeStale(dir string) error {
	var stale, dirs []string
	err := afero.Walk(g.o.Fs, dir, func(path string, fi os.FileInfo, err error) error {
		switch {
		case errors.Is(err, os.ErrNotExist):
			return nil
		case err != nil:
			return err
		case fi.IsDir():
			dirs = append(dirs, path)
		case !g.kept[path]:
			stale = append(stale, path)
		}
		return nil
	})
	if err != nil {
		return err
	}
	for _, p := range stale {
		if err := g.o.Fs.Remove(p); err != nil && !errors.Is(err, os.ErrNotExist) {
			return err
		}
	}
	g.touch(stale...)
	if len(stale) == 0 {
		return nil
	}
	for _, d := range slices.Backward(dirs[1:]) { // deepest first
		// Fails, as it should, on a directory that is not empty.
		if err := g.o.Fs.Remove(d); err != nil && !errors.Is(err, os.ErrNotExist) && !isNotEmpty(g.o.Fs, d) {
			return err
		}
	}
	return nil
}
