package project

import (
	"context"
	"errors"
	"fmt"
	"io"
	"net"
	"net/http"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"sync/atomic"
	"time"

	"github.com/fsnotify/fsnotify"
	"github.com/parley-news/parley/tools/internal/diag"
	"github.com/parley-news/parley/tools/internal/generate"
	"github.com/parley-news/parley/tools/internal/site"
)

// ServeOptions say how Serve serves.
type ServeOptions struct {
	Listener net.Listener // where to serve: its address is the site's
	Out      io.Writer    // "serving …" and "stopping"
	Err      io.Writer    // errors, warnings, and what fixed them
	Debug    io.Writer    // when not nil, every file event, as it comes
}

// Serve previews the project (opened with Mode Serve) until ctx is done: it
// renders the site to memory and serves it with live reload. It watches
// content/, assets/, layouts/, i18n/ and hugo.toml: a save loads, validates and
// compiles again only the explainer it touches (but every explainer's
// errors stay shown), a change to assets/ rebuilds the bundle, and Hugo
// then renders again only what the changed files touch; the browser
// reloads once that is done. Errors go to the terminal and to the browser,
// in place of the page, until they are fixed.
func (p *Project) Serve(ctx context.Context, o ServeOptions) error {
	if p.o.Mode != Serve {
		return errors.New("project: Serve on a project not opened to serve")
	}
	// A preview works without history, whatever is required of a build.
	var warn *diag.Error
	var err error
	if p.cfgErr == nil {
		if p.history, warn, err = p.readHistory(ctx, false); err != nil {
			return err
		}
	}
	if warn != nil {
		fmt.Fprintf(o.Err, "parley: %v\n", warn)
	}
	s := &session{p: p, o: o, g: p.generator()}
	if err := s.regenerate(true, nil, nil); err != nil {
		return err
	}
	fsw, err := fsnotify.NewWatcher()
	if err != nil {
		return err
	}
	defer fsw.Close()
	for _, dir := range []string{"content", "assets", "layouts", "i18n"} {
		if err := watchTree(fsw, filepath.Join(p.root, dir)); err != nil && !errors.Is(err, os.ErrNotExist) {
			return err
		}
	}
	if err := fsw.Add(p.root); err != nil { // for hugo.toml, which editors replace on save
		return err
	}
	go s.watch(fsw)

	srv := &http.Server{Handler: http.HandlerFunc(s.serveHTTP), ReadHeaderTimeout: 10 * time.Second}
	served := make(chan error, 1)
	go func() { served <- srv.Serve(o.Listener) }()
	fmt.Fprintf(o.Out, "parley: serving http://%s/ (Ctrl-C to stop)\n", o.Listener.Addr())
	select {
	case err := <-served: // the listener failed
		return err
	case <-ctx.Done():
	}
	fmt.Fprintln(o.Out, "parley: stopping")
	shutdown, cancel := context.WithTimeout(context.Background(), 2*time.Second)
	defer cancel()
	return srv.Shutdown(shutdown)
}

// watchTree adds dir and every directory below it to w.
func watchTree(w *fsnotify.Watcher, dir string) error {
	return filepath.WalkDir(dir, func(path string, d os.DirEntry, err error) error {
		if err != nil || !d.IsDir() {
			return err
		}
		return w.Add(path)
	})
}

// A session is one run of Serve: the generator, which keeps the last good
// state of every explainer, and the Hugo site rendered from it.
type session struct {
	p       *Project
	o       ServeOptions
	mu      sync.Mutex // held while regenerating
	g       *generate.Generator
	dev     atomic.Pointer[site.Dev]
	loadErr atomic.Pointer[error]
	hugoErr string // the last Hugo error reported, to report each once
}

func (s *session) serveHTTP(rw http.ResponseWriter, r *http.Request) {
	if dev := s.dev.Load(); dev != nil {
		s.open(dev, r.URL.Path)
		dev.Handler().ServeHTTP(rw, r)
		return
	}
	// Hugo could not even load the project (a broken hugo.toml, say).
	err := fmt.Errorf("the site cannot load")
	if p := s.loadErr.Load(); p != nil {
		err = *p
	}
	site.ServeError(rw, err)
}

// open renders the page at urlPath, if it is one not rendered yet (see
// generate.Generator.Open, in steps), before it is served.
func (s *session) open(dev *site.Dev, urlPath string) {
	if !generate.MayOpen(urlPath) {
		return // no waiting for a rebuild to serve a stylesheet
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	for {
		opened, err := s.g.Open(urlPath)
		if err == nil && opened {
			err = dev.Open(urlPath, s.g.TakeTouched()...)
		}
		if err != nil {
			fmt.Fprintf(s.o.Err, "parley: %v\n", err)
		}
		if err != nil || !opened {
			return
		}
	}
}

// watch batches file events (an editor's save is often several) and
// regenerates what they touch.
func (s *session) watch(fsw *fsnotify.Watcher) {
	const settle = 10 * time.Millisecond
	var (
		timer    <-chan time.Time
		slugs    = map[string]bool{}
		restyle  bool
		reconfig bool
		layouts  []string
	)
	root := s.p.root
	sep := string(filepath.Separator)
	contentDir, assetsDir, layoutsDir, i18nDir := filepath.Join(root, "content")+sep, filepath.Join(root, "assets")+sep, filepath.Join(root, "layouts")+sep, filepath.Join(root, "i18n")+sep
	config := filepath.Join(root, "hugo.toml")
	for {
		select {
		case ev, ok := <-fsw.Events:
			if !ok {
				return
			}
			if s.o.Debug != nil {
				fmt.Fprintln(s.o.Debug, "event", ev)
			}
			if ev.Has(fsnotify.Create) {
				if fi, err := os.Stat(ev.Name); err == nil && fi.IsDir() {
					if err := watchTree(fsw, ev.Name); err != nil {
						fmt.Fprintf(s.o.Err, "parley: watching %s: %v\n", ev.Name, err)
					}
				}
			}
			switch {
			case strings.HasPrefix(ev.Name, contentDir):
				slug, _, _ := strings.Cut(strings.TrimPrefix(ev.Name, contentDir), sep)
				slugs[slug] = true
			case strings.HasPrefix(ev.Name, assetsDir):
				restyle = true
			case strings.HasPrefix(ev.Name, layoutsDir), strings.HasPrefix(ev.Name, i18nDir):
				layouts = append(layouts, ev.Name) // Hugo's own files: it renders again what they touch
			case ev.Name == config:
				reconfig = true
			default:
				continue
			}
			timer = time.After(settle)
		case <-timer:
			changed := []string{} // not nil: nil is all of them
			for slug := range slugs {
				changed = append(changed, slug)
			}
			if reconfig {
				s.dev.Store(nil)
				changed = nil // all of them
			}
			if err := s.regenerate(reconfig || restyle, changed, layouts); err != nil {
				fmt.Fprintf(s.o.Err, "parley: %v\n", err)
			}
			slugs, restyle, reconfig, layouts, timer = map[string]bool{}, false, false, nil, nil
		case err, ok := <-fsw.Errors:
			if !ok {
				return
			}
			fmt.Fprintf(s.o.Err, "parley: watching files: %v\n", err)
		}
	}
}

// regenerate brings .parley/ up to date, as Build does (the explainers of
// slugs, or all of them when nil and there is no site yet or hugo.toml
// changed; the bundle when restyle), has Hugo render again what changed (in
// full the first time, or after hugo.toml changed), and reports the errors
// now standing.
func (s *session) regenerate(restyle bool, slugs []string, layouts []string) error {
	s.mu.Lock()
	defer s.mu.Unlock()
	before := s.g.Errors()
	dev := s.dev.Load()
	if dev == nil { // the first time, or hugo.toml changed: its budgets, its title
		cfg, err := readConfig(s.p.root)
		if err != nil {
			return err
		}
		s.p.cfg, s.p.cfgErr = cfg, nil
		s.g = s.p.generator().Follow(s.g)
		slugs, restyle = nil, true
	}
	start := time.Now()
	if err := s.p.update(s.g, slugs, restyle); err != nil {
		return err
	}
	changed := append(s.g.TakeTouched(), layouts...)
	generated := time.Since(start)
	var err error
	if dev == nil {
		if dev, err = site.NewDev(s.p.root, s.o.Listener.Addr()); err == nil {
			s.dev.Store(dev)
			err = dev.Build()
		} else {
			s.loadErr.Store(&err)
		}
	} else if len(changed) > 0 {
		err = dev.Build(changed...)
	}
	if s.o.Debug != nil {
		fmt.Fprintf(s.o.Debug, "regenerated %d files in %s, rendered in %s\n", len(changed), generated.Round(time.Millisecond), (time.Since(start) - generated).Round(time.Millisecond))
	}
	s.report(before, err)
	return nil
}

// report tells the terminal what changed since the errors before: the
// content's, or else Hugo's (a template's) when the content is fine.
func (s *session) report(before diag.List, hugo error) {
	errs := s.g.Errors()
	if hugo != nil && errs.Errors() == 0 {
		if hugo.Error() != s.hugoErr {
			fmt.Fprintf(s.o.Err, "%v\nparley: the site does not build (shown in the browser too)\n", hugo)
		}
		s.hugoErr = hugo.Error()
		return
	}
	if s.hugoErr != "" && hugo == nil {
		fmt.Fprintln(s.o.Err, "parley: fixed: the site builds")
		s.hugoErr = ""
	}
	if errs.Errors() == 0 && before.Errors() > 0 {
		fmt.Fprintln(s.o.Err, "parley: fixed: no errors")
	}
	switch {
	case len(errs) == 0 || errs.Error() == before.Error():
	case errs.Errors() > 0:
		fmt.Fprintf(s.o.Err, "%s\nparley: %s (the errors are shown in the browser too)\n", errs.Error(), errs.Summary())
	default:
		fmt.Fprintf(s.o.Err, "%s\nparley: %s\n", errs.Error(), errs.Summary())
	}
}
