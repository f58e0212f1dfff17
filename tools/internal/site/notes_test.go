package site

import (
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
	"testing"

	qt "github.com/frankban/quicktest"
	"github.com/gohugoio/hugo/hugolib"
	"github.com/parley-news/parley/tools/internal/markdown"
)

// Notes are rendered by tools/internal/markdown, not by Hugo (a note is
// data: Hugo would run the shortcodes in it). With the project's Markdown
// settings (hugo.toml), what it renders must be what Hugo's markdownify
// renders, for every kind of Markdown a note holds.
func TestNotesRenderAsHugoWould(t *testing.T) {
	project := filepath.Join("..", "..", "..")
	config, err := os.ReadFile(filepath.Join(project, "hugo.toml"))
	qt.Assert(t, err, qt.IsNil)
	notes := []string{
		"Draft envoy phased guarantee neutrality observers.",
		"Agreed on 3 of 14 terms, reportedly; talks continue",
		"It's a *deal*, **firmly**; `code` and ~~struck~~ text.",
		`"Root causes" -- 'first' --- then... <<maybe>>`,
		"Wait... Before -- after. Tom & Jerry, 5 < 6 > 4",
		"See www.example.org, https://example.org/a?b=c&d=e and <https://example.org> or mail@example.org",
		"[A link](https://example.org/x \"Its title\") and [relative](/talks/) and [bad](javascript:alert(1))",
		"An <em>tag</em> and <script>alert(1)</script> dropped",
		"![A local image](map.png)",
		"1. A list\n2. of two",
		"- a\n- [x] done",
		"Two paragraphs.\n\nThe second.",
		"Line one\nline two",
		"A hard  \nbreak",
		"Escaped \\*stars\\* and \\_underscores\\_",
		"Ünïcödé “curly” ‘quotes’ — and – dashes",
		"> A quote",
		"Term\n: Definition",
		"Text[^1]\n\n[^1]: A footnote.",
	}
	data, err := json.Marshal(notes)
	qt.Assert(t, err, qt.IsNil)
	home := "{{ range hugo.Data.notes }}{{ . | markdownify }}␞{{ end }}"
	files := "-- hugo.toml --\n" + string(config) + "\n-- .parley/data/notes.json --\n" + string(data) + "\n-- layouts/home.html --\n" + home + "\n"
	b := hugolib.Test(t, files)
	got := strings.Split(strings.TrimSuffix(b.FileContent("public/index.html"), "␞"), "␞")
	qt.Assert(t, got, qt.HasLen, len(notes))
	for i, n := range notes {
		ours := markdown.Parse([]byte(n)).Render()
		hugo := got[i]
		// markdownify drops the paragraph around a note of one paragraph.
		if inner, ok := strings.CutPrefix(ours, "<p>"); ok && strings.Count(ours, "<p>") == 1 && strings.HasSuffix(ours, "</p>\n") {
			ours = strings.TrimSuffix(inner, "</p>\n")
		}
		qt.Check(t, strings.TrimSpace(ours), qt.Equals, strings.TrimSpace(hugo), qt.Commentf("%q", n))
	}
}
