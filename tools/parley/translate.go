package main

import (
	"errors"
	"fmt"
	"strings"

	"github.com/parley-news/parley/tools/internal/content"
	"github.com/parley-news/parley/tools/internal/diag"
	"github.com/parley-news/parley/tools/internal/project"
	"github.com/parley-news/parley/tools/internal/translate"
	"github.com/spf13/cobra"
)

func translateCmd(opts *options) *cobra.Command {
	confirm := false
	cmd := &cobra.Command{
		Use:   "translate SLUG LANG [--confirm [KEY...]]",
		Short: "Start an edition of an explainer in another language, add what it lacks, or confirm a translation after a change",
		Args: func(cmd *cobra.Command, args []string) error {
			if len(args) < 2 || (!confirm && len(args) > 2) {
				return usageError{errors.New("translate takes an explainer's slug and a language (e.g. parley translate trade-talks uk); with --confirm, optionally the keys to confirm")}
			}
			return nil
		},
		RunE: func(cmd *cobra.Command, args []string) error {
			slug, lang := args[0], args[1]
			if !content.ValidSlug(slug) {
				return usageError{fmt.Errorf("invalid slug %q", slug)}
			}
			langs, err := project.Languages(opts.source)
			if err != nil {
				return err
			}
			if _, ok := langs[lang]; !ok || lang == content.SourceLang {
				return usageError{fmt.Errorf("hugo.toml has no language %q for editions: add [languages.%s] (see docs/editions.md)%s", lang, lang, diag.Suggest(lang, keys(langs)))}
			}
			x, err := content.LoadDir(opts.source, "content/"+slug)
			if err != nil {
				return err
			}
			out := cmd.OutOrStdout()
			if confirm {
				r, err := translate.Confirm(opts.source, x, lang, args[2:])
				if err != nil {
					return err
				}
				if len(r.Confirmed) == 0 {
					fmt.Fprintf(out, "parley: nothing to confirm: the %s edition of %s is current\n", lang, slug)
					return nil
				}
				fmt.Fprintf(out, "parley: confirmed %d translation%s of %s as current: %s\n", len(r.Confirmed), plural(len(r.Confirmed)), slug, strings.Join(r.Confirmed, ", "))
				return nil
			}
			r, err := translate.Scaffold(opts.source, x, lang)
			if err != nil {
				return err
			}
			for _, f := range r.Created {
				fmt.Fprintf(out, "parley: created %s\n", f)
			}
			for _, f := range r.Appended {
				fmt.Fprintf(out, "parley: added %d string%s to translate at the end of %s\n", r.Added, plural(r.Added), f)
			}
			if len(r.Created)+len(r.Appended) == 0 {
				fmt.Fprintf(out, "parley: the %s edition of %s has every string; parley check lists those to translate again\n", lang, slug)
				return nil
			}
			fmt.Fprintf(out, "parley: translate them, then run parley translate --confirm %s %s; until then readers see the English, marked as awaiting translation\n", slug, lang)
			return nil
		},
	}
	cmd.Flags().BoolVar(&confirm, "confirm", false, "record that the translations of the `KEY`s (all stale ones when none; \"prose\" for index.LANG.md) hold for the source as it is now")
	return cmd
}

func keys[V any](m map[string]V) []string {
	var out []string
	for k := range m {
		out = append(out, k)
	}
	return out
}
