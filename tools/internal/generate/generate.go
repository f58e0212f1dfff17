// Package generate writes .parley/, what Hugo reads besides the project's
// own layouts and assets (hugo.toml mounts it): each valid explainer's prose
// and files, its compiled model, embed pages, downloads and social card, the
// home page's index, the errors standing, and the widgets' bundle. It keeps
// the last good version of every explainer, so that a serve session can
// load again only what changed and show errors without losing the rest of
// the site; a build or check loads everything once.
//
// The layout of .parley/:
//
//	content/<slug>/              the explainer's prose and files, copied once valid
//	content/<slug>--model.md     its compiled model (modelPage)
//	content/<slug>--embeds/      its embed pages (embedsDir)
//	content/<slug>--history.md   its history page and feed (historyPage)
//	files/<slug>/                terms.json, terms.csv, card.png
//	data/parley/                 home.json, assets.json, errors.json
//	static/                      the bundle (js/, css/)
//	spare-site/, published/      a build's (see publish.Dest)
package generate

import (
	"errors"
	"os"
	"path/filepath"
	"slices"
	"strconv"
	"sync"
	"time"

	"github.com/parley-news/parley/tools/internal/bundle"
	"github.com/parley-news/parley/tools/internal/content"
	"github.com/parley-news/parley/tools/internal/diag"
	"github.com/parley-news/parley/tools/internal/history"
	"github.com/parley-news/parley/tools/internal/parallel"
	"github.com/spf13/afero"
)

// Options say what a Generator writes, and where.
type Options struct {
	Root   string        // the project, an absolute path
	Fs     afero.Fs      // where .parley/ is: the disk, or memory for a run that writes nothing
	Title  string        // the site's name, on the social cards
	Budget bundle.Budget // the bundle's gzip budgets
	// Preview publishes drafts (with a warning that build leaves them out)
	// and writes the pages no reader has asked for yet as render: link
	// (see Open): parley serve.
	Preview bool
	Cards   bool // draw the social cards (check needs none to render)
	// History holds the versions of content/*/terms.yaml from the
	// project's repository (nil: none could be read); Now is the time
	// changes not yet committed are shown at.
	History *history.Log
	Now     time.Time
	// Words are the interface's words by language (ReadWords), for what
	// Parley writes itself (stances, embed titles, cards); the languages
	// of editions are those listed besides content.SourceLang.
	Words map[string]map[string]string
}

// A Generator writes .parley/ for one project. Its methods are not safe for
// concurrent use, but Load works on every core.
type Generator struct {
	o        Options
	errs     map[string]diag.List // current errors and warnings, by slug; "" for the bundle
	manifest *bundle.Manifest
	open     map[string]bool              // Preview: the pages rendered in full (see pageKey); "slug/" when the explainer is written in full
	merged   map[string]map[string]string // Options.Words, each language's completed with the source's (words)

	mu      sync.Mutex                    // guards the fields below: accept runs in parallel
	x       map[string]*content.Explainer // last good version, by slug, drafts included
	touched []string                      // files written or removed since the last TakeTouched
	kept    map[string]bool               // when not nil, every file write was asked for, changed or not
}

// New returns the generator of o.Root's .parley/.
func New(o Options) *Generator {
	return &Generator{o: o, x: map[string]*content.Explainer{}, errs: map[string]diag.List{}, open: map[string]bool{}, merged: mergeWords(o.Words)}
}

// Dir is the path of elem within .parley/.
func (g *Generator) Dir(elem ...string) string {
	return filepath.Join(append([]string{g.o.Root, ".parley"}, elem...)...)
}

// Manifest is the bundle's, after a successful Rebundle.
func (g *Generator) Manifest() *bundle.Manifest { return g.manifest }

// Published returns the explainers a build publishes: every valid one, but
// drafts unless previewing.
func (g *Generator) Published() map[string]*content.Explainer {
	out := map[string]*content.Explainer{}
	for slug, x := range g.x {
		if g.o.Preview || !x.Front.Draft {
			out[slug] = x
		}
	}
	return out
}

// Drafts counts the valid explainers that are drafts.
func (g *Generator) Drafts() int {
	n := 0
	for _, x := range g.x {
		if x.Front.Draft {
			n++
		}
	}
	return n
}

// Terms counts the terms of every valid explainer.
func (g *Generator) Terms() int {
	n := 0
	for _, x := range g.x {
		n += len(x.Terms)
	}
	return n
}

// Load reads the explainers of slugs, or every one under content/ when
// slugs is nil, on every core, and records their errors and warnings. It
// writes what Hugo reads of each valid one that is published (drafts only
// when previewing); an explainer whose directory is gone goes, generated
// files and all. An explainer with errors keeps its last good version. A
// build (not Preview) writes nothing when any explainer has errors: so
// that it reports them all at once and changes nothing. The error returned
// is for I/O failures; content errors are in Errors.
func (g *Generator) Load(slugs []string) error {
	if slugs == nil {
		var err error
		if slugs, err = content.Dirs(g.o.Root); err != nil {
			return err
		}
		for slug := range g.x { // gone since the last Load
			if !slices.Contains(slugs, slug) {
				slugs = append(slugs, slug)
			}
		}
	}
	var here []string // the slugs whose directory is there
	for _, slug := range slugs {
		if _, err := os.Stat(filepath.Join(g.o.Root, "content", slug)); !errors.Is(err, os.ErrNotExist) {
			here = append(here, slug)
			continue
		}
		delete(g.errs, slug)
		if err := g.drop(slug); err != nil {
			return err
		}
	}
	loaded := content.LoadEach(g.o.Root, here)
	failed := false
	for i, r := range loaded {
		slug := here[i]
		var l diag.List
		switch {
		case errors.As(r.Err, &l):
			g.errs[slug] = l
			failed = true
		case r.Err != nil:
			return r.Err
		case r.X.Front.Draft && g.o.Preview:
			g.errs[slug] = append(r.X.Warnings, draftWarning(r.X, "shown in this preview; parley build leaves it out until draft: false"))
		case r.X.Front.Draft:
			g.errs[slug] = append(r.X.Warnings, draftWarning(r.X, "left out of the build until draft: false"))
		default:
			g.errs[slug] = r.X.Warnings
		}
		if r.X != nil {
			for _, ed := range r.X.Editions {
				if _, ok := g.o.Words[ed.Lang]; !ok {
					g.errs[slug] = append(g.errs[slug], diag.Error{File: r.X.Dir + "/index." + ed.Lang + ".md", Msg: "hugo.toml has no language " + strconv.Quote(ed.Lang) + " for this edition: add [languages." + ed.Lang + "] (see docs/editions.md), or rename the file", Warning: true})
				}
			}
		}
	}
	if failed && !g.o.Preview {
		return nil
	}
	var accept []*content.Explainer
	for _, r := range loaded {
		if r.Err == nil {
			g.x[r.X.Slug] = r.X
			if g.o.Preview || !r.X.Front.Draft {
				accept = append(accept, r.X)
			}
		}
	}
	errs := make([]error, len(accept))
	parallel.Each(len(accept), func(i int) { errs[i] = g.accept(accept[i]) })
	return errors.Join(errs...)
}

// draftWarning is the warning that x is a draft: what happens to it, at its
// draft: true.
func draftWarning(x *content.Explainer, what string) diag.Error {
	return diag.Error{File: x.Dir + "/index.md", Line: x.Front.DraftAt[0], Col: x.Front.DraftAt[1], Msg: "draft: " + what, Warning: true}
}

// drop forgets an explainer whose directory is gone, and what was
// generated of it.
func (g *Generator) drop(slug string) error {
	delete(g.x, slug)
	dirs := []string{g.Dir("content", slug), g.Dir("content", embedsDir(slug)), g.Dir("content", modelPage(slug, "")), g.Dir("content", historyPage(slug)), g.Dir("files", slug)}
	for lang := range g.o.Words {
		dirs = append(dirs, g.Dir("content", modelPage(slug, lang)), g.Dir("content", inLang(historyPage(slug), lang)), g.Dir("files", lang, slug))
	}
	for _, dir := range dirs {
		if err := g.remove(dir); err != nil {
			return err
		}
	}
	return nil
}

// Fs is where the generator writes .parley/.
func (g *Generator) Fs() afero.Fs { return g.o.Fs }

// Follow makes g carry on from old, a generator of the same .parley/ made
// with other options (hugo.toml changed): it keeps old's explainers and
// errors, the last good state, and the pages opened.
func (g *Generator) Follow(old *Generator) *Generator {
	g.x, g.errs, g.open = old.x, old.errs, old.open
	return g
}
