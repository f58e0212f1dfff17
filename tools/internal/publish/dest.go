package publish

import (
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"errors"
	"fmt"
	"io/fs"
	"math/rand/v2"
	"os"
	"path/filepath"
	"slices"
	"strconv"
	"strings"
)

// Dest is the directory a build publishes to, once OpenDest has found it
// safe: new, empty, or a site Parley published there itself. Parley never
// deletes or overwrites a file it did not write, so it remembers what it
// published where: a record per directory in the project's
// .parley/published/, never in the directory itself (whatever is there is
// deployed). The record lists the site's files and the staging directories
// a build made beside it, the only things a later build may remove.
type Dest struct {
	Dir string // absolute, symbolic links resolved

	path string // of the record
	rec  record
}

type record struct {
	Dir     string   `json:"dir"`
	Files   []string `json:"files"`   // slash paths relative to Dir, sorted
	Staging []string `json:"staging"` // absolute paths of staging directories not yet swapped or kept
}

// Refusal says why a build will not publish to a directory. Nothing has
// been written when OpenDest returns one.
type Refusal struct {
	Dest   string // as given
	Reason string
}

func (r *Refusal) Error() string { return fmt.Sprintf("will not build into %s: %s", r.Dest, r.Reason) }

// DefaultDest is the project's output directory when -d is not given.
const DefaultDest = "public"

// RecordsDir is where a project keeps its records of what it published,
// relative to the project.
const RecordsDir = ".parley/published"

// OpenDest decides, before anything is written, whether the project at root
// may publish its site to dest (relative paths are taken from the working
// directory). It refuses, with a *Refusal: the project directory, any
// directory that holds it, any path inside the project but the default
// public/, a symbolic link, a file, and an existing directory holding a file
// that Parley did not publish there. The project's default public/ built by
// a Parley from before these records is recognised by its _headers and
// embed.js, and adopted.
func OpenDest(root, dest string) (*Dest, error) {
	refuse := func(format string, args ...any) (*Dest, error) {
		return nil, &Refusal{Dest: dest, Reason: fmt.Sprintf(format, args...)}
	}
	absRoot, err := realPath(root)
	if err != nil {
		return nil, err
	}
	abs, err := filepath.Abs(dest)
	if err != nil {
		return nil, err
	}
	if fi, err := os.Lstat(abs); err == nil && fi.Mode()&fs.ModeSymlink != 0 {
		return refuse("it is a symbolic link, and a build replaces the directory itself: give the directory it points to")
	}
	dir, err := realPath(abs)
	if err != nil {
		return nil, err
	}
	switch {
	case dir == absRoot:
		return refuse("it is the project directory: the site goes to %s/ by default, or to a directory outside the project", DefaultDest)
	case isWithin(absRoot, dir):
		return refuse("it holds the project (%s)", absRoot)
	case isWithin(dir, absRoot) && dir != filepath.Join(absRoot, DefaultDest):
		return refuse("it is inside the project, where only %s/ may hold the site: give %s/ or a directory outside the project", DefaultDest, DefaultDest)
	}
	d := &Dest{Dir: dir, path: filepath.Join(absRoot, filepath.FromSlash(RecordsDir), recordName(dir))}
	d.rec.Dir = dir
	fi, err := os.Stat(dir)
	switch {
	case errors.Is(err, fs.ErrNotExist):
		return d, d.load()
	case err != nil:
		return nil, err
	case !fi.IsDir():
		return refuse("it is a file, not a directory")
	}
	if err := d.load(); err != nil {
		return nil, err
	}
	have, err := listFiles(dir)
	if err != nil {
		return nil, err
	}
	if len(have) == 0 {
		return d, nil
	}
	if d.rec.Files == nil && filepath.Join(absRoot, DefaultDest) == dir && isLegacySite(dir) {
		d.rec.Files = have // published by Parley before it kept records
		return d, nil
	}
	if d.rec.Files == nil {
		return refuse("it holds files that Parley did not publish (%s): empty it, or give a new directory", sample(have))
	}
	var foreign []string
	for _, f := range have {
		if _, ok := slices.BinarySearch(d.rec.Files, f); !ok {
			foreign = append(foreign, f)
		}
	}
	if len(foreign) > 0 {
		return refuse("Parley did not write %s there, and a build replaces the whole directory: move %s out of it first", sample(foreign), them(len(foreign)))
	}
	return d, nil
}

// isWithin reports whether path is below dir.
func isWithin(path, dir string) bool {
	rel, err := filepath.Rel(dir, path)
	return err == nil && filepath.IsLocal(rel)
}

// realPath is path made absolute with its symbolic links resolved, as far
// as it exists.
func realPath(path string) (string, error) {
	abs, err := filepath.Abs(path)
	if err != nil {
		return "", err
	}
	rest := "" // the part that does not exist yet
	for p := abs; ; p = filepath.Dir(p) {
		r, err := filepath.EvalSymlinks(p)
		if err == nil {
			return filepath.Join(r, rest), nil
		}
		if !errors.Is(err, fs.ErrNotExist) || filepath.Dir(p) == p {
			return "", err
		}
		rest = filepath.Join(filepath.Base(p), rest)
	}
}

func recordName(dir string) string {
	h := sha256.Sum256([]byte(dir))
	return hex.EncodeToString(h[:8]) + ".json"
}

// isLegacySite recognises a site published by Parley before records: its
// _headers as Headers writes it, and the embed loader.
func isLegacySite(dir string) bool {
	b, err := os.ReadFile(filepath.Join(dir, "_headers"))
	if err != nil || !strings.HasPrefix(string(b), "/*\n  Content-Security-Policy: ") {
		return false
	}
	fi, err := os.Stat(filepath.Join(dir, "embed.js"))
	return err == nil && fi.Mode().IsRegular()
}

// listFiles returns every entry under dir that is not a directory, as sorted
// slash paths relative to it.
func listFiles(dir string) ([]string, error) {
	var out []string
	err := filepath.WalkDir(dir, func(path string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() {
			return err
		}
		rel, _ := filepath.Rel(dir, path)
		out = append(out, filepath.ToSlash(rel))
		return nil
	})
	slices.Sort(out)
	return out, err
}

func sample(files []string) string {
	const max = 3
	q := make([]string, 0, max)
	for _, f := range files[:min(len(files), max)] {
		q = append(q, fmt.Sprintf("%q", f))
	}
	s := strings.Join(q, ", ")
	if len(files) > max {
		s += fmt.Sprintf(" and %d more", len(files)-max)
	}
	return s
}

func them(n int) string {
	if n == 1 {
		return "it"
	}
	return "them"
}

func (d *Dest) load() error {
	b, err := os.ReadFile(d.path)
	if errors.Is(err, fs.ErrNotExist) {
		return nil
	}
	if err != nil {
		return err
	}
	var r record
	if err := json.Unmarshal(b, &r); err != nil || r.Dir != d.Dir {
		return nil // not a record of this directory: as if there were none
	}
	slices.Sort(r.Files)
	d.rec = r
	return nil
}

// save writes the record, through a temporary file and a rename.
func (d *Dest) save() error {
	b, err := json.Marshal(d.rec)
	if err != nil {
		return err
	}
	if err := os.MkdirAll(filepath.Dir(d.path), 0o755); err != nil {
		return err
	}
	tmp := d.path + ".tmp"
	if err := os.WriteFile(tmp, b, 0o644); err != nil {
		return err
	}
	return os.Rename(tmp, d.path)
}

// RemoveStale removes the staging directories that builds killed before
// they could clean up left beside the directory (see Stage); nothing else.
// Call it holding the project's lock, so that no running build's staging
// directory is among them.
func (d *Dest) RemoveStale() error {
	if len(d.rec.Staging) == 0 {
		return nil
	}
	var errs []error
	for _, s := range d.rec.Staging {
		if filepath.Dir(s) == filepath.Dir(d.Dir) && strings.HasPrefix(filepath.Base(s), "."+filepath.Base(d.Dir)+".tmp-") {
			// and the old tree of a swap made of two renames (see swap)
			errs = append(errs, os.RemoveAll(s), os.RemoveAll(s+".old"))
		}
	}
	if err := errors.Join(errs...); err != nil {
		return err
	}
	d.rec.Staging = nil
	return d.save()
}

// Stage makes the directory to build the site into, beside Dir, on the same
// file system so that Publish can rename it into place; it is the tree
// spare when there is one (see stageAt), and is recorded
// so that a build killed before Publish leaves nothing a later one would not
// remove.
//
// The directory is recorded before it is made: a build killed at any
// moment leaves nothing unrecorded.
func (d *Dest) Stage(spare string) (staged string, reused bool, err error) {
	for {
		staged = filepath.Join(filepath.Dir(d.Dir), "."+filepath.Base(d.Dir)+".tmp-"+strconv.FormatUint(uint64(rand.Uint32()), 10))
		if _, err := os.Lstat(staged); errors.Is(err, fs.ErrNotExist) {
			break
		}
	}
	d.rec.Staging = append(d.rec.Staging, staged)
	if err := d.save(); err != nil {
		return "", false, err
	}
	if reused, err = stageAt(staged, spare); err != nil {
		return "", false, err
	}
	return staged, reused, nil
}

// Publish swaps the finished tree staged into place (see swap) and
// records its files as Parley's. The record names the files of both trees
// until the swap is done, so that a build killed at any point leaves a
// directory the next build recognises.
func (d *Dest) Publish(staged, spare string) error {
	files, err := listFiles(staged)
	if err != nil {
		return err
	}
	d.rec.Files = union(d.rec.Files, files)
	if err := d.save(); err != nil {
		return err
	}
	if err := swap(staged, d.Dir, spare); err != nil {
		return err
	}
	d.rec.Files = files
	d.rec.Staging = slices.DeleteFunc(d.rec.Staging, func(s string) bool { return s == staged })
	return d.save()
}

// Abandon disposes of the staging directory of a build that failed (see
// abandon) and forgets it.
func (d *Dest) Abandon(staged, spare string) error {
	err := abandon(staged, spare)
	if err == nil && slices.Contains(d.rec.Staging, staged) {
		d.rec.Staging = slices.DeleteFunc(d.rec.Staging, func(s string) bool { return s == staged })
		err = d.save()
	}
	return err
}

func union(a, b []string) []string {
	out := append(slices.Clone(a), b...)
	slices.Sort(out)
	return slices.Compact(out)
}
