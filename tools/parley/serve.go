package main

import (
	"context"
	"fmt"
	"io"
	"net"
	"net/http"
	"os"
	"os/signal"
	"path/filepath"
	"strconv"
	"strings"
	"sync"
	"sync/atomic"
	"syscall"
	"time"

	"github.com/fsnotify/fsnotify"
	"github.com/parley-news/parley/tools/internal/publish"
	"github.com/parley-news/parley/tools/internal/site"
	"github.com/spf13/afero"
	"github.com/spf13/cobra"
)

func serveCmd(opts *options) *cobra.Command {
	var (
		port int
		bind string
	)
	cmd := &cobra.Command{
		Use:   "serve [--port N] [--bind ADDR]",
		Short: "Preview the site with live reload; content errors show in the browser",
		Args:  noArgs,
		RunE: func(cmd *cobra.Command, _ []string) error {
			return serve(opts.source, bind, port, !cmd.Flags().Changed("port"), cmd.OutOrStdout(), cmd.ErrOrStderr())
		},
	}
	cmd.Flags().IntVarP(&port, "port", "p", 1313, "listen on `port` (when the default is taken, the next free one)")
	cmd.Flags().StringVar(&bind, "bind", "127.0.0.1", "listen on this `address`")
	return cmd
}

// serve renders the site to memory and serves it with live reload. It
// watches content/, assets/, layouts/ and hugo.toml itself: a change to an
// explainer recompiles that explainer alone, a change to assets/ rebuilds
// the bundle, and Hugo then rebuilds just what the changed files touch; the
// browser reloads once that rebuild is done. Errors go to the terminal and
// to the browser, in place of the page, until they are fixed.
func serve(root, bind string, port int, nextFree bool, stdout, stderr io.Writer) error {
	g, err := newGenerator(root, afero.NewOsFs())
	if err != nil {
		return err
	}
	release, err := publish.LockProject(root, "serve", stderr) // .parley/ is ours
	if err != nil {
		return err
	}
	defer release()
	if nextFree {
		port = freePort(bind, port)
	}
	ln, err := net.Listen("tcp", net.JoinHostPort(bind, strconv.Itoa(port)))
	if err != nil {
		return err
	}
	// serve starts from nothing and leaves nothing, but what builds keep
	// in .parley/ (their records of what they published, see publish.Dest).
	defer g.clear()
	if err := g.clear(); err != nil {
		return err
	}
	w := &watcher{g: g, root: root, bind: bind, port: port, stderr: stderr}
	if err := w.regenerate(true, true, nil, nil); err != nil {
		return err
	}
	fsw, err := fsnotify.NewWatcher()
	if err != nil {
		return err
	}
	defer fsw.Close()
	for _, dir := range []string{"content", "assets", "layouts"} {
		if err := watchTree(fsw, filepath.Join(root, dir)); err != nil {
			return err
		}
	}
	if err := fsw.Add(root); err != nil { // for hugo.toml, which editors replace on save
		return err
	}
	go w.run(fsw)

	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	defer stop()
	srv := &http.Server{Handler: http.HandlerFunc(w.serveHTTP), ReadHeaderTimeout: 10 * time.Second}
	go srv.Serve(ln)
	fmt.Fprintf(stdout, "parley: serving http://%s/ (Ctrl-C to stop)\n", ln.Addr())
	<-ctx.Done()
	fmt.Fprintln(stdout, "parley: stopping")
	shutdown, cancel := context.WithTimeout(context.Background(), 2*time.Second)
	defer cancel()
	return srv.Shutdown(shutdown)
}

// freePort returns port, or the next one that can be listened on.
func freePort(bind string, port int) int {
	for p := port; p < port+100; p++ {
		if l, err := net.Listen("tcp", net.JoinHostPort(bind, strconv.Itoa(p))); err == nil {
			l.Close()
			return p
		}
	}
	return port
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

type watcher struct {
	g          *generator
	root, bind string
	port       int
	stderr     io.Writer
	mu         sync.Mutex // held while regenerating
	dev        atomic.Pointer[site.Dev]
	hugoErr    string // the last Hugo error reported, to report each once
	loadErr    atomic.Pointer[error]
}

func (w *watcher) serveHTTP(rw http.ResponseWriter, r *http.Request) {
	if dev := w.dev.Load(); dev != nil {
		dev.Handler().ServeHTTP(rw, r)
		return
	}
	// Hugo could not even load the project (a broken hugo.toml, say).
	err := fmt.Errorf("the site cannot load")
	if p := w.loadErr.Load(); p != nil {
		err = *p
	}
	site.ServeError(rw, err)
}

// run batches file events (an editor's save is often several) and
// regenerates what they touch.
func (w *watcher) run(fsw *fsnotify.Watcher) {
	const settle = 10 * time.Millisecond
	var (
		timer    <-chan time.Time
		slugs    = map[string]bool{}
		restyle  bool
		reconfig bool
		layouts  []string
	)
	contentDir := filepath.Join(w.root, "content") + string(filepath.Separator)
	assetsDir := filepath.Join(w.root, "assets") + string(filepath.Separator)
	layoutsDir := filepath.Join(w.root, "layouts") + string(filepath.Separator)
	config := filepath.Join(w.root, "hugo.toml")
	for {
		select {
		case ev, ok := <-fsw.Events:
			if !ok {
				return
			}
			if os.Getenv("PARLEY_DEBUG") != "" {
				fmt.Fprintln(w.stderr, "event", ev)
			}
			if ev.Has(fsnotify.Create) {
				if fi, err := os.Stat(ev.Name); err == nil && fi.IsDir() {
					watchTree(fsw, ev.Name)
				}
			}
			switch {
			case strings.HasPrefix(ev.Name, contentDir):
				slug, _, _ := strings.Cut(strings.TrimPrefix(ev.Name, contentDir), string(filepath.Separator))
				slugs[slug] = true
			case strings.HasPrefix(ev.Name, assetsDir):
				restyle = true
			case strings.HasPrefix(ev.Name, layoutsDir):
				if abs, err := filepath.Abs(ev.Name); err == nil {
					layouts = append(layouts, abs)
				}
			case ev.Name == config:
				reconfig = true
			default:
				continue
			}
			timer = time.After(settle)
		case <-timer:
			if reconfig {
				w.dev.Store(nil)
				restyle = true
			}
			if err := w.regenerate(reconfig, restyle, slugs, layouts); err != nil {
				fmt.Fprintf(w.stderr, "parley: %v\n", err)
			}
			slugs, restyle, reconfig, layouts, timer = map[string]bool{}, false, false, nil, nil
		case err, ok := <-fsw.Errors:
			if !ok {
				return
			}
			fmt.Fprintf(w.stderr, "parley: watching files: %v\n", err)
		}
	}
}

// regenerate reloads all content (all) or the given explainers, rebuilds
// the bundle when asked, has Hugo rebuild what changed (in full the first
// time, or after hugo.toml changed), and reports the errors now standing.
func (w *watcher) regenerate(all, restyle bool, slugs map[string]bool, layouts []string) error {
	w.mu.Lock()
	defer w.mu.Unlock()
	before := w.g.errors()
	if all {
		g, err := newGenerator(w.root, afero.NewOsFs()) // hugo.toml may have new budgets
		if err != nil {
			return err
		}
		g.x, g.errs = w.g.x, w.g.errs
		w.g = g
		if err := w.g.loadAll(); err != nil {
			return err
		}
	}
	for slug := range slugs {
		if err := w.g.reload(slug); err != nil {
			return err
		}
	}
	if restyle {
		if err := w.g.rebundle(); err != nil {
			return err
		}
	}
	if err := w.g.writeIndex(); err != nil {
		return err
	}
	changed := append(w.g.takeTouched(), layouts...)
	dev := w.dev.Load()
	var err error
	if dev == nil {
		if dev, err = site.NewDev(w.root, w.bind, w.port); err == nil {
			w.dev.Store(dev)
			err = dev.Build()
		} else {
			w.loadErr.Store(&err)
		}
	} else if len(changed) > 0 {
		err = dev.Build(changed...)
	}
	errs := w.g.errors()
	if err != nil && errs.Errors() == 0 {
		// A template or Hugo error: the content itself is fine.
		if err.Error() != w.hugoErr {
			fmt.Fprintf(w.stderr, "%v\nparley: the site does not build (shown in the browser too)\n", err)
		}
		w.hugoErr = err.Error()
		return nil
	}
	if w.hugoErr != "" && err == nil {
		fmt.Fprintln(w.stderr, "parley: fixed: the site builds")
		w.hugoErr = ""
	}
	if errs.Errors() == 0 && before.Errors() > 0 {
		fmt.Fprintln(w.stderr, "parley: fixed: no errors")
	}
	switch {
	case len(errs) == 0 || errs.Error() == before.Error():
	case errs.Errors() > 0:
		fmt.Fprintf(w.stderr, "%s\nparley: %s (the errors are shown in the browser too)\n", errs.Error(), errs.Summary())
	default:
		fmt.Fprintf(w.stderr, "%s\nparley: %s\n", errs.Error(), errs.Summary())
	}
	return nil
}
