package compile

import (
	"encoding/csv"
	"strings"
	"testing"

	qt "github.com/frankban/quicktest"
	"github.com/parley-news/parley/tools/internal/content"
)

func TestNeutralise(t *testing.T) {
	for in, want := range map[string]string{
		"":                  "",
		"plain":             "plain",
		"=HYPERLINK(\"x\")": "'=HYPERLINK(\"x\")",
		"+cmd":              "'+cmd",
		"-1+1":              "'-1+1",
		"@SUM(A1)":          "'@SUM(A1)",
		"\tx":               "'\tx",
		"\rx":               "'\rx",
		"a=b":               "a=b",
	} {
		qt.Check(t, neutralise(in), qt.Equals, want, qt.Commentf("%q", in))
	}
}

func TestCSV(t *testing.T) {
	x := explainer([][3]string{{"a", "a", "2025-01"}, {"b", "b", "2025-02"}}, map[string]bool{"a": true, "b": true},
		map[string][]content.Stance{"t1": {sup, sil}}, []string{"t1"})
	x.Terms[0].Text = `Quotes "and", commas`
	x.Terms[0].Positions[0].Note = "=1+1\nsecond line"
	x.Terms[0].Positions[0].Sources = []string{"s"}
	x.Sources = []content.Source{{ID: "s", Publisher: "Wire", Title: "T", Date: "2025-01-02"}}
	b, err := CSV(Compile(x))
	qt.Assert(t, err, qt.IsNil)
	qt.Assert(t, strings.Count(string(b), "\r\n") >= 3, qt.IsTrue, qt.Commentf("CRLF line ends"))
	rows, err := csv.NewReader(strings.NewReader(string(b))).ReadAll()
	qt.Assert(t, err, qt.IsNil)
	qt.Assert(t, rows, qt.DeepEquals, [][]string{
		csvHeader,
		{"t1", "G", `Quotes "and", commas`, "contested", "a", "a", "a", "2025-01", "supports", "", "'=1+1\nsecond line", "Wire: T (2025-01-02)", "", "", ""},
		{"t1", "G", `Quotes "and", commas`, "contested", "b", "b", "b", "2025-02", "silent", "", "", "", "", "", ""},
	})
}
