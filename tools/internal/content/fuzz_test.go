package content_test

// Fuzz targets for the loader. Run each for minutes, e.g.
//
//	go test ./tools/internal/content -run '^$' -fuzz FuzzParseTerms -fuzztime 2m
//
// Crashers land in testdata/fuzz/<target>/ and stay there as regression
// cases that plain `go test` replays.

import (
	"encoding/json"
	"os"
	"reflect"
	"regexp"
	"strings"
	"testing"
	"time"

	"github.com/parley-news/parley/tools/internal/compile"
	"github.com/parley-news/parley/tools/internal/content"
	"github.com/parley-news/parley/tools/internal/diag"
)

const flagship = "../../../content/ukraine-peace-talks/"

var lineBreak = regexp.MustCompile(`\r\n|\r|\n`)

func FuzzParseTerms(f *testing.F) {
	for _, s := range content.TermsSeeds() {
		f.Add([]byte(s))
	}
	if b, err := os.ReadFile(flagship + "terms.yaml"); err == nil {
		f.Add(b)
	}
	f.Fuzz(func(t *testing.T, src []byte) {
		start := time.Now()
		x, errs := content.ParseTerms("t.yaml", src)
		checkTime(t, start, src)
		checkErrors(t, "t.yaml", src, errs)
		// The same bytes give the same result: nothing depends on map order.
		x2, errs2 := content.ParseTerms("t.yaml", src)
		if !reflect.DeepEqual(x, x2) || errs.Error() != errs2.Error() {
			t.Fatalf("two parses differ:\n%s\n---\n%s", errs.Error(), errs2.Error())
		}
		if len(errs) > 0 {
			return
		}
		checkExplainer(t, x)
		m := compile.Compile(x)
		if _, err := json.Marshal(m); err != nil {
			t.Fatalf("model does not marshal: %v", err)
		}
		if _, err := compile.CSV(m); err != nil {
			t.Fatalf("model does not export as CSV: %v", err)
		}
	})
}

// FuzzParseFront checks index.md: its front matter and its prose.
func FuzzParseFront(f *testing.F) {
	for _, s := range content.FrontSeeds() {
		f.Add([]byte(s))
	}
	if b, err := os.ReadFile(flagship + "index.md"); err == nil {
		f.Add(b)
	}
	f.Add([]byte("---\ntitle: T\nsummary: S\ndate: 2025-04-25\nlastmod: 2025-04-26\nimportance: 7\nauthors: [A, B]\ntopics: x\ndraft: true\n---\nBody.\n"))
	f.Add([]byte("---\ntitle: T\nsummary: S\ndate: 2025-04-25\n---\n> > - 1. x\n\n```\n>>>\n```\n\n    - [a](b) *c* `d`\n"))
	f.Fuzz(func(t *testing.T, src []byte) {
		start := time.Now()
		fm, errs := content.ParseIndex("i.md", src)
		checkTime(t, start, src)
		checkErrors(t, "i.md", src, errs)
		if fm2, errs2 := content.ParseIndex("i.md", src); !reflect.DeepEqual(fm, fm2) || errs.Error() != errs2.Error() {
			t.Fatalf("two parses differ")
		}
		if len(errs) > 0 {
			return
		}
		if fm.Title == "" || fm.Summary == "" || len(fm.Date) != len("2006-01-02") {
			t.Fatalf("valid front matter without title, summary or full date: %+v", fm)
		}
		if fm.Importance < 0 || fm.Importance > 100 {
			t.Fatalf("importance %d out of range", fm.Importance)
		}
		if fm.Lastmod != "" && fm.Lastmod < fm.Date {
			t.Fatalf("lastmod %s before date %s", fm.Lastmod, fm.Date)
		}
	})
}

// checkTime fails an input that took long for its size: a denial of
// service in waiting. The bound is loose enough for -race on a busy machine.
func checkTime(t *testing.T, start time.Time, src []byte) {
	t.Helper()
	if d := time.Since(start); d > time.Second+time.Duration(len(src))*50*time.Microsecond {
		t.Fatalf("parsing %d bytes took %s", len(src), d)
	}
}

// checkErrors asserts that every error names the file and a line and
// column inside it (or just past its end), with a one-line message.
func checkErrors(t *testing.T, file string, src []byte, errs diag.List) {
	t.Helper()
	// YAML breaks lines at \r\n, \n and a lone \r.
	lines := len(lineBreak.FindAll(src, -1)) + 1
	for _, e := range errs {
		switch {
		case e.File != file:
			t.Fatalf("error in file %q, want %q: %v", e.File, file, e)
		case e.Line < 1 || e.Line > lines+1:
			t.Fatalf("error at line %d of a %d-line file: %v", e.Line, lines, e)
		case e.Col < 1:
			t.Fatalf("error without a column: %v", e)
		case e.Msg == "" || strings.ContainsAny(e.Msg, "\n\r"):
			t.Fatalf("empty or multi-line message: %q", e.Msg)
		}
	}
}

// checkExplainer asserts what compile relies on in a valid explainer.
func checkExplainer(t *testing.T, x *content.Explainer) {
	t.Helper()
	ids := func(kind string, n int, id func(int) string) map[string]bool {
		seen := map[string]bool{}
		for i := range n {
			s := id(i)
			if !content.ValidSlug(s) || seen[s] {
				t.Fatalf("%s id %q invalid or duplicated", kind, s)
			}
			seen[s] = true
		}
		return seen
	}
	actors := ids("actor", len(x.Actors), func(i int) string { return x.Actors[i].ID })
	sides := ids("side", len(x.Sides), func(i int) string { return x.Sides[i].ID })
	sources := ids("source", len(x.Sources), func(i int) string { return x.Sources[i].ID })
	ids("term", len(x.Terms), func(i int) string { return x.Terms[i].ID })
	cited := func(what string, l []string) {
		for _, s := range l {
			if !sources[s] {
				t.Fatalf("%s cites unknown source %q", what, s)
			}
		}
	}
	if len(x.Sides) == 0 || len(x.Terms) == 0 || len(x.Sides) > content.MaxSides || len(x.Terms) > content.MaxTerms {
		t.Fatalf("%d sides and %d terms", len(x.Sides), len(x.Terms))
	}
	for _, s := range x.Sides {
		if len(s.Actors) == 0 || s.Name == "" || s.Date == "" {
			t.Fatalf("incomplete side %+v", s)
		}
		for _, a := range s.Actors {
			if !actors[a] {
				t.Fatalf("side %s names unknown actor %q", s.ID, a)
			}
		}
		cited("side "+s.ID, s.Sources)
	}
	for _, term := range x.Terms {
		if len(term.Positions) != len(x.Sides) || term.Text == "" || term.Group == "" {
			t.Fatalf("term %s: %d positions for %d sides", term.ID, len(term.Positions), len(x.Sides))
		}
		for i, p := range term.Positions {
			if p.Side != x.Sides[i].ID || !sides[p.Side] {
				t.Fatalf("term %s: position %d is for %q, want %q", term.ID, i, p.Side, x.Sides[i].ID)
			}
			if p.Stance == "" || (p.Stance != content.Silent && len(p.Sources) == 0) {
				t.Fatalf("term %s: position %+v", term.ID, p)
			}
			cited("term "+term.ID, p.Sources)
		}
	}
	for _, s := range x.Sources {
		if u := strings.ToLower(s.URL); u != "" && !strings.HasPrefix(u, "http://") && !strings.HasPrefix(u, "https://") {
			t.Fatalf("source %s: url %q is not http(s)", s.ID, s.URL)
		}
	}
	for _, e := range x.Events {
		cited("event", e.Sources)
	}
}
