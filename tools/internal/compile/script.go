package compile

import (
	"encoding/json"

	"github.com/parley-news/parley/tools/internal/content"
)

// Script is the model as far as the widgets read it
// (assets/widgets/lib/model.ts), in JSON: slug, stances (id, label,
// symbol), actors (id, sides), sides (id, name, actors, date, claim), groups
// and terms (id, group, text, consensus, positions: side, stance, claim).
// Notes, sources and derived facts stay in the HTML and in terms.json.
// Pages embed it as <script type="application/json" id="parley-model">
// (layouts/_partials/parley/model-script.html).
//
// Its bytes are those html/template writes for the same data in a script
// element (json.Marshal of maps: keys sorted, empty claims left out, and
// <, >, &, U+2028 and U+2029 escaped), so that the template can write them
// as they are: no </script> or <!-- can occur in them.
func Script(m *Model) ([]byte, error) {
	// Fields in the order of their JSON names, as json.Marshal sorts map keys.
	type stance struct {
		ID     content.Stance `json:"id"`
		Label  string         `json:"label"`
		Symbol string         `json:"symbol"`
	}
	type actor struct {
		ID    string   `json:"id"`
		Sides []string `json:"sides"`
	}
	type side struct {
		Actors []string      `json:"actors"`
		Claim  content.Claim `json:"claim,omitempty"`
		Date   content.Date  `json:"date"`
		ID     string        `json:"id"`
		Name   string        `json:"name"`
		Short  string        `json:"short"`
	}
	type position struct {
		Claim  content.Claim  `json:"claim,omitempty"`
		Side   string         `json:"side"`
		Stance content.Stance `json:"stance"`
	}
	type term struct {
		Consensus Consensus  `json:"consensus"`
		Group     string     `json:"group"`
		ID        string     `json:"id"`
		Positions []position `json:"positions"`
		Text      string     `json:"text"`
	}
	type script struct {
		Actors  []actor  `json:"actors"`
		Groups  []string `json:"groups"`
		Sides   []side   `json:"sides"`
		Slug    string   `json:"slug"`
		Stances []stance `json:"stances"`
		Terms   []term   `json:"terms"`
	}
	s := script{Groups: m.Groups, Slug: m.Slug,
		Actors: []actor{}, Sides: []side{}, Stances: []stance{}, Terms: []term{}}
	for _, st := range m.Stances {
		s.Stances = append(s.Stances, stance{st.ID, st.Label, st.Symbol})
	}
	for _, a := range m.Actors {
		s.Actors = append(s.Actors, actor{a.ID, a.Sides})
	}
	for _, sd := range m.Sides {
		s.Sides = append(s.Sides, side{sd.Actors, sd.Claim, sd.Date, sd.ID, sd.Name, sd.Short})
	}
	for _, t := range m.Terms {
		ps := make([]position, 0, len(t.Positions))
		for _, p := range t.Positions {
			ps = append(ps, position{p.Claim, p.Side, p.Stance})
		}
		s.Terms = append(s.Terms, term{t.Consensus, t.Group, t.ID, ps, t.Text})
	}
	return json.Marshal(s)
}
