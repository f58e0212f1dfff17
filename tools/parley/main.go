package main

import (
	"errors"
	"fmt"
	"io"
	"os"

	"github.com/parley-news/parley/tools/internal/diag"
	"github.com/parley-news/parley/tools/internal/project"
	"github.com/parley-news/parley/tools/internal/publish"
	"github.com/spf13/cobra"
)

func main() { os.Exit(run(os.Args[1:], os.Stdout, os.Stderr)) }

// run executes the command line and returns the exit code: 0 on success, 1
// when the content or the build failed, 2 for a bad command line.
func run(args []string, stdout, stderr io.Writer) int {
	root := newRoot(stdout, stderr)
	root.SetArgs(args)
	err := root.Execute()
	switch {
	case err == nil:
		return 0
	case errors.As(err, new(usageError)):
		fmt.Fprintf(stderr, "parley: %v\nRun 'parley --help' for usage.\n", err)
		return 2
	}
	if f := (*project.Failed)(nil); errors.As(err, &f) {
		report(stderr, f.Warnings) // the content's, which a later stage's error does not void
		err = f.Err
	}
	var refused *publish.Refusal
	if errors.As(err, &refused) {
		fmt.Fprintf(stderr, "parley: %v\n", err)
		return 2
	}
	var l diag.List
	if errors.As(err, &l) {
		report(stderr, l)
		return 1
	}
	fmt.Fprintf(stderr, "parley: %v\n", err)
	return 1
}

type usageError struct{ error }

// report writes the errors and warnings of l, sorted, and the line that
// counts them.
func report(w io.Writer, l diag.List) {
	if len(l) == 0 {
		return
	}
	for _, e := range l.Sort() {
		fmt.Fprintln(w, e)
	}
	fmt.Fprintf(w, "parley: %s\n", l.Summary())
}

// options are the flags every command shares.
type options struct {
	source string
	ci     bool // CI=true: a build or check without the full git history fails
}

func newRoot(stdout, stderr io.Writer) *cobra.Command {
	opts := &options{ci: os.Getenv("CI") == "true"}
	root := &cobra.Command{
		Use:           "parley",
		Short:         "Compile negotiation explainers into a static site",
		Long:          "Parley compiles explainers (content/<slug>/index.md + terms.yaml) into a fast, accessible static site.\nSee 'go doc ./tools/parley' for the manual.",
		SilenceErrors: true,
		SilenceUsage:  true,
		Args:          noArgs,
		RunE:          func(cmd *cobra.Command, _ []string) error { return cmd.Help() },
	}
	root.SetOut(stdout)
	root.SetErr(stderr)
	root.SetFlagErrorFunc(func(_ *cobra.Command, err error) error { return usageError{err} })
	root.PersistentFlags().StringVarP(&opts.source, "source", "s", ".", "the project `dir`ectory (holding hugo.toml and content/)")
	root.AddCommand(buildCmd(opts), checkCmd(opts), newCmd(opts), serveCmd(opts), translateCmd(opts), deployCmd(opts))
	root.CompletionOptions.DisableDefaultCmd = true
	return root
}

// noArgs rejects stray arguments and unknown commands with a hint.
func noArgs(cmd *cobra.Command, args []string) error {
	if len(args) == 0 {
		return nil
	}
	if cmd.HasSubCommands() {
		var names []string
		for _, c := range cmd.Commands() {
			names = append(names, c.Name())
		}
		return usageError{fmt.Errorf("unknown command %q%s", args[0], diag.Suggest(args[0], names))}
	}
	return usageError{fmt.Errorf("%s takes no arguments, got %q", cmd.CommandPath(), args[0])}
}

func plural(n int) string {
	if n == 1 {
		return ""
	}
	return "s"
}
