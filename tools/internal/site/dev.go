package site

import (
	"bytes"
	"errors"
	"html/template"
	"net"
	"net/http"
	"path/filepath"
	"strconv"
	"strings"
	"sync"

	"github.com/bep/logg"
	"github.com/fsnotify/fsnotify"
	"github.com/gohugoio/hugo/common/hmaps"
	"github.com/gohugoio/hugo/common/loggers"
	"github.com/gohugoio/hugo/common/types"
	"github.com/gohugoio/hugo/config"
	"github.com/gohugoio/hugo/config/allconfig"
	"github.com/gohugoio/hugo/deps"
	"github.com/gohugoio/hugo/hugofs"
	"github.com/gohugoio/hugo/hugolib"
	"github.com/gohugoio/hugo/identity"
	"github.com/gohugoio/hugo/livereload"
	"github.com/spf13/afero"
)

// Dev is a development build of the site, rendered to memory and served
// over HTTP with live reload. Unlike Hugo's own server it watches nothing:
// its owner says which files changed, the moment they changed, and the
// browser reloads as soon as that rebuild is done.
type Dev struct {
	root string
	mu   sync.Mutex // guards everything below; held for a whole rebuild
	h    *hugolib.HugoSites
	out  afero.Fs
	log  *bytes.Buffer
	err  error // the last build's, shown in place of every page
	// The pages served lately, by path: a rebuild renders these alone (Hugo's
	// fast render mode), and the others, if they changed, when next asked for.
	visited *types.EvictingQueue[string]

	handler http.Handler
}

// NewDev loads the Hugo project at root for serving at addr (a listener's),
// with drafts and future-dated pages.
func NewDev(root string, addr net.Addr) (*Dev, error) {
	root, err := start(root)
	if err != nil {
		return nil, err
	}
	_, port, err := net.SplitHostPort(addr.String())
	if err != nil {
		return nil, err
	}
	livePort, err := strconv.Atoi(port)
	if err != nil {
		return nil, err
	}
	d := &Dev{root: root, log: &bytes.Buffer{}, out: afero.NewMemMapFs(), visited: types.NewEvictingQueue[string](visits)}
	flags := config.New()
	flags.Set("workingDir", root)
	flags.Set("baseURL", "http://"+addr.String()+"/")
	flags.Set("buildDrafts", true)
	flags.Set("buildFuture", true)
	flags.Set("liveReloadPort", livePort)
	flags.Set("internal", hmaps.Params{"running": true, "watch": true, "fastRenderMode": true})
	logger := loggers.New(loggers.Options{Level: logg.LevelWarn, StdOut: d.log, StdErr: d.log, DistinctLevel: logg.LevelWarn})
	conf, err := allconfig.LoadConfig(allconfig.ConfigSourceDescriptor{Flags: flags, Fs: hugofs.Os, Logger: logger, Environment: "development"})
	if err != nil {
		return nil, d.relative(err)
	}
	// Everything is published to the root of the in-memory file system.
	fsCfg := config.New()
	fsCfg.Set("workingDir", root)
	fsCfg.Set("publishDirDynamic", "/")
	changes := make(chan []identity.Identity, 16)
	go func() {
		for range changes { // Hugo reports what each rebuild touched; serving does not need it.
		}
	}()
	d.h, err = hugolib.NewHugoSites(deps.DepsCfg{
		Configs:          conf,
		Fs:               hugofs.NewFromSourceAndDestination(hugofs.Os, d.out, fsCfg),
		LogLevel:         logg.LevelWarn,
		StdOut:           d.log,
		StdErr:           d.log,
		ChangesFromBuild: changes,
	})
	if err != nil {
		return nil, d.relative(err)
	}
	livereload.Initialize()
	d.handler = d.newHandler()
	return d, nil
}

// Build renders the site: in full the first time, then again for the
// changed files (absolute paths). Its error, if any, is also what the
// server shows until a build succeeds. Each successful or failed rebuild
// reloads the connected browsers.
func (d *Dev) Build(changed ...string) error {
	err := d.render(changed)
	livereload.ForceRefresh()
	return err
}

// Open is Build for a page that a browser is about to load, at urlPath:
// it renders that page too, and reloads no browser (the page changes
// nothing any open page shows).
func (d *Dev) Open(urlPath string, changed ...string) error {
	d.mu.Lock()
	d.visited.Add(pagePath(urlPath))
	d.mu.Unlock()
	return d.render(changed)
}

func (d *Dev) render(changed []string) error {
	d.mu.Lock()
	defer d.mu.Unlock()
	events := make([]fsnotify.Event, len(changed))
	for i, name := range changed {
		events[i] = fsnotify.Event{Name: name, Op: fsnotify.Write}
		if _, err := hugofs.Os.Stat(name); err != nil {
			events[i].Op = fsnotify.Remove
		}
	}
	d.log.Reset()
	err := d.h.Build(hugolib.BuildCfg{RecentlyTouched: d.visited}, events...)
	err = d.fail(err)
	d.err = err
	return err
}

// visits is how many pages a rebuild renders at most besides those changed:
// the pages of an editor's open tabs, and a few more.
const visits = 20

// visit renders the page of urlPath, if it is one Hugo renders, when it
// has not been served lately: a rebuild left it as it was if it changed.
func (d *Dev) visit(urlPath string) {
	urlPath = pagePath(urlPath)
	if !strings.HasSuffix(urlPath, "/") && !strings.HasSuffix(urlPath, ".html") && !strings.HasSuffix(urlPath, ".xml") && !strings.HasSuffix(urlPath, "/oembed.json") {
		return
	}
	d.mu.Lock()
	defer d.mu.Unlock()
	if d.err != nil || d.visited.Contains(urlPath) {
		return
	}
	d.log.Reset()
	d.err = d.fail(d.h.Build(hugolib.BuildCfg{RecentlyTouched: types.NewEvictingQueue[string](1).Add(urlPath), PartialReRender: true}))
	d.visited.Add(urlPath)
}

// pagePath is the path Hugo knows the page at urlPath by.
func pagePath(urlPath string) string { return strings.TrimSuffix(urlPath, "index.html") }

// fail is the error a build returned, as the editor should read it.
func (d *Dev) fail(err error) error {
	if err != nil {
		if msgs := logged(d.log.String()); len(msgs) > 0 {
			err = errors.New(strings.Join(msgs, "\n"))
		}
		err = d.relative(err)
	}
	return err
}

func (d *Dev) relative(err error) error { return errors.New(relative(d.root, err.Error())) }

// Handler serves the rendered site, the live-reload script and socket, and
// the last build's error in place of any page while there is one.
func (d *Dev) Handler() http.Handler { return d.handler }

func (d *Dev) newHandler() http.Handler {
	mux := http.NewServeMux()
	mux.HandleFunc("/livereload.js", livereload.ServeJS)
	mux.HandleFunc("/livereload", livereload.Handler)
	// Hugo renders pages; its static files (the bundled widgets and
	// stylesheet, each explainer's terms.json and terms.csv) it leaves for
	// its build command to copy. They are served from their mounts as they
	// are on disk, under what the build rendered.
	site := d.out
	for _, src := range d.h.BaseFs.SourceFilesystems.Static {
		if src.PublishFolder == "" { // one per language only on a multihost site
			site = afero.NewCopyOnWriteFs(afero.NewReadOnlyFs(src.Fs), site)
		}
	}
	files := http.FileServer(afero.NewHttpFs(site))
	mux.Handle("/", http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		d.visit(r.URL.Path)
		d.mu.Lock()
		err := d.err
		d.mu.Unlock()
		w.Header().Set("Cache-Control", "no-store")
		if err != nil {
			ServeError(w, err)
			return
		}
		if _, statErr := site.Stat(r.URL.Path); statErr != nil && !strings.HasSuffix(r.URL.Path, "/") {
			d.notFound(w)
			return
		} else if statErr != nil {
			if _, err := site.Stat(r.URL.Path + "index.html"); err != nil {
				d.notFound(w)
				return
			}
		}
		files.ServeHTTP(w, r)
	}))
	return mux
}

func (d *Dev) notFound(w http.ResponseWriter) {
	b, err := afero.ReadFile(d.out, "/404.html")
	if err != nil {
		http.Error(w, "404 page not found", http.StatusNotFound)
		return
	}
	w.Header().Set("Content-Type", "text/html; charset=utf-8")
	w.WriteHeader(http.StatusNotFound)
	w.Write(b)
}

// ServeError answers with the error page, listing err's lines.
func ServeError(w http.ResponseWriter, err error) {
	w.Header().Set("Content-Type", "text/html; charset=utf-8")
	w.Header().Set("Cache-Control", "no-store")
	w.WriteHeader(http.StatusInternalServerError)
	errorPage.Execute(w, strings.Split(err.Error(), "\n"))
}

// errorPage shows build errors in the editor's browser, one per line, and
// reloads by itself once they are fixed. It carries no inline script or
// style, so the site's Content-Security-Policy has nothing to object to.
var errorPage = template.Must(template.New("error").Parse(`<!doctype html>
<html lang="en">
<head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
<title>Parley: build error</title>
<link rel="icon" href="data:,">
</head>
<body>
<main>
<h1>The site does not build</h1>
<p>Fix the file named below and save: this page reloads by itself.</p>
<pre id="parley-errors">{{ range . }}{{ . }}
{{ end }}</pre>
</main>
<script src="/livereload.js?mindelay=10&amp;v=2&amp;path=livereload" data-no-instant defer></script>
</body>
</html>
`))

// relative makes the absolute paths under root in a Hugo message relative
// to it, and names Parley's validated copy of content/ as content/.
func relative(root, msg string) string {
	gen := filepath.Join(root, ".parley", "content") + string(filepath.Separator)
	msg = strings.ReplaceAll(msg, gen, "content/")
	return strings.ReplaceAll(msg, root+string(filepath.Separator), "")
}
