package compile

import "github.com/parley-news/parley/tools/internal/markdown"

// Notes renders each note of the model from its Markdown, by term id then
// side id, for the comparison's cells. Notes are data: rendered here, they
// never pass through Hugo, whose shortcodes they might otherwise name.
func Notes(m *Model) map[string]map[string]string {
	out := map[string]map[string]string{}
	for _, t := range m.Terms {
		for _, p := range t.Positions {
			if p.Note == "" {
				continue
			}
			if out[t.ID] == nil {
				out[t.ID] = map[string]string{}
			}
			out[t.ID][p.Side] = markdown.Parse([]byte(p.Note)).Render()
		}
	}
	return out
}

// HistoryNotes renders the note of each step of each cell's history (see
// Position.History), by term id then side id, a string per step ("" for
// none), for the history page.
func HistoryNotes(m *Model) map[string]map[string][]string {
	out := map[string]map[string][]string{}
	for _, t := range m.Terms {
		for _, p := range t.Positions {
			if len(p.History) < 2 {
				continue // the history page shows the current note
			}
			notes := make([]string, len(p.History))
			for i, s := range p.History {
				if s.Note != "" {
					notes[i] = markdown.Parse([]byte(s.Note)).Render()
				}
			}
			if out[t.ID] == nil {
				out[t.ID] = map[string][]string{}
			}
			out[t.ID][p.Side] = notes
		}
	}
	return out
}
