// Package compile turns a validated explainer into the model the site is
// rendered from: normalized data plus the facts Parley derives from it,
// per term consensus, per pair of sides agreement, and per actor what changed
// between its sides.
//
// The consensus rule. Each main actor (main: true, the default) is
// represented by its latest side, the one with the latest date; a month-only
// date counts as earlier than any day of that month, and on equal dates the
// side written later in terms.yaml wins. A side can represent several actors.
// Among those latest sides a term is
//   - agreed, when there are at least two of them and all take the same
//     definite stance (all support, or all oppose);
//   - unaddressed, when all of them are silent;
//   - contested, otherwise: a disagreement, a condition, an unclear stance,
//     or some sides silent while others take a stance.
//
// "Nothing is agreed until everything is agreed": a single silent or
// conditional side keeps a term from being agreed.
package compile

import (
	"cmp"
	"slices"

	"github.com/parley-news/parley/tools/internal/content"
)

// Model is one explainer as templates and widgets see it. Its JSON form is
// the data contract of the site: terms.json, the page's embedded data.
type Model struct {
	Slug      string       `json:"slug"`
	Lang      string       `json:"lang,omitempty"` // its language's code (en, uk)
	Title     string       `json:"title"`
	Stances   []StanceInfo `json:"stances"`
	Actors    []Actor      `json:"actors"`
	Sides     []Side       `json:"sides"`
	Groups    []string     `json:"groups"`
	Terms     []Term       `json:"terms"`
	Sources   []Source     `json:"sources"`
	Events    []Event      `json:"events"`
	Consensus Tally        `json:"consensus"` // how many terms are agreed, contested, unaddressed
	Pairs     []Pair       `json:"pairs"`
	Changes   []Change     `json:"changes"`
	History   *History     `json:"history"`
}

// StanceInfo is the one stance vocabulary: text, symbol and a CSS-safe id.
type StanceInfo struct {
	ID     content.Stance `json:"id"`
	Label  string         `json:"label"`
	Symbol string         `json:"symbol"`
	Help   string         `json:"help"`
}

var vocabulary = map[content.Stance]StanceInfo{
	content.Supports:    {content.Supports, "Supports", "✔", "proposes or accepts it"},
	content.Opposes:     {content.Opposes, "Opposes", "✘", "rejects it"},
	content.Conditional: {content.Conditional, "Conditional", "◐", "accepts it only on conditions"},
	content.Unclear:     {content.Unclear, "Unclear", "?", "addresses it, but its stance is unclear"},
	content.Silent:      {content.Silent, "Silent", "—", "does not address it"},
}

type Actor struct {
	ID      string   `json:"id"`
	Name    string   `json:"name"`
	Short   string   `json:"short"`
	Members []string `json:"members,omitempty"`
	Main    bool     `json:"main"`
	Latest  string   `json:"latest,omitempty"` // id of its latest side
	Sides   []string `json:"sides"`            // its sides, earliest first
}

type Side struct {
	ID      string        `json:"id"`
	Name    string        `json:"name"`
	Short   string        `json:"short"` // its column heading on phones
	Actors  []string      `json:"actors"`
	Date    content.Date  `json:"date"`
	Claim   content.Claim `json:"claim,omitempty"`
	Summary string        `json:"summary,omitempty"`
	Sources []string      `json:"sources,omitempty"`
	Latest  bool          `json:"latest"` // the latest side of some main actor
	// Why a side does not count towards consensus (Latest false): a later
	// side of its actor supersedes it (SupersededBy), or none of its actors
	// is a main actor.
	SupersededBy string `json:"supersededBy,omitempty"`
}

type Term struct {
	ID        string     `json:"id"`
	Group     string     `json:"group"`
	Text      string     `json:"text"`
	Explain   string     `json:"explain,omitempty"`
	Positions []Position `json:"positions"` // aligned with Model.Sides
	Consensus Consensus  `json:"consensus"`
	Agreed    string     `json:"agreed,omitempty"` // the shared stance when agreed
}

type Position struct {
	Side    string         `json:"side"`
	Stance  content.Stance `json:"stance"`
	Note    string         `json:"note,omitempty"`
	Sources []string       `json:"sources,omitempty"`
	Claim   content.Claim  `json:"claim,omitempty"`
	// Its history (see History): when it last changed since the starting
	// point (RFC 3339; "" if it has not), the corrections that name it, and
	// each of its versions.
	Changed     string `json:"changed,omitempty"`
	Corrections []int  `json:"corrections,omitempty"`
	History     []Step `json:"history,omitempty"`
}

type Source struct {
	ID        string       `json:"id"`
	Publisher string       `json:"publisher"`
	Title     string       `json:"title"`
	Date      content.Date `json:"date"`
	URL       string       `json:"url,omitempty"`
}

type Event struct {
	Date    content.Date `json:"date"`
	Title   string       `json:"title"`
	Text    string       `json:"text,omitempty"`
	Sources []string     `json:"sources,omitempty"`
	Latest  bool         `json:"latest"`
}

// Consensus is a term's standing among the main actors' latest sides.
type Consensus string

const (
	Agreed      Consensus = "agreed"
	Contested   Consensus = "contested"
	Unaddressed Consensus = "unaddressed"
)

type Tally struct {
	Agreed      int `json:"agreed"`
	Contested   int `json:"contested"`
	Unaddressed int `json:"unaddressed"`
}

// Verdict compares two sides' stances on one term.
type Verdict string

const (
	Same      Verdict = "same"
	Different Verdict = "different"
	OnlyA     Verdict = "only-a" // only side A addresses it
	OnlyB     Verdict = "only-b"
	Neither   Verdict = "neither"
)

// Pair compares two sides, A before B in the order of Model.Sides.
type Pair struct {
	A         string    `json:"a"`
	B         string    `json:"b"`
	Same      int       `json:"same"`
	Different int       `json:"different"`
	OnlyA     int       `json:"onlyA"`
	OnlyB     int       `json:"onlyB"`
	Neither   int       `json:"neither"`
	Verdicts  []Verdict `json:"verdicts"` // aligned with Model.Terms
}

// Change is what one actor changed from an earlier side to a later one, for
// every such pair of its sides.
type Change struct {
	Actor   string   `json:"actor"`
	From    string   `json:"from"`
	To      string   `json:"to"`
	Added   []string `json:"added"`   // terms the later side addresses and the earlier did not
	Dropped []string `json:"dropped"` // terms the earlier side addressed and the later does not
	Changed []string `json:"changed"` // terms both address with different stances
}

// Compile builds the model of one validated explainer, with no history
// read from the repository (see CompileWith).
func Compile(x *content.Explainer) *Model { return CompileWith(x, nil) }

// CompileWith builds the model of one validated explainer, with the
// history of its terms.yaml in tl (nil when none could be read).
func CompileWith(x *content.Explainer, tl *Timeline) *Model {
	// Lists are never null in JSON: templates and widgets range over them.
	m := &Model{
		Slug: x.Slug, Title: x.Front.Title, Groups: append([]string{}, x.Groups...),
		Actors: []Actor{}, Sides: []Side{}, Terms: []Term{}, Sources: []Source{}, Events: []Event{}, Pairs: []Pair{}, Changes: []Change{},
	}
	for _, st := range content.Stances {
		m.Stances = append(m.Stances, vocabulary[st])
	}
	side := map[string]content.Side{}
	for _, s := range x.Sides {
		side[s.ID] = s
		m.Sides = append(m.Sides, Side{ID: s.ID, Name: s.Name, Short: s.Short, Actors: s.Actors, Date: s.Date, Claim: s.Claim, Summary: s.Summary, Sources: s.Sources})
	}
	for _, a := range x.Actors {
		m.Actors = append(m.Actors, Actor{ID: a.ID, Name: a.Name, Short: a.Short, Members: a.Members, Main: a.Main, Sides: sidesOf(x, a.ID)})
	}
	latest := map[string]bool{}
	for i, a := range m.Actors {
		if n := len(a.Sides); n > 0 {
			m.Actors[i].Latest = a.Sides[n-1]
			if a.Main {
				latest[a.Sides[n-1]] = true
			}
		}
	}
	main := map[string]Actor{}
	for _, a := range m.Actors {
		main[a.ID] = a
	}
	for i := range m.Sides {
		s := &m.Sides[i]
		s.Latest = latest[s.ID]
		for _, a := range s.Actors {
			if a := main[a]; !s.Latest && a.Main && s.SupersededBy == "" {
				s.SupersededBy = a.Latest
			}
		}
	}
	for _, t := range x.Terms {
		ct := Term{ID: t.ID, Group: t.Group, Text: t.Text, Explain: t.Explain}
		var stances []content.Stance
		for _, p := range t.Positions {
			claim := cmp.Or(p.Claim, side[p.Side].Claim)
			ct.Positions = append(ct.Positions, Position{Side: p.Side, Stance: p.Stance, Note: p.Note, Sources: p.Sources, Claim: claim})
			if latest[p.Side] {
				stances = append(stances, p.Stance)
			}
		}
		ct.Consensus, ct.Agreed = consensus(stances)
		switch ct.Consensus {
		case Agreed:
			m.Consensus.Agreed++
		case Contested:
			m.Consensus.Contested++
		case Unaddressed:
			m.Consensus.Unaddressed++
		}
		m.Terms = append(m.Terms, ct)
	}
	for _, s := range x.Sources {
		m.Sources = append(m.Sources, Source(s))
	}
	for i, e := range x.Events {
		m.Events = append(m.Events, Event{Date: e.Date, Title: e.Title, Text: e.Text, Sources: e.Sources, Latest: i == len(x.Events)-1})
	}
	for i := range m.Sides {
		for j := i + 1; j < len(m.Sides); j++ {
			m.Pairs = append(m.Pairs, compare(m, i, j))
		}
	}
	for _, a := range m.Actors {
		for i, from := range a.Sides {
			for _, to := range a.Sides[i+1:] {
				m.Changes = append(m.Changes, change(m, a.ID, from, to))
			}
		}
	}
	if tl == nil {
		addHistory(m, x, Timeline{}, false)
	} else {
		addHistory(m, x, *tl, true)
	}
	return m
}

// sidesOf returns the ids of an actor's sides, earliest first; equal dates
// keep file order, so the later-written side counts as later.
func sidesOf(x *content.Explainer, actor string) []string {
	var sides []content.Side
	for _, s := range x.Sides {
		if slices.Contains(s.Actors, actor) {
			sides = append(sides, s)
		}
	}
	slices.SortStableFunc(sides, func(a, b content.Side) int { return cmp.Compare(a.Date, b.Date) })
	ids := make([]string, len(sides))
	for i, s := range sides {
		ids[i] = s.ID
	}
	return ids
}

// consensus applies the rule in the package comment to the latest sides' stances.
func consensus(stances []content.Stance) (Consensus, string) {
	silent := 0
	for _, s := range stances {
		if s == content.Silent {
			silent++
		}
	}
	if silent == len(stances) {
		return Unaddressed, ""
	}
	first := stances[0]
	if len(stances) < 2 || (first != content.Supports && first != content.Opposes) {
		return Contested, ""
	}
	for _, s := range stances[1:] {
		if s != first {
			return Contested, ""
		}
	}
	return Agreed, string(first)
}

// verdict compares two stances on one term.
func verdict(a, b content.Stance) Verdict {
	switch {
	case a == content.Silent && b == content.Silent:
		return Neither
	case b == content.Silent:
		return OnlyA
	case a == content.Silent:
		return OnlyB
	case a == b:
		return Same
	}
	return Different
}

func compare(m *Model, i, j int) Pair {
	p := Pair{A: m.Sides[i].ID, B: m.Sides[j].ID, Verdicts: make([]Verdict, len(m.Terms))}
	for k, t := range m.Terms {
		v := verdict(t.Positions[i].Stance, t.Positions[j].Stance)
		p.Verdicts[k] = v
		switch v {
		case Same:
			p.Same++
		case Different:
			p.Different++
		case OnlyA:
			p.OnlyA++
		case OnlyB:
			p.OnlyB++
		case Neither:
			p.Neither++
		}
	}
	return p
}

func change(m *Model, actor, from, to string) Change {
	c := Change{Actor: actor, From: from, To: to, Added: []string{}, Dropped: []string{}, Changed: []string{}}
	i := slices.IndexFunc(m.Sides, func(s Side) bool { return s.ID == from })
	j := slices.IndexFunc(m.Sides, func(s Side) bool { return s.ID == to })
	for _, t := range m.Terms {
		a, b := t.Positions[i].Stance, t.Positions[j].Stance
		switch verdict(a, b) {
		case OnlyB:
			c.Added = append(c.Added, t.ID)
		case OnlyA:
			c.Dropped = append(c.Dropped, t.ID)
		case Different:
			c.Changed = append(c.Changed, t.ID)
		}
	}
	return c
}
