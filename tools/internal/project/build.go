package project

import (
	"context"
	"errors"
	"strings"

	"github.com/parley-news/parley/tools/internal/content"
	"github.com/parley-news/parley/tools/internal/diag"
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
	checking := p.o.Mode == Check
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
		return nil, lerr
	}
	if err != nil {
		return nil, err
	}
	if herr != nil {
		return nil, herr
	}
	published := g.Published()
	res := &Result{Explainers: len(published), Drafts: g.Drafts(), Terms: g.Terms(), Warnings: g.Errors()}
	if warn != nil {
		res.Warnings = append(diag.List{*warn}, res.Warnings...)
	}
	// A build renders into the tree the last build replaced, if it left
	// one: most files are already as they should be, and neither creating
	// nor removing them is cheap. A check renders into memory.
	spare := g.Dir("spare-site")
	staged, reused := g.Dir("check-site"), false // never created
	if !checking {
		if staged, reused, err = p.dest.Stage(spare); err != nil {
			return nil, err
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
			return nil, err
		}
	}
	if err := site.Build(site.Options{Root: p.root, Dest: staged, BaseURL: p.o.BaseURL, Write: fin.Write, Generated: generated}); err != nil {
		return nil, err
	}
	if res.Stats, err = fin.Finish(); err != nil {
		return nil, err
	}
	if err := fin.Check(); err != nil {
		return nil, bySource(err, published)
	}
	if checking {
		res.Changes, err = p.changesSince(context.Background(), published)
		return res, err
	}
	if err := publish.Headers(staged, p.cfg.Params.Parley.Security.CSP); err != nil {
		return nil, err
	}
	if err := p.dest.Publish(staged, spare); err != nil {
		return nil, err
	}
	return res, nil
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
