package compile

import (
	"bytes"
	"encoding/csv"
	"strings"
)

// csvHeader names the columns of terms.csv: one row per term and side.
var csvHeader = []string{"term_id", "group", "term", "consensus", "side_id", "side", "actors", "side_date", "stance", "claim", "note", "sources"}

// CSV renders the model as RFC 4180 CSV (CRLF line ends, quotes where
// needed), one row per term and side. Cells that a spreadsheet would run as
// a formula are neutralised.
func CSV(m *Model) ([]byte, error) {
	var buf bytes.Buffer
	w := csv.NewWriter(&buf)
	w.UseCRLF = true
	sources := map[string]Source{}
	for _, s := range m.Sources {
		sources[s.ID] = s
	}
	actors := map[string]string{}
	for _, a := range m.Actors {
		actors[a.ID] = a.Name
	}
	rows := [][]string{csvHeader}
	for _, t := range m.Terms {
		for i, p := range t.Positions {
			side := m.Sides[i]
			var names, cites []string
			for _, a := range side.Actors {
				names = append(names, actors[a])
			}
			for _, id := range p.Sources {
				s := sources[id]
				cites = append(cites, s.Publisher+": "+s.Title+" ("+string(s.Date)+")")
			}
			rows = append(rows, []string{
				t.ID, t.Group, t.Text, string(t.Consensus), side.ID, side.Name, strings.Join(names, "; "),
				string(side.Date), string(p.Stance), string(p.Claim), p.Note, strings.Join(cites, "; "),
			})
		}
	}
	for _, r := range rows {
		for i := range r {
			r[i] = neutralise(r[i])
		}
		if err := w.Write(r); err != nil {
			return nil, err
		}
	}
	w.Flush()
	return buf.Bytes(), w.Error()
}

// neutralise keeps a spreadsheet from reading a cell as a formula (CSV
// injection): a cell starting with = + - @, a tab or a carriage return gets
// a leading apostrophe, which spreadsheets show as text and hide.
func neutralise(s string) string {
	if s != "" && strings.ContainsRune("=+-@\t\r", rune(s[0])) {
		return "'" + s
	}
	return s
}
