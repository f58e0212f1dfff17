package main

import (
	"errors"
	"fmt"
	"io"
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
			res, err := runBuild(opts.source, project.Options{Mode: project.Build, Dest: dest, BaseURL: baseURL, Log: cmd.ErrOrStderr(), RequireHistory: opts.ci})
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
	since := ""
	cmd := &cobra.Command{
		Use:   "check [--since REV]",
		Short: "Find every mistake a build would, writing nothing; say what changed since the site was published",
		Args:  noArgs,
		RunE: func(cmd *cobra.Command, _ []string) error {
			res, err := runBuild(opts.source, project.Options{Mode: project.Check, Log: cmd.ErrOrStderr(), RequireHistory: opts.ci, Since: since})
			if err != nil {
				return err
			}
			report(cmd.ErrOrStderr(), res.Warnings)
			if c := res.Changes; c != nil {
				printChanges(cmd.OutOrStdout(), c)
			}
			n := res.Explainers + res.Drafts
			fmt.Fprintf(cmd.OutOrStdout(), "parley: %d explainer%s%s, %d terms: ok\n", n, plural(n), drafts(res.Drafts, ""), res.Terms)
			return nil
		},
	}
	cmd.Flags().StringVar(&since, "since", "", "say what changed since `REV` (a commit, tag or branch; default: the commit public/build.json records)")
	return cmd
}

// printChanges says what readers will see changed since c's revision,
// explainer by explainer, a line each.
func printChanges(w io.Writer, c *project.Changes) {
	if len(c.Explainers) == 0 && len(c.Removed) == 0 {
		fmt.Fprintf(w, "parley: nothing readers see has changed since %.7s (%s, %s)\n", c.Commit, c.From, c.Date)
		return
	}
	fmt.Fprintf(w, "parley: changes since %.7s (%s, %s), as readers will see them:\n", c.Commit, c.From, c.Date)
	for _, x := range c.Explainers {
		if x.New {
			fmt.Fprintf(w, "  %s: a new explainer\n", x.Dir)
		}
		for _, l := range x.Lines {
			fmt.Fprintf(w, "  %s: %s\n", x.Dir, l.Sentence())
		}
		for _, n := range x.Notes {
			fmt.Fprintf(w, "  %s: update: %s\n", x.Dir, n)
		}
		for _, k := range x.Corrections {
			fmt.Fprintf(w, "  %s: correction %d (%s): %s\n", x.Dir, k.N, k.Date, k.Text)
		}
	}
	for _, slug := range c.Removed {
		fmt.Fprintf(w, "  content/%s: removed\n", slug)
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
