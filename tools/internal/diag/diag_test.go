package diag

import (
	"testing"

	qt "github.com/frankban/quicktest"
)

func TestSuggest(t *testing.T) {
	known := []string{"us", "ru", "ua", "europe", "supports", "opposes", "conditional", "silent", "unclear"}
	for _, tc := range []struct {
		name, want string
	}{
		{"usa", ` (did you mean "us"?)`},
		{"suports", ` (did you mean "supports"?)`},
		{"Opposes", ` (did you mean "opposes"?)`},
		{"europa", ` (did you mean "europe"?)`},
		{"silence", ` (did you mean "silent"?)`},
		{"opose", ` (did you mean "opposes"?)`},
		{"silnet", ` (did you mean "silent"?)`},
		{"uspports", ` (did you mean "supports"?)`},
		{"banana", ""},
		{"x", ""},
		{"", ""},
	} {
		t.Run(tc.name, func(t *testing.T) {
			qt.Assert(t, Suggest(tc.name, known), qt.Equals, tc.want)
		})
	}
	qt.Assert(t, Suggest("us", nil), qt.Equals, "")
}

func TestListSortsAndFormats(t *testing.T) {
	var l List
	l.Add("b.yaml", 1, 1, "second file")
	l.Add("a.yaml", 10, 2, "later line")
	l.Add("a.yaml", 2, 7, "earlier line")
	l.Add("a.yaml", 2, 7, "earlier line")
	l.Add("a.yaml", 0, 0, "whole file")
	qt.Assert(t, l.Err().Error(), qt.Equals, "a.yaml: whole file\na.yaml:2:7: earlier line\na.yaml:10:2: later line\nb.yaml:1:1: second file")
	qt.Assert(t, List(nil).Err(), qt.IsNil)
}

func TestListWarnings(t *testing.T) {
	var l List
	l.Warn("a.md", 3, 1, "raw HTML dropped")
	qt.Assert(t, l.Err(), qt.IsNil, qt.Commentf("warnings alone fail nothing"))
	qt.Assert(t, l.Summary(), qt.Equals, "1 warning")
	l.Add("a.md", 2, 5, "bad date")
	l.Add("b.md", 1, 1, "bad title")
	qt.Assert(t, l.Err().Error(), qt.Equals, "a.md:2:5: bad date\na.md:3:1: warning: raw HTML dropped\nb.md:1:1: bad title")
	qt.Assert(t, l.Summary(), qt.Equals, "2 errors, 1 warning")
}

// Formatting a list must not reorder it: callers keep appending to it.
func TestListErrorLeavesReceiver(t *testing.T) {
	l := List{{File: "b", Msg: "x"}, {File: "a", Msg: "y"}, {File: "a", Msg: "y"}}
	_ = l.Error()
	_ = l.Err()
	qt.Assert(t, l, qt.DeepEquals, List{{File: "b", Msg: "x"}, {File: "a", Msg: "y"}, {File: "a", Msg: "y"}})
}
