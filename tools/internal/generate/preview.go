// What a preview renders: only the pages someone has asked for.

package generate

import (
	"bytes"
	"encoding/json"
	"errors"
	"slices"
	"strings"

	"github.com/goccy/go-yaml"
	"github.com/parley-news/parley/tools/internal/content"
)

// A preview (Options.Preview) of a site of a thousand explainers would
// render some nine thousand pages at start, and Hugo would check each
// rendered page against every later change, and assemble six thousand
// pages again after each. So it renders only what the editor opens: every
// other explainer page is written with build: {render: link}, which keeps
// it in every list, feed and sitemap, with its permalink, but renders
// nothing for it, and without what only its rendered pages read (its
// model, its embed pages, its downloads). Open writes an explainer in full
// when the browser first asks for one of its pages, and that page as it
// is, to be rendered.

// Open opens the page at the site path urlPath, if it is an explainer's
// page or one of its embed pages not yet opened (or one of its downloads,
// which only needs the first step), in two steps, a call each:
// first it writes the explainer in full (its model, embed pages and
// downloads), every page still as a link, then the page asked for to be
// rendered; it reports whether it wrote anything (see TakeTouched), and the
// caller has Hugo render it before calling again. In one step, Hugo would
// add the page and render it at once, which Hugo v0.165 does not always do
// (an embed page added in a rebuild with its siblings was not rendered
// until changed again).
func (g *Generator) Open(urlPath string) (bool, error) {
	key := pageKey(urlPath)
	_, page, ok := strings.Cut(key, ":")
	if !ok {
		page = key
	}
	slug, _, _ := strings.Cut(page, "/")
	x, ok := g.x[slug]
	switch {
	case !g.o.Preview || key == "" || g.open[key] || !ok:
		return false, nil
	case !g.live(slug):
		g.open[slug+"/"] = true
	default:
		g.open[key] = true
	}
	return true, g.accept(x)
}

// MayOpen reports whether Open could open anything at urlPath, whatever
// the state: so that a server need not wait on the generator for every
// stylesheet or script.
func MayOpen(urlPath string) bool { return pageKey(urlPath) != "" }

// downloads are the files of an explainer that Hugo does not render (see
// writeDownloads and writeCard).
var downloads = []string{"terms.json", "terms.csv", "card.png"}

// opened reports whether the page of key (see pageKey) renders in full.
func (g *Generator) opened(key string) bool { return !g.o.Preview || g.open[key] }

// live reports whether the explainer slug is written in full: its model,
// embed pages and downloads (see Open).
func (g *Generator) live(slug string) bool { return !g.o.Preview || g.open[slug+"/"] }

// pageKey names the page of a site path: "slug" for an explainer's page,
// "slug/embed/widget" for an embed page (HTML or oEmbed), "slug/history"
// for its history page (HTML or Atom), "slug/" for one
// of the explainer's downloads (which need no page); "" for any other.
// A page of an edition, under /<lang>/, has its key prefixed "<lang>:".
func pageKey(urlPath string) string {
	p := strings.TrimPrefix(urlPath, "/")
	if lang, rest, ok := strings.Cut(p, "/"); ok && rest != "" && content.ValidLang(lang) {
		if k := pageKey(rest); k != "" {
			if strings.HasSuffix(k, "/") {
				return k // the downloads are written with the explainer
			}
			return lang + ":" + k
		}
	}
	if slug, file, ok := strings.Cut(p, "/"); ok && slices.Contains(downloads, file) {
		return slug + "/"
	}
	p = strings.TrimSuffix(strings.TrimSuffix(p, "index.html"), "oembed.json")
	if strings.HasSuffix(p, "/history/updates.xml") {
		p = strings.TrimSuffix(p, "updates.xml")
	}
	parts := strings.Split(strings.TrimSuffix(p, "/"), "/")
	switch {
	case p == "" || !strings.HasSuffix(p, "/"):
		return ""
	case len(parts) == 1:
		return parts[0]
	case len(parts) == 3 && parts[1] == "embed", len(parts) == 2 && parts[1] == "history":
		return p[:len(p)-1]
	}
	return ""
}

// linkOnly returns an explainer's index.md as Hugo reads it for a page not
// opened: its front matter with build: {render: link} (withJSONFront).
func linkOnly(src []byte) ([]byte, error) {
	yml, n, body, err := splitFront(src)
	if err != nil {
		return nil, err
	}
	front := map[string]any{}
	if err := yaml.Unmarshal(yml, &front); err != nil {
		return nil, err
	}
	front["build"] = map[string]string{"render": "link"}
	return withJSONFront(front, n, body)
}

// splitFront splits a page's source into its YAML front matter, the number
// of lines that takes with its two "---" delimiters, and the body.
func splitFront(src []byte) (front []byte, n int, body []byte, err error) {
	lines := bytes.SplitAfter(bytes.TrimPrefix(src, []byte("\xef\xbb\xbf")), []byte("\n"))
	delim := func(l []byte) bool { return string(bytes.TrimRight(l, "\r\n")) == "---" }
	if len(lines) == 0 || !delim(lines[0]) {
		return nil, 0, nil, errors.New("no front matter")
	}
	for i := 1; i < len(lines); i++ {
		if delim(lines[i]) {
			return bytes.Join(lines[1:i], nil), i + 1, bytes.Join(lines[i+1:], nil), nil
		}
	}
	return nil, 0, nil, errors.New("unclosed front matter")
}

// withJSONFront is a page of front, as JSON front matter, and body,
// preceded by as many newlines as the YAML front matter it replaces took
// lines (n), so that the lines of the body keep their numbers.
func withJSONFront(front map[string]any, n int, body []byte) ([]byte, error) {
	b, err := json.Marshal(front)
	if err != nil {
		return nil, err
	}
	b = append(b, bytes.Repeat([]byte("\n"), n)...)
	return append(b, body...), nil
}
