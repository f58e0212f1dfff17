package publish

// What a build once did in passes over the finished tree, and the
// Finisher now does file by file as Hugo hands them over: kept here as the
// reference its tests compare it with, and the plainest statement of the
// rules.

import (
	"bytes"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"strings"

	"github.com/parley-news/parley/tools/internal/parallel"
)

// minifyTree rewrites every HTML, CSS, JS, JSON, SVG and XML file under dir in
// minified form, except the paths (slash-separated, relative to dir) in
// final: files whose bytes are pinned by a fingerprint and an integrity hash.
func minifyTree(dir string, final map[string]bool) (Stats, error) {
	m := newMinifier()
	var st Stats
	var buf bytes.Buffer
	err := filepath.WalkDir(dir, func(path string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() {
			return err
		}
		rel, _ := filepath.Rel(dir, path)
		rel = filepath.ToSlash(rel)
		b, err := os.ReadFile(path)
		if err != nil {
			return err
		}
		st.Files++
		ext := strings.ToLower(filepath.Ext(path))
		if ext == ".html" {
			st.Pages++
		}
		mt, ok := mediaTypes[ext]
		if !ok || final[rel] {
			st.Bytes += int64(len(b))
			return nil
		}
		buf.Reset()
		if err := m.Minify(mt, &buf, bytes.NewReader(b)); err != nil {
			return fmt.Errorf("minify %s: %w", rel, err)
		}
		st.Bytes += int64(buf.Len())
		st.Saved += int64(len(b) - buf.Len())
		return os.WriteFile(path, buf.Bytes(), 0o644)
	})
	return st, err
}

// checkTree is Finisher.Check on the finished tree in dir.
func checkTree(dir string, b Budgets) error {
	var files []string
	err := filepath.WalkDir(dir, func(p string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() {
			return err
		}
		if ext := strings.ToLower(filepath.Ext(p)); ext == ".html" || ext == ".htm" || ext == ".css" {
			rel, _ := filepath.Rel(dir, p)
			files = append(files, filepath.ToSlash(rel))
		}
		return nil
	})
	if err != nil {
		return err
	}
	budgeted := b.budgeted()
	c := newChecker(dir)
	scans := make([]scan, len(files))
	parallel.Each(len(files), func(i int) { scans[i] = c.scanFile(files[i], budgeted[files[i]]) })

	byFile := map[string]*scan{}
	for i := range scans {
		if scans[i].err != nil {
			return scans[i].err
		}
		byFile[files[i]] = &scans[i]
	}
	return c.check(b, byFile)
}

// staging creates an empty directory beside dest to build into: on the same
// file system, so that swap can rename it into place.
func staging(dest string) (string, error) {
	parent := filepath.Dir(dest)
	if err := os.MkdirAll(parent, 0o755); err != nil {
		return "", err
	}
	return os.MkdirTemp(parent, "."+filepath.Base(dest)+".tmp-")
}
