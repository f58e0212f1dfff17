package compile

// FuzzCompile builds arbitrary valid explainers from the fuzzer's bytes and
// checks the facts Compile derives against their definitions. Run it for
// minutes with
//
//	go test ./tools/internal/compile -run '^$' -fuzz FuzzCompile -fuzztime 2m

import (
	"bytes"
	"encoding/csv"
	"encoding/json"
	"fmt"
	"slices"
	"strings"
	"testing"

	"github.com/parley-news/parley/tools/internal/content"
)

// byteSource hands out the fuzzer's bytes as small choices; past the end it
// gives zeros, so every input makes an explainer.
type byteSource struct {
	b []byte
	i int
}

func (s *byteSource) next() int {
	if s.i >= len(s.b) {
		return 0
	}
	s.i++
	return int(s.b[s.i-1])
}

func (s *byteSource) pick(n int) int { return s.next() % n }

// texts are what editors might write, hostile cells included: the CSV
// export must keep every one of them inert.
var texts = []string{"Plain", "=HYPERLINK(\"http://x\",\"y\")", "+cmd", "-1+1", "@SUM(A1)", "\tTab", "\rCR", "a, \"quoted\"\nline", "’’", "\u2028", ""}

var dates = []content.Date{"2025-03", "2025-03-01", "2025-03-31", "2025-04", "2025-04-01", "2024-12-31"}

// fuzzExplainer makes a valid explainer: 1-4 actors, 1-6 sides, 1-12 terms.
func fuzzExplainer(s *byteSource) *content.Explainer {
	x := &content.Explainer{Slug: "fuzz", Front: content.Front{Title: "T"}}
	text := func(prefix string) string { return prefix + texts[s.pick(len(texts))] }
	for i := range 1 + s.pick(4) {
		x.Actors = append(x.Actors, content.Actor{ID: fmt.Sprintf("a%d", i), Name: text("Actor "), Main: s.pick(4) != 0})
	}
	x.Sources = []content.Source{{ID: "src", Publisher: text(""), Title: text(""), Date: "2025-01"}}
	for i := range 1 + s.pick(6) {
		side := content.Side{ID: fmt.Sprintf("s%d", i), Name: text("Side "), Date: dates[s.pick(len(dates))]}
		for j, a := range x.Actors {
			if (j == 0 && len(x.Actors) == 1) || s.pick(3) == 0 {
				side.Actors = append(side.Actors, a.ID)
			}
		}
		if len(side.Actors) == 0 {
			side.Actors = []string{x.Actors[s.pick(len(x.Actors))].ID}
		}
		side.Claim = []content.Claim{"", "", content.Reported, content.Disputed}[s.pick(4)]
		x.Sides = append(x.Sides, side)
	}
	for i := range 1 + s.pick(12) {
		g := fmt.Sprintf("G%d", s.pick(3))
		if !slices.Contains(x.Groups, g) {
			x.Groups = append(x.Groups, g)
		}
		t := content.Term{ID: fmt.Sprintf("t%d", i), Group: g, Text: text("")}
		for _, side := range x.Sides {
			p := content.Position{Side: side.ID, Stance: content.Stances[s.pick(len(content.Stances))], Note: text("")}
			if p.Stance != content.Silent {
				p.Sources = []string{"src"}
			}
			t.Positions = append(t.Positions, p)
		}
		x.Terms = append(x.Terms, t)
	}
	return x
}

func FuzzCompile(f *testing.F) {
	f.Add([]byte{})
	f.Add([]byte{3, 5, 11, 0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15})
	f.Add(bytes.Repeat([]byte{1, 2}, 200))
	f.Add(bytes.Repeat([]byte{255, 0, 7}, 300))
	f.Fuzz(func(t *testing.T, data []byte) {
		x := fuzzExplainer(&byteSource{b: data})
		m := Compile(x)
		checkModel(t, x, m)

		// The same explainer with its sides in the opposite order: every
		// pair's verdicts mirror (only-a and only-b trade places).
		y := *x
		y.Sides = slices.Clone(x.Sides)
		slices.Reverse(y.Sides)
		y.Terms = nil
		for _, term := range x.Terms {
			term.Positions = slices.Clone(term.Positions)
			slices.Reverse(term.Positions)
			y.Terms = append(y.Terms, term)
		}
		m2 := Compile(&y)
		checkModel(t, &y, m2)
		for _, p := range m.Pairs {
			i := slices.IndexFunc(m2.Pairs, func(q Pair) bool { return q.A == p.B && q.B == p.A })
			if i < 0 {
				t.Fatalf("pair %s/%s missing once reversed", p.A, p.B)
			}
			q := m2.Pairs[i]
			mirror := map[Verdict]Verdict{OnlyA: OnlyB, OnlyB: OnlyA, Same: Same, Different: Different, Neither: Neither}
			for k, v := range p.Verdicts {
				if q.Verdicts[k] != mirror[v] {
					t.Fatalf("term %s: %s vs %s is %s, but %s vs %s is %s", x.Terms[k].ID, p.A, p.B, v, q.A, q.B, q.Verdicts[k])
				}
			}
			if p.Same != q.Same || p.Different != q.Different || p.OnlyA != q.OnlyB || p.OnlyB != q.OnlyA || p.Neither != q.Neither {
				t.Fatalf("pair counts do not mirror: %+v vs %+v", p, q)
			}
		}

		if _, err := json.Marshal(m); err != nil {
			t.Fatal(err)
		}
		checkCSV(t, m)
	})
}

func checkModel(t *testing.T, x *content.Explainer, m *Model) {
	t.Helper()
	n := len(m.Terms)
	if len(m.Terms) != len(x.Terms) || len(m.Sides) != len(x.Sides) {
		t.Fatalf("%d terms and %d sides compiled from %d and %d", len(m.Terms), len(m.Sides), len(x.Terms), len(x.Sides))
	}
	// The tally counts every term once.
	if c := m.Consensus; c.Agreed+c.Contested+c.Unaddressed != n {
		t.Fatalf("consensus tally %+v does not sum to %d terms", c, n)
	}
	side := map[string]Side{}
	for _, s := range m.Sides {
		side[s.ID] = s
	}
	// An actor's latest side is its last, and sides are latest exactly when
	// they are some main actor's latest.
	latest := map[string]bool{}
	for _, a := range m.Actors {
		for i, id := range a.Sides {
			if !slices.Contains(side[id].Actors, a.ID) {
				t.Fatalf("actor %s lists side %s, which is not its", a.ID, id)
			}
			if i > 0 && side[a.Sides[i-1]].Date > side[id].Date {
				t.Fatalf("actor %s: sides out of date order: %v", a.ID, a.Sides)
			}
		}
		if len(a.Sides) > 0 && a.Latest != a.Sides[len(a.Sides)-1] {
			t.Fatalf("actor %s: latest %q, want the last of %v", a.ID, a.Latest, a.Sides)
		}
		if a.Main && a.Latest != "" {
			latest[a.Latest] = true
		}
	}
	for _, s := range m.Sides {
		if s.Latest != latest[s.ID] {
			t.Fatalf("side %s: latest %v", s.ID, s.Latest)
		}
	}
	// Each term's standing follows the rule among the latest sides.
	for _, term := range m.Terms {
		if len(term.Positions) != len(m.Sides) {
			t.Fatalf("term %s: %d positions for %d sides", term.ID, len(term.Positions), len(m.Sides))
		}
		var stances []content.Stance
		for i, p := range term.Positions {
			if p.Side != m.Sides[i].ID {
				t.Fatalf("term %s: position %d is for %s", term.ID, i, p.Side)
			}
			if m.Sides[i].Latest {
				stances = append(stances, p.Stance)
			}
		}
		switch term.Consensus {
		case Agreed:
			if len(stances) < 2 || term.Agreed == "" || slices.ContainsFunc(stances, func(s content.Stance) bool { return string(s) != term.Agreed }) ||
				(term.Agreed != string(content.Supports) && term.Agreed != string(content.Opposes)) {
				t.Fatalf("term %s agreed (%s) among %v", term.ID, term.Agreed, stances)
			}
		case Unaddressed:
			if slices.ContainsFunc(stances, func(s content.Stance) bool { return s != content.Silent }) {
				t.Fatalf("term %s unaddressed among %v", term.ID, stances)
			}
		case Contested:
			if len(stances) == 0 || !slices.ContainsFunc(stances, func(s content.Stance) bool { return s != content.Silent }) {
				t.Fatalf("term %s contested among %v", term.ID, stances)
			}
		default:
			t.Fatalf("term %s: consensus %q", term.ID, term.Consensus)
		}
	}
	// One pair per two sides, each counting every term once.
	if want := len(m.Sides) * (len(m.Sides) - 1) / 2; len(m.Pairs) != want {
		t.Fatalf("%d pairs for %d sides", len(m.Pairs), len(m.Sides))
	}
	for _, p := range m.Pairs {
		if p.Same+p.Different+p.OnlyA+p.OnlyB+p.Neither != n || len(p.Verdicts) != n {
			t.Fatalf("pair %s/%s: counts %+v do not sum to %d terms", p.A, p.B, p, n)
		}
	}
	// Changes compare sides of one actor only, earlier to later.
	for _, c := range m.Changes {
		from, to := side[c.From], side[c.To]
		if !slices.Contains(from.Actors, c.Actor) || !slices.Contains(to.Actors, c.Actor) || c.From == c.To {
			t.Fatalf("change %s → %s for actor %s, not both its sides", c.From, c.To, c.Actor)
		}
		if from.Date > to.Date {
			t.Fatalf("change from %s (%s) to the earlier %s (%s)", c.From, from.Date, c.To, to.Date)
		}
		seen := map[string]bool{}
		for _, id := range slices.Concat(c.Added, c.Dropped, c.Changed) {
			if seen[id] {
				t.Fatalf("change %s → %s lists term %s twice", c.From, c.To, id)
			}
			seen[id] = true
		}
	}
}

// checkCSV reads terms.csv back: a header and one row per term and side, of
// twelve cells each, none of which a spreadsheet would run as a formula.
func checkCSV(t *testing.T, m *Model) {
	t.Helper()
	b, err := CSV(m)
	if err != nil {
		t.Fatal(err)
	}
	rows, err := csv.NewReader(bytes.NewReader(b)).ReadAll()
	if err != nil {
		t.Fatalf("terms.csv does not parse: %v", err)
	}
	if len(rows) != 1+len(m.Terms)*len(m.Sides) {
		t.Fatalf("%d rows for %d terms × %d sides", len(rows), len(m.Terms), len(m.Sides))
	}
	for _, r := range rows {
		if len(r) != len(csvHeader) {
			t.Fatalf("row of %d cells: %q", len(r), r)
		}
		for _, c := range r {
			if c != "" && strings.ContainsRune("=+-@\t\r", rune(c[0])) {
				t.Fatalf("cell %q would run as a formula", c)
			}
		}
	}
}
