package compile

import (
	"encoding/json"
	"strings"
	"testing"

	qt "github.com/frankban/quicktest"
	"github.com/parley-news/parley/tools/internal/content"
)

// Script writes what the template it replaced wrote (json.Marshal of maps,
// keys sorted, empty claims left out), and nothing that could end a script
// element.
func TestScript(t *testing.T) {
	m := &Model{
		Slug:    "talks",
		Stances: []StanceInfo{{ID: sup, Label: "Supports", Symbol: "✔", Help: "left out"}},
		Actors:  []Actor{{ID: "a", Name: "left out", Sides: []string{"a-1", "a-2"}}},
		Sides: []Side{
			{ID: "a-1", Name: "A's </script><!-- offer", Short: "A <Mar>", Actors: []string{"a"}, Date: "2025-03"},
			{ID: "a-2", Name: "A & co\u2028", Short: "A Apr", Actors: []string{"a"}, Date: "2025-04-01", Claim: content.Reported, Summary: "left out"},
		},
		Groups: []string{"Economy"},
		Terms: []Term{{ID: "t", Group: "Economy", Text: "<b>Tariffs</b>", Explain: "left out", Consensus: Contested,
			Positions: []Position{{Side: "a-1", Stance: sup, Note: "left out"}, {Side: "a-2", Stance: opp, Claim: content.Disputed}}}},
		Sources: []Source{{ID: "left-out"}},
	}
	got, err := Script(m)
	qt.Assert(t, err, qt.IsNil)
	want, err := json.Marshal(map[string]any{
		"slug":    "talks",
		"stances": []any{map[string]any{"id": "supports", "label": "Supports", "symbol": "✔"}},
		"actors":  []any{map[string]any{"id": "a", "sides": []string{"a-1", "a-2"}}},
		"sides": []any{
			map[string]any{"id": "a-1", "name": "A's </script><!-- offer", "short": "A <Mar>", "actors": []string{"a"}, "date": "2025-03"},
			map[string]any{"id": "a-2", "name": "A & co\u2028", "short": "A Apr", "actors": []string{"a"}, "date": "2025-04-01", "claim": "reported"},
		},
		"groups": []string{"Economy"},
		"terms": []any{map[string]any{"id": "t", "group": "Economy", "text": "<b>Tariffs</b>", "consensus": "contested",
			"positions": []any{map[string]any{"side": "a-1", "stance": "supports"}, map[string]any{"side": "a-2", "stance": "opposes", "claim": "disputed"}}}},
	})
	qt.Assert(t, err, qt.IsNil)
	qt.Assert(t, string(got), qt.Equals, string(want))
	for _, bad := range []string{"<", ">", "&", "\u2028"} {
		qt.Assert(t, strings.Contains(string(got), bad), qt.IsFalse, qt.Commentf("%q", bad))
	}
}
