package sitetest

import (
	"bytes"
	"encoding/csv"
	"encoding/json"
	"encoding/xml"
	"os"
	"path/filepath"
	"strings"
	"testing"

	qt "github.com/frankban/quicktest"
	"github.com/parley-news/parley/tools/internal/card"
	"github.com/parley-news/parley/tools/internal/compile"
	"golang.org/x/net/html"
)

// tmpl is template and shortcode syntax, as an editor might paste it into
// any field: {{< details >}} renders an element, {{< qr >}} writes a PNG,
// {{< compare >}} a whole table, {{% param %}} reads the configuration,
// were any of it run.
const tmpl = `{{< details summary="zz" >}}x{{< /details >}} {{< qr >}}q{{< /qr >}} {{< compare >}} {{% param title %}} {{ .Site.Title }}`

// Content is data, never a template: shortcode and template syntax in every
// string of an explainer comes out as the characters written, in every
// output. Shortcodes work only in the prose of index.md.
func TestContentIsNeverATemplate(t *testing.T) {
	root := t.TempDir()
	copyProject(t, root)
	q, _ := json.Marshal(tmpl) // a JSON string is a YAML scalar
	files := map[string]string{
		"content/tpl/index.md": "---\ntitle: " + string(q) + "\nsummary: " + string(q) + "\ndate: 2025-04-01\nauthors: [" + string(q) + "]\n---\nProse.\n\n{{< timeline >}}\n",
		"content/tpl/terms.yaml": strings.ReplaceAll(`actors:
  a: {name: Q, short: Q, members: [Q]}
  b: {name: Q}
sides:
  a-offer: {actor: a, name: Q, date: 2025-03, summary: Q, sources: [s]}
  b-reply: {actor: b, name: Q, date: 2025-04-01}
terms:
  t:
    group: Q
    text: Q
    explain: Q
    positions:
      a-offer: {stance: supports, note: Q, sources: [s]}
      b-reply: {stance: opposes, note: Q, sources: s}
sources:
  s: {publisher: Q, title: Q, date: 2025-04-01, url: "https://example.org/"}
events:
  - {date: 2025-03-10, title: Q, text: Q, sources: [s]}
`, "Q", string(q)),
	}
	for name, body := range files {
		p := filepath.Join(root, filepath.FromSlash(name))
		qt.Assert(t, os.MkdirAll(filepath.Dir(p), 0o755), qt.IsNil)
		qt.Assert(t, os.WriteFile(p, []byte(body), 0o644), qt.IsNil)
	}
	public := filepath.Join(root, "public")
	_, err := build(root, public)
	qt.Assert(t, err, qt.IsNil)

	// Nothing ran: no QR code written (the one PNG is Parley's social
	// card), no details element with "zz", no comparison but the
	// explainer's own.
	pngs, _ := filepath.Glob(filepath.Join(public, "tpl", "*.png"))
	qt.Check(t, pngs, qt.DeepEquals, []string{filepath.Join(public, "tpl", "card.png")})
	cardPNG, err := os.ReadFile(filepath.Join(public, "tpl", "card.png"))
	qt.Assert(t, err, qt.IsNil)
	qt.Check(t, card.KeyOf(cardPNG), qt.Not(qt.Equals), "")
	page, err := os.ReadFile(filepath.Join(public, "tpl", "index.html"))
	qt.Assert(t, err, qt.IsNil)
	qt.Check(t, bytes.Count(page, []byte("<parley-compare")), qt.Equals, 1)

	// Every string shows as written: in the page's text (notes through
	// Markdown, whose typography curls the quotes) and its metadata.
	doc, err := html.Parse(bytes.NewReader(page))
	qt.Assert(t, err, qt.IsNil)
	var text strings.Builder
	var metas []string
	var walk func(n *html.Node)
	walk = func(n *html.Node) {
		switch {
		case n.Type == html.TextNode && n.Parent != nil && n.Parent.Data != "script":
			text.WriteString(n.Data + "\n")
		case n.Type == html.ElementNode && n.Data == "details":
			for c := n.FirstChild; c != nil; c = c.NextSibling {
				if c.Data == "summary" && c.FirstChild != nil && c.FirstChild.Data == "zz" {
					t.Errorf("a details element from content: %v", n)
				}
			}
		case n.Type == html.ElementNode && n.Data == "meta":
			for _, a := range n.Attr {
				if a.Key == "content" {
					metas = append(metas, a.Val)
				}
			}
		case n.Type == html.ElementNode && n.Data == "script":
			for _, a := range n.Attr {
				if a.Key == "type" && a.Val == "application/ld+json" {
					var ld map[string]any
					qt.Check(t, json.Unmarshal([]byte(n.FirstChild.Data), &ld), qt.IsNil)
					qt.Check(t, ld["headline"], qt.Equals, tmpl)
				}
			}
		}
		for c := n.FirstChild; c != nil; c = c.NextSibling {
			walk(c)
		}
	}
	walk(doc)
	curled := strings.NewReplacer(`"zz"`, "“zz”").Replace(tmpl)
	got := text.String()
	// title, summary, author, actor members, side, group, term, explanation,
	// two notes, source publisher and title, event title and text
	qt.Check(t, strings.Count(got, tmpl)+strings.Count(got, curled) >= 12, qt.IsTrue, qt.Commentf("%s", got))
	qt.Check(t, strings.Count(got, curled) >= 2, qt.IsTrue, qt.Commentf("the notes: %s", got))
	qt.Check(t, metas, qt.Contains, tmpl)

	// The embed pages likewise.
	for _, w := range []string{"compare", "matchup", "scoreboard", "timeline"} {
		b, err := os.ReadFile(filepath.Join(public, "tpl", "embed", w, "index.html"))
		qt.Assert(t, err, qt.IsNil)
		qt.Check(t, string(b), qt.Contains, html.EscapeString(tmpl)[:20], qt.Commentf("embed %s", w))
		qt.Check(t, bytes.Contains(b, []byte("<details><summary>zz")), qt.IsFalse)
	}

	// The data, exactly as written.
	b, err := os.ReadFile(filepath.Join(public, "tpl", "terms.json"))
	qt.Assert(t, err, qt.IsNil)
	var m compile.Model
	qt.Assert(t, json.Unmarshal(b, &m), qt.IsNil)
	for _, s := range []string{m.Title, m.Actors[0].Name, m.Actors[0].Members[0], m.Sides[0].Name, m.Sides[0].Summary, m.Terms[0].Group, m.Terms[0].Text, m.Terms[0].Explain, m.Terms[0].Positions[0].Note, m.Sources[0].Title, m.Events[0].Title, m.Events[0].Text} {
		qt.Check(t, s, qt.Equals, tmpl)
	}
	b, err = os.ReadFile(filepath.Join(public, "tpl", "terms.csv"))
	qt.Assert(t, err, qt.IsNil)
	rows, err := csv.NewReader(bytes.NewReader(b)).ReadAll()
	qt.Assert(t, err, qt.IsNil)
	qt.Check(t, rows[1][2], qt.Equals, tmpl)  // term
	qt.Check(t, rows[1][10], qt.Equals, tmpl) // note

	// The feed.
	b, err = os.ReadFile(filepath.Join(public, "index.xml"))
	qt.Assert(t, err, qt.IsNil)
	var feed struct {
		Items []struct {
			Title       string `xml:"title"`
			Description string `xml:"description"`
		} `xml:"channel>item"`
	}
	qt.Assert(t, xml.Unmarshal(b, &feed), qt.IsNil)
	var titles []string
	for _, it := range feed.Items {
		titles = append(titles, it.Title)
		if it.Title == tmpl {
			qt.Check(t, html.UnescapeString(it.Description), qt.Equals, tmpl)
		}
	}
	qt.Check(t, titles, qt.Contains, tmpl)
}
