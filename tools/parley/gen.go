package main

import (
	"bytes"
	"cmp"
	"encoding/json"
	"errors"
	"io"
	"os"
	"path/filepath"
	"slices"
	"sync"

	"github.com/parley-news/parley/tools/internal/bundle"
	"github.com/parley-news/parley/tools/internal/card"
	"github.com/parley-news/parley/tools/internal/compile"
	"github.com/parley-news/parley/tools/internal/content"
	"github.com/parley-news/parley/tools/internal/diag"
	"github.com/parley-news/parley/tools/internal/parallel"
	"github.com/spf13/afero"
)

// generator writes what Hugo reads from .parley/ (mounted by hugo.toml):
// content/<slug>/ (the explainer's prose and files, copied once valid),
// content/<slug>--embeds/ (its embed pages, see embedsDir),
// data/parley/explainers/<slug>.json (the compiled models, each with its
// widgets' script: compile.Script), home.json,
// assets.json (the bundle manifest), errors.json (the content and bundle
// errors of a serve session), and static/ (the bundle itself). A build
// leaves .parley/ in place for the next, which rewrites only what changed
// (and keeps there, in spare-site/, the site it replaced, to build the next
// one into). It keeps the last good state of each explainer, so serve can
// recompile only what
// changed and show errors without losing the rest of the site.
type generator struct {
	root     string
	fs       afero.Fs // where .parley/ is: the disk, or memory for check
	cfg      *config
	budget   bundle.Budget
	errs     map[string]diag.List // current errors and warnings, by slug; "" for the bundle
	manifest *bundle.Manifest
	noCards  bool // draw no social cards (check: no page needs them to render)

	mu      sync.Mutex                    // guards the fields below: accept runs in parallel
	x       map[string]*content.Explainer // last good version, by slug
	touched []string                      // files written or removed since the last takeTouched
	kept    map[string]bool               // when not nil, every file write was asked for, changed or not
}

// takeTouched returns the files under .parley/ changed since the last call:
// what serve tells Hugo to rebuild.
func (g *generator) takeTouched() []string {
	g.mu.Lock()
	defer g.mu.Unlock()
	t := g.touched
	g.touched = nil
	return t
}

// remove deletes a generated file or directory, noting what went.
func (g *generator) remove(path string) error {
	if _, err := g.fs.Stat(path); errors.Is(err, os.ErrNotExist) {
		return nil
	}
	var gone []string
	err := afero.Walk(g.fs, path, func(p string, fi os.FileInfo, err error) error {
		if err == nil && !fi.IsDir() {
			gone = append(gone, p)
		}
		return err
	})
	if err != nil {
		return err
	}
	g.touch(gone...)
	return g.fs.RemoveAll(path)
}

// touch notes files written or removed.
func (g *generator) touch(paths ...string) {
	g.mu.Lock()
	g.touched = append(g.touched, paths...)
	g.mu.Unlock()
}

// newGenerator returns the generator of the project at root, writing
// .parley/ in fsys (afero.NewOsFs(), or memory for a run that writes nothing).
func newGenerator(root string, fsys afero.Fs) (*generator, error) {
	root, err := filepath.Abs(root)
	if err != nil {
		return nil, err
	}
	cfg, err := readConfig(root)
	if err != nil {
		return nil, err
	}
	if err := hasContent(root); err != nil {
		return nil, err
	}
	return &generator{root: root, fs: fsys, cfg: cfg, budget: cfg.Params.Parley.Budgets, x: map[string]*content.Explainer{}, errs: map[string]diag.List{}}, nil
}

// clear removes what the generator writes in .parley/, and .parley/
// itself when that leaves it empty.
func (g *generator) clear() error {
	for _, d := range []string{"content", "data", "static", "files", "spare-site"} {
		if err := g.fs.RemoveAll(g.dir(d)); err != nil {
			return err
		}
	}
	g.fs.Remove(g.dir()) // fails, as it should, when builds keep records there
	return nil
}

func (g *generator) dir(elem ...string) string {
	return filepath.Join(append([]string{g.root, ".parley"}, elem...)...)
}

// loadAll reads every explainer, replacing what was loaded before.
func (g *generator) loadAll() error {
	entries, err := os.ReadDir(filepath.Join(g.root, "content"))
	if err != nil && !errors.Is(err, os.ErrNotExist) {
		return err
	}
	for _, e := range entries {
		if e.IsDir() && content.IsExplainerDir(e.Name()) {
			if err := g.reload(e.Name()); err != nil {
				return err
			}
		}
	}
	return nil
}

// reload reads one explainer again; a deleted directory drops it. Content
// errors are recorded, not returned: the error is for I/O failures.
func (g *generator) reload(slug string) error {
	delete(g.errs, slug)
	if _, err := os.Stat(filepath.Join(g.root, "content", slug)); errors.Is(err, os.ErrNotExist) {
		delete(g.x, slug)
		for _, dir := range []string{g.dir("content", slug), g.dir("content", embedsDir(slug)), g.dir("files", slug)} {
			if err := g.remove(dir); err != nil {
				return err
			}
		}
		return g.remove(g.dir("data", "parley", "explainers", slug+".json"))
	}
	x, err := content.LoadDir(g.root, "content/"+slug)
	var l diag.List
	switch {
	case errors.As(err, &l):
		g.errs[slug] = l
	case err != nil:
		return err
	default:
		g.errs[slug] = x.Warnings
		if x.Front.Draft {
			g.errs[slug] = append(g.errs[slug], draftWarning(x, "shown in this preview; parley build leaves it out until draft: false"))
		}
		return g.accept(x)
	}
	return nil
}

// accept makes a valid explainer the current one: its prose copied for
// Hugo, its compiled model, embed pages and downloads written.
func (g *generator) accept(x *content.Explainer) error {
	g.mu.Lock()
	g.x[x.Slug] = x
	g.mu.Unlock()
	if err := g.mirror(filepath.Join(g.root, filepath.FromSlash(x.Dir)), g.dir("content", x.Slug)); err != nil {
		return err
	}
	m := compile.Compile(x)
	script, err := compile.Script(m)
	if err != nil {
		return err
	}
	// The model as templates read it: terms.json's, plus the widgets' part
	// of it, ready to embed (layouts/_partials/parley/model-script.html),
	// and the notes rendered (compile.Notes).
	data := struct {
		*compile.Model
		Script string                       `json:"script"`
		Notes  map[string]map[string]string `json:"notes"`
	}{m, string(script), compile.Notes(m)}
	if err := g.writeJSON(g.dir("data", "parley", "explainers", x.Slug+".json"), data); err != nil {
		return err
	}
	if err := g.writeEmbeds(m); err != nil {
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
func (g *generator) writeCard(m *compile.Model) error {
	if g.noCards {
		return nil
	}
	c := card.Card{Site: g.cfg.Title, Title: m.Title, Agreed: m.Consensus.Agreed, Contested: m.Consensus.Contested, Unaddressed: m.Consensus.Unaddressed}
	path := g.dir("files", m.Slug, "card.png")
	if f, err := g.fs.Open(path); err == nil {
		head := make([]byte, 128)
		n, _ := io.ReadFull(f, head)
		f.Close()
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
func (g *generator) writeEmbeds(m *compile.Model) error {
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
	names := map[string]string{"compare": "the comparison", "matchup": "head to head", "scoreboard": "the scoreboard", "timeline": "the timeline"}
	dir := g.dir("content", embedsDir(m.Slug))
	for _, w := range []string{"compare", "matchup", "scoreboard", "timeline"} {
		path := filepath.Join(dir, w+".md")
		e := embed{
			Title: m.Title + ": " + names[w], URL: "/" + m.Slug + "/embed/" + w + "/", Type: "parley-embeds",
			Explainer: m.Slug, Widget: w, Embed: true, Outputs: []string{"html", "oembed"},
			Build: map[string]string{"list": "never"}, Sitemap: map[string]bool{"disable": true},
		}
		if w == "matchup" {
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
		b, err := json.MarshalIndent(e, "", "  ") // JSON front matter
		if err != nil {
			return err
		}
		if err := g.write(path, append(b, '\n')); err != nil {
			return err
		}
	}
	return nil
}

// writeDownloads writes /<slug>/terms.json (the compiled model) and
// /<slug>/terms.csv (a row per term and side) for data journalists.
func (g *generator) writeDownloads(m *compile.Model) error {
	dir := g.dir("files", m.Slug)
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
// only compiled), copying only what differs and removing what src lacks.
func (g *generator) mirror(src, dst string) error {
	keep := map[string]bool{}
	err := filepath.WalkDir(src, func(path string, d os.DirEntry, err error) error {
		if err != nil || d.IsDir() {
			return err
		}
		rel, _ := filepath.Rel(src, path)
		if rel == "terms.yaml" || !d.Type().IsRegular() {
			return nil
		}
		keep[rel] = true
		b, err := os.ReadFile(path)
		if err != nil {
			return err
		}
		return g.write(filepath.Join(dst, rel), b)
	})
	if err != nil {
		return err
	}
	var stale []string
	err = afero.Walk(g.fs, dst, func(path string, fi os.FileInfo, err error) error {
		switch {
		case errors.Is(err, os.ErrNotExist):
			return nil
		case err != nil || fi.IsDir():
			return err
		}
		if rel, _ := filepath.Rel(dst, path); !keep[rel] {
			stale = append(stale, path)
		}
		return nil
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

// rebundle builds the widgets and styles again.
func (g *generator) rebundle() error {
	delete(g.errs, "")
	static := g.dir("static")
	if err := g.remove(static); err != nil {
		return err
	}
	m, err := bundle.Build(g.root, g.budget)
	var l diag.List
	switch {
	case errors.As(err, &l):
		g.errs[""] = l
		return nil
	case err != nil:
		g.errs[""] = diag.List{{File: bundle.ScriptEntry, Msg: err.Error()}}
		return nil
	}
	g.manifest = m
	for rel, b := range m.Files {
		if err := g.write(filepath.Join(static, filepath.FromSlash(rel)), b); err != nil {
			return err
		}
	}
	return g.writeJSON(g.dir("data", "parley", "assets.json"), m)
}

// errors returns every recorded error and warning, sorted.
func (g *generator) errors() diag.List {
	var all diag.List
	for _, l := range g.errs {
		all = append(all, l...)
	}
	return all.Sort()
}

// writeIndex writes home.json and errors.json from the current state.
func (g *generator) writeIndex() error {
	xs := make([]*content.Explainer, 0, len(g.x))
	for _, x := range g.x {
		xs = append(xs, x)
	}
	if err := g.writeJSON(g.dir("data", "parley", "home.json"), homeIndex(xs)); err != nil {
		return err
	}
	msgs := []string{}
	for _, e := range g.errors() {
		if !e.Warning {
			msgs = append(msgs, e.Error())
		}
	}
	return g.writeJSON(g.dir("data", "parley", "errors.json"), msgs)
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

// writeJSON writes v as JSON to path, through write.
func (g *generator) writeJSON(path string, v any) error {
	b, err := json.Marshal(v)
	if err != nil {
		return err
	}
	return g.write(path, b)
}

// write writes b to path unless the file already holds exactly that, so
// that Hugo rebuilds only for real changes; through a temporary file and a
// rename, so that nothing ever reads half a file.
func (g *generator) write(path string, b []byte) error {
	g.markKept(path)
	if old, err := afero.ReadFile(g.fs, path); err == nil && bytes.Equal(old, b) {
		return nil
	}
	if err := g.fs.MkdirAll(filepath.Dir(path), 0o755); err != nil {
		return err
	}
	tmp := path + ".tmp"
	if err := afero.WriteFile(g.fs, tmp, b, 0o644); err != nil {
		return err
	}
	g.touch(path)
	return g.fs.Rename(tmp, path)
}

// markKept notes that path was asked for, written or not (see keep).
func (g *generator) markKept(path string) {
	g.mu.Lock()
	if g.kept != nil {
		g.kept[path] = true
	}
	g.mu.Unlock()
}

// acceptAll accepts every explainer of xs, in parallel.
func (g *generator) acceptAll(xs []*content.Explainer) error {
	errs := make([]error, len(xs))
	parallel.Each(len(xs), func(i int) { errs[i] = g.accept(xs[i]) })
	return errors.Join(errs...)
}

// keep starts noting the files written (changed or not), for sweep. A build
// keeps .parley/ from the last one, where most files are already as they
// should be, rather than writing it all again.
func (g *generator) keep() {
	g.mu.Lock()
	g.kept = map[string]bool{}
	g.mu.Unlock()
}

// sweep removes from .parley/ what was not written since keep (explainers
// since deleted, a match-up an explainer no longer has, files a killed
// build left), but the static bundle, which is rebundle's.
func (g *generator) sweep() error {
	for _, dir := range []string{g.dir("content"), g.dir("data"), g.dir("files")} {
		if err := g.removeStale(dir); err != nil {
			return err
		}
	}
	g.mu.Lock()
	g.kept = nil
	g.mu.Unlock()
	return nil
}

// removeStale removes the files under dir that were not written since
// keep, and the directories below dir that leaves empty.
func (g *generator) removeStale(dir string) error {
	var stale, dirs []string
	err := afero.Walk(g.fs, dir, func(path string, fi os.FileInfo, err error) error {
		switch {
		case errors.Is(err, os.ErrNotExist):
			return nil
		case err != nil:
			return err
		case fi.IsDir():
			dirs = append(dirs, path)
		case !g.kept[path]:
			stale = append(stale, path)
		}
		return nil
	})
	if err != nil {
		return err
	}
	for _, p := range stale {
		if err := g.fs.Remove(p); err != nil && !errors.Is(err, os.ErrNotExist) {
			return err
		}
	}
	g.touch(stale...)
	if len(stale) == 0 {
		return nil
	}
	for _, d := range slices.Backward(dirs[1:]) { // deepest first
		g.fs.Remove(d) // fails, as it should, on a directory that is not empty
	}
	return nil
}
