package project

import (
	"context"
	"errors"
	"slices"
	"strings"

	"github.com/parley-news/parley/tools/internal/content"
	"github.com/parley-news/parley/tools/internal/diag"
	"github.com/parley-news/parley/tools/internal/generate"
	"github.com/parley-news/parley/tools/internal/publish"
	"github.com/parley-news/parley/tools/internal/site"
	"github.com/spf13/afero"
)

// Result is what a Build made of the project.
type Result struct {
	Explainers int           // published
	Drafts     int           // validated, but not published
	Terms      int           // in all of them
	Stats      publish.Stats // of the site's files
	Warnings   diag.List     // what the editor should know; nothing failed
	Changes    *Changes      // a check's: what changed since the published site, or Options.Since (nil: nothing to compare with)
}

// Build runs the pipeline on the whole project. A build (Mode Build)
// replaces Options.Dest only when every stage has succeeded; a check runs
// the same stages, Hugo and the budgets included, in memory, so that it
// fails exactly when a build would, and writes nothing at all. Content
// errors come back as a diag.List, all of them at once.
func (p *Project) Build() (*Result, error) {
	if p.o.Mode == Serve {
		return nil, errors.New("project: Build on a project opened to serve: use Serve")
	}
	defer gcForBuild()()
	// Without the history it requires, a build fails, but after the
	// content's errors, which come first.
	var warn *diag.Error
	var herr error
	if p.cfgErr == nil {
		p.history, warn, herr = p.readHistory(context.Background(), p.o.RequireHistory || p.cfg.Params.Parley.History.Require)
	}
	g := p.generator()
	err := p.update(g, nil, true)
	if lerr := g.Errors().Err(); lerr != nil {
		return nil, withWarnings(lerr, warnings(warn))
	}
	if err != nil {
		return nil, err
	}
	if herr != nil {
		return nil, withWarnings(herr, g.Errors())
	}
	published := g.Published()
	res := &Result{Explainers: len(published), Drafts: g.Drafts(), Terms: g.Terms(), Warnings: g.Errors()}
	res.Warnings = append(warnings(warn), res.Warnings...)
	if err := p.render(g, res, published); err != nil {
		return nil, withWarnings(err, res.Warnings)
	}
	return res, nil
}

// render has Hugo render the site Build generated, then finishes, checks
// and (but for a check) publishes it.
func (p *Project) render(g *generate.Generator, res *Result, published map[string]*content.Explainer) error {
	checking := p.o.Mode == Check
	// A build renders into the tree the last build replaced, if it left
	// one: most files are already as they should be, and neither creating
	// nor removing them is cheap. A check renders into memory.
	spare := g.Dir("spare-site")
	staged, reused := g.Dir("check-site"), false // never created
	var err error
	if !checking {
		if staged, reused, err = p.dest.Stage(spare); err != nil {
			return err
		}
		defer p.dest.Abandon(staged, spare) // gone already after a successful swap
	}
	// Each file is minified, written and measured as Hugo hands it over.
	m := g.Manifest()
	fin := publish.NewFinisher(staged, map[string]bool{m.JS.Path: true, m.CSS.Path: true, m.Loader.Path: true}, p.cfg.pageBudgets(published))
	var generated afero.Fs
	switch {
	case checking:
		fin.InMemory()
		generated = g.Fs()
	case reused:
		if err := fin.Reuse(); err != nil {
			return err
		}
	}
	if err := site.Build(site.Options{Root: p.root, Dest: staged, BaseURL: p.o.BaseURL, Write: fin.Write, Generated: generated}); err != nil {
		return err
	}
	if res.Stats, err = fin.Finish(); err != nil {
		return err
	}
	if err := fin.Check(); err != nil {
		return bySource(err, published)
	}
	if checking {
		res.Changes, err = p.changesSince(context.Background(), published)
		return err
	}
	if err := publish.Headers(staged, p.cfg.Params.Parley.Security.CSP); err != nil {
		return err
	}
	return p.dest.Publish(staged, spare)
}

// Failed is a build's error from a stage after the content's (Hugo's, say),
// with the content's warnings: the editor hears of everything at once.
type Failed struct {
	Err      error
	Warnings diag.List
}

func (f *Failed) Error() string { return f.Err.Error() }
func (f *Failed) Unwrap() error { return f.Err }

// warnings is the list of w, if any.
func warnings(w *diag.Error) diag.List {
	if w == nil {
		return nil
	}
	return diag.List{*w}
}

// withWarnings is err with warnings: one list with them when err is a
// list (the budgets'), a *Failed otherwise.
func withWarnings(err error, warnings diag.List) error {
	if len(warnings) == 0 {
		return err
	}
	var l diag.List
	if errors.As(err, &l) {
		return append(slices.Clone(warnings), l...).Sort()
	}
	return &Failed{Err: err, Warnings: warnings}
}

// bySource names, in the budget errors of a rendered site, the explainer's
// index.md (or its edition's, for <lang>/<slug>/...) in place of the page
// that belongs to it (<slug>/...): the file the editor can change.
func bySource(err error, explainers map[string]*content.Explainer) error {
	var l diag.List
	if !errors.As(err, &l) {
		return err
	}
	out := make(diag.List, len(l))
	for i, e := range l {
		slug, rest, _ := strings.Cut(e.File, "/")
		index := "index.md"
		if s, _, _ := strings.Cut(rest, "/"); content.ValidLang(slug) && explainers[s] != nil {
			slug, index = s, "index."+slug+".md"
		}
		if x, ok := explainers[slug]; ok {
			e.Msg = e.File + ": " + e.Msg
			e.File, e.Line, e.Col = x.Dir+"/"+index, 0, 0
		}
		out[i] = e
	}
	return out
}
