// Package translate writes what parley translate writes into an
// explainer's edition (see content.Edition): Scaffold starts an edition or
// adds the strings it lacks; Confirm records that a translation still holds
// after its source changed. Neither ever changes a translation: Scaffold
// creates files or appends to them, Confirm rewrites only the lines that
// record a source (en:, translates:), and both write a file whole, by
// renaming, only if nobody changed it meanwhile.
package translate

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"slices"
	"strings"

	"github.com/parley-news/parley/tools/internal/content"
	"github.com/parley-news/parley/tools/internal/diag"
)

// Result lists what a call wrote, relative to the project.
type Result struct {
	Created  []string // files created
	Appended []string // files that gained strings to translate
	Added    int      // strings added
	// Confirmed are the keys whose source was recorded anew ("prose" for
	// index.<lang>.md).
	Confirmed []string
}

// Prose is the key Confirm takes for an edition's prose, index.<lang>.md.
const Prose = "prose"

// Scaffold starts the edition lang of x (index.<lang>.md, a copy of
// index.md to translate in place, and terms.<lang>.yaml with every string
// to translate), or adds to terms.<lang>.yaml the strings it lacks. The
// prose's translates: is left out until Confirm: until then it counts as
// stale, and readers are told.
func Scaffold(root string, x *content.Explainer, lang string) (Result, error) {
	var r Result
	if !content.ValidLang(lang) {
		return r, fmt.Errorf("%q is not a language code an edition can have (e.g. uk)", lang)
	}
	dir := filepath.Join(root, filepath.FromSlash(x.Dir))
	index := x.Dir + "/index." + lang + ".md"
	if _, err := os.Stat(filepath.Join(root, index)); errors.Is(err, fs.ErrNotExist) {
		src, err := os.ReadFile(filepath.Join(dir, "index.md"))
		if err != nil {
			return r, err
		}
		if err := create(filepath.Join(root, index), proseScaffold(src, x.Front)); err != nil {
			return r, err
		}
		r.Created = append(r.Created, index)
	}
	terms := x.Dir + "/terms." + lang + ".yaml"
	path := filepath.Join(root, filepath.FromSlash(terms))
	old, err := os.ReadFile(path)
	exists := err == nil
	if err != nil && !errors.Is(err, fs.ErrNotExist) {
		return r, err
	}
	have := map[string]bool{}
	if ed := edition(x, lang); ed != nil {
		for k := range ed.Strings {
			have[k] = true
		}
	}
	var add bytes.Buffer
	for _, s := range x.Strings() {
		if !have[s.Key] {
			fmt.Fprintf(&add, "%s:\n  %s: %s\n  %s:\n", s.Key, content.SourceLang, quote(s.Text), lang)
			r.Added++
		}
	}
	switch {
	case !exists:
		head := fmt.Sprintf("# The words of %s's %s edition, by where they are in terms.yaml.\n# Under each key: %s, the text translated (parley translate writes it: leave\n# it be), and %s, its translation. When terms.yaml changes a text, parley\n# check reports its translation as stale, and readers see the new text until\n# it is translated again and confirmed: parley translate --confirm %s %s KEY.\n\n", x.Slug, lang, content.SourceLang, lang, x.Slug, lang)
		if err := create(path, append([]byte(head), add.Bytes()...)); err != nil {
			return r, err
		}
		r.Created = append(r.Created, terms)
	case r.Added > 0:
		b := slices.Clone(old)
		if len(b) > 0 && b[len(b)-1] != '\n' {
			b = append(b, '\n')
		}
		b = append(b, "\n# Added by parley translate: to translate.\n"...)
		if err := replace(path, old, append(b, add.Bytes()...)); err != nil {
			return r, err
		}
		r.Appended = append(r.Appended, terms)
	}
	return r, nil
}

// Confirm records, for each key of the edition lang of x (every stale one
// when keys is empty; Prose for the prose), that its translation holds for
// the source as it is now.
func Confirm(root string, x *content.Explainer, lang string, keys []string) (Result, error) {
	var r Result
	ed := edition(x, lang)
	if ed == nil {
		return r, fmt.Errorf("%s has no %s edition: parley translate %s %s starts one", x.Dir, lang, x.Slug, lang)
	}
	source := map[string]string{}
	var order []string
	for _, s := range x.Strings() {
		source[s.Key] = s.Text
		order = append(order, s.Key)
	}
	all := len(keys) == 0
	if all {
		if ed.Stale {
			keys = append(keys, Prose)
		}
		for _, k := range order {
			if t, ok := ed.Strings[k]; ok && t.Text != "" && t.Source != source[k] {
				keys = append(keys, k)
			}
		}
	}
	var lines = map[int]string{} // terms.<lang>.yaml's lines to rewrite, by number
	for _, k := range keys {
		if k == Prose {
			if err := confirmProse(root, x, ed); err != nil {
				return r, err
			}
			r.Confirmed = append(r.Confirmed, k)
			continue
		}
		t, ok := ed.Strings[k]
		text, known := source[k]
		switch {
		case !known:
			return r, fmt.Errorf("%s: no string %q in terms.yaml%s", x.Dir, k, diag.Suggest(k, order))
		case !ok:
			return r, fmt.Errorf("%s/terms.%s.yaml has no %s yet: parley translate %s %s adds it", x.Dir, lang, k, x.Slug, lang)
		case t.Source == text:
			continue
		}
		lines[t.SourceLine] = content.SourceLang + ": " + quote(text)
		r.Confirmed = append(r.Confirmed, k)
	}
	if len(lines) == 0 {
		return r, nil
	}
	path := filepath.Join(root, filepath.FromSlash(x.Dir), "terms."+lang+".yaml")
	old, err := os.ReadFile(path)
	if err != nil {
		return r, err
	}
	ls := bytes.SplitAfter(old, []byte("\n"))
	for n, repl := range lines {
		l := ls[n-1]
		trimmed := bytes.TrimLeft(l, " ")
		if !bytes.HasPrefix(trimmed, []byte(content.SourceLang+":")) {
			return r, fmt.Errorf("%s/terms.%s.yaml:%d: cannot confirm here: write %s: on a line of its own", x.Dir, lang, n, content.SourceLang)
		}
		end := ""
		if bytes.HasSuffix(l, []byte("\n")) {
			end = "\n"
		}
		ls[n-1] = []byte(string(l[:len(l)-len(trimmed)]) + repl + end)
	}
	if multi := continued(ls, lines); multi != 0 {
		return r, fmt.Errorf("%s/terms.%s.yaml:%d: cannot confirm a source text that runs over several lines: write it on one line", x.Dir, lang, multi)
	}
	return r, replace(path, old, bytes.Join(ls, nil))
}

// continued returns the number of a line rewritten whose old value went
// on to the next line (more indented than its key), else 0.
func continued(ls [][]byte, lines map[int]string) int {
	for n := range lines {
		if n >= len(ls) {
			continue
		}
		indent := len(ls[n-1]) - len(bytes.TrimLeft(ls[n-1], " "))
		next := ls[n]
		if t := bytes.TrimLeft(next, " "); len(t) > 0 && t[0] != '\n' && t[0] != '#' && len(next)-len(t) > indent {
			return n
		}
	}
	return 0
}

func confirmProse(root string, x *content.Explainer, ed *content.Edition) error {
	path := filepath.Join(root, filepath.FromSlash(x.Dir), "index."+ed.Lang+".md")
	old, err := os.ReadFile(path)
	if err != nil {
		return err
	}
	src, err := os.ReadFile(filepath.Join(root, filepath.FromSlash(x.Dir), "index.md"))
	if err != nil {
		return err
	}
	line := "translates: " + content.ProseHash(src, x.Front)
	ls := bytes.SplitAfter(old, []byte("\n"))
	if n := ed.Front.TranslatesAt[0]; n > 0 {
		ls[n-1] = []byte(line + "\n")
	} else {
		// After the opening "---".
		ls = slices.Insert(ls, 1, []byte(line+"\n"))
	}
	return replace(path, old, bytes.Join(ls, nil))
}

func proseScaffold(src []byte, f content.Front) []byte {
	var b bytes.Buffer
	b.WriteString("---\n")
	fmt.Fprintf(&b, "title: %s\nsummary: %s\n", quote(f.Title), quote(f.Summary))
	b.WriteString("# Translate the title, summary and text below. Once done, parley translate\n# --confirm records which version of index.md this translates (translates:);\n# until then readers see a notice that the translation awaits an update.\n---\n")
	body := src
	if i := bytes.Index(src[3:], []byte("\n---")); bytes.HasPrefix(src, []byte("---")) && i >= 0 {
		body = src[3+i+4:]
		body = bytes.TrimPrefix(body, []byte("\r"))
		body = bytes.TrimPrefix(body, []byte("\n"))
	}
	return append(b.Bytes(), body...)
}

func edition(x *content.Explainer, lang string) *content.Edition {
	for _, ed := range x.Editions {
		if ed.Lang == lang {
			return ed
		}
	}
	return nil
}

// quote writes s as a YAML scalar: a JSON string, which YAML reads as a
// double-quoted one, with no HTML escaping.
func quote(s string) string {
	var b bytes.Buffer
	enc := json.NewEncoder(&b)
	enc.SetEscapeHTML(false)
	enc.Encode(s)
	return strings.TrimSuffix(b.String(), "\n")
}

// create writes a new file, never one that exists.
func create(path string, b []byte) error {
	f, err := os.OpenFile(path, os.O_WRONLY|os.O_CREATE|os.O_EXCL, 0o644)
	if err != nil {
		return err
	}
	if _, err := f.Write(b); err != nil {
		f.Close()
		return err
	}
	return f.Close()
}

// replace writes b over path, whose content was old, by renaming a
// temporary file onto it; it refuses if path changed since.
func replace(path string, old, b []byte) error {
	tmp, err := os.CreateTemp(filepath.Dir(path), ".parley-translate-*")
	if err != nil {
		return err
	}
	defer os.Remove(tmp.Name())
	if fi, err := os.Stat(path); err == nil {
		tmp.Chmod(fi.Mode().Perm())
	}
	if _, err := tmp.Write(b); err != nil {
		tmp.Close()
		return err
	}
	if err := tmp.Close(); err != nil {
		return err
	}
	now, err := os.ReadFile(path)
	if err != nil {
		return err
	}
	if !bytes.Equal(now, old) {
		return fmt.Errorf("%s changed while parley translate ran: nothing written; run it again", path)
	}
	return os.Rename(tmp.Name(), path)
}
