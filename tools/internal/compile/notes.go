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
