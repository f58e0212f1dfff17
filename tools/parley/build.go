package main

import (
	"errors"
	"fmt"
	"net/url"
	"path/filepath"
	"time"

	"github.com/parley-news/parley/tools/internal/project"
	"github.com/parley-news/parley/tools/internal/publish"
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
			res, err := runBuild(opts.source, project.Options{Mode: project.Build, Dest: dest, BaseURL: baseURL, Log: cmd.ErrOrStderr()})
			if r := (*publish.Refusal)(nil); errors.As(err, &r) {
				r.Dest = given // as the editor wrote it
			}
			if err != nil {
				return err
			}
			report(cmd.ErrOrStderr(), res.Warnings)
			fmt.Fprintf(cmd.OutOrStdout(), "parley: built %d explainer%s%s, %d pages, %d files, %s in %s → %s\n",
				res.Explainers, plural(res.Explainers), drafts(res.Drafts, " left out"), res.Stats.Pages, res.Stats.Files,
				kilobytes(res.Stats.Bytes), time.Since(start).Round(time.Millisecond), shown(opts.source, dest))
			return nil
		},
	}
	cmd.Flags().StringVarP(&dest, "destination", "d", dest, "write the site to `DIR` (public/, or a new directory outside the project)")
	cmd.Flags().StringVar(&baseURL, "baseURL", "", "the site's public `URL` (default: hugo.toml's baseURL)")
	return cmd
}

func checkCmd(opts *options) *cobra.Command {
	return &cobra.Command{
		Use:   "check",
		Short: "Find every mistake a build would, writing nothing",
		Args:  noArgs,
		RunE: func(cmd *cobra.Command, _ []string) error {
			res, err := runBuild(opts.source, project.Options{Mode: project.Check, Log: cmd.ErrOrStderr()})
			if err != nil {
				return err
			}
			report(cmd.ErrOrStderr(), res.Warnings)
			n := res.Explainers + res.Drafts
			fmt.Fprintf(cmd.OutOrStdout(), "parley: %d explainer%s%s, %d terms: ok\n", n, plural(n), drafts(res.Drafts, ""), res.Terms)
			return nil
		},
	}
}

// runBuild opens the project at root and builds (or checks) it.
func runBuild(root string, o project.Options) (*project.Result, error) {
	p, err := project.Open(root, o)
	if err != nil {
		return nil, err
	}
	defer p.Close()
	return p.Build()
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

func kilobytes(n int64) string { return fmt.Sprintf("%.1f KB", float64(n)/1024) }
