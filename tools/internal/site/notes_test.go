package site

import (
	"encoding/json"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"

	qt "github.com/frankban/quicktest"
	"github.com/gohugoio/hugo/hugolib"
)

// The comparison table (layouts/_partials/parley/compare.html) writes a
// note its $plain pattern matches as it is, skipping markdownify: with the
// project's Markdown settings (hugo.toml), markdownify must give such a
// note back unchanged. The table says which notes the pattern takes.
func TestPlainNotesNeedNoMarkdown(t *testing.T) {
	project := filepath.Join("..", "..", "..")
	layout, err := os.ReadFile(filepath.Join(project, "layouts", "_partials", "parley", "compare.html"))
	qt.Assert(t, err, qt.IsNil)
	m := regexp.MustCompile("\\$plain := `([^`]*)`").FindSubmatch(layout)
	qt.Assert(t, m, qt.IsNotNil, qt.Commentf("compare.html defines no $plain pattern"))
	config, err := os.ReadFile(filepath.Join(project, "hugo.toml"))
	qt.Assert(t, err, qt.IsNil)

	notes := []struct {
		note  string
		plain bool
	}{
		{"Draft envoy phased guarantee neutrality observers.", true},
		{"Agreed on 3 of 14 terms, reportedly; talks continue", true},
		{"Reported. Denied the next day.", true},
		{"No", true},
		{"www.example.org has it", false},
		{"See example.org", false},
		{"A trailing space ", false},
		{"Two  spaces", false},
		{"1. A list", false},
		{"It's a *deal*", false},
		{"Wait...", false},
		{"Before -- after", false},
		{"Tom & Jerry", false},
		{"An <em>tag</em>", false},
	}
	list := make([]string, len(notes))
	for i, n := range notes {
		list[i] = n.note
	}
	data, err := json.Marshal(list)
	qt.Assert(t, err, qt.IsNil)
	home := "{{ $plain := `" + string(m[1]) + "` }}{{ range hugo.Data.notes }}{{ if findRE $plain . 1 }}plain{{ else }}markdown{{ end }}|{{ . | markdownify }}␞{{ end }}"
	files := "-- hugo.toml --\n" + string(config) + "\n-- .parley/data/notes.json --\n" + string(data) + "\n-- layouts/home.html --\n" + home + "\n"
	b := hugolib.Test(t, files)
	lines := strings.Split(strings.TrimSuffix(b.FileContent("public/index.html"), "␞"), "␞") // a note's HTML may span lines
	qt.Assert(t, lines, qt.HasLen, len(notes))
	for i, n := range notes {
		kind, html, _ := strings.Cut(lines[i], "|")
		qt.Check(t, kind == "plain", qt.Equals, n.plain, qt.Commentf("%q", n.note))
		if kind == "plain" {
			qt.Check(t, html, qt.Equals, n.note)
		}
	}
}
