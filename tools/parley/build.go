package main

import (
	"cmp"
	"encoding/json"
	"fmt"
	"os"
	"path/filepath"
	"slices"
	"time"

	"github.com/parley-news/parley/tools/internal/bundle"
	"github.com/parley-news/parley/tools/internal/compile"
	"github.com/parley-news/parley/tools/internal/content"
	"github.com/parley-news/parley/tools/internal/publish"
	"github.com/parley-news/parley/tools/internal/site"
	"github.com/spf13/cobra"
)

func buildCmd(opts *options) *cobra.Command {
	dest := "public"
	cmd := &cobra.Command{
		Use:   "build [-d DIR]",
		Short: "Build the site into DIR (default public/), replacing it only on success",
		Args:  noArgs,
		RunE: func(cmd *cobra.Command, _ []string) error {
			start := time.Now()
			if !filepath.IsAbs(dest) {
				dest = filepath.Join(opts.source, dest)
			}
			res, err := build(opts.source, dest)
			if err != nil {
				return err
			}
			rel, _ := filepath.Rel(opts.source, dest)
			fmt.Fprintf(cmd.OutOrStdout(), "parley: built %d explainer%s, %d pages, %d files, %s in %s → %s\n",
				res.explainers, plural(res.explainers), res.stats.Pages, res.stats.Files,
				kilobytes(res.stats.Bytes), time.Since(start).Round(time.Millisecond), filepath.ToSlash(rel)+"/")
			return nil
		},
	}
	cmd.Flags().StringVarP(&dest, "destination", "d", dest, "write the site to `DIR`")
	return cmd
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

// build runs the whole pipeline: content → compile → bundle → site →
// publish. dest is replaced only when every stage has succeeded.
func build(root, dest string) (*buildResult, error) {
	cfg, err := readConfig(root)
	if err != nil {
		return nil, err
	}
	xs, err := content.Load(root)
	if err != nil {
		return nil, err
	}
	gen := filepath.Join(root, ".parley")
	if err := os.RemoveAll(gen); err != nil {
		return nil, err
	}
	data := filepath.Join(gen, "data", "parley")
	for _, x := range xs {
		if err := writeJSON(filepath.Join(data, "explainers", x.Slug+".json"), compile.Compile(x)); err != nil {
			return nil, err
		}
	}
	if err := writeJSON(filepath.Join(data, "home.json"), homeIndex(xs)); err != nil {
		return nil, err
	}
	static := filepath.Join(gen, "static")
	manifest, err := bundle.Build(root, static, cfg.Params.Parley.Budgets)
	if err != nil {
		return nil, err
	}
	if err := writeJSON(filepath.Join(data, "assets.json"), manifest); err != nil {
		return nil, err
	}
	staged, err := publish.Staging(dest)
	if err != nil {
		return nil, err
	}
	defer os.RemoveAll(staged) // gone already after a successful swap
	if err := site.Render(root, staged); err != nil {
		return nil, err
	}
	stats, err := publish.Minify(staged, map[string]bool{manifest.JS.Path: true, manifest.CSS.Path: true})
	if err != nil {
		return nil, err
	}
	if err := publish.Swap(staged, dest); err != nil {
		return nil, err
	}
	return &buildResult{explainers: len(xs), stats: stats}, nil
}

// homeEntry is one explainer on the home page, which lists them by
// importance, then by last update, newest first.
type homeEntry struct {
	Slug       string       `json:"slug"`
	Importance int          `json:"importance"`
	Updated    content.Date `json:"updated"`
}

func homeIndex(xs []*content.Explainer) []homeEntry {
	out := make([]homeEntry, 0, len(xs))
	for _, x := range xs {
		out = append(out, homeEntry{x.Slug, x.Front.Importance, cmp.Or(x.Front.Lastmod, x.Front.Date)})
	}
	slices.SortFunc(out, func(a, b homeEntry) int {
		return cmp.Or(cmp.Compare(b.Importance, a.Importance), cmp.Compare(b.Updated, a.Updated), cmp.Compare(a.Slug, b.Slug))
	})
	return out
}

func writeJSON(path string, v any) error {
	b, err := json.Marshal(v)
	if err != nil {
		return err
	}
	if err := os.MkdirAll(filepath.Dir(path), 0o755); err != nil {
		return err
	}
	return os.WriteFile(path, b, 0o644)
}

func kilobytes(n int64) string { return fmt.Sprintf("%.1f KB", float64(n)/1024) }
