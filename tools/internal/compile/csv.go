package compile

import (
	"bytes"
	"encoding/csv"
	"strconv"
	"strings"
)

// csvHeader names the columns of terms.csv: one row per term and side.
// The last three hold its history: when it last changed (RFC 3339, empty if
// not since the starting point), the numbers of the corrections naming it,
// and each of its versions, oldest first, separated by " | ".
var csvHeader = []string{"term_id", "group", "term", "consensus", "side_id", "side", "actors", "side_date", "stance", "claim", "note", "sources", "changed", "corrections", "history"}

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
			var names []string
			for _, a := range side.Actors {
				names = append(names, actors[a])
			}
			cite := func(ids []string) string {
				var cites []string
				for _, id := range ids {
					s := sources[id]
					cites = append(cites, s.Publisher+": "+s.Title+" ("+string(s.Date)+")")
				}
				return strings.Join(cites, "; ")
			}
			var corrections, steps []string
			for _, n := range p.Corrections {
				corrections = append(corrections, strconv.Itoa(n))
			}
			for _, s := range p.History {
				step := s.Time[:10] + ": " + string(s.Stance)
				if s.Claim != "" {
					step += ", " + string(s.Claim)
				}
				if s.Note != "" {
					step += "; note: " + s.Note
				}
				if s.Sources != nil {
					step += "; sources: " + cite(s.Sources)
				}
				steps = append(steps, step)
			}
			rows = append(rows, []string{
				t.ID, t.Group, t.Text, string(t.Consensus), side.ID, side.Name, strings.Join(names, "; "),
				string(side.Date), string(p.Stance), string(p.Claim), p.Note, cite(p.Sources),
				p.Changed, strings.Join(corrections, " "), strings.Join(steps, " | "),
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
