package main

import (
	"fmt"
	"io"
	"net"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"sync"
	"time"

	"github.com/fsnotify/fsnotify"
	"github.com/parley-news/parley/tools/internal/site"
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

// serve runs Hugo's server in process over the generated .parley/ inputs,
// and keeps them current: a change to content/ recompiles the explainer it
// belongs to, a change to assets/ rebuilds the bundle. Hugo watches
// .parley/, layouts/ and hugo.toml itself, rebuilds, and only then reloads
// the browser. Errors go to the terminal and, through errors.json and the
// templates, to the browser.
func serve(root, bind string, port int, nextFree bool, stdout, stderr io.Writer) error {
	g, err := newGenerator(root)
	if err != nil {
		return err
	}
	if nextFree {
		port = freePort(bind, port)
	}
	defer os.RemoveAll(g.dir())
	if err := os.RemoveAll(g.dir()); err != nil {
		return err
	}
	w := &watcher{g: g, stderr: stderr}
	if err := w.regenerate(true, true, nil); err != nil {
		return err
	}
	fsw, err := fsnotify.NewWatcher()
	if err != nil {
		return err
	}
	defer fsw.Close()
	for _, dir := range []string{"content", "assets"} {
		if err := watchTree(fsw, filepath.Join(root, dir)); err != nil {
			return err
		}
	}
	go w.run(fsw)
	fmt.Fprintf(stdout, "parley: serving http://%s/ (Ctrl-C to stop)\n", net.JoinHostPort(bind, strconv.Itoa(port)))
	return site.Serve(root, bind, port)
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
	g      *generator
	stderr io.Writer
	mu     sync.Mutex
}

// run batches file events (an editor's save is often several) and
// regenerates what they touch.
func (w *watcher) run(fsw *fsnotify.Watcher) {
	const settle = 10 * time.Millisecond
	var (
		timer   <-chan time.Time
		slugs   = map[string]bool{}
		restyle bool
	)
	contentDir := filepath.Join(w.g.root, "content") + string(filepath.Separator)
	assetsDir := filepath.Join(w.g.root, "assets") + string(filepath.Separator)
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
			default:
				continue
			}
			timer = time.After(settle)
		case <-timer:
			if err := w.regenerate(false, restyle, slugs); err != nil {
				fmt.Fprintf(w.stderr, "parley: %v\n", err)
			}
			slugs, restyle, timer = map[string]bool{}, false, nil
		case err, ok := <-fsw.Errors:
			if !ok {
				return
			}
			fmt.Fprintf(w.stderr, "parley: watching files: %v\n", err)
		}
	}
}

// regenerate reloads all content (all) or the given explainers, rebuilds
// the bundle when asked, and reports the errors now standing.
func (w *watcher) regenerate(all, restyle bool, slugs map[string]bool) error {
	w.mu.Lock()
	defer w.mu.Unlock()
	before := w.g.errors().Error()
	if all {
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
	errs := w.g.errors()
	switch {
	case len(errs) > 0 && errs.Error() != before:
		fmt.Fprintf(w.stderr, "%s\nparley: %d error%s (shown in the browser too)\n", errs.Error(), len(errs), plural(len(errs)))
	case len(errs) == 0 && before != "":
		fmt.Fprintln(w.stderr, "parley: fixed: no errors")
	}
	return nil
}
