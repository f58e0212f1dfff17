package compile

import (
	"cmp"
	"strconv"
	"strings"

	"github.com/goccy/go-yaml"
	"github.com/parley-news/parley/tools/internal/content"
)

// Since is what changed in an explainer since an earlier version of its
// terms.yaml, old (nil: the explainer is new), as a check summarises it
// for a reviewer: the lines readers will see, and the editors' lines and
// corrections added since.
type Since struct {
	New         bool
	Lines       []Line
	Notes       []string
	Corrections []Correction
}

// Changed reports whether there is anything to say.
func (s Since) Changed() bool {
	return s.New || len(s.Lines) > 0 || len(s.Notes) > 0 || len(s.Corrections) > 0
}

// SinceVersion compares x with old, a version of its terms.yaml.
func SinceVersion(x *content.Explainer, old []byte) Since {
	if old == nil {
		return Since{New: true}
	}
	var s Since
	renames := renamesOf(x)
	a, b := read(old, renames), read(x.TermsYAML, renames)
	if a != nil && b != nil {
		b.Time = "0000-00-00T00:00:00Z"
		s.Lines = diff(a, b, map[content.Cell][]Step{}).Lines
	}
	var before struct {
		Updates     []struct{ Text string } `yaml:"updates"`
		Corrections []struct{ Text string } `yaml:"corrections"`
	}
	_ = yaml.Unmarshal(old, &before) // what does not parse had none
	had := map[string]bool{}
	for _, u := range before.Updates {
		had["u "+strings.TrimSpace(u.Text)] = true
	}
	for _, c := range before.Corrections {
		had["c "+strings.TrimSpace(c.Text)] = true
	}
	for _, u := range x.Updates {
		if !had["u "+u.Text] {
			s.Notes = append(s.Notes, u.Text)
		}
	}
	for i, c := range x.Corrections {
		if !had["c "+c.Text] {
			s.Corrections = append(s.Corrections, Correction{N: i + 1, Date: c.Date, Text: c.Text, Cells: c.Cells})
		}
	}
	return s
}

// Sentence is a line of an update in plain English, as a check prints it
// (pages compose theirs in their templates, from the interface's strings).
func (l Line) Sentence() string {
	terms := make([]string, len(l.Texts))
	for i, t := range l.Texts {
		terms[i] = `"` + t + `"`
	}
	on := strings.Join(terms, ", ")
	if len(terms) > 3 {
		on = strconv.Itoa(len(terms)) + " terms"
	}
	claim := func(c string) string { return cmp.Or(c, "confirmed") }
	switch l.Kind {
	case "stance":
		return l.SideName + ": " + l.From + " → " + l.To + " on " + on
	case "claim":
		return l.SideName + ": " + claim(l.From) + " → " + claim(l.To) + " on " + on
	case "note":
		return l.SideName + ": note revised on " + on
	case "sources":
		return l.SideName + ": sources revised on " + on
	case "term-added":
		return "New term: " + on
	case "term-removed":
		return "Term removed: " + on
	case "term-reworded":
		return "Term reworded: " + on
	case "side-added":
		return "New side: " + l.SideName
	case "side-removed":
		return "Side removed: " + l.SideName
	}
	return l.Kind
}
