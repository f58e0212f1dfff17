// What the generator writes for the whole site: the bundle, the home
// page's index, the errors standing.

package generate

import (
	"bytes"
	"cmp"
	"errors"
	"path/filepath"
	"slices"

	"github.com/parley-news/parley/tools/internal/bundle"
	"github.com/parley-news/parley/tools/internal/content"
	"github.com/parley-news/parley/tools/internal/diag"
)

// Rebundle builds the widgets and styles again; their errors are recorded
// with the content's. The new bundle's files are written before the old
// ones go, and a preview keeps the bundle before too: a page rendered a
// moment ago still finds the script and stylesheet it names until its
// browser reloads it. A bundle with errors leaves the last one in place.
func (g *Generator) Rebundle() error {
	delete(g.errs, "")
	static := g.Dir("static")
	m, err := bundle.Build(g.o.Root, g.o.Budget)
	var l diag.List
	switch {
	case errors.As(err, &l):
		g.errs[""] = l
		return nil
	case err != nil:
		g.errs[""] = diag.List{{File: bundle.ScriptEntry, Msg: err.Error()}}
		return nil
	}
	keep := map[string]bool{}
	for rel, b := range m.Files {
		path := filepath.Join(static, filepath.FromSlash(rel))
		if err := g.write(path, b); err != nil {
			return err
		}
		keep[path] = true
	}
	if g.o.Preview && g.manifest != nil {
		for rel := range g.manifest.Files {
			keep[filepath.Join(static, filepath.FromSlash(rel))] = true
		}
	}
	g.manifest = m
	if err := g.removeOthers(static, func(path string) bool { return keep[path] }); err != nil {
		return err
	}
	return g.writeJSON(g.Dir("data", "parley", "assets.json"), m)
}

// Errors returns every error and warning standing, sorted.
func (g *Generator) Errors() diag.List {
	var all diag.List
	for _, l := range g.errs {
		all = append(all, l...)
	}
	return all.Sort()
}

// WriteSite writes what concerns the whole site, from the current state:
// home.json and errors.json, and what a preview needs before any page opens.
func (g *Generator) WriteSite() error {
	xs := make([]*content.Explainer, 0, len(g.x))
	for _, x := range g.Published() {
		xs = append(xs, x)
	}
	if err := g.writeJSON(g.Dir("data", "parley", "home.json"), homeIndex(xs)); err != nil {
		return err
	}
	if g.o.Preview {
		// One for each language: each is a site of its own to Hugo.
		for lang := range g.o.Words {
			if lang == content.SourceLang {
				lang = ""
			}
			if err := g.write(g.Dir("content", inLang(formatsPage, lang)), formatsFront); err != nil {
				return err
			}
		}
		if err := g.write(g.Dir("content", formatsPage), formatsFront); err != nil {
			return err
		}
		// Hugo skips a mount whose directory is missing when it loads the
		// site, and a preview writes no explainer's files before one opens.
		if err := g.o.Fs.MkdirAll(g.Dir("files"), 0o755); err != nil {
			return err
		}
	}
	if err := g.writeRecord(xs); err != nil {
		return err
	}
	msgs := []string{}
	for _, e := range g.Errors() {
		if !e.Warning {
			msgs = append(msgs, e.Error())
		}
	}
	return g.writeJSON(g.Dir("data", "parley", "errors.json"), msgs)
}

// homeEntry is one explainer on the home page, which lists them by
// importance, then by last update, newest first.
type homeEntry struct {
	Slug       string       `json:"slug"`
	Importance int          `json:"importance"`
	Updated    content.Date `json:"updated"`
}

func homeIndex(xs []*content.Explainer) []homeEntry {
	out := make([]homeEntry, 0, len(xs))
	for _, x := range xs {
		out = append(out, homeEntry{x.Slug, x.Front.Importance, cmp.Or(x.Front.Lastmod, x.Front.Date)})
	}
	slices.SortFunc(out, func(a, b homeEntry) int {
		return cmp.Or(cmp.Compare(b.Importance, a.Importance), cmp.Compare(b.Updated, a.Updated), cmp.Compare(a.Slug, b.Slug))
	})
	return out
}

// formatsPage is a page a preview always has, never rendered or listed,
// with every output format of the site's pages. Hugo settles the output
// formats a site renders when it first assembles it: had no page the
// oEmbed or Atom format then (no embed or history page is written before one opens, see
// Open), a page with it added later would crash the rebuild.
const formatsPage = "parley--formats.md"

var formatsFront = []byte("---\nbuild: {render: never, list: never}\noutputs: [html, oembed, atom]\nsitemap: {disable: true}\n---\n")

// BuildRecord is the file at the root of the site that records the commit
// it was built from, for parley check to report what changed since.
const BuildRecord = "build.json"

// writeRecord writes BuildRecord: the commit checked out, and whether any
// explainer's terms.yaml differs from it (changes not yet committed). A
// site built without history has none.
func (g *Generator) writeRecord(xs []*content.Explainer) error {
	path := g.Dir("files", BuildRecord)
	h := g.o.History
	if h == nil || h.Head == "" {
		return g.remove(path)
	}
	modified := false
	for _, x := range xs {
		vs := h.Files[x.Slug+"/terms.yaml"]
		if len(vs) == 0 || !bytes.Equal(vs[len(vs)-1].Data, x.TermsYAML) {
			modified = true
		}
	}
	return g.writeJSON(path, struct {
		Generator string `json:"generator"`
		Commit    string `json:"commit"`
		Modified  bool   `json:"modified"`
	}{"Parley", h.Head, modified})
}
