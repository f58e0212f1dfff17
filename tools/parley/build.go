package main

import (
	"errors"
	"fmt"
	"net/url"
	"os"
	"path/filepath"
	"runtime/debug"
	"runtime/metrics"
	"sync"
	"time"

	"github.com/parley-news/parley/tools/internal/compile"
	"github.com/parley-news/parley/tools/internal/content"
	"github.com/parley-news/parley/tools/internal/publish"
	"github.com/parley-news/parley/tools/internal/site"
	"github.com/spf13/cobra"
)

func buildCmd(opts *options) *cobra.Command {
	dest, baseURL := "public", ""
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
			res, err := buildAt(opts.source, dest, baseURL)
			if r := (*publish.Refusal)(nil); errors.As(err, &r) {
				r.Dest = given // as the editor wrote it
			}
			if err != nil {
				return err
			}
			fmt.Fprintf(cmd.OutOrStdout(), "parley: built %d explainer%s, %d pages, %d files, %s in %s → %s\n",
				res.explainers, plural(res.explainers), res.stats.Pages, res.stats.Files,
				kilobytes(res.stats.Bytes), time.Since(start).Round(time.Millisecond), shown(opts.source, dest))
			return nil
		},
	}
	cmd.Flags().StringVarP(&dest, "destination", "d", dest, "write the site to `DIR`")
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
		Short: "Load, validate and compile the content; write nothing",
		Args:  noArgs,
		RunE: func(cmd *cobra.Command, _ []string) error {
			models, err := load(opts.source)
			if err != nil {
				return err
			}
			terms := 0
			for _, m := range models {
				terms += len(m.Terms)
			}
			fmt.Fprintf(cmd.OutOrStdout(), "parley: %d explainer%s, %d terms: ok\n", len(models), plural(len(models)), terms)
			return nil
		},
	}
}

type buildResult struct {
	explainers int
	stats      publish.Stats
}

// load reads, validates and compiles every explainer under root.
func load(root string) ([]*compile.Model, error) {
	if err := hasContent(root); err != nil {
		return nil, err
	}
	xs, err := content.Load(root)
	if err != nil {
		return nil, err
	}
	models := make([]*compile.Model, len(xs))
	for i, x := range xs {
		models[i] = compile.Compile(x)
	}
	return models, nil
}

// hasContent checks that root is a project with a content/ directory, so
// that a mistyped -s fails instead of checking or building nothing.
func hasContent(root string) error {
	if fi, err := os.Stat(filepath.Join(root, "content")); err != nil || !fi.IsDir() {
		return fmt.Errorf("%s has no content/ directory: run parley in the project directory, or pass -s DIR (parley new SLUG starts an explainer)", root)
	}
	return nil
}

// build runs the whole pipeline: content → compile → bundle → site →
// publish. dest is replaced only when every stage has succeeded.
func build(root, dest string) (*buildResult, error) { return buildAt(root, dest, "") }

// buildAt is build for the site's public address baseURL (hugo.toml's when empty).
func buildAt(root, dest, baseURL string) (*buildResult, error) {
	// Hugo resolves a relative destination against the project, not the
	// working directory.
	dest, err := filepath.Abs(dest)
	if err != nil {
		return nil, err
	}
	g, err := newGenerator(root)
	if err != nil {
		return nil, err
	}
	// Refuse a directory that is not Parley's before writing anything...
	if _, err := publish.OpenDest(root, dest); err != nil {
		return nil, err
	}
	// One build or serve at a time in a project (they share .parley/).
	release, err := publish.LockProject(root, "build", os.Stderr)
	if err != nil {
		return nil, err
	}
	defer release()
	defer gcForBuild()()
	// ...and decide again holding the lock: another build may have published.
	out, err := publish.OpenDest(root, dest)
	if err != nil {
		return nil, err
	}
	if err := out.RemoveStale(); err != nil { // left by a killed build
		return nil, err
	}
	// Validate everything before touching .parley/, so that a content error
	// reports all of its kind at once and changes nothing; then write what
	// was loaded, parsing nothing twice.
	xs, err := content.Load(root)
	if err != nil {
		return nil, err
	}
	g.keep()
	if err := g.acceptAll(xs); err != nil {
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
	// The site is built into the tree the last build replaced, if it left
	// one: most files are already as they should be, and neither creating
	// nor removing them is cheap.
	spare := g.dir("spare-site")
	staged, reused, err := out.Stage(spare)
	if err != nil {
		return nil, err
	}
	defer out.Abandon(staged, spare) // gone already after a successful swap
	// Each file is minified, written and measured as Hugo hands it over.
	fin := publish.NewFinisher(staged, map[string]bool{g.manifest.JS.Path: true, g.manifest.CSS.Path: true, g.manifest.Loader.Path: true}, g.cfg.pageBudgets(g.x))
	if reused {
		if err := fin.Reuse(); err != nil {
			return nil, err
		}
	}
	if err := site.Build(root, staged, baseURL, fin.Write); err != nil {
		return nil, err
	}
	stats, err := fin.Finish()
	if err != nil {
		return nil, err
	}
	if err := fin.Check(); err != nil {
		return nil, err
	}
	if err := publish.Headers(staged, g.cfg.Params.Parley.Security.CSP); err != nil {
		return nil, err
	}
	if err := out.Publish(staged, spare); err != nil {
		return nil, err
	}
	return &buildResult{explainers: len(g.x), stats: stats}, nil
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
