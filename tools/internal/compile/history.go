package compile

import (
	"bytes"
	"cmp"
	"maps"
	"slices"
	"strconv"
	"strings"
	"time"

	"github.com/goccy/go-yaml"
	"github.com/parley-news/parley/tools/internal/content"
	"github.com/parley-news/parley/tools/internal/history"
)

// History is what changed in an explainer's cells since it was first
// published, derived from the versions of its terms.yaml in the
// repository: editors record nothing but the lines that explain a change
// (updates:) and corrections.
//
// The starting point is the last version committed on or before the day
// history.since names, or else the first version: what came before it is
// drafting, not news. Each later version that changes a cell (its stance,
// claim, note or sources), adds or removes a term or side, or rewords a
// term, is an update. A term or side renamed with was: keeps its cells'
// history. A version that does not parse is passed over.
type History struct {
	// Known is false when Parley read no history (no repository, or a
	// shallow clone): then there are no updates but the editors' own.
	Known       bool         `json:"known"`
	Since       content.Date `json:"since,omitempty"`
	Start       string       `json:"start,omitempty"`   // when the starting point was committed (RFC 3339)
	Updated     string       `json:"updated,omitempty"` // the newest update's time
	Updates     []Update     `json:"updates"`           // newest first
	Corrections []Correction `json:"corrections"`       // in the order written
}

// Update is one version's changes, or an editor's line or correction on
// its own (no version changed the cells it names on or before its day).
type Update struct {
	// ID names it for links and feeds: "update-" and the commit's first
	// twelve hex digits, "update-pending", "update-correction-N" or
	// "update-note-N" (N counting from 1 in the order written).
	ID     string       `json:"id"`
	Time   string       `json:"time"` // RFC 3339, UTC: the commit's, or the notice's day
	Date   content.Date `json:"date"`
	Commit string       `json:"commit,omitempty"` // "" for changes not yet committed, and notices on their own
	// Pending marks changes in the working tree, not yet committed: they
	// carry the time of the build.
	Pending    bool     `json:"pending,omitempty"`
	Notes      []string `json:"notes,omitempty"`      // editors' lines that explain it
	Correction int      `json:"correction,omitempty"` // a correction's number (1, 2, …)
	Lines      []Line   `json:"lines"`                // what changed, a sentence each
}

// Line is one sentence of an update: a kind of change, for one side (or
// none), from one value to another, on one or more terms.
type Line struct {
	Kind     string   `json:"kind"` // stance, claim, note, sources, term-added, term-removed, term-reworded, side-added, side-removed
	Side     string   `json:"side,omitempty"`
	SideName string   `json:"sideName,omitempty"`
	From     string   `json:"from,omitempty"` // stance or claim ("" is confirmed)
	To       string   `json:"to,omitempty"`
	Terms    []string `json:"terms,omitempty"`
	Texts    []string `json:"texts,omitempty"` // the terms' texts, as now (or as last written, if removed)
}

// Correction is an entry of corrections:, numbered from 1 in the order
// written.
type Correction struct {
	N     int            `json:"n"`
	Date  content.Date   `json:"date"`
	Text  string         `json:"text"`
	Cells []content.Cell `json:"cells"`
}

// Step is one version of a cell: its first (at the starting point, or
// when added) and every one that changed it.
type Step struct {
	Time    string         `json:"time"`
	Commit  string         `json:"commit,omitempty"`
	Stance  content.Stance `json:"stance"`
	Claim   content.Claim  `json:"claim,omitempty"`
	Note    string         `json:"note,omitempty"`
	Sources []string       `json:"sources,omitempty"`
	Changed []string       `json:"changed,omitempty"` // what this step changed: added, stance, claim, note, sources
}

// Timeline is the history CompileWith reads: the committed versions of an
// explainer's terms.yaml, oldest first, and the file as it is now.
type Timeline struct {
	Versions []history.Version
	Current  []byte    // terms.yaml in the working tree
	Now      time.Time // the time of changes not yet committed
}

// cellState is what a version says of one cell.
type cellState struct {
	Stance  content.Stance
	Claim   content.Claim // the position's, else its side's
	Note    string
	Sources []string
}

// snapshot is one version of terms.yaml, read leniently, ids as they are now.
type snapshot struct {
	Time, Commit string
	Pending      bool
	sides        map[string]string // id: name
	terms        map[string]string // id: text
	cells        map[content.Cell]cellState
}

// addHistory fills in m.History and each position's Changed, Corrections
// and History from the explainer x and the versions of its terms.yaml
// (none, with known false, when there is no history to read).
func addHistory(m *Model, x *content.Explainer, tl Timeline, known bool) {
	h := &History{Known: known, Since: x.Since, Updates: []Update{}, Corrections: []Correction{}}
	m.History = h
	var snaps []*snapshot
	if known {
		snaps = snapshots(x, tl)
	}
	start := 0
	for i, s := range snaps {
		if x.Since != "" && s.Time[:10] <= string(x.Since) {
			start = i
		}
	}
	steps := map[content.Cell][]Step{}
	if len(snaps) > 0 {
		base := snaps[start]
		h.Start = base.Time
		for c, st := range base.cells {
			steps[c] = []Step{step(base, st, nil)}
		}
		for i := start + 1; i < len(snaps); i++ {
			if u := diff(snaps[i-1], snaps[i], steps); len(u.Lines) > 0 {
				h.Updates = append(h.Updates, u)
			}
		}
	}
	notices(h, x.Updates)
	for i, c := range x.Corrections {
		n := i + 1
		h.Corrections = append(h.Corrections, Correction{N: n, Date: c.Date, Text: c.Text, Cells: c.Cells})
		h.Updates = append(h.Updates, Update{ID: "update-correction-" + strconv.Itoa(n), Time: string(c.Date) + "T00:00:00Z", Date: c.Date, Correction: n, Lines: []Line{}})
	}
	// Newest first; on the same time, corrections and notices after changes.
	slices.Reverse(h.Updates)
	slices.SortStableFunc(h.Updates, func(a, b Update) int { return cmp.Compare(b.Time, a.Time) })
	if len(h.Updates) > 0 {
		h.Updated = h.Updates[0].Time
	}
	corrected := map[content.Cell][]int{}
	for _, c := range h.Corrections {
		for _, cell := range c.Cells {
			corrected[cell] = append(corrected[cell], c.N)
		}
	}
	for i := range m.Terms {
		t := &m.Terms[i]
		for j := range t.Positions {
			p := &t.Positions[j]
			cell := content.Cell{Term: t.ID, Side: p.Side}
			p.Corrections = corrected[cell]
			p.History = steps[cell]
			if n := len(p.History); n > 1 || (n == 1 && len(p.History[0].Changed) > 0) {
				p.Changed = p.History[n-1].Time
			}
		}
	}
}

// snapshots reads each version, and the working tree's file when it
// differs from the last one committed, passing over what does not parse.
func snapshots(x *content.Explainer, tl Timeline) []*snapshot {
	renames := renamesOf(x)
	var out []*snapshot
	var last []byte
	for _, v := range tl.Versions {
		if v.Data == nil {
			continue // deleted: the next version adds it back as it was
		}
		last = v.Data
		if s := read(v.Data, renames); s != nil {
			s.Time, s.Commit = v.Time.UTC().Format(time.RFC3339), v.Commit
			out = append(out, s)
		}
	}
	if tl.Current != nil && !bytes.Equal(tl.Current, last) {
		if s := read(tl.Current, renames); s != nil {
			s.Time, s.Pending = tl.Now.UTC().Format(time.RFC3339), true
			out = append(out, s)
		}
	}
	return out
}

// renamesOf maps the ids x's terms and sides had before ("term old-id",
// "side old-id") to their ids now (was:).
func renamesOf(x *content.Explainer) map[string]string {
	renames := map[string]string{}
	for _, t := range x.Terms {
		for _, old := range t.Was {
			renames["term "+old] = t.ID
		}
	}
	for _, s := range x.Sides {
		for _, old := range s.Was {
			renames["side "+old] = s.ID
		}
	}
	return renames
}

// read decodes a version of terms.yaml leniently: only what history
// compares, ids renamed as they are now; nil if it is not YAML of the
// right shape.
func read(b []byte, renames map[string]string) *snapshot {
	var raw struct {
		Sides map[string]struct {
			Name  string `yaml:"name"`
			Claim string `yaml:"claim"`
		} `yaml:"sides"`
		Terms map[string]struct {
			Text      string         `yaml:"text"`
			Positions map[string]any `yaml:"positions"`
		} `yaml:"terms"`
	}
	if err := yaml.Unmarshal(b, &raw); err != nil {
		return nil
	}
	id := func(kind, id string) string { return cmp.Or(renames[kind+" "+id], id) }
	s := &snapshot{sides: map[string]string{}, terms: map[string]string{}, cells: map[content.Cell]cellState{}}
	claims := map[string]content.Claim{}
	for k, v := range raw.Sides {
		s.sides[id("side", k)] = strings.TrimSpace(v.Name)
		claims[id("side", k)] = content.Claim(strings.TrimSpace(v.Claim))
	}
	for k, t := range raw.Terms {
		term := id("term", k)
		s.terms[term] = strings.TrimSpace(t.Text)
		for side, v := range t.Positions {
			side = id("side", side)
			st := cellState{Claim: claims[side]}
			switch v := v.(type) {
			case string:
				st.Stance = content.Stance(strings.TrimSpace(v))
			case map[string]any:
				st.Stance = content.Stance(strings.TrimSpace(str(v["stance"])))
				st.Note = strings.TrimSpace(str(v["note"]))
				if c := strings.TrimSpace(str(v["claim"])); c != "" {
					st.Claim = content.Claim(c)
				}
				switch src := v["sources"].(type) {
				case string:
					st.Sources = []string{strings.TrimSpace(src)}
				case []any:
					for _, e := range src {
						st.Sources = append(st.Sources, strings.TrimSpace(str(e)))
					}
				}
			default:
				continue
			}
			s.cells[content.Cell{Term: term, Side: side}] = st
		}
	}
	return s
}

func str(v any) string {
	s, _ := v.(string)
	return s
}

func step(s *snapshot, st cellState, changed []string) Step {
	return Step{Time: s.Time, Commit: s.Commit, Stance: st.Stance, Claim: st.Claim, Note: st.Note, Sources: st.Sources, Changed: changed}
}

// diff is the update from version a to b; it adds a step to each cell b
// changes.
func diff(a, b *snapshot, steps map[content.Cell][]Step) Update {
	u := Update{ID: "update-pending", Time: b.Time, Date: content.Date(b.Time[:10]), Commit: b.Commit, Pending: b.Pending, Lines: []Line{}}
	if b.Commit != "" {
		u.ID = "update-" + b.Commit[:min(12, len(b.Commit))]
	}
	for _, id := range slices.Sorted(maps.Keys(b.sides)) {
		if _, ok := a.sides[id]; !ok {
			u.Lines = append(u.Lines, Line{Kind: "side-added", Side: id, SideName: b.sides[id]})
		}
	}
	for _, id := range slices.Sorted(maps.Keys(a.sides)) {
		if _, ok := b.sides[id]; !ok {
			u.Lines = append(u.Lines, Line{Kind: "side-removed", Side: id, SideName: a.sides[id]})
		}
	}
	group := func(kind string, ids []string, texts map[string]string) {
		if len(ids) > 0 {
			l := Line{Kind: kind, Terms: ids}
			for _, id := range ids {
				l.Texts = append(l.Texts, texts[id])
			}
			u.Lines = append(u.Lines, l)
		}
	}
	var added, removed, reworded []string
	for _, id := range slices.Sorted(maps.Keys(b.terms)) {
		if text, ok := a.terms[id]; !ok {
			added = append(added, id)
		} else if text != b.terms[id] {
			reworded = append(reworded, id)
		}
	}
	for _, id := range slices.Sorted(maps.Keys(a.terms)) {
		if _, ok := b.terms[id]; !ok {
			removed = append(removed, id)
		}
	}
	group("term-added", added, b.terms)
	group("term-reworded", reworded, b.terms)
	group("term-removed", removed, a.terms)

	// Changes of existing cells, one line per side, kind and values, over
	// all the terms they touch: "Russia: silent → opposes on A and B".
	type key struct{ side, kind, from, to string }
	lines := map[key][]string{}
	var order []key
	add := func(k key, term string) {
		if lines[k] == nil {
			order = append(order, k)
		}
		lines[k] = append(lines[k], term)
	}
	cells := make([]content.Cell, 0, len(b.cells))
	for c := range b.cells {
		cells = append(cells, c)
	}
	slices.SortFunc(cells, func(x, y content.Cell) int {
		return cmp.Or(cmp.Compare(x.Side, y.Side), cmp.Compare(x.Term, y.Term))
	})
	for _, c := range cells {
		now := b.cells[c]
		was, ok := a.cells[c]
		if !ok {
			steps[c] = append(steps[c], step(b, now, []string{"added"}))
			continue
		}
		var changed []string
		if was.Stance != now.Stance {
			changed = append(changed, "stance")
			add(key{c.Side, "stance", string(was.Stance), string(now.Stance)}, c.Term)
		}
		if was.Claim != now.Claim {
			changed = append(changed, "claim")
			add(key{c.Side, "claim", string(was.Claim), string(now.Claim)}, c.Term)
		}
		// A new stance comes with its note and sources: they get a line of
		// their own only when the stance stays.
		if was.Note != now.Note {
			changed = append(changed, "note")
			if was.Stance == now.Stance {
				add(key{c.Side, "note", "", ""}, c.Term)
			}
		}
		if !slices.Equal(was.Sources, now.Sources) {
			changed = append(changed, "sources")
			if was.Stance == now.Stance {
				add(key{c.Side, "sources", "", ""}, c.Term)
			}
		}
		if changed != nil {
			steps[c] = append(steps[c], step(b, now, changed))
		}
	}
	for _, k := range order {
		l := Line{Kind: k.kind, Side: k.side, SideName: b.sides[k.side], From: k.from, To: k.to, Terms: lines[k]}
		for _, id := range l.Terms {
			l.Texts = append(l.Texts, b.terms[id])
		}
		u.Lines = append(u.Lines, l)
	}
	return u
}

// notices attaches each editor's line to the update it explains: the
// newest that changed one of its cells on or before its day; a line that
// explains none stands on its own, at its day.
func notices(h *History, updates []content.Notice) {
	for i, n := range updates {
		best := -1
		for i, u := range h.Updates {
			if u.Time[:10] > string(n.Date) {
				continue
			}
			if touches(u, n.Cells) && (best < 0 || u.Time >= h.Updates[best].Time) {
				best = i
			}
		}
		if best >= 0 {
			h.Updates[best].Notes = append(h.Updates[best].Notes, n.Text)
			continue
		}
		h.Updates = append(h.Updates, Update{ID: "update-note-" + strconv.Itoa(i+1), Time: string(n.Date) + "T00:00:00Z", Date: n.Date, Notes: []string{n.Text}, Lines: []Line{}})
	}
}

// touches reports whether u changed any of cells (a term's lines count for
// every side; a side's for every term).
func touches(u Update, cells []content.Cell) bool {
	for _, l := range u.Lines {
		for _, c := range cells {
			if l.Side != "" && l.Side != c.Side {
				continue
			}
			if l.Terms == nil || slices.Contains(l.Terms, c.Term) {
				return true
			}
		}
	}
	return false
}
