// What the generator writes of each explainer: its prose and files, model,
// embed pages, downloads and social card.

package generate

import (
	"bytes"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"errors"
	"io"
	"os"
	"path/filepath"

	"github.com/parley-news/parley/tools/internal/card"
	"github.com/parley-news/parley/tools/internal/compile"
	"github.com/parley-news/parley/tools/internal/content"
	"github.com/spf13/afero"
)

// accept makes a valid explainer the current one: its prose copied for
// Hugo, its compiled model, embed pages and downloads written.
func (g *Generator) accept(x *content.Explainer) error {
	if err := g.mirror(filepath.Join(g.o.Root, filepath.FromSlash(x.Dir)), g.Dir("content", x.Slug), g.opened(x.Slug)); err != nil {
		return err
	}
	if !g.live(x.Slug) {
		// Nothing renders that reads the rest: it is written when a page
		// of the explainer opens. Its card stays, if it has one, for a
		// build: drawing them all again would take seconds.
		g.markKept(g.Dir("files", x.Slug, "card.png"))
		return nil
	}
	var tl *compile.Timeline
	if h := g.o.History; h != nil {
		tl = &compile.Timeline{Versions: h.Files[x.Slug+"/terms.yaml"], Current: x.TermsYAML, Now: g.o.Now}
	}
	m := compile.CompileWith(x, tl)
	script, err := compile.Script(m)
	if err != nil {
		return err
	}
	// The model as templates read it: terms.json's, plus the widgets' part
	// of it, ready to embed (layouts/_partials/parley/model-script.html),
	// the notes rendered (compile.Notes), and a version of all that.
	data := struct {
		*compile.Model
		Script       string                         `json:"script"`
		Notes        map[string]map[string]string   `json:"notes"`
		HistoryNotes map[string]map[string][]string `json:"historyNotes"`
		Version      string                         `json:"version"`
	}{m, string(script), compile.Notes(m), compile.HistoryNotes(m), ""}
	b, err := json.Marshal(data)
	if err != nil {
		return err
	}
	// The version is the hash of the rest, set in place: it is the last
	// field (a thousand models marshalled twice cost a tenth of a second).
	sum := sha256.Sum256(b)
	rest, ok := bytes.CutSuffix(b, []byte(`"version":""}`))
	if !ok {
		return errors.New("generate: the model's version is not its last field")
	}
	b = append(rest, `"version":"`+hex.EncodeToString(sum[:12])+`"}`...)
	if err := g.writeModel(x.Slug, b); err != nil {
		return err
	}
	if err := g.writeEmbeds(m); err != nil {
		return err
	}
	if err := g.writeHistory(m); err != nil {
		return err
	}
	if err := g.writeCard(m); err != nil {
		return err
	}
	return g.writeDownloads(m)
}

// writeCard draws /<slug>/card.png, the explainer's social card, unless the
// card there already shows the same (card.KeyOf): drawing one takes some
// milliseconds, a thousand of them seconds.
func (g *Generator) writeCard(m *compile.Model) error {
	if !g.o.Cards {
		return nil
	}
	c := card.Card{Site: g.o.Title, Title: m.Title, Agreed: m.Consensus.Agreed, Contested: m.Consensus.Contested, Unaddressed: m.Consensus.Unaddressed}
	path := g.Dir("files", m.Slug, "card.png")
	if f, err := g.o.Fs.Open(path); err == nil {
		head := make([]byte, 128)
		n, err := io.ReadFull(f, head)
		f.Close()
		if err != nil && !errors.Is(err, io.ErrUnexpectedEOF) && !errors.Is(err, io.EOF) {
			return err
		}
		if card.KeyOf(head[:n]) == card.Key(c) {
			g.markKept(path)
			return nil
		}
	}
	b, err := card.Draw(c)
	if err != nil {
		return err
	}
	return g.write(path, b)
}

// modelPage is the page of .parley/content/ whose body is the compiled
// model of the explainer slug, as JSON: "<slug>--model.md", which no slug
// can be (see content.ValidSlug), a page never rendered, listed or
// published. Templates read it there (layouts/_partials/parley/model.html),
// not as a data file, because Hugo renders again every page that reads
// any data file when one of them changes, but only the pages that read a
// page when that page does.
func modelPage(slug string) string { return slug + "--model.md" }

// modelFront is the front matter of modelPage.
const modelFront = "---\nbuild: {render: never, list: never, publishResources: false}\nsitemap: {disable: true}\n---\n"

// writeModel writes the model of the explainer slug, b, as templates read it.
//
// The model's version keys the renders that templates share between an
// explainer's pages (partialCached): Hugo cannot tell that a render made
// from a model passed in depends on it. A changed model also counts its
// explainer's pages as changed (see TakeTouched): Hugo parses them again,
// as cheap as one page each, so their content (the shortcodes' widgets) is
// rendered anew whatever Hugo makes of what the shortcodes read. (Since
// the model became a page, serve's tests pass without it too; it was what
// first got a model's change onto its page, and stays as a guarantee.)
func (g *Generator) writeModel(slug string, b []byte) error {
	changed, err := g.update(g.Dir("content", modelPage(slug)), append([]byte(modelFront), b...))
	if err != nil || !changed {
		return err
	}
	readers := []string{g.Dir("content", slug, "index.md"), g.Dir("content", historyPage(slug))}
	for _, w := range widgets {
		readers = append(readers, g.Dir("content", embedsDir(slug), w.id+".md"))
	}
	for _, p := range readers {
		if _, err := g.o.Fs.Stat(p); err == nil {
			g.touch(p)
		}
	}
	return nil
}

// widgets are those that have an embed page, by id, and what its title
// calls each.
var widgets = []struct{ id, name string }{
	{"compare", "the comparison"}, {"matchup", "head to head"}, {"scoreboard", "the scoreboard"}, {"timeline", "the timeline"},
}

// embedsDir is the directory of .parley/content/ that holds the embed
// pages of the explainer slug: "<slug>--embeds", which no slug can be (see
// content.ValidSlug). Hugo renders pages in the order of their paths, so
// each explainer's embed pages render right after its page, and the
// renders they share (partialCached: the comparison, the model script) are
// still in Hugo's partial cache, which keeps only the last 1000. Under one
// parley-embeds/ directory, all of them rendered apart from the explainers:
// past 500 or so explainers, every shared render was made twice.
func embedsDir(slug string) string { return slug + "--embeds" }

// writeEmbeds writes a page for each widget of the explainer, served at
// /<slug>/embed/<widget>/ for other sites to frame, into embedsDir(slug)
// with the type parley-embeds (layouts/parley-embeds/).
func (g *Generator) writeEmbeds(m *compile.Model) error {
	type embed struct {
		Title     string            `json:"title"`
		URL       string            `json:"url"`
		Type      string            `json:"type"`
		Explainer string            `json:"explainer"`
		Widget    string            `json:"widget"`
		A         string            `json:"a,omitempty"`
		B         string            `json:"b,omitempty"`
		Embed     bool              `json:"embed"`
		Outputs   []string          `json:"outputs"`
		Build     map[string]string `json:"build"`
		Sitemap   map[string]bool   `json:"sitemap"`
	}
	dir := g.Dir("content", embedsDir(m.Slug))
	for _, w := range widgets {
		path := filepath.Join(dir, w.id+".md")
		e := embed{
			Title: m.Title + ": " + w.name, URL: "/" + m.Slug + "/embed/" + w.id + "/", Type: "parley-embeds",
			Explainer: m.Slug, Widget: w.id, Embed: true, Outputs: []string{"html", "oembed"},
			Build: map[string]string{"list": "never"}, Sitemap: map[string]bool{"disable": true},
		}
		if !g.opened(m.Slug + "/embed/" + w.id) {
			e.Build["render"] = "link"
		}
		if w.id == "matchup" {
			// Two sides of one actor if there are any (what changed), else the first two.
			switch {
			case len(m.Changes) > 0:
				e.A, e.B = m.Changes[0].From, m.Changes[0].To
			case len(m.Sides) > 1:
				e.A, e.B = m.Sides[0].ID, m.Sides[1].ID
			default: // no match-up with a single side
				if err := g.remove(path); err != nil {
					return err
				}
				continue
			}
		}
		if err := g.writePage(path, e); err != nil {
			return err
		}
	}
	return nil
}

// historyPage is the page of .parley/content/ that lists every change to
// the explainer slug, served at /<slug>/history/ with its Atom feed at
// /<slug>/history/updates.xml: "<slug>--history.md", which no slug can be
// (see content.ValidSlug).
func historyPage(slug string) string { return slug + "--history.md" }

// writeHistory writes the explainer's history page (layouts/parley-history/).
func (g *Generator) writeHistory(m *compile.Model) error {
	front := struct {
		Title     string            `json:"title"`
		URL       string            `json:"url"`
		Type      string            `json:"type"`
		Explainer string            `json:"explainer"`
		History   bool              `json:"history"`
		Outputs   []string          `json:"outputs"`
		Build     map[string]string `json:"build"`
		Sitemap   map[string]bool   `json:"sitemap"`
	}{
		Title: m.Title, URL: "/" + m.Slug + "/history/", Type: "parley-history", Explainer: m.Slug, History: true,
		Outputs: []string{"html", "atom"}, Build: map[string]string{"list": "never"}, Sitemap: map[string]bool{"disable": true},
	}
	if !g.opened(m.Slug + "/history") {
		// A preview writes it only once opened: added beside the model in
		// a running site, even as a link, it kept Hugo v0.165 from
		// finding the model when the explainer's page rendered next.
		return g.remove(g.Dir("content", historyPage(m.Slug)))
	}
	return g.writePage(g.Dir("content", historyPage(m.Slug)), front)
}

// writePage writes a page of Parley's own to path: front, as JSON front
// matter, and no body.
func (g *Generator) writePage(path string, front any) error {
	b, err := json.MarshalIndent(front, "", "  ")
	if err != nil {
		return err
	}
	return g.write(path, append(b, '\n'))
}

// writeDownloads writes /<slug>/terms.json (the compiled model) and
// /<slug>/terms.csv (a row per term and side) for data journalists.
func (g *Generator) writeDownloads(m *compile.Model) error {
	dir := g.Dir("files", m.Slug)
	if err := g.writeJSON(filepath.Join(dir, "terms.json"), m); err != nil {
		return err
	}
	b, err := compile.CSV(m)
	if err != nil {
		return err
	}
	return g.write(filepath.Join(dir, "terms.csv"), b)
}

// mirror makes dst hold the files of src but terms.yaml (which Hugo sees
// only compiled), copying only what differs and removing what src lacks;
// index.md as linkOnly has it unless the page is opened.
func (g *Generator) mirror(src, dst string, opened bool) error {
	keep := map[string]bool{}
	err := filepath.WalkDir(src, func(path string, d os.DirEntry, err error) error {
		if err != nil || d.IsDir() {
			return err
		}
		rel, err := filepath.Rel(src, path)
		if err != nil {
			return err
		}
		if rel == "terms.yaml" || !d.Type().IsRegular() {
			return nil
		}
		keep[rel] = true
		b, err := os.ReadFile(path)
		if err == nil && rel == "index.md" && !opened {
			b, err = linkOnly(b)
		}
		if err != nil {
			return err
		}
		return g.write(filepath.Join(dst, rel), b)
	})
	if err != nil {
		return err
	}
	var stale []string
	err = afero.Walk(g.o.Fs, dst, func(path string, fi os.FileInfo, err error) error {
		switch {
		case errors.Is(err, os.ErrNotExist):
			return nil
		case err != nil || fi.IsDir():
			return err
		}
		rel, err := filepath.Rel(dst, path)
		if err == nil && !keep[rel] {
			stale = append(stale, path)
		}
		return err
	})
	if err != nil {
		return err
	}
	for _, path := range stale {
		if err := g.remove(path); err != nil {
			return err
		}
	}
	return nil
}
