// Package project is Parley's engine. Open reads a project's hugo.toml,
// takes its lock and owns its .parley/; Build runs the pipeline on it,
// content → compile → generate → bundle → site → publish, for parley build
// and check; Serve runs the same Build as an incremental session, for
// parley serve. See ARCHITECTURE.md for where each stage lives.
package project

import (
	"fmt"
	"io"
	"os"
	"path/filepath"
	"time"

	"github.com/parley-news/parley/tools/internal/bundle"
	"github.com/parley-news/parley/tools/internal/content"
	"github.com/parley-news/parley/tools/internal/generate"
	"github.com/parley-news/parley/tools/internal/history"
	"github.com/parley-news/parley/tools/internal/publish"
	"github.com/spf13/afero"
)

// Mode is what a Project is opened for.
type Mode int

const (
	Check Mode = iota // run every stage in memory, write nothing, publish nothing
	Build             // publish the site to Options.Dest
	Serve             // preview the site, drafts included (see Project.Serve)
)

var modeNames = [...]string{Check: "check", Build: "build", Serve: "serve"}

func (m Mode) String() string { return modeNames[m] }

// Options say what a Project is opened for.
type Options struct {
	Mode    Mode
	Dest    string    // Build: the directory to publish to, absolute or relative to the working directory (see publish.OpenDest)
	BaseURL string    // the site's public address; hugo.toml's when empty
	Log     io.Writer // where a wait for another build's lock is said; os.Stderr when nil
	// RequireHistory fails a build or check that cannot read the full git
	// history of content/ (the CLI sets it under CI=true); see readHistory.
	RequireHistory bool
	// Since is the revision a check reports the changes since (see
	// Result.Changes); "" for the commit the published site records.
	Since string
}

// A Project is a Parley project opened for one command.
type Project struct {
	root    string // absolute
	o       Options
	cfg     *config       // hugo.toml's
	cfgErr  error         // why hugo.toml could not be read: reported after the content's errors
	dest    *publish.Dest // Build's
	release func()        // lets the lock go
	history *history.Log  // the repository's versions of content/*/terms.yaml; nil without
	now     time.Time     // when the command started: the time of changes not yet committed
}

// Open opens the project at root: it must have a content/ directory and a
// valid hugo.toml. A build's destination is refused before anything is
// written (publish.OpenDest); a build or a serve then holds the project's
// lock until Close, since they share .parley/.
func Open(root string, o Options) (*Project, error) {
	root, err := filepath.Abs(root)
	if err != nil {
		return nil, err
	}
	if fi, err := os.Stat(filepath.Join(root, "content")); err != nil || !fi.IsDir() {
		return nil, fmt.Errorf("%s has no content/ directory: run parley in the project directory, or pass -s DIR (parley new SLUG starts an explainer)", root)
	}
	if o.Log == nil {
		o.Log = os.Stderr
	}
	p := &Project{root: root, o: o, release: func() {}, now: time.Now()}
	// A build or check reports the content's errors before the
	// configuration's: content errors are what editors make.
	if p.cfg, p.cfgErr = readConfig(root); p.cfgErr != nil {
		if o.Mode == Serve {
			return nil, p.cfgErr
		}
		p.cfg = &config{}
	}
	switch o.Mode {
	case Build:
		// Hugo resolves a relative destination against the project, not
		// the working directory.
		if p.o.Dest, err = filepath.Abs(o.Dest); err != nil {
			return nil, err
		}
		// Refuse a directory that is not Parley's before writing anything...
		if _, err := publish.OpenDest(root, p.o.Dest); err != nil {
			return nil, err
		}
		if p.release, err = publish.LockProject(root, "build", o.Log); err != nil {
			return nil, err
		}
		// ...and decide again holding the lock: another build may have published.
		if p.dest, err = publish.OpenDest(root, p.o.Dest); err != nil {
			p.Close()
			return nil, err
		}
		if err := p.dest.RemoveStale(); err != nil { // left by a killed build
			p.Close()
			return nil, err
		}
	case Serve:
		if p.release, err = publish.LockProject(root, "serve", o.Log); err != nil {
			return nil, err
		}
	}
	return p, nil
}

// Close lets the project's lock go.
func (p *Project) Close() error {
	p.release()
	p.release = func() {}
	return nil
}

// generator returns a generator of the project's .parley/ for its mode: in
// memory for a check, which also needs no social cards.
func (p *Project) generator() *generate.Generator {
	fsys := afero.NewOsFs()
	if p.o.Mode == Check {
		fsys = afero.NewMemMapFs()
	}
	// The languages' words: a file Hugo cannot read fails the build there.
	langs := []string{content.SourceLang}
	for code := range p.cfg.Languages {
		if code != content.SourceLang {
			langs = append(langs, code)
		}
	}
	words, _ := generate.ReadWords(p.root, langs)
	return generate.New(generate.Options{
		Root: p.root, Fs: fsys, Title: p.cfg.Title, Budget: p.cfg.Params.Parley.Budgets,
		Preview: p.o.Mode == Serve, Cards: p.o.Mode != Check, History: p.history, Now: p.now, Words: words,
	})
}

// update brings .parley/ up to date: the explainers of slugs (all of them
// when nil, sweeping what is no longer written) and, when restyle, the
// bundle. Content errors are the generator's (Errors): a build or check
// with any writes nothing more.
func (p *Project) update(g *generate.Generator, slugs []string, restyle bool) error {
	full := slugs == nil
	if full {
		g.Keep()
	}
	if err := g.Load(slugs); err != nil {
		return err
	}
	failed := g.Errors().Errors() > 0 && p.o.Mode != Serve
	// With content errors, the widgets' own are reported too, for every
	// error found at once; but a project with no widgets yet hears of
	// that once its content is right.
	if restyle && p.cfgErr == nil && (!failed || p.hasWidgets()) {
		if err := g.Rebundle(); err != nil {
			return err
		}
	}
	if failed {
		return nil
	}
	if p.cfgErr != nil {
		return p.cfgErr
	}
	if err := g.WriteSite(); err != nil {
		return err
	}
	if full {
		return g.Sweep()
	}
	return nil
}

// hasWidgets reports whether the project has the widgets' script, which
// the bundle starts from.
func (p *Project) hasWidgets() bool {
	_, err := os.Stat(filepath.Join(p.root, filepath.FromSlash(bundle.ScriptEntry)))
	return err == nil
}
