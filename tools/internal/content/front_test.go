package content

import (
	"strings"
	"testing"

	qt "github.com/frankban/quicktest"
	"github.com/parley-news/parley/tools/internal/diag"
)

func parseFrontString(src string) (Front, string) {
	var errs diag.List
	fm := parseFront("i.md", []byte(src), &errs)
	if len(errs) == 0 {
		return fm, ""
	}
	return fm, errs.Error()
}

// fm wraps front matter lines (starting on line 2) in "---" lines and a body.
func fm(lines string) string { return "---\n" + lines + "---\nBody.\n" }

const tsd = "title: T\nsummary: S\ndate: 2025-04-25\n" // lines 2-4

// frontErrorCases are the cases of TestParseFrontErrors and the seeds of FuzzParseFront.
var frontErrorCases = []struct {
	name, src string
	want      []string
}{
	{"no front matter", "# Title\n\nBody.\n", []string{`i.md:1:1: missing front matter: start the file with a line "---", then title, summary and date, then "---"`}},
	{"empty file", "", []string{`i.md:1:1: missing front matter: start the file with a line "---", then title, summary and date, then "---"`}},
	{"toml front matter", "+++\ntitle = 'T'\n+++\n", []string{`i.md:1:1: missing front matter: start the file with a line "---", then title, summary and date, then "---"`}},
	{"unclosed", "---\n" + tsd + "\nBody.\n", []string{`i.md:1:1: unclosed front matter: end it with a line "---" after title, summary and date`}},
	{"empty", "---\n---\nBody.\n", []string{`i.md:1:1: empty front matter: it needs title, summary and date`}},
	{"comments only", fm("# to do\n"), []string{`i.md:1:1: empty front matter: it needs title, summary and date`}},
	{"not a mapping", fm("- title\n"), []string{`i.md:2:1: front matter must be a mapping (key: value lines), not a list`}},
	{"syntax", fm("title: Peace: now\nsummary: S\ndate: 2025-04-25\n"), []string{`i.md:2:8: YAML syntax error: unexpected ":" after "Peace": put a value that contains ": " in quotes, or check the indentation`}},
	{"tab", fm(tsd + "\tdraft: true\n"), []string{`i.md:5:1: YAML syntax error: tab character: indent with spaces, not tabs`}},
	{"unknown fields", fm(tsd + "tittle: T\ntags: [x]\n"), []string{
		`i.md:5:1: unknown field "tittle" in front matter (did you mean "title"?)`,
		`i.md:6:1: unknown field "tags" in front matter (want one of title, summary, date, lastmod, importance, authors, topics, draft)`,
	}},
	{"missing fields", fm("importance: 60\n"), []string{
		`i.md:2:1: missing field "date" in front matter`,
		`i.md:2:1: missing field "summary" in front matter`,
		`i.md:2:1: missing field "title" in front matter`,
	}},
	{"empty fields", fm("title: \"\"\nsummary:\ndate: 2025-04-25\n"), []string{
		`i.md:2:1: empty "title" in front matter`,
		`i.md:3:1: empty "summary" in front matter`,
	}},
	{"duplicate", fm(tsd + "title: U\n"), []string{`i.md:5:1: duplicate key "title" in front matter (first at line 2)`}},
	{"month only", fm("title: T\nsummary: S\ndate: 2025-04\n"), []string{`i.md:4:7: bad date "2025-04" in front matter (want YYYY-MM-DD)`}},
	{"bad dates", fm("title: T\nsummary: S\ndate: 2025-02-30\nlastmod: April 25\n"), []string{
		`i.md:4:7: 2025-02-30 in front matter is not a date: February 2025 has 28 days`,
		`i.md:5:10: bad lastmod "April 25" in front matter (want YYYY-MM-DD)`,
	}},
	{"date with time", fm("title: T\nsummary: S\ndate: 2025-04-25T10:00:00Z\n"), []string{`i.md:4:7: bad date "2025-04-25T10:00:00Z" in front matter (want YYYY-MM-DD)`}},
	{"lastmod before date", fm(tsd + "lastmod: 2025-04-24\n"), []string{`i.md:5:10: lastmod 2025-04-24 is before date 2025-04-25`}},
	{"importance out of range", fm(tsd + "importance: 101\n"), []string{`i.md:5:13: "importance" in front matter is 101, out of range (want 0 to 100)`}},
	{"importance negative", fm(tsd + "importance: -1\n"), []string{`i.md:5:13: "importance" in front matter is -1, out of range (want 0 to 100)`}},
	{"importance word", fm(tsd + "importance: high\n"), []string{`i.md:5:13: "importance" in front matter must be a whole number, not "high"`}},
	{"importance fraction", fm(tsd + "importance: 0.5\n"), []string{`i.md:5:13: "importance" in front matter must be a whole number, not "0.5"`}},
	{"importance quoted", fm(tsd + "importance: '80'\n"), []string{`i.md:5:13: "importance" in front matter must be a whole number, not "80" (remove the quotes)`}},
	{"importance empty", fm(tsd + "importance:\n"), []string{`i.md:5:1: empty "importance" in front matter (want a whole number from 0 to 100)`}},
	{"importance list", fm(tsd + "importance: [1]\n"), []string{`i.md:5:13: "importance" in front matter must be a whole number, not a list`}},
	{"draft", fm(tsd + "draft: no\n"), []string{`i.md:5:8: "draft" in front matter must be true or false, not "no"`}},
	{"draft quoted", fm(tsd + "draft: \"true\"\n"), []string{`i.md:5:8: "draft" in front matter must be true or false, not "true" (remove the quotes)`}},
	{"wrong kinds", fm("title: [T]\nsummary: {a: b}\ndate: 2025-04-25\nauthors: {name: A}\ntopics: [a, [b]]\n"), []string{
		`i.md:2:8: "title" in front matter must be text, not a list`,
		`i.md:3:10: "summary" in front matter must be text, not a mapping`,
		`i.md:5:10: "authors" in front matter must be text or a list of text, not a mapping`,
		`i.md:6:13: "topics" in front matter must list text values, not a list`,
	}},
	{"anchors", fm("title: &t T\nsummary: *t\ndate: 2025-04-25\n"), []string{
		`i.md:2:8: YAML anchors (&t) are not supported: write the value out`,
		`i.md:3:10: YAML aliases (*t) are not supported: write the value out`,
	}},
}

func TestParseFrontErrors(t *testing.T) {
	for _, tc := range frontErrorCases {
		t.Run(tc.name, func(t *testing.T) {
			_, got := parseFrontString(tc.src)
			qt.Assert(t, got, qt.Equals, strings.Join(tc.want, "\n"), qt.Commentf("%s", annotate(tc.src, got)))
		})
	}
}

func TestParseFrontDecodes(t *testing.T) {
	for _, tc := range []struct {
		name, src string
		want      Front
	}{
		{"required only, defaults", fm(tsd), Front{Title: "T", Summary: "S", Date: "2025-04-25", Importance: 50}},
		{"everything", fm(`title: "Ukraine: who wants what"
summary: >-
  Where the sides
  stand.
date: 2025-04-25
lastmod: 2025-04-25
importance: 0
authors: [A, B]
topics: Ukraine
draft: true
`), Front{Title: "Ukraine: who wants what", Summary: "Where the sides stand.", Date: "2025-04-25", Lastmod: "2025-04-25",
			Authors: []string{"A", "B"}, Topics: []string{"Ukraine"}, Draft: true, DraftAt: [2]int{11, 1}}},
		{"crlf and byte order mark", "\ufeff---\r\ntitle: T\r\nsummary: S\r\ndate: 2025-04-25\r\n---\r\nBody.\r\n", Front{Title: "T", Summary: "S", Date: "2025-04-25", Importance: 50}},
		{"closing line at the end of the file", "---\n" + tsd + "---", Front{Title: "T", Summary: "S", Date: "2025-04-25", Importance: 50}},
		{"dashes in the body", fm(tsd) + "---\nmore\n---\n", Front{Title: "T", Summary: "S", Date: "2025-04-25", Importance: 50}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			got, errs := parseFrontString(tc.src)
			qt.Assert(t, errs, qt.Equals, "")
			qt.Assert(t, got, qt.DeepEquals, tc.want)
		})
	}
}
