package compile

import (
	"testing"

	qt "github.com/frankban/quicktest"
	"github.com/parley-news/parley/tools/internal/content"
)

const (
	sup = content.Supports
	opp = content.Opposes
	con = content.Conditional
	sil = content.Silent
	unc = content.Unclear
)

func TestConsensus(t *testing.T) {
	for _, tc := range []struct {
		name    string
		stances []content.Stance
		want    Consensus
		agreed  string
	}{
		{"all support", []content.Stance{sup, sup, sup}, Agreed, "supports"},
		{"all oppose", []content.Stance{opp, opp}, Agreed, "opposes"},
		{"one opposes", []content.Stance{sup, sup, opp}, Contested, ""},
		{"one silent keeps it open", []content.Stance{sup, sup, sil}, Contested, ""},
		{"all conditional is not agreement", []content.Stance{con, con}, Contested, ""},
		{"unclear", []content.Stance{unc, unc}, Contested, ""},
		{"all silent", []content.Stance{sil, sil, sil}, Unaddressed, ""},
		{"a single side cannot agree", []content.Stance{sup}, Contested, ""},
		{"no main sides", nil, Unaddressed, ""},
	} {
		t.Run(tc.name, func(t *testing.T) {
			got, agreed := consensus(tc.stances)
			qt.Assert(t, got, qt.Equals, tc.want)
			qt.Assert(t, agreed, qt.Equals, tc.agreed)
		})
	}
}

func TestVerdict(t *testing.T) {
	for _, tc := range []struct {
		a, b content.Stance
		want Verdict
	}{
		{sup, sup, Same},
		{unc, unc, Same},
		{sup, opp, Different},
		{con, sup, Different},
		{sup, sil, OnlyA},
		{sil, opp, OnlyB},
		{sil, sil, Neither},
		{unc, sil, OnlyA},
	} {
		qt.Check(t, verdict(tc.a, tc.b), qt.Equals, tc.want, qt.Commentf("%s vs %s", tc.a, tc.b))
	}
}

// explainer builds a validated explainer from a compact table: sides as
// id/actor/date, and per term the stances in side order.
func explainer(sides [][3]string, actors map[string]bool, terms map[string][]content.Stance, order []string) *content.Explainer {
	x := &content.Explainer{Slug: "t", Front: content.Front{Title: "T"}}
	for id, main := range actors {
		x.Actors = append(x.Actors, content.Actor{ID: id, Name: id, Short: id, Main: main})
	}
	for _, s := range sides {
		x.Sides = append(x.Sides, content.Side{ID: s[0], Name: s[0], Actors: []string{s[1]}, Date: content.Date(s[2])})
	}
	for _, id := range order {
		t := content.Term{ID: id, Group: "G", Text: id}
		for i, st := range terms[id] {
			t.Positions = append(t.Positions, content.Position{Side: sides[i][0], Stance: st})
		}
		x.Terms = append(x.Terms, t)
	}
	return x
}

func TestCompileDerivesFacts(t *testing.T) {
	sides := [][3]string{
		{"us-april", "us", "2025-04"},
		{"us-march", "us", "2025-03"},
		{"ru", "ru", "2025-03"},
		{"ngo", "ngo", "2025-05"},
	}
	x := explainer(sides, map[string]bool{"us": true, "ru": true, "ngo": false}, map[string][]content.Stance{
		//            us-april us-march ru   ngo
		"ceasefire": {sup, sup, opp, sup},
		"crimea":    {sup, sil, sup, opp},
		"nato":      {opp, sup, opp, sil},
		"arms":      {sil, sil, sil, sup},
		"sanctions": {sil, con, con, sil},
	}, []string{"ceasefire", "crimea", "nato", "arms", "sanctions"})
	x.Sides[0].Claim = content.Reported
	x.Terms[0].Positions[2].Claim = content.Disputed

	m := Compile(x)

	// The US is represented by its April side although it is written first;
	// the non-main NGO counts for nothing.
	var consensus []Consensus
	for _, term := range m.Terms {
		consensus = append(consensus, term.Consensus)
	}
	qt.Assert(t, consensus, qt.DeepEquals, []Consensus{Contested, Agreed, Agreed, Unaddressed, Contested})
	qt.Assert(t, m.Terms[2].Agreed, qt.Equals, "opposes")
	qt.Assert(t, m.Consensus, qt.Equals, Tally{Agreed: 2, Contested: 2, Unaddressed: 1})
	qt.Assert(t, m.Actors[indexOf(m, "us")].Latest, qt.Equals, "us-april")
	qt.Assert(t, m.Actors[indexOf(m, "us")].Sides, qt.DeepEquals, []string{"us-march", "us-april"})
	qt.Assert(t, []bool{m.Sides[0].Latest, m.Sides[1].Latest, m.Sides[2].Latest, m.Sides[3].Latest}, qt.DeepEquals, []bool{true, false, true, false})

	// A side's claim applies to its positions unless a position has its own.
	qt.Assert(t, m.Terms[0].Positions[0].Claim, qt.Equals, content.Reported)
	qt.Assert(t, m.Terms[0].Positions[2].Claim, qt.Equals, content.Disputed)
	qt.Assert(t, m.Terms[0].Positions[1].Claim, qt.Equals, content.Claim(""))

	// Every pair of sides once, A before B.
	qt.Assert(t, m.Pairs, qt.HasLen, 6)
	p := m.Pairs[0] // us-april vs us-march
	qt.Assert(t, [2]string{p.A, p.B}, qt.Equals, [2]string{"us-april", "us-march"})
	qt.Assert(t, p.Verdicts, qt.DeepEquals, []Verdict{Same, OnlyA, Different, Neither, OnlyB})
	qt.Assert(t, [5]int{p.Same, p.Different, p.OnlyA, p.OnlyB, p.Neither}, qt.Equals, [5]int{1, 1, 1, 1, 1})

	// What the US changed from March to April.
	qt.Assert(t, m.Changes, qt.DeepEquals, []Change{{
		Actor: "us", From: "us-march", To: "us-april",
		Added: []string{"crimea"}, Dropped: []string{"sanctions"}, Changed: []string{"nato"},
	}})
}

func TestCompileMarksLatestEvent(t *testing.T) {
	x := explainer([][3]string{{"a", "a", "2025-01"}}, map[string]bool{"a": true}, map[string][]content.Stance{"t": {sup}}, []string{"t"})
	x.Events = []content.Event{{Date: "2025-01", Title: "one"}, {Date: "2025-02", Title: "two"}}
	m := Compile(x)
	qt.Assert(t, []bool{m.Events[0].Latest, m.Events[1].Latest}, qt.DeepEquals, []bool{false, true})
	qt.Assert(t, m.Stances, qt.HasLen, len(content.Stances))
	qt.Assert(t, m.Changes, qt.HasLen, 0)
}

func indexOf(m *Model, actor string) int {
	for i, a := range m.Actors {
		if a.ID == actor {
			return i
		}
	}
	return -1
}
