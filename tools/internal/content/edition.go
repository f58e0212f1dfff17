package content

import (
	"bytes"
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"fmt"
	"io/fs"
	"maps"
	"os"
	"path/filepath"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"unicode"

	"github.com/parley-news/parley/tools/internal/diag"
)

// An edition is an explainer in another language than its source's:
// index.<lang>.md (its prose, with its own title and summary) and
// terms.<lang>.yaml (its terms' words) beside index.md and terms.yaml.
// Structure (stances, sources, dates, claims) is terms.yaml's alone; an
// edition holds words only, each keyed by where it is in terms.yaml (see
// String) and written with the source text it translates:
//
//	terms.ceasefire-first.text:
//	  en: A ceasefire comes before talks on a settlement
//	  uk: Спершу припинення вогню, потім переговори про врегулювання
//
// When terms.yaml's text differs from the one recorded, the translation is
// stale: check says so at its key, and the page shows the source text,
// marked as awaiting translation, instead (Translate). The prose records
// the version of index.md it translates as a hash (ProseHash) in its front
// matter, translates:. parley translate writes both (package translate).
type Edition struct {
	Lang    string
	Front   EditionFront
	Prose   []byte                 // index.<lang>.md as read
	Strings map[string]Translation // by key; none without terms.<lang>.yaml
	Terms   bool                   // terms.<lang>.yaml exists
	// Stale is true when index.md changed since the prose was translated.
	Stale bool
}

// EditionFront is index.<lang>.md's front matter: what differs by
// language. Dates, importance, topics and drafts are index.md's.
type EditionFront struct {
	Title, Summary string
	Authors        []string
	Translates     string // ProseHash of the index.md translated
	TranslatesAt   [2]int // line and column of translates:
}

// Translation is one string of terms.<lang>.yaml: the source text it was
// made from, the translation ("" when not yet written), and where its key is.
type Translation struct {
	Source, Text string
	Line, Col    int
	SourceLine   int // the line of its source text (en:)
}

// String is a translatable string of an explainer: its key, as
// terms.<lang>.yaml names it, and its text in terms.yaml.
type String struct {
	Key, Text string
}

// SourceLang is the language explainers are written in: index.md and
// terms.yaml's, and the site's default.
const SourceLang = "en"

// langRE is what may name an edition: a language code as Hugo's
// languages are named (uk, pt-br).
var langRE = regexp.MustCompile(`^[a-z]{2,3}(-[a-z0-9]{2,8})?$`)

// ValidLang reports whether s may name an edition's language.
func ValidLang(s string) bool { return langRE.MatchString(s) && s != SourceLang }

// Strings lists every translatable string of x, in the order of terms.yaml.
func (x *Explainer) Strings() []String {
	var out []String
	add := func(key, text string) {
		if text != "" {
			out = append(out, String{key, text})
		}
	}
	for _, a := range x.Actors {
		add("actors."+a.ID+".name", a.Name)
		if a.Short != a.Name {
			add("actors."+a.ID+".short", a.Short)
		}
		for i, m := range a.Members {
			add("actors."+a.ID+".members."+strconv.Itoa(i+1), m)
		}
	}
	for _, s := range x.Sides {
		add("sides."+s.ID+".name", s.Name)
		add("sides."+s.ID+".short", s.Short)
		add("sides."+s.ID+".summary", s.Summary)
	}
	for _, g := range x.Groups {
		add("groups."+GroupKey(g), g)
	}
	for _, t := range x.Terms {
		add("terms."+t.ID+".text", t.Text)
		add("terms."+t.ID+".explain", t.Explain)
		for _, p := range t.Positions {
			add("terms."+t.ID+"."+p.Side+".note", p.Note)
		}
	}
	for _, s := range x.Sources {
		add("sources."+s.ID+".publisher", s.Publisher)
		add("sources."+s.ID+".title", s.Title)
	}
	for i, e := range x.Events {
		add("events."+strconv.Itoa(i+1)+".title", e.Title)
		add("events."+strconv.Itoa(i+1)+".text", e.Text)
	}
	for i, n := range x.Updates {
		add("updates."+strconv.Itoa(i+1), n.Text)
	}
	for i, n := range x.Corrections {
		add("corrections."+strconv.Itoa(i+1), n.Text)
	}
	return out
}

// GroupKey is a group's key in an edition: its name in lower case, words
// joined by hyphens ("Security guarantees" → "security-guarantees").
func GroupKey(name string) string {
	var b strings.Builder
	dash := false
	for _, r := range strings.ToLower(name) {
		if unicode.IsLetter(r) || unicode.IsDigit(r) {
			if dash && b.Len() > 0 {
				b.WriteByte('-')
			}
			b.WriteRune(r)
			dash = false
		} else {
			dash = true
		}
	}
	return b.String()
}

// ProseHash is the version of index.md an edition's prose translates: a
// hash of its title, summary and prose, so that a change of date or draft
// leaves translations current.
func ProseHash(index []byte, f Front) string {
	from, _ := bodyStart(index)
	h := sha256.New()
	fmt.Fprintf(h, "%s\x00%s\x00", f.Title, f.Summary)
	h.Write(bytes.ReplaceAll(index[from:], []byte("\r\n"), []byte("\n")))
	return hex.EncodeToString(h.Sum(nil))[:12]
}

// Translate returns x in the edition's words, and the keys of the strings
// that keep the source's text because their translation is missing or
// stale. Structure is x's; x itself is not changed.
func (x *Explainer) Translate(ed *Edition) (*Explainer, map[string]bool) {
	t := *x
	t.Front.Title, t.Front.Summary = ed.Front.Title, ed.Front.Summary
	if ed.Front.Authors != nil {
		t.Front.Authors = ed.Front.Authors
	}
	fallback := map[string]bool{}
	tr := func(key string, s *string) {
		if *s == "" {
			return
		}
		if v, ok := ed.Strings[key]; ok && v.Text != "" && v.Source == *s {
			*s = v.Text
			return
		}
		fallback[key] = true
	}
	t.Actors = slices.Clone(x.Actors)
	for i := range t.Actors {
		a := &t.Actors[i]
		short := a.Short == a.Name
		tr("actors."+a.ID+".name", &a.Name)
		if short {
			a.Short = a.Name
		} else {
			tr("actors."+a.ID+".short", &a.Short)
		}
		a.Members = slices.Clone(a.Members)
		for j := range a.Members {
			tr("actors."+a.ID+".members."+strconv.Itoa(j+1), &a.Members[j])
		}
	}
	t.Sides = slices.Clone(x.Sides)
	for i := range t.Sides {
		s := &t.Sides[i]
		tr("sides."+s.ID+".name", &s.Name)
		tr("sides."+s.ID+".short", &s.Short)
		tr("sides."+s.ID+".summary", &s.Summary)
	}
	groups := map[string]string{}
	t.Groups = slices.Clone(x.Groups)
	for i := range t.Groups {
		g := t.Groups[i]
		tr("groups."+GroupKey(g), &t.Groups[i])
		groups[g] = t.Groups[i]
	}
	t.Terms = slices.Clone(x.Terms)
	for i := range t.Terms {
		term := &t.Terms[i]
		term.Group = groups[term.Group]
		tr("terms."+term.ID+".text", &term.Text)
		tr("terms."+term.ID+".explain", &term.Explain)
		term.Positions = slices.Clone(term.Positions)
		for j := range term.Positions {
			p := &term.Positions[j]
			tr("terms."+term.ID+"."+p.Side+".note", &p.Note)
		}
	}
	t.Sources = slices.Clone(x.Sources)
	for i := range t.Sources {
		s := &t.Sources[i]
		tr("sources."+s.ID+".publisher", &s.Publisher)
		tr("sources."+s.ID+".title", &s.Title)
	}
	t.Events = slices.Clone(x.Events)
	for i := range t.Events {
		tr("events."+strconv.Itoa(i+1)+".title", &t.Events[i].Title)
		tr("events."+strconv.Itoa(i+1)+".text", &t.Events[i].Text)
	}
	t.Updates = slices.Clone(x.Updates)
	for i := range t.Updates {
		tr("updates."+strconv.Itoa(i+1), &t.Updates[i].Text)
	}
	t.Corrections = slices.Clone(x.Corrections)
	for i := range t.Corrections {
		tr("corrections."+strconv.Itoa(i+1), &t.Corrections[i].Text)
	}
	t.Editions = nil
	return &t, fallback
}

// loadEditions reads every index.<lang>.md of the explainer at root/rel,
// and the terms.<lang>.yaml beside each, once x is valid. A terms.<lang>.yaml
// without its index.<lang>.md is an error: its words would show nowhere.
func loadEditions(root, rel string, x *Explainer, index []byte, errs *diag.List) {
	entries, err := os.ReadDir(filepath.Join(root, rel))
	if err != nil {
		errs.Add(rel, 0, 0, "%v", err)
		return
	}
	prose, terms := map[string]bool{}, map[string]bool{}
	for _, e := range entries {
		name := e.Name()
		if lang, ok := strings.CutPrefix(strings.TrimSuffix(name, ".md"), "index."); ok && strings.HasSuffix(name, ".md") {
			prose[lang] = true
		} else if lang, ok := strings.CutPrefix(strings.TrimSuffix(name, ".yaml"), "terms."); ok && strings.HasSuffix(name, ".yaml") {
			terms[lang] = true
		}
	}
	for _, lang := range slices.Sorted(maps.Keys(prose)) {
		if !ValidLang(lang) {
			errs.Add(rel+"/index."+lang+".md", 0, 0, "%q is not a language code: name an edition index.<lang>.md, e.g. index.uk.md", lang)
			continue
		}
		x.Editions = append(x.Editions, loadEdition(root, rel, lang, x, index, terms[lang], errs))
	}
	for _, lang := range slices.Sorted(maps.Keys(terms)) {
		if !prose[lang] {
			errs.Add(rel+"/terms."+lang+".yaml", 0, 0, "terms.%s.yaml has no index.%s.md beside it: an edition needs its prose (parley translate %s %s writes both)", lang, lang, x.Slug, lang)
		}
	}
}

var editionFront = fieldSpec{
	known:    []string{"title", "summary", "authors", "translates"},
	required: []string{"title", "summary"},
}

func loadEdition(root, rel, lang string, x *Explainer, index []byte, hasTerms bool, errs *diag.List) *Edition {
	ed := &Edition{Lang: lang, Terms: hasTerms, Strings: map[string]Translation{}}
	if hasTerms {
		file := rel + "/terms." + lang + ".yaml"
		if b := readLimited(root, file, errs); b != nil {
			parseEditionTerms(file, b, lang, ed, errs)
			checkEditionTerms(file, x, ed, errs)
		}
	}
	file := rel + "/index." + lang + ".md"
	ed.Prose = readLimited(root, file, errs)
	if ed.Prose == nil {
		return ed
	}
	ed.Front = parseEditionFront(file, ed.Prose, errs)
	n := errs.Errors()
	checkProse(file, ed.Prose, errs)
	if errs.Errors() == n {
		// Its shortcodes name groups as its page shows them: translated.
		tx, _ := x.Translate(ed)
		checkBody(file, ed.Prose, tx, true, errs)
	}
	if ed.Front.Translates != ProseHash(index, x.Front) {
		ed.Stale = true
		line, col := ed.Front.TranslatesAt[0], ed.Front.TranslatesAt[1]
		why := "index.md has changed since it was translated"
		if ed.Front.Translates == "" {
			line, col, why = 1, 1, "it does not say which version of index.md it translates (translates:)"
		}
		errs.Warn(file, line, col, "stale translation: %s: readers see a notice that it awaits an update; update it, then run parley translate --confirm %s %s", why, x.Slug, lang)
	}
	return ed
}

func readLimited(root, file string, errs *diag.List) []byte {
	b, err := os.ReadFile(filepath.Join(root, filepath.FromSlash(file)))
	switch {
	case errors.Is(err, fs.ErrNotExist):
		errs.Add(file, 0, 0, "missing")
		return nil
	case err != nil:
		errs.Add(file, 0, 0, "%v", err)
		return nil
	case len(b) > MaxFileSize:
		errs.Add(file, 0, 0, "file is %d bytes, over the limit of 1 MiB (%d bytes) a file", len(b), MaxFileSize)
		return nil
	}
	checkBidi(file, b, errs)
	return b
}

func parseEditionFront(file string, src []byte, errs *diag.List) EditionFront {
	var fm EditionFront
	body, ok := frontMatter(src)
	if !ok {
		errs.Add(file, 1, 1, "missing front matter: start the file with a line \"---\", then title and summary in its language, then \"---\"")
		return fm
	}
	f := parseYAML(file, append([]byte("\n"), body...), errs)
	if f == nil || len(f.Docs) == 0 || f.Docs[0].Body == nil {
		if f != nil {
			errs.Add(file, 1, 1, "empty front matter: it needs title and summary")
		}
		return fm
	}
	d := &decoder{file: file, errs: errs}
	root := f.Docs[0].Body
	what := "an edition's front matter (dates, topics, importance and draft are index.md's)"
	fields := d.fields(root, root, what, editionFront)
	if fields == nil {
		return fm
	}
	fm.Title = d.text(fields, "title", what)
	fm.Summary = d.text(fields, "summary", what)
	if v, ok := fields["authors"]; ok {
		fm.Authors = values(d.strList(v, what))
	}
	if v, ok := fields["translates"]; ok {
		s, _ := d.str(v, what)
		fm.Translates = s.V
		fm.TranslatesAt = [2]int{s.Line, s.Col}
	}
	return fm
}

// parseEditionTerms reads terms.<lang>.yaml: a mapping of keys, each to a
// mapping of the source text (en:) and its translation (<lang>:).
func parseEditionTerms(file string, src []byte, lang string, ed *Edition, errs *diag.List) {
	f := parseYAML(file, bytes.TrimPrefix(src, utf8BOM), errs)
	if f == nil || len(f.Docs) == 0 || f.Docs[0].Body == nil {
		return
	}
	d := &decoder{file: file, errs: errs}
	entries, ok := d.mapping(f.Docs[0].Body, "terms."+lang+".yaml")
	if !ok {
		return
	}
	spec := fieldSpec{known: []string{SourceLang, lang}, required: []string{SourceLang}}
	for _, e := range entries {
		what := e.key
		fields := d.fields(e.val, e.keyNode, what, spec)
		if fields == nil {
			continue
		}
		line, col := pos(e.keyNode)
		t := Translation{Source: d.text(fields, SourceLang, what), Line: line, Col: col}
		if v, ok := fields[SourceLang]; ok {
			t.SourceLine, _ = pos(v.keyNode)
		}
		if v, ok := fields[lang]; ok && !isNull(d.unwrapQuiet(v.val)) {
			t.Text = d.text(fields, lang, what)
		}
		ed.Strings[e.key] = t
	}
}

// checkEditionTerms warns of stale translations, keys terms.yaml no longer
// has, and strings not yet translated (once, with their count).
func checkEditionTerms(file string, x *Explainer, ed *Edition, errs *diag.List) {
	var keys []string
	known := map[string]string{}
	for _, s := range x.Strings() {
		keys = append(keys, s.Key)
		known[s.Key] = s.Text
	}
	missing := 0
	for _, s := range x.Strings() {
		t, ok := ed.Strings[s.Key]
		switch {
		case !ok || t.Text == "":
			missing++
		case t.Source != s.Text:
			errs.Warn(file, t.Line, t.Col, "stale translation of %s: terms.yaml now says %s (it was %s when translated); until you translate it again and run parley translate --confirm %s %s %s, readers see the new text, marked as awaiting translation",
				s.Key, strconv.Quote(s.Text), strconv.Quote(t.Source), x.Slug, ed.Lang, s.Key)
		}
	}
	for _, k := range slices.Sorted(maps.Keys(ed.Strings)) {
		if _, ok := known[k]; !ok {
			t := ed.Strings[k]
			errs.Warn(file, t.Line, t.Col, "%s is not in terms.yaml (any more?)%s: it shows nowhere", k, diag.Suggest(k, keys))
		}
	}
	if missing > 0 {
		errs.Warn(file, 1, 1, "%d of %d strings not yet translated: readers see them in the source language, marked as awaiting translation (parley translate %s %s adds the missing ones)", missing, len(keys), x.Slug, ed.Lang)
	}
}
