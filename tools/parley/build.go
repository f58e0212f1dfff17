package main

import (
	"errors"
	"fmt"
	"net/url"
	"os"
	"path/filepath"
	"runtime/debug"
	"runtime/metrics"
	"strings"
	"sync"
	"time"

	"github.com/parley-news/parley/tools/internal/bundle"
	"github.com/parley-news/parley/tools/internal/content"
	"github.com/parley-news/parley/tools/internal/diag"
	"github.com/parley-news/parley/tools/internal/publish"
	"github.com/parley-news/parley/tools/internal/site"
	"github.com/spf13/afero"
	"github.com/spf13/cobra"
)

func buildCmd(opts *options) *cobra.Command {
	dest, baseURL := publish.DefaultDest, ""
	cmd := &cobra.Command{
		Use:   "build [-d DIR]",
		Short: "Build the site into DIR (default public/), replacing it only on success",
		Args:  noArgs,
		RunE: func(cmd *cobra.Command, _ []string) error {
			start := time.Now()
			given := dest
			if !filepath.IsAbs(dest) {
				dest = filepath.Join(opts.source, dest)
			}
			if baseURL != "" {
				if u, err := url.Parse(baseURL); err != nil || (u.Scheme != "https" && u.Scheme != "http") || u.Host == "" {
					return usageError{fmt.Errorf("--baseURL %q: want an absolute http(s) URL, e.g. https://example.org/talks/", baseURL)}
				}
			}
			res, err := runBuild(opts.source, buildOptions{dest: dest, baseURL: baseURL})
			if r := (*publish.Refusal)(nil); errors.As(err, &r) {
				r.Dest = given // as the editor wrote it
			}
			if err != nil {
				return err
			}
			report(cmd.ErrOrStderr(), res.warnings)
			fmt.Fprintf(cmd.OutOrStdout(), "parley: built %d explainer%s%s, %d pages, %d files, %s in %s → %s\n",
				res.explainers, plural(res.explainers), drafts(res.drafts, " left out"), res.stats.Pages, res.stats.Files,
				kilobytes(res.stats.Bytes), time.Since(start).Round(time.Millisecond), shown(opts.source, dest))
			return nil
		},
	}
	cmd.Flags().StringVarP(&dest, "destination", "d", dest, "write the site to `DIR` (public/, or a new directory outside the project)")
	cmd.Flags().StringVar(&baseURL, "baseURL", "", "the site's public `URL` (default: hugo.toml's baseURL)")
	return cmd
}

// shown is how the build's summary names the output directory dest: as a
// path within the project at source when it is one, or else in full.
func shown(source, dest string) string {
	abs, err1 := filepath.Abs(source)
	d, err2 := filepath.Abs(dest)
	if err1 != nil || err2 != nil {
		return filepath.ToSlash(dest) + "/"
	}
	if rel, err := filepath.Rel(abs, d); err == nil && filepath.IsLocal(rel) {
		return filepath.ToSlash(rel) + "/"
	}
	return filepath.ToSlash(d) + "/"
}

func checkCmd(opts *options) *cobra.Command {
	return &cobra.Command{
		Use:   "check",
		Short: "Find every mistake a build would, writing nothing",
		Args:  noArgs,
		RunE: func(cmd *cobra.Command, _ []string) error {
			res, err := runBuild(opts.source, buildOptions{})
			if err != nil {
				return err
			}
			report(cmd.ErrOrStderr(), res.warnings)
			n := res.explainers + res.drafts
			fmt.Fprintf(cmd.OutOrStdout(), "parley: %d explainer%s%s, %d terms: ok\n", n, plural(n), drafts(res.drafts, ""), res.terms)
			return nil
		},
	}
}

// buildOptions say what runBuild makes of a project.
type buildOptions struct {
	// dest is the directory to publish to (see publish.OpenDest); "" runs
	// every stage in memory and publishes nothing, as parley check does.
	dest    string
	baseURL string // the site's public address; hugo.toml's when empty
}

type buildResult struct {
	explainers int // published
	drafts     int // validated, but not published
	terms      int // in all of them
	stats      publish.Stats
	warnings   diag.List // what the editor should know; nothing failed
}

// hasContent checks that root is a project with a content/ directory, so
// that a mistyped -s fails instead of checking or building nothing.
func hasContent(root string) error {
	if fi, err := os.Stat(filepath.Join(root, "content")); err != nil || !fi.IsDir() {
		return fmt.Errorf("%s has no content/ directory: run parley in the project directory, or pass -s DIR (parley new SLUG starts an explainer)", root)
	}
	return nil
}

// runBuild runs the pipeline, content → compile → bundle → site → publish,
// on the project at root. A build (o.dest set) replaces o.dest only when
// every stage has succeeded; a check (o.dest "") runs the same stages, Hugo
// and the budgets included, in memory, so that it fails exactly when a
// build would, and writes nothing at all.
func runBuild(root string, o buildOptions) (*buildResult, error) {
	checking := o.dest == ""
	if err := hasContent(root); err != nil {
		return nil, err
	}
	var (
		out *publish.Dest
		err error
	)
	if !checking {
		// Hugo resolves a relative destination against the project, not
		// the working directory.
		if o.dest, err = filepath.Abs(o.dest); err != nil {
			return nil, err
		}
		// Refuse a directory that is not Parley's before writing anything...
		if _, err := publish.OpenDest(root, o.dest); err != nil {
			return nil, err
		}
		// One build or serve at a time in a project (they share .parley/).
		release, err := publish.LockProject(root, "build", os.Stderr)
		if err != nil {
			return nil, err
		}
		defer release()
		// ...and decide again holding the lock: another build may have published.
		if out, err = publish.OpenDest(root, o.dest); err != nil {
			return nil, err
		}
		if err := out.RemoveStale(); err != nil { // left by a killed build
			return nil, err
		}
	}
	defer gcForBuild()()
	// Validate everything before touching .parley/, so that a content error
	// reports all of its kind at once and changes nothing; then write what
	// was loaded, parsing nothing twice.
	xs, err := content.Load(root)
	if err != nil {
		return nil, withBundleErrors(root, err)
	}
	fsys := afero.NewOsFs()
	if checking {
		fsys = afero.NewMemMapFs()
	}
	g, err := newGenerator(root, fsys)
	if err != nil {
		return nil, err
	}
	g.noCards = checking
	res := &buildResult{}
	var published []*content.Explainer
	for _, x := range xs {
		res.warnings = append(res.warnings, x.Warnings...)
		res.terms += len(x.Terms)
		if x.Front.Draft {
			res.warnings = append(res.warnings, draftWarning(x, "left out of the build until draft: false"))
			res.drafts++
			continue
		}
		published = append(published, x)
	}
	res.explainers = len(published)
	g.keep()
	if err := g.acceptAll(published); err != nil {
		return nil, err
	}
	if err := g.rebundle(); err != nil {
		return nil, err
	}
	if err := g.errors().Err(); err != nil {
		return nil, err
	}
	if err := g.writeIndex(); err != nil {
		return nil, err
	}
	if err := g.sweep(); err != nil {
		return nil, err
	}
	// A build renders into the tree the last build replaced, if it left
	// one: most files are already as they should be, and neither creating
	// nor removing them is cheap. A check renders into memory.
	spare := g.dir("spare-site")
	staged, reused := g.dir("check-site"), false // never created
	if !checking {
		if staged, reused, err = out.Stage(spare); err != nil {
			return nil, err
		}
		defer out.Abandon(staged, spare) // gone already after a successful swap
	}
	// Each file is minified, written and measured as Hugo hands it over.
	fin := publish.NewFinisher(staged, map[string]bool{g.manifest.JS.Path: true, g.manifest.CSS.Path: true, g.manifest.Loader.Path: true}, g.cfg.pageBudgets(g.x))
	var generated afero.Fs
	switch {
	case checking:
		fin.InMemory()
		generated = fsys
	case reused:
		if err := fin.Reuse(); err != nil {
			return nil, err
		}
	}
	if err := site.Build(site.Options{Root: root, Dest: staged, BaseURL: o.baseURL, Write: fin.Write, Generated: generated}); err != nil {
		return nil, err
	}
	if res.stats, err = fin.Finish(); err != nil {
		return nil, err
	}
	if err := fin.Check(); err != nil {
		return nil, bySource(err, g.x)
	}
	if checking {
		return res, nil
	}
	if err := publish.Headers(staged, g.cfg.Params.Parley.Security.CSP); err != nil {
		return nil, err
	}
	if err := out.Publish(staged, spare); err != nil {
		return nil, err
	}
	return res, nil
}

// drafts says how many drafts there are, if any: " (2 drafts left out)".
func drafts(n int, what string) string {
	switch n {
	case 0:
		return ""
	case 1:
		return " (1 draft" + what + ")"
	}
	return fmt.Sprintf(" (%d drafts%s)", n, what)
}

// withBundleErrors adds to the content errors err the widgets' own, if
// any, so that a run reports every error it can find at once: the bundle
// does not depend on the content.
func withBundleErrors(root string, err error) error {
	var l diag.List
	if !errors.As(err, &l) {
		return err
	}
	cfg, cerr := readConfig(root)
	if _, serr := os.Stat(filepath.Join(root, filepath.FromSlash(bundle.ScriptEntry))); cerr != nil || serr != nil {
		return err // reported once the content is right
	}
	var bl diag.List
	if _, berr := bundle.Build(root, cfg.Params.Parley.Budgets); errors.As(berr, &bl) {
		return append(l, bl...)
	}
	return err
}

// draftWarning is the warning that x is a draft: what happens to it, at its
// draft: true.
func draftWarning(x *content.Explainer, what string) diag.Error {
	return diag.Error{File: x.Dir + "/index.md", Line: x.Front.DraftAt[0], Col: x.Front.DraftAt[1], Msg: "draft: " + what, Warning: true}
}

// bySource names, in the budget errors of a rendered site, the explainer's
// index.md in place of the page that belongs to it (<slug>/...): the file
// the editor can change.
func bySource(err error, explainers map[string]*content.Explainer) error {
	var l diag.List
	if !errors.As(err, &l) {
		return err
	}
	out := make(diag.List, len(l))
	for i, e := range l {
		slug, _, _ := strings.Cut(e.File, "/")
		if x, ok := explainers[slug]; ok {
			e.Msg = e.File + ": " + e.Msg
			e.File, e.Line, e.Col = x.Dir+"/index.md", 0, 0
		}
		out[i] = e
	}
	return out
}

func kilobytes(n int64) string { return fmt.Sprintf("%.1f KB", float64(n)/1024) }

// The garbage collector during a build. A build of 1000 explainers
// allocates about 5 GB while its live heap grows to some 400 MB; with the
// default GOGC=100 it collected some 75 times, about a tenth of its CPU
// time. During a build the heap may instead grow to heapFloor, or to twice
// the live heap when that is more: never more collections than GOGC=100,
// and no bigger a heap than GOGC=100 once the live heap passes half of
// heapFloor. A 1000-explainer build collects some 25 times, and its peak
// RSS stays around 800 MiB. GOGC or GOMEMLIMIT in the environment take
// precedence.
const heapFloor = 800 << 20

// gcBuilds counts the builds running in the process (tests run several):
// the first sets the collector, the last restores it.
var gcBuilds struct {
	sync.Mutex
	n       int
	restore func()
}

// gcForBuild sets the collector for a build and returns what restores it.
func gcForBuild() (restore func()) {
	if os.Getenv("GOGC") != "" || os.Getenv("GOMEMLIMIT") != "" {
		return func() {}
	}
	gcBuilds.Lock()
	defer gcBuilds.Unlock()
	if gcBuilds.n++; gcBuilds.n == 1 {
		gcBuilds.restore = tuneGC()
	}
	return func() {
		gcBuilds.Lock()
		defer gcBuilds.Unlock()
		if gcBuilds.n--; gcBuilds.n == 0 {
			gcBuilds.restore()
		}
	}
}

// tuneGC sets the collector as heapFloor says and returns what restores it.
func tuneGC() (restore func()) {
	percent := debug.SetGCPercent(400)
	limit := debug.SetMemoryLimit(heapFloor)
	done, stopped := make(chan struct{}), make(chan struct{})
	go func() { // the limit follows the live heap: at least twice it
		defer close(stopped)
		sample := []metrics.Sample{{Name: "/gc/heap/live:bytes"}}
		tick := time.NewTicker(20 * time.Millisecond)
		defer tick.Stop()
		for {
			select {
			case <-done:
				return
			case <-tick.C:
			}
			metrics.Read(sample)
			if sample[0].Value.Kind() == metrics.KindUint64 {
				debug.SetMemoryLimit(max(heapFloor, 2*int64(sample[0].Value.Uint64())))
			}
		}
	}()
	return func() {
		close(done)
		<-stopped
		debug.SetMemoryLimit(limit)
		debug.SetGCPercent(percent)
	}
}
