package publish

import (
	"bytes"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"sync"

	"github.com/tdewolff/minify/v2"
)

// Finisher finishes a site while it is being rendered: each file is
// minified, written, and scanned for the budgets and for third-party
// requests, in one pass and on whatever goroutine hands it over, so that a
// build does not read and write every file of the site again after
// rendering it.
//
//	f := NewFinisher(dir, final, budgets)
//	// render, calling f.Write for each file
//	stats, err := f.Finish() // the files written some other way, and the totals
//	err = f.Check()          // the budgets
//
// The outcome is that of minifying every finished file, then checking the
// budgets on the tree (its tests compare it with those two passes).
type Finisher struct {
	dir      string
	final    map[string]bool
	b        Budgets
	budgeted map[string]bool
	m        *minify.M
	c        *checker

	reuse             bool     // see Reuse
	oldFiles, oldDirs []string // the old tree's
	memory            bool     // see InMemory

	mu    sync.Mutex
	files map[string]*finished // by slash path relative to dir
	kept  map[string][]byte    // in memory, what the budgets may read again

	made sync.Map // directories under dir known to exist (a new tree only)
}

// finished is what is known of one finished file.
type finished struct {
	page        bool
	size, saved int64
	scan        *scan // HTML and CSS files only
}

// NewFinisher returns a Finisher of the site in dir, which minifies every
// file but the paths of final (as Minify) and checks the budgets b.
func NewFinisher(dir string, final map[string]bool, b Budgets) *Finisher {
	return &Finisher{
		dir: dir, final: final, b: b, budgeted: b.budgeted(),
		m: newMinifier(), c: newChecker(dir), files: map[string]*finished{},
	}
}

// InMemory makes the Finisher write nothing: it minifies, measures and
// scans each file as ever, and keeps in memory what checking the budgets
// reads again (every file but pages the budgets do not cover), for a build
// that must find every mistake a real one would but publish nothing
// (parley check).
func (f *Finisher) InMemory() {
	f.memory, f.kept = true, map[string][]byte{}
	f.c.read = func(rel string) ([]byte, error) {
		f.mu.Lock()
		defer f.mu.Unlock()
		if b, ok := f.kept[rel]; ok {
			return b, nil
		}
		return nil, &fs.PathError{Op: "read", Path: rel, Err: fs.ErrNotExist}
	}
}

// Reuse tells the Finisher that its directory holds an old tree (see
// Stage) to update in place: Write leaves a file alone when it already holds
// the right bytes, and Finish removes every file of the old tree Write did
// not write (so every file of the site must go through Write). Reuse first
// removes from the tree whatever is neither a directory nor a regular file:
// writing through a symbolic link could write outside the site.
func (f *Finisher) Reuse() error {
	var files, dirs []string
	err := filepath.WalkDir(f.dir, func(path string, d fs.DirEntry, err error) error {
		switch {
		case err != nil:
			return err
		case d.IsDir():
			dirs = append(dirs, path)
		case d.Type().IsRegular():
			files = append(files, path)
		default:
			return os.Remove(path) // a link, not what it points to
		}
		return nil
	})
	if err != nil {
		return err
	}
	f.reuse, f.oldFiles, f.oldDirs = true, files, dirs
	return nil
}

var minifyBufs = sync.Pool{New: func() any { return new(bytes.Buffer) }}

// Write writes the file at path (absolute, under the site's directory)
// with data minified, creating the directories it needs, and notes what the
// budgets need to know of it. It does not keep data. It is safe for
// concurrent use; a file written twice counts once, as it was written last.
func (f *Finisher) Write(path string, data []byte) error {
	rel, err := filepath.Rel(f.dir, path)
	if err != nil || rel == ".." || strings.HasPrefix(rel, ".."+string(filepath.Separator)) {
		return fmt.Errorf("publish: %s is not under %s", path, f.dir)
	}
	buf := minifyBufs.Get().(*bytes.Buffer)
	defer func() {
		buf.Reset()
		minifyBufs.Put(buf)
	}()
	rel = filepath.ToSlash(rel)
	if f.memory {
		return f.finish(rel, data, buf, func(out []byte, _ bool) error {
			if !strings.HasSuffix(rel, ".html") || f.budgeted[rel] {
				f.mu.Lock()
				f.kept[rel] = bytes.Clone(out)
				f.mu.Unlock()
			}
			return nil
		})
	}
	return f.finish(rel, data, buf, func(out []byte, _ bool) error { return f.put(path, out) })
}

// finish minifies data, the bytes of the file at rel, into buf, hands the
// result to write (with whether it was minified), then scans it.
func (f *Finisher) finish(rel string, data []byte, buf *bytes.Buffer, write func(out []byte, minified bool) error) error {
	ext := strings.ToLower(filepath.Ext(rel))
	out, minified := data, false
	if mt, ok := mediaTypes[ext]; ok && !f.final[rel] {
		if err := f.m.Minify(mt, buf, bytes.NewReader(data)); err != nil {
			return fmt.Errorf("minify %s: %w", rel, err)
		}
		out, minified = buf.Bytes(), true
	}
	if err := write(out, minified); err != nil {
		return err
	}
	fi := &finished{page: ext == ".html", size: int64(len(out)), saved: int64(len(data) - len(out))}
	switch ext {
	case ".html", ".htm":
		if !minified { // scanning lower-cases names in place: not in the caller's bytes
			out = bytes.Clone(out)
		}
		fallthrough
	case ".css":
		s := scanData(rel, out, f.budgeted[rel])
		fi.scan = &s
	}
	f.mu.Lock()
	f.files[rel] = fi
	f.mu.Unlock()
	return nil
}

// put writes a file as Hugo does (new files 0666 and directories 0777,
// before the umask); in an old tree, only if it does not already hold data,
// and whatever of the old tree is in the way.
func (f *Finisher) put(path string, data []byte) error {
	if f.reuse && holds(path, data) {
		return nil
	}
	if !f.reuse { // a new tree: make the file's directory first, once
		if err := f.mkdir(filepath.Dir(path)); err != nil {
			return err
		}
	}
	err := os.WriteFile(path, data, 0o666)
	if err == nil {
		return nil
	}
	if fi, serr := os.Lstat(path); serr == nil && fi.IsDir() && f.reuse {
		if err := os.RemoveAll(path); err != nil {
			return err
		}
	} else if err := f.mkdirs(filepath.Dir(path)); err != nil {
		return err
	}
	return os.WriteFile(path, data, 0o666)
}

// holds reports whether the file at path holds exactly data.
func holds(path string, data []byte) bool {
	f, err := os.Open(path)
	if err != nil {
		return false
	}
	defer f.Close()
	if fi, err := f.Stat(); err != nil || !fi.Mode().IsRegular() || fi.Size() != int64(len(data)) {
		return false
	}
	buf := readBufs.Get().(*[]byte)
	defer readBufs.Put(buf)
	if cap(*buf) < len(data)+1 {
		*buf = make([]byte, len(data)+1)
	}
	b := (*buf)[:len(data)+1] // one more byte, to see the end of the file
	n, err := io.ReadFull(f, b)
	return (err == io.ErrUnexpectedEOF || err == io.EOF) && n == len(data) && bytes.Equal(b[:n], data)
}

var readBufs = sync.Pool{New: func() any { return new([]byte) }}

// mkdir makes dir and its parents under the new tree, each once: rather
// than a failed create, a stat of each level and a mkdir per file, as
// MkdirAll after a failed write costs, one mkdir per directory.
func (f *Finisher) mkdir(dir string) error {
	if dir == f.dir || !strings.HasPrefix(dir, f.dir+string(filepath.Separator)) {
		return nil
	}
	if _, ok := f.made.Load(dir); ok {
		return nil
	}
	if err := f.mkdir(filepath.Dir(dir)); err != nil {
		return err
	}
	if err := os.Mkdir(dir, 0o777); err != nil && !errors.Is(err, fs.ErrExist) {
		return err
	}
	f.made.Store(dir, true)
	return nil
}

// mkdirs makes dir and its parents, removing, in an old tree, a file that
// is in their way.
func (f *Finisher) mkdirs(dir string) error {
	err := os.MkdirAll(dir, 0o777)
	if err == nil || !f.reuse {
		return err
	}
	for d := dir; strings.HasPrefix(d, f.dir+string(filepath.Separator)); d = filepath.Dir(d) {
		if fi, err := os.Lstat(d); err == nil && !fi.IsDir() {
			if err := os.Remove(d); err != nil {
				return err
			}
			break
		}
	}
	return os.MkdirAll(dir, 0o777)
}

// Finish minifies and scans, in place, the files of the site that did not
// go through Write (in an old tree, see Reuse, it removes them, and the
// directories that leaves empty), and returns the statistics of the whole
// site, as Minify does.
func (f *Finisher) Finish() (Stats, error) {
	if f.memory {
		return f.stats(), nil
	}
	if f.reuse {
		return f.sweep()
	}
	var rest []string
	err := filepath.WalkDir(f.dir, func(path string, d fs.DirEntry, err error) error {
		if err != nil {
			return err
		}
		if d.IsDir() {
			return nil
		}
		rel, _ := filepath.Rel(f.dir, path)
		rel = filepath.ToSlash(rel)
		f.mu.Lock()
		_, done := f.files[rel]
		f.mu.Unlock()
		if !done {
			rest = append(rest, path)
		}
		return nil
	})
	if err != nil {
		return Stats{}, err
	}
	var buf bytes.Buffer
	for _, path := range rest {
		data, err := os.ReadFile(path)
		if err != nil {
			return Stats{}, err
		}
		rel, _ := filepath.Rel(f.dir, path)
		buf.Reset()
		err = f.finish(filepath.ToSlash(rel), data, &buf, func(out []byte, minified bool) error {
			if !minified {
				return nil
			}
			return os.WriteFile(path, out, 0o644)
		})
		if err != nil {
			return Stats{}, err
		}
	}
	return f.stats(), nil
}

// sweep removes the files of the old tree that Write did not write, and
// the directories that leaves empty.
func (f *Finisher) sweep() (Stats, error) {
	removed := false
	for _, path := range f.oldFiles {
		rel, _ := filepath.Rel(f.dir, path)
		f.mu.Lock()
		_, done := f.files[filepath.ToSlash(rel)]
		f.mu.Unlock()
		if fi, err := os.Lstat(path); done || err != nil || fi.IsDir() { // a directory now: see mkdirs
			continue
		}
		if err := os.Remove(path); err != nil && !errors.Is(err, fs.ErrNotExist) {
			return Stats{}, err
		}
		removed = true
	}
	if removed && len(f.oldDirs) > 0 {
		for _, d := range slices.Backward(f.oldDirs[1:]) { // deepest first
			if fi, err := os.Lstat(d); err == nil && fi.IsDir() { // not a file since: see put
				os.Remove(d) // fails, as it should, on a directory that is not empty
			}
		}
	}
	return f.stats(), nil
}

func (f *Finisher) stats() Stats {
	var st Stats
	f.mu.Lock()
	defer f.mu.Unlock()
	for _, fi := range f.files {
		st.Files++
		if fi.page {
			st.Pages++
		}
		st.Bytes += fi.size
		st.Saved += fi.saved
	}
	return st
}

// Check checks the finished site before it is published: the size of each
// page of the budgets' Pages, and that no page or stylesheet makes a
// third-party request, i.e. loads a script, stylesheet, image, frame, font
// or any other subresource from an absolute http(s) or protocol-relative
// URL. Links may point anywhere: <a href>, and <link> whose rel loads
// nothing (canonical, alternate, author...). It returns every problem at
// once, as a diag.List of the files at fault.
func (f *Finisher) Check() error {
	f.mu.Lock()
	byFile := map[string]*scan{}
	for rel, fi := range f.files {
		if fi.scan != nil {
			byFile[rel] = fi.scan
		}
	}
	f.mu.Unlock()
	return f.c.check(f.b, byFile)
}
