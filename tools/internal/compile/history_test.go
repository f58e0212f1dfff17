package compile

import (
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	qt "github.com/frankban/quicktest"
	"github.com/parley-news/parley/tools/internal/content"
	"github.com/parley-news/parley/tools/internal/history"
)

// termsYAML writes a terms.yaml of sides a and b, and one term per entry
// of terms: "id|text|a's position|b's position", a position being a stance
// or YAML flow mapping. extra is appended as it is.
func termsYAML(extra string, terms ...string) string {
	var b strings.Builder
	b.WriteString("actors: {a: {name: A}, b: {name: B}}\nsources: {s: {publisher: P, title: T, date: 2025-01}, s2: {publisher: P, title: T2, date: 2025-02}}\n")
	b.WriteString("sides:\n  a: {actor: a, name: Side A, date: 2025-01}\n  b: {actor: b, name: Side B, date: 2025-02}\n")
	b.WriteString("terms:\n")
	for _, t := range terms {
		f := strings.Split(t, "|")
		fmt.Fprintf(&b, "  %s:\n    group: G\n    text: %s\n    positions:\n      a: %s\n      b: %s\n", f[0], f[1], f[2], f[3])
	}
	b.WriteString(extra)
	return b.String()
}

// load validates a terms.yaml as the explainer "x".
func load(t *testing.T, src string) *content.Explainer {
	t.Helper()
	dir := t.TempDir()
	qt.Assert(t, writeExplainer(dir, src), qt.IsNil)
	x, err := content.LoadDir(dir, "content/x")
	qt.Assert(t, err, qt.IsNil)
	return x
}

func version(day, commit, src string) history.Version {
	when, err := time.Parse("2006-01-02T15", day)
	if err != nil {
		panic(err)
	}
	return history.Version{Commit: commit, Time: when, Blob: commit, Data: []byte(src)}
}

const (
	hOpp = "{stance: opposes, sources: [s]}"
	hSup = "{stance: supports, sources: [s]}"
)

func TestHistory(t *testing.T) {
	v1 := termsYAML("", "cease|A ceasefire|silent|"+hOpp, "land|Land|"+hSup+"|silent")
	for _, tc := range []struct {
		name     string
		versions []history.Version
		current  string // terms.yaml now; the last version's if ""
		// what the history shows: each update as its date, commit, notes
		// and lines; each changed cell as term/side@time.
		updates []string
		changed []string
		steps   map[string]int // cell: how many steps
	}{
		{
			name:     "one version is the starting point",
			versions: []history.Version{version("2025-05-01T09", "c1", v1)},
			steps:    map[string]int{"cease/a": 1, "land/b": 1},
		},
		{
			name: "a stance and a claim change",
			versions: []history.Version{
				version("2025-05-01T09", "c1", v1),
				version("2025-05-12T10", "c2", termsYAML("", "cease|A ceasefire|"+hOpp+"|"+hOpp, "land|Land|{stance: supports, sources: [s], claim: reported}|silent")),
			},
			updates: []string{"2025-05-12 c2: a stance silent→opposes [cease]; a claim →reported [land]"},
			changed: []string{"cease/a@2025-05-12T10:00:00Z", "land/a@2025-05-12T10:00:00Z"},
			steps:   map[string]int{"cease/a": 2, "cease/b": 1, "land/a": 2},
		},
		{
			name: "since hides drafting",
			versions: []history.Version{
				version("2025-04-01T09", "c0", termsYAML("", "cease|A ceasefire|silent|silent", "land|Land|"+hSup+"|silent")),
				version("2025-05-01T23", "c1", termsYAML("history: {since: 2025-05-01}\n", "cease|A ceasefire|silent|"+hOpp, "land|Land|"+hSup+"|silent")),
			},
			steps: map[string]int{"cease/b": 1},
		},
		{
			name: "a renamed and reworded term keeps its history",
			versions: []history.Version{
				version("2025-05-01T09", "c1", v1),
				version("2025-05-02T09", "c2", termsYAML("", "truce|A truce first|{stance: opposes, sources: [s], note: Now against.}|"+hOpp, "land|Land|"+hSup+"|silent")),
				version("2025-05-03T09", "c3", strings.Replace(termsYAML("", "truce|A truce first|"+hOpp+"|"+hOpp, "land|Land|"+hSup+"|silent"), "text: A truce first", "was: cease\n    text: A truce first", 1)),
			},
			updates: []string{
				"2025-05-03 c3: a note [truce]",
				"2025-05-02 c2: term-reworded [truce]; a stance silent→opposes [truce]",
			},
			changed: []string{"truce/a@2025-05-03T09:00:00Z"},
			steps:   map[string]int{"truce/a": 3, "truce/b": 1},
		},
		{
			name: "a side added, a term removed, sources changed",
			versions: []history.Version{
				version("2025-05-01T09", "c1", v1),
				version("2025-05-05T09", "c2", strings.Replace(termsYAML("", "cease|A ceasefire|silent|{stance: opposes, sources: [s, s2]}"), "sides:\n", "sides:\n  c: {actor: a, name: Side C, date: 2025-03}\n", 1)+
					"      c: silent\n"),
			},
			updates: []string{"2025-05-05 c2: side-added c; term-removed [land]; b sources [cease]"},
			changed: []string{"cease/c@2025-05-05T09:00:00Z", "cease/b@2025-05-05T09:00:00Z"},
			steps:   map[string]int{"cease/b": 2},
		},
		{
			name: "a version that does not parse is passed over",
			versions: []history.Version{
				version("2025-05-01T09", "c1", v1),
				version("2025-05-02T09", "c2", "terms: [unclosed\n"),
				version("2025-05-03T09", "c3", termsYAML("", "cease|A ceasefire|"+hSup+"|"+hOpp, "land|Land|"+hSup+"|silent")),
			},
			updates: []string{"2025-05-03 c3: a stance silent→supports [cease]"},
			changed: []string{"cease/a@2025-05-03T09:00:00Z"},
		},
		{
			name:     "changes not committed carry the build's time",
			versions: []history.Version{version("2025-05-01T09", "c1", v1)},
			current:  termsYAML("", "cease|A ceasefire|silent|silent", "land|Land|"+hSup+"|silent"),
			updates:  []string{"2025-06-01 pending: b stance opposes→silent [cease]"},
			changed:  []string{"cease/b@2025-06-01T12:00:00Z"},
		},
		{
			name: "editors' lines and corrections",
			versions: []history.Version{
				version("2025-05-01T09", "c1", v1),
				version("2025-05-12T10", "c2", termsYAML("updates:\n  - {date: 2025-05-13, cells: [cease/a], text: Why A moved.}\n  - {date: 2025-05-20, cells: [land/b], text: Nothing moved.}\n"+
					"corrections:\n  - {date: 2025-05-14, cells: [land/a], text: We had it wrong.}\n", "cease|A ceasefire|"+hOpp+"|"+hOpp, "land|Land|"+hSup+"|silent")),
			},
			updates: []string{
				"2025-05-20 notes [Nothing moved.]: ",
				"2025-05-14 correction 1: ",
				"2025-05-12 c2 notes [Why A moved.]: a stance silent→opposes [cease]",
			},
			changed: []string{"cease/a@2025-05-12T10:00:00Z"},
		},
	} {
		t.Run(tc.name, func(t *testing.T) {
			current := tc.current
			if current == "" {
				current = string(tc.versions[len(tc.versions)-1].Data)
			}
			x := load(t, current)
			m := CompileWith(x, &Timeline{Versions: tc.versions, Current: []byte(current), Now: time.Date(2025, 6, 1, 12, 0, 0, 0, time.UTC)})
			var updates []string
			for _, u := range m.History.Updates {
				s := string(u.Date)
				if u.Commit != "" {
					s += " " + u.Commit
				}
				if u.Pending {
					s += " pending"
				}
				if u.Notes != nil {
					s += fmt.Sprintf(" notes %v", u.Notes)
				}
				if u.Correction > 0 {
					s += fmt.Sprintf(" correction %d", u.Correction)
				}
				var lines []string
				for _, l := range u.Lines {
					line := strings.TrimSpace(l.Side + " " + l.Kind)
					if l.Kind == "side-added" {
						line = l.Kind + " " + l.Side
					}
					if l.From != "" || l.To != "" {
						line += " " + l.From + "→" + l.To
					}
					if l.Terms != nil {
						line += fmt.Sprint(" ", l.Terms)
					}
					lines = append(lines, line)
				}
				updates = append(updates, s+": "+strings.Join(lines, "; "))
			}
			qt.Check(t, updates, qt.DeepEquals, tc.updates)
			var changed []string
			steps := map[string]int{}
			for _, term := range m.Terms {
				for _, p := range term.Positions {
					if p.Changed != "" {
						changed = append(changed, term.ID+"/"+p.Side+"@"+p.Changed)
					}
					if n := len(p.History); n > 0 && tc.steps[term.ID+"/"+p.Side] > 0 {
						steps[term.ID+"/"+p.Side] = n
					}
				}
			}
			qt.Check(t, changed, qt.DeepEquals, tc.changed)
			if tc.steps != nil {
				qt.Check(t, steps, qt.DeepEquals, tc.steps)
			}
			qt.Check(t, m.History.Known, qt.IsTrue)
		})
	}
}

// Without history, the editors' lines and corrections still show.
func TestHistoryUnknown(t *testing.T) {
	x := load(t, termsYAML("corrections:\n  - {date: 2025-05-14, cells: [land/a], text: Fixed.}\n", "land|Land|"+hSup+"|silent"))
	m := Compile(x)
	qt.Check(t, m.History.Known, qt.IsFalse)
	qt.Check(t, m.History.Corrections, qt.DeepEquals, []Correction{{N: 1, Date: "2025-05-14", Text: "Fixed.", Cells: []content.Cell{{Term: "land", Side: "a"}}}})
	qt.Check(t, m.Terms[0].Positions[0].Corrections, qt.DeepEquals, []int{1})
	qt.Check(t, m.Terms[0].Positions[0].History, qt.IsNil)
	qt.Check(t, m.History.Updated, qt.Equals, "2025-05-14T00:00:00Z")
}

func writeExplainer(root, terms string) error {
	dir := filepath.Join(root, "content", "x")
	if err := os.MkdirAll(dir, 0o755); err != nil {
		return err
	}
	if err := os.WriteFile(filepath.Join(dir, "index.md"), []byte("---\ntitle: X\nsummary: S\ndate: 2025-01-01\n---\nProse.\n"), 0o644); err != nil {
		return err
	}
	return os.WriteFile(filepath.Join(dir, "terms.yaml"), []byte(terms), 0o644)
}
