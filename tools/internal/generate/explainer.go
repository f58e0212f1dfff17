// What the generator writes of each explainer: its prose and files, model,
// embed pages, downloads and social card.

package generate

import (
	"bytes"
	"cmp"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"errors"
	"io"
	"os"
	"path/filepath"
	"strings"

	"github.com/parley-news/parley/tools/internal/card"
	"github.com/parley-news/parley/tools/internal/compile"
	"github.com/parley-news/parley/tools/internal/content"
)

// accept makes a valid explainer the current one: its prose copied for
// Hugo, its compiled model, embed pages and downloads written, and the same
// for each of its editions.
func (g *Generator) accept(x *content.Explainer) error {
	editions := g.editions(x)
	extra := map[string][]byte{}
	for _, ed := range editions {
		b, err := g.editionPage(x, ed, g.opened(ed.Lang+":"+x.Slug))
		if err != nil {
			return err
		}
		extra["index."+ed.Lang+".md"] = b
	}
	if err := g.mirror(filepath.Join(g.o.Root, filepath.FromSlash(x.Dir)), g.Dir("content", x.Slug), g.opened(x.Slug), extra); err != nil {
		return err
	}
	if !g.live(x.Slug) {
		// Nothing renders that reads the rest: it is written when a page
		// of the explainer opens. Its cards stay, if it has them, for a
		// build: drawing them all again would take seconds.
		g.markKept(g.Dir("files", x.Slug, "card.png"))
		langs := []string{""} // the source's, and its editions'
		for _, ed := range editions {
			g.markKept(g.Dir("files", ed.Lang, x.Slug, "card.png"))
			langs = append(langs, ed.Lang)
		}
		// An explainer with editions has its models there from the start,
		// if only as placeholders: added to a running site, Hugo v0.165
		// did not find them (site.GetPage) once they had translations or
		// were translations. One with none is found either way, and not
		// writing a thousand placeholders keeps each rebuild's assembly of
		// pages short (BenchmarkServe at 1000 explainers).
		if len(editions) > 0 {
			for _, lang := range langs {
				if _, err := g.update(g.Dir("content", modelPage(x.Slug, lang)), modelFile([]byte(placeholderModel))); err != nil {
					return err
				}
			}
		}
		return nil
	}
	var tl *compile.Timeline
	if h := g.o.History; h != nil {
		tl = &compile.Timeline{Versions: h.Files[x.Slug+"/terms.yaml"], Current: x.TermsYAML, Now: g.o.Now}
	}
	if err := g.acceptLang(x, "", tl, x.Groups, nil); err != nil {
		return err
	}
	for _, ed := range editions {
		tx, fallback := x.Translate(ed)
		if err := g.acceptLang(tx, ed.Lang, tl, x.Groups, fallback); err != nil {
			return err
		}
	}
	return nil
}

// acceptLang writes the model, embed pages, history, card and downloads of
// x in the language lang ("" for the source's), where the strings named
// in fallback kept the source's text; groups are the source's names of
// x's groups, which key their translations.
func (g *Generator) acceptLang(x *content.Explainer, lang string, tl *compile.Timeline, groups []string, fallback map[string]bool) error {
	m := compile.CompileWith(x, tl)
	g.localize(m, lang)
	script, err := compile.Script(m)
	if err != nil {
		return err
	}
	notes := compile.Notes(m)
	for key := range fallback {
		// A note awaiting translation says so, and in which language it is.
		cell, ok := strings.CutPrefix(key, "terms.")
		if !ok || !strings.HasSuffix(cell, ".note") {
			continue
		}
		if t, side, ok := strings.Cut(strings.TrimSuffix(cell, ".note"), "."); ok {
			if n, ok := notes[t][side]; ok {
				notes[t][side] = `<div lang="` + content.SourceLang + `" class="untranslated">` + n + `</div>`
			}
		}
	}
	historyNotes := compile.HistoryNotes(m)
	if lang != "" {
		// History reads notes from terms.yaml's versions: earlier ones were
		// never translated, and show as written, in the source's language;
		// the current one is the edition's.
		for t, sides := range historyNotes {
			for side, steps := range sides {
				for i, n := range steps {
					switch {
					case i == len(steps)-1:
						steps[i] = notes[t][side]
					case n != "":
						steps[i] = `<div lang="` + content.SourceLang + `">` + n + `</div>`
					}
				}
			}
		}
	}
	// The model as templates read it: terms.json's, plus the widgets' part
	// of it, ready to embed (layouts/_partials/parley/model-script.html),
	// the notes rendered (compile.Notes), the strings awaiting
	// translation, each group's key (content.GroupKey), and a version of
	// all that.
	keys := map[string]string{}
	for i, name := range x.Groups {
		keys[name] = content.GroupKey(groups[i])
	}
	data := struct {
		*compile.Model
		Script       string                         `json:"script"`
		Notes        map[string]map[string]string   `json:"notes"`
		HistoryNotes map[string]map[string][]string `json:"historyNotes"`
		Untranslated map[string]bool                `json:"untranslated"`
		GroupKeys    map[string]string              `json:"groupKeys"`
		Version      string                         `json:"version"`
	}{m, string(script), notes, historyNotes, fallback, keys, ""}
	if data.Untranslated == nil {
		data.Untranslated = map[string]bool{}
	}
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
	if err := g.writeModel(x.Slug, lang, b); err != nil {
		return err
	}
	if err := g.writeEmbeds(m, lang); err != nil {
		return err
	}
	if err := g.writeHistory(m, lang); err != nil {
		return err
	}
	if err := g.writeCard(m, lang); err != nil {
		return err
	}
	return g.writeDownloads(m, lang)
}

// writeCard draws /<slug>/card.png, the explainer's social card, unless the
// card there already shows the same (card.KeyOf): drawing one takes some
// milliseconds, a thousand of them seconds.
func (g *Generator) writeCard(m *compile.Model, lang string) error {
	if !g.o.Cards {
		return nil
	}
	t := m.Consensus
	c := card.Card{Site: g.o.Title, Title: m.Title, Agreed: t.Agreed, Contested: t.Contested, Unaddressed: t.Unaddressed,
		Words: [4]string{g.count(lang, "cardAgreed", t.Agreed), g.count(lang, "cardContested", t.Contested), g.count(lang, "cardUnaddressed", t.Unaddressed), g.count(lang, "cardTerms", len(m.Terms))}}
	path := g.Dir("files", lang, m.Slug, "card.png")
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
// model of the explainer slug in the language lang ("" for the source's),
// as JSON: "<slug>--model.md", which no slug can be (see
// content.ValidSlug), a page never rendered, listed or published.
// Templates read it there (layouts/_partials/parley/model.html), not as a
// data file, because Hugo renders again every page that reads any data
// file when one of them changes, but only the pages that read a page when
// that page does.
//
// An edition's model has a path of its own, "<slug>--model-uk.uk.md", not
// the translation of the source's: of a changed file with translations,
// Hugo v0.165 counts one language's page as changed, whichever its map
// yields first (collectAndMarkStaleIdentities), so a preview now and then
// rendered the edition's pages from its model before the change.
func modelPage(slug, lang string) string {
	if lang == "" {
		return slug + "--model.md"
	}
	return inLang(slug+"--model-"+lang+".md", lang)
}

// inLang names the file of a page of Parley's in the language lang: Hugo
// reads "compare.uk.md" as the Ukrainian of "compare.md" ("" for the
// source's language).
func inLang(name, lang string) string {
	if lang == "" {
		return name
	}
	return strings.TrimSuffix(name, ".md") + "." + lang + ".md"
}

// placeholderModel is the model of an edition until its explainer opens
// in a preview (see accept): no page that reads it renders before then.
const placeholderModel = `{"placeholder":true}`

// modelFile is modelPage's file for the model b: the model as its body,
// and in its front matter a version of b that templates read the model by
// (partialCached, in layouts/_partials/parley/model.html). Keyed by the
// version, a changed model is read anew whether or not Hugo evicts the
// reading before: the key does not rest on Hugo tracking which page a
// cached render read.
func modelFile(b []byte) []byte {
	sum := sha256.Sum256(b)
	return append([]byte("---\nbuild: {render: never, list: never, publishResources: false}\nsitemap: {disable: true}\nparams: {version: "+hex.EncodeToString(sum[:12])+"}\n---\n"), b...)
}

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
func (g *Generator) writeModel(slug, lang string, b []byte) error {
	changed, err := g.update(g.Dir("content", modelPage(slug, lang)), modelFile(b))
	if err != nil || !changed {
		return err
	}
	readers := []string{g.Dir("content", slug, inLang("index.md", lang)), g.Dir("content", inLang(historyPage(slug), lang))}
	for _, w := range widgets {
		readers = append(readers, g.Dir("content", embedsDir(slug), inLang(w.id+".md", lang)))
	}
	for _, p := range readers {
		if _, err := g.o.Fs.Stat(p); err == nil {
			g.touch(p)
		}
	}
	return nil
}

// widgets are those that have an embed page, by id, and the key of the
// words (i18n/) its title calls each by.
var widgets = []struct{ id, name string }{
	{"compare", "embedTitleCompare"}, {"matchup", "embedTitleMatchup"}, {"scoreboard", "embedTitleScoreboard"}, {"timeline", "embedTitleTimeline"},
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
func (g *Generator) writeEmbeds(m *compile.Model, lang string) error {
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
	words := g.words(lang)
	for _, w := range widgets {
		title := cmp.Or(words[w.name], "{title}") // a project without i18n/ has no words
		path := filepath.Join(dir, inLang(w.id+".md", lang))
		e := embed{
			Title: strings.ReplaceAll(title, "{title}", m.Title), URL: langPath(lang) + "/" + m.Slug + "/embed/" + w.id + "/", Type: "parley-embeds",
			Explainer: m.Slug, Widget: w.id, Embed: true, Outputs: []string{"html", "oembed"},
			Build: map[string]string{"list": "never"}, Sitemap: map[string]bool{"disable": true},
		}
		if !g.opened(langKey(lang) + m.Slug + "/embed/" + w.id) {
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
func (g *Generator) writeHistory(m *compile.Model, lang string) error {
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
		Title: m.Title, URL: langPath(lang) + "/" + m.Slug + "/history/", Type: "parley-history", Explainer: m.Slug, History: true,
		Outputs: []string{"html", "atom"}, Build: map[string]string{"list": "never"}, Sitemap: map[string]bool{"disable": true},
	}
	path := g.Dir("content", inLang(historyPage(m.Slug), lang))
	if !g.opened(langKey(lang) + m.Slug + "/history") {
		// A preview writes it only once opened: added beside the model in
		// a running site, even as a link, it kept Hugo v0.165 from
		// finding the model when the explainer's page rendered next.
		return g.remove(path)
	}
	return g.writePage(path, front)
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
func (g *Generator) writeDownloads(m *compile.Model, lang string) error {
	dir := g.Dir("files", lang, m.Slug)
	if err := g.writeJSON(filepath.Join(dir, "terms.json"), m); err != nil {
		return err
	}
	b, err := compile.CSV(m)
	if err != nil {
		return err
	}
	return g.write(filepath.Join(dir, "terms.csv"), b)
}

// mirror makes dst hold the files of src but terms.yaml and the editions
// (which Hugo sees only compiled), copying only what differs and removing
// what src lacks; index.md as linkOnly has it unless the page is opened.
// extra are files written besides, by name.
func (g *Generator) mirror(src, dst string, opened bool, extra map[string][]byte) error {
	keep := map[string]bool{}
	for name, b := range extra {
		keep[name] = true
		if err := g.write(filepath.Join(dst, name), b); err != nil {
			return err
		}
	}
	err := filepath.WalkDir(src, func(path string, d os.DirEntry, err error) error {
		if err != nil || d.IsDir() {
			return err
		}
		rel, err := filepath.Rel(src, path)
		if err != nil {
			return err
		}
		if rel == "terms.yaml" || !d.Type().IsRegular() || isEditionFile(rel) {
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
	return g.removeOthers(dst, func(path string) bool {
		rel, err := filepath.Rel(dst, path)
		return err != nil || keep[rel]
	})
}
