package content

import (
	"bytes"
	"errors"
	"fmt"
	"net/url"
	"slices"
	"strconv"
	"strings"
	"time"
	"unicode/utf8"

	"github.com/goccy/go-yaml"
	"github.com/goccy/go-yaml/ast"
	"github.com/parley-news/parley/tools/internal/diag"
	"github.com/parley-news/parley/tools/internal/markdown"
)

// The closed sets of keys terms.yaml may use. schema/terms.schema.json
// describes the same format for editors' IDEs; a test keeps them in step.
var (
	topFields      = fieldSpec{known: []string{"actors", "sides", "terms", "sources", "events", "history", "updates", "corrections"}}
	actorFields    = fieldSpec{known: []string{"name", "short", "members", "main"}, required: []string{"name"}}
	sideFields     = fieldSpec{known: []string{"actor", "name", "short", "date", "claim", "summary", "sources", "was"}, required: []string{"actor", "name", "date"}}
	termFields     = fieldSpec{known: []string{"group", "text", "explain", "positions", "was"}, required: []string{"group", "text"}}
	positionFields = fieldSpec{known: []string{"stance", "note", "sources", "claim"}, required: []string{"stance"}}
	sourceFields   = fieldSpec{known: []string{"publisher", "title", "date", "url"}, required: []string{"publisher", "title", "date"}}
	eventFields    = fieldSpec{known: []string{"date", "title", "text", "sources"}, required: []string{"date", "title"}}
	historyFields  = fieldSpec{known: []string{"since"}, required: []string{"since"}}
	noticeFields   = fieldSpec{known: []string{"date", "cells", "text"}, required: []string{"date", "cells", "text"}}
)

// ref is a reference to an id, kept with its position until all ids are known.
type ref struct {
	kind string // "actor", "side", "source"
	id   at[string]
}

type termsParser struct {
	decoder
	x    *Explainer
	refs []ref
	ids  map[string]map[string]bool // kind -> defined ids
}

func parseTerms(file string, src []byte, x *Explainer, errs *diag.List) {
	src = bytes.TrimPrefix(src, utf8BOM)
	f := parseYAML(file, src, errs)
	if f == nil {
		return
	}
	p := &termsParser{decoder: decoder{file: file, errs: errs}, x: x, ids: map[string]map[string]bool{}}
	before := errs.Errors()
	var root ast.Node
	for _, doc := range f.Docs {
		if doc.Body == nil {
			continue
		}
		if root != nil {
			p.errorf(doc.Body, "terms.yaml must hold one YAML document, not several")
			return
		}
		root = doc.Body
	}
	if root == nil || isNull(p.unwrapQuiet(root)) {
		errs.Add(file, 1, 1, "terms.yaml is empty: it needs actors, sides and terms")
		return
	}
	top := p.fields(root, root, "terms.yaml", topFields)
	if top == nil {
		return
	}
	// Definitions first, references last: ids may be used before they are defined.
	p.actors(top)
	p.sources(top)
	p.sides(top)
	p.terms(top)
	p.events(top)
	p.history(top)
	x.Updates = p.notices(top, "updates", "update")
	x.Corrections = p.notices(top, "corrections", "correction")
	p.checkRefs()
	if errs.Errors() == before { // an actor's side may merely be broken
		p.unusedActors(top)
		p.sideShorts(top)
	}
}

// checkNote reports what the Markdown of a note would lose or load from
// elsewhere, at the note's value (markdown.Doc.Findings).
func (p *termsParser) checkNote(e entry, note string) {
	for _, f := range markdown.Parse([]byte(note)).Findings() {
		if f.Error {
			p.errorf(e.val, "note: %s", f.Msg)
		} else {
			line, col := pos(e.val)
			p.errs.Warn(p.file, line, col, "note: %s", f.Msg)
		}
	}
}

// unusedActors warns of actors no side names: they appear nowhere.
func (p *termsParser) unusedActors(top map[string]entry) {
	used := map[string]bool{}
	for _, s := range p.x.Sides {
		for _, a := range s.Actors {
			used[a] = true
		}
	}
	entries, _ := p.section(top, "actors")
	for _, e := range entries {
		if p.ids["actor"][e.key] && !used[e.key] {
			line, col := pos(e.keyNode)
			p.errs.Warn(p.file, line, col, "actor %q has no side, so it appears nowhere: give it a side, or remove it", e.key)
		}
	}
}

// MaxShort is the longest column heading a phone shows whole: a side's
// short name, as written or derived.
const MaxShort = 16

// sideShorts gives each side without a short name one: its actors' short
// names ("US", "CDU + CSU"), and, for an actor with several sides, the
// side's month ("US Mar"), or its date when one month holds two of them.
// A derived name over MaxShort is a warning, at the side.
func (p *termsParser) sideShorts(top map[string]entry) {
	short := map[string]string{}
	for _, a := range p.x.Actors {
		short[a.ID] = a.Short
	}
	count := map[string]int{}  // sides per actor
	months := map[string]int{} // sides per actor and month
	for _, s := range p.x.Sides {
		for _, a := range s.Actors {
			count[a]++
			months[a+" "+s.Date.Month()]++
		}
	}
	entries, _ := p.section(top, "sides")
	at := map[string]entry{}
	for _, e := range entries {
		at[e.key] = e
	}
	for i := range p.x.Sides {
		s := &p.x.Sides[i]
		if s.Short != "" {
			continue
		}
		names := make([]string, len(s.Actors))
		when := ""
		for j, a := range s.Actors {
			names[j] = short[a]
			if count[a] > 1 {
				when = " " + s.Date.MonthName()
				if months[a+" "+s.Date.Month()] > 1 {
					when = " " + string(s.Date)
				}
			}
		}
		s.Short = strings.Join(names, " + ") + when
		if n := utf8.RuneCountInString(s.Short); n > MaxShort {
			line, col := pos(at[s.ID].keyNode)
			p.errs.Warn(p.file, line, col, "side %q heads its column on phones as %q, %d characters: give it a short name of at most %d (short: ...)", s.ID, s.Short, n, MaxShort)
		}
	}
}

func addSyntaxError(file string, err error, errs *diag.List) {
	var ye yaml.Error
	if errors.As(err, &ye) && ye.GetToken() != nil && ye.GetToken().Position != nil {
		p := ye.GetToken().Position
		errs.Add(file, p.Line, p.Column, "YAML syntax error: %s", syntaxMessage(ye.GetMessage(), ye.GetToken().Value))
		return
	}
	errs.Add(file, 0, 0, "YAML syntax error: %v", err)
}

// syntaxMessage rewrites goccy/go-yaml's messages for the mistakes editors
// make most into plain words with a way out; others pass as they are.
// near is the text of the token the parser stopped at.
func syntaxMessage(msg, near string) string {
	switch {
	case strings.Contains(msg, "tab character"), strings.Contains(msg, "'\t'"):
		return "tab character: indent with spaces, not tabs"
	case msg == "could not find end character of double-quoted text":
		return `unclosed double quote: end the text with "`
	case msg == "could not find end character of single-quoted text":
		return "unclosed single quote: end the text with ' (an apostrophe inside single quotes is written '')"
	case strings.Contains(msg, "escape"):
		return `bad backslash escape in double-quoted text: write a backslash as \\, or use single quotes`
	case strings.HasPrefix(msg, "invalid header option"):
		return `"|" or ">" followed by text cannot start a value: put the whole value in quotes`
	case strings.HasPrefix(msg, "found invalid tag character"):
		return `"!" cannot start a value: put the whole value in quotes`
	case strings.HasSuffix(msg, " is a reserved character"):
		c := strings.Trim(strings.TrimSuffix(msg, " is a reserved character"), "'")
		return strconv.Quote(c) + " cannot start a value: put the whole value in quotes"
	case msg == "mapping value is not allowed in this context":
		return `unexpected ":" after ` + strconv.Quote(near) + `: put a value that contains ": " in quotes, or check the indentation`
	case msg == "value is not allowed in this context. map key-value is pre-defined":
		return `unexpected text after the end of the value: put the whole value in quotes (a double quote inside double quotes is written \", an apostrophe inside single quotes '')`
	case msg == "value is not allowed in this context":
		return "unexpected " + strconv.Quote(near) + ": check the indentation of this line, or put the whole value in quotes"
	case msg == "non-map value is specified":
		return "expected a \"key: value\" line, found " + strconv.Quote(near) + `: check the indentation, and the ":" after the key`
	case msg == "',' or '}' must be specified":
		return `missing "," or closing "}" in {...}`
	case msg == "',' or ']' must be specified":
		return `missing "," or closing "]" in [...]`
	}
	return msg
}

// define records a new id of kind, checking its form and uniqueness.
func (p *termsParser) define(kind string, e entry) bool {
	if p.ids[kind] == nil {
		p.ids[kind] = map[string]bool{}
	}
	if !ValidSlug(e.key) {
		p.errorf(e.keyNode, "invalid %s id %q: use lower-case letters, digits and single hyphens", kind, e.key)
		return false
	}
	p.ids[kind][e.key] = true
	return true
}

// section returns the entries of a top-level mapping section; ok is false
// when the section is there but is not a mapping (already reported).
func (p *termsParser) section(top map[string]entry, name string) (entries []entry, ok bool) {
	e, found := top[name]
	if !found {
		return nil, true
	}
	return p.mapping(e.val, name)
}

func (p *termsParser) actors(top map[string]entry) {
	entries, _ := p.section(top, "actors")
	for _, e := range entries {
		if !p.define("actor", e) {
			continue
		}
		what := "actor " + quote(e.key)
		f := p.fields(e.val, e.keyNode, what, actorFields)
		a := Actor{ID: e.key, Main: true}
		a.Name = p.text(f, "name", what)
		a.Short = p.text(f, "short", what)
		if a.Short == "" {
			a.Short = a.Name
		}
		if v, ok := f["members"]; ok {
			a.Members = values(p.strList(v, what))
		}
		if v, ok := f["main"]; ok {
			a.Main, _ = p.boolean(v, what)
		}
		p.x.Actors = append(p.x.Actors, a)
	}
}

func (p *termsParser) sources(top map[string]entry) {
	entries, _ := p.section(top, "sources")
	for _, e := range entries {
		if !p.define("source", e) {
			continue
		}
		what := "source " + quote(e.key)
		f := p.fields(e.val, e.keyNode, what, sourceFields)
		s := Source{ID: e.key}
		s.Publisher = p.text(f, "publisher", what)
		s.Title = p.text(f, "title", what)
		if v, ok := f["date"]; ok {
			s.Date = p.date(v, what)
		}
		if v, ok := f["url"]; ok {
			if t, ok := p.str(v, what); ok {
				if u, err := url.Parse(t.V); err != nil || (u.Scheme != "https" && u.Scheme != "http") || u.Host == "" {
					p.errorf(v.val, "bad url %q in %s (want an absolute http or https URL)", t.V, what)
				} else {
					s.URL = t.V
				}
			}
		}
		p.x.Sources = append(p.x.Sources, s)
	}
}

func (p *termsParser) sides(top map[string]entry) {
	entries, ok := p.section(top, "sides")
	if ok && len(entries) == 0 {
		p.missing(top, "sides", "the explainer has no sides: add at least one under \"sides\"")
	}
	if len(entries) > MaxSides {
		p.errorf(top["sides"].keyNode, "%d sides, over the limit of %d sides an explainer may have", len(entries), MaxSides)
		for _, e := range entries {
			p.define("side", e) // so that positions do not report them unknown
		}
		return
	}
	for _, e := range entries {
		if !p.define("side", e) {
			continue
		}
		what := "side " + quote(e.key)
		f := p.fields(e.val, e.keyNode, what, sideFields)
		s := Side{ID: e.key}
		if v, ok := f["actor"]; ok {
			if seq, ok := p.unwrapQuiet(v.val).(*ast.SequenceNode); ok && len(seq.Values) == 0 {
				p.errorf(v.keyNode, "empty %q in %s", v.key, what)
			}
			for _, a := range p.strList(v, what) {
				p.refs = append(p.refs, ref{"actor", a})
				s.Actors = append(s.Actors, a.V)
			}
		}
		s.Name = p.text(f, "name", what)
		s.Short = p.text(f, "short", what)
		if n := utf8.RuneCountInString(s.Short); n > MaxShort {
			p.errorf(f["short"].val, "short of %s is %d characters, over %d: it heads a narrow column on phones", what, n, MaxShort)
		}
		if v, ok := f["date"]; ok {
			s.Date = p.date(v, what)
		}
		if v, ok := f["claim"]; ok {
			s.Claim = p.claim(v, what)
		}
		s.Summary = p.text(f, "summary", what)
		if v, ok := f["sources"]; ok {
			s.Sources = p.sourceRefs(v, what)
		}
		s.Was = p.was("side", f, what)
		p.x.Sides = append(p.x.Sides, s)
	}
}

func (p *termsParser) terms(top map[string]entry) {
	entries, ok := p.section(top, "terms")
	if ok && len(entries) == 0 {
		p.missing(top, "terms", "the explainer has no terms: add at least one under \"terms\"")
	}
	if len(entries) > MaxTerms {
		p.errorf(top["terms"].keyNode, "%d terms, over the limit of %d terms an explainer may have", len(entries), MaxTerms)
		return
	}
	for _, e := range entries {
		if !p.define("term", e) {
			continue
		}
		what := "term " + quote(e.key)
		f := p.fields(e.val, e.keyNode, what, termFields)
		t := Term{ID: e.key}
		if v, ok := f["group"]; ok {
			s, _ := p.str(v, what)
			t.Group = s.V
			if s.V != "" && !slices.Contains(p.x.Groups, s.V) {
				p.x.Groups = append(p.x.Groups, s.V)
			}
		}
		t.Text = p.text(f, "text", what)
		t.Explain = p.text(f, "explain", what)
		t.Positions = p.positions(e, f, what)
		t.Was = p.was("term", f, what)
		p.x.Terms = append(p.x.Terms, t)
	}
}

// positions decodes a term's cells: side: stance, or side: {stance, note,
// sources, claim}. Every side needs one: silence is written, never assumed.
func (p *termsParser) positions(term entry, f map[string]entry, what string) []Position {
	pe, ok := f["positions"]
	if !ok {
		p.errorf(term.keyNode, "%s has no positions", what)
		return nil
	}
	entries, ok := p.mapping(pe.val, "positions of "+what)
	if !ok {
		return nil // reported
	}
	if len(entries) == 0 {
		p.errorf(pe.keyNode, "%s has no positions", what)
		return nil
	}
	byID := map[string]Position{}
	for _, e := range entries {
		pwhat := "position of side " + quote(e.key) + " on " + what
		p.refs = append(p.refs, ref{"side", keyAt(e)})
		pos := Position{Side: e.key}
		var stance entry
		if _, isScalar := p.scalar(e.val); isScalar {
			stance = entry{key: "stance", keyNode: e.keyNode, val: e.val}
		} else {
			pf := p.fields(e.val, e.keyNode, pwhat, positionFields)
			stance = pf["stance"]
			pos.Note = p.text(pf, "note", pwhat)
			if pos.Note != "" {
				p.checkNote(pf["note"], pos.Note)
			}
			if v, ok := pf["sources"]; ok {
				pos.Sources = p.sourceRefs(v, pwhat)
			}
			if v, ok := pf["claim"]; ok {
				pos.Claim = p.claim(v, pwhat)
			}
		}
		if stance.val != nil {
			pos.Stance = p.stance(stance, pwhat)
		}
		if pos.Stance != "" && pos.Stance != Silent && len(pos.Sources) == 0 {
			p.errorf(e.keyNode, "%s cites no source (every stance but silent needs one)", pwhat)
		}
		byID[e.key] = pos
	}
	// Order cells like the sides, and report sides left out. Positions for
	// unknown sides are reported by checkRefs.
	var out []Position
	var missing []string
	for _, s := range p.x.Sides {
		if pos, ok := byID[s.ID]; ok {
			out = append(out, pos)
		} else {
			missing = append(missing, s.ID)
		}
	}
	for _, id := range missing {
		p.errorf(pe.keyNode, "%s has no position for side %q (write \"%s: silent\" if the side does not address it)", what, id, id)
	}
	return out
}

func (p *termsParser) events(top map[string]entry) {
	e, ok := top["events"]
	if !ok {
		return
	}
	seq, ok := p.unwrap(e.val).(*ast.SequenceNode)
	if !ok {
		if !isNull(p.unwrap(e.val)) {
			p.errorf(e.val, "events must be a list (lines starting with \"- \"), not %s", describe(p.unwrapQuiet(e.val)))
		}
		return
	}
	for i, item := range seq.Values {
		what := "event " + strconv.Itoa(i+1)
		f := p.fields(item, item, what, eventFields)
		if f == nil {
			continue
		}
		ev := Event{}
		if v, ok := f["date"]; ok {
			ev.Date = p.date(v, what)
		}
		ev.Title = p.text(f, "title", what)
		ev.Text = p.text(f, "text", what)
		if v, ok := f["sources"]; ok {
			ev.Sources = p.sourceRefs(v, what)
		}
		p.x.Events = append(p.x.Events, ev)
	}
	slices.SortStableFunc(p.x.Events, func(a, b Event) int { return strings.Compare(string(a.Date), string(b.Date)) })
}

func (p *termsParser) sourceRefs(e entry, what string) []string {
	var ids []string
	for _, s := range p.strList(e, what) {
		p.refs = append(p.refs, ref{"source", s})
		ids = append(ids, s.V)
	}
	return ids
}

// stance decodes a stance from the closed set.
func (p *termsParser) stance(e entry, what string) Stance {
	s, ok := p.str(e, what)
	if !ok {
		return ""
	}
	if slices.Contains(Stances, Stance(s.V)) {
		return Stance(s.V)
	}
	names := make([]string, len(Stances))
	for i, st := range Stances {
		names[i] = string(st)
	}
	if hint := diag.Suggest(s.V, names); hint != "" {
		p.errorf(e.val, "unknown stance %q%s", s.V, hint)
	} else {
		p.errorf(e.val, "unknown stance %q (want one of %s)", s.V, strings.Join(names, ", "))
	}
	return ""
}

func (p *termsParser) claim(e entry, what string) Claim {
	s, ok := p.str(e, what)
	if !ok {
		return ""
	}
	switch c := Claim(s.V); c {
	case Reported, Disputed:
		return c
	}
	if hint := diag.Suggest(s.V, []string{string(Reported), string(Disputed)}); hint != "" {
		p.errorf(e.val, "unknown claim %q in %s%s", s.V, what, hint)
	} else {
		p.errorf(e.val, "unknown claim %q in %s (want reported or disputed)", s.V, what)
	}
	return ""
}

// date decodes "YYYY-MM-DD" or "YYYY-MM", a real calendar date.
func (p *termsParser) date(e entry, what string) Date {
	s, ok := p.str(e, what)
	if !ok {
		return ""
	}
	if d, ok := parseDate(s.V); ok {
		return d
	}
	if why := notADate(s.V); why != "" {
		p.errorf(e.val, "%s in %s is not a date: %s", s.V, what, why)
		return ""
	}
	p.errorf(e.val, "bad date %q in %s (want YYYY-MM-DD or YYYY-MM)", s.V, what)
	return ""
}

// notADate says why s, which has the shape of a date (YYYY-MM or
// YYYY-MM-DD), is on no calendar: "February 2025 has 28 days". It returns
// "" when s is a date, or has not that shape.
func notADate(s string) string {
	var y, m, d int
	switch {
	case len(s) == len("2006-01-02") && s[4] == '-' && s[7] == '-':
		var err error
		if d, err = strconv.Atoi(s[8:]); err != nil {
			return ""
		}
	case len(s) == len("2006-01") && s[4] == '-':
	default:
		return ""
	}
	var err1, err2 error
	y, err1 = strconv.Atoi(s[:4])
	m, err2 = strconv.Atoi(s[5:7])
	switch {
	case err1 != nil || err2 != nil:
		return ""
	case m < 1 || m > 12:
		return fmt.Sprintf("there is no month %d (months go from 01 to 12)", m)
	case len(s) == len("2006-01"):
		return ""
	}
	days := time.Date(y, time.Month(m)+1, 0, 0, 0, 0, 0, time.UTC).Day()
	if d < 1 || d > days {
		return fmt.Sprintf("%s %d has %d days", time.Month(m), y, days)
	}
	return ""
}

func parseDate(s string) (Date, bool) {
	for _, layout := range []string{"2006-01-02", "2006-01"} {
		if t, err := time.Parse(layout, s); err == nil && t.Format(layout) == s {
			return Date(s), true
		}
	}
	return "", false
}

// missing reports a required section that is absent or empty.
func (p *termsParser) missing(top map[string]entry, name, msg string) {
	if e, ok := top[name]; ok {
		p.errorf(e.keyNode, "%s", msg)
		return
	}
	p.errs.Add(p.file, 1, 1, "%s", msg)
}

// checkRefs reports references to ids that were never defined.
func (p *termsParser) checkRefs() {
	for _, r := range p.refs {
		if kind, ok := strings.CutPrefix(r.kind, "old "); ok {
			if p.ids[kind][r.id.V] {
				p.errs.Add(p.file, r.id.Line, r.id.Col, "\"was\" names %s %q, which is a %s now: give the old id, which no %s has any more", kind, r.id.V, kind, kind)
			}
			continue
		}
		known := p.ids[r.kind]
		if known[r.id.V] {
			continue
		}
		names := make([]string, 0, len(known))
		for id := range known {
			names = append(names, id)
		}
		slices.Sort(names)
		p.errs.Add(p.file, r.id.Line, r.id.Col, "unknown %s %q%s", r.kind, r.id.V, diag.Suggest(r.id.V, names))
	}
}

func keyAt(e entry) at[string] {
	line, col := pos(e.keyNode)
	return at[string]{e.key, line, col}
}

func values(l []at[string]) []string {
	out := make([]string, len(l))
	for i, v := range l {
		out[i] = v.V
	}
	return out
}

func quote(s string) string { return `"` + s + `"` }

// was decodes the ids a term or side had before (was: old-id, or a list),
// by which the history of its cells follows it through a rename. An old id
// may not be a current one of the same kind, nor claimed twice.
func (p *termsParser) was(kind string, f map[string]entry, what string) []string {
	v, ok := f["was"]
	if !ok {
		return nil
	}
	if p.ids["was "+kind] == nil {
		p.ids["was "+kind] = map[string]bool{}
	}
	var out []string
	for _, id := range p.strList(v, what) {
		switch {
		case !ValidSlug(id.V):
			p.errs.Add(p.file, id.Line, id.Col, "invalid %s id %q in \"was\" of %s: use lower-case letters, digits and single hyphens", kind, id.V, what)
		case p.ids["was "+kind][id.V]:
			p.errs.Add(p.file, id.Line, id.Col, "%s id %q is named in \"was\" twice: only one %s can have been it", kind, id.V, kind)
		default:
			p.ids["was "+kind][id.V] = true
			p.refs = append(p.refs, ref{"old " + kind, id})
			out = append(out, id.V)
		}
	}
	return out
}

// history decodes history: {since: YYYY-MM-DD}.
func (p *termsParser) history(top map[string]entry) {
	e, ok := top["history"]
	if !ok {
		return
	}
	f := p.fields(e.val, e.keyNode, "history", historyFields)
	if v, ok := f["since"]; ok {
		p.x.Since = p.day(v, "history")
	}
}

// notices decodes the list updates or corrections: each a date, the cells
// it is about and a line for readers.
func (p *termsParser) notices(top map[string]entry, name, kind string) []Notice {
	e, ok := top[name]
	if !ok {
		return nil
	}
	seq, ok := p.unwrap(e.val).(*ast.SequenceNode)
	if !ok {
		if !isNull(p.unwrap(e.val)) {
			p.errorf(e.val, "%s must be a list (lines starting with \"- \"), not %s", name, describe(p.unwrapQuiet(e.val)))
		}
		return nil
	}
	var out []Notice
	for i, item := range seq.Values {
		what := kind + " " + strconv.Itoa(i+1)
		f := p.fields(item, item, what, noticeFields)
		if f == nil {
			continue
		}
		n := Notice{Text: p.text(f, "text", what)}
		if v, ok := f["date"]; ok {
			n.Date = p.day(v, what)
		}
		if v, ok := f["cells"]; ok {
			for _, c := range p.strList(v, what) {
				term, side, ok := strings.Cut(c.V, "/")
				if !ok || term == "" || side == "" || strings.Contains(side, "/") {
					p.errs.Add(p.file, c.Line, c.Col, "cell %q in %s: name it term/side, e.g. ceasefire/us-plan", c.V, what)
					continue
				}
				p.refs = append(p.refs, ref{"term", at[string]{term, c.Line, c.Col}}, ref{"side", at[string]{side, c.Line, c.Col + len(term) + 1}})
				n.Cells = append(n.Cells, Cell{term, side})
			}
		}
		out = append(out, n)
	}
	return out
}
