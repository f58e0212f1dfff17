package main

import (
	"bytes"
	"embed"
	"encoding/json"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"strings"
	"text/template"
	"time"

	"github.com/parley-news/parley/tools/internal/content"
	"github.com/spf13/cobra"
)

//go:embed scaffold
var scaffold embed.FS

func newCmd(opts *options) *cobra.Command {
	var title string
	cmd := &cobra.Command{
		Use:   "new SLUG [--title T]",
		Short: "Start an explainer in content/SLUG/ that builds at once",
		Args: func(cmd *cobra.Command, args []string) error {
			if len(args) != 1 {
				return usageError{fmt.Errorf("new takes one argument, the explainer's slug (e.g. parley new trade-talks), got %d", len(args))}
			}
			return nil
		},
		RunE: func(cmd *cobra.Command, args []string) error {
			dir, err := scaffoldExplainer(opts.source, args[0], title, time.Now())
			if err != nil {
				return err
			}
			fmt.Fprintf(cmd.OutOrStdout(), "parley: created %s/index.md and %s/terms.yaml, a draft: parley serve shows it, and parley build publishes it once index.md says draft: false\n", dir, dir)
			return nil
		},
	}
	cmd.Flags().StringVar(&title, "title", "", "the explainer's `title` (default: from the slug)")
	return cmd
}

// scaffoldExplainer writes content/SLUG/ from the embedded scaffold. It
// refuses an invalid slug and never overwrites an existing directory.
func scaffoldExplainer(root, slug, title string, now time.Time) (string, error) {
	if !content.ValidSlug(slug) {
		return "", usageError{fmt.Errorf("invalid slug %q: use lower-case letters, digits and single hyphens, e.g. trade-talks", slug)}
	}
	rel := "content/" + slug
	dir := filepath.Join(root, rel)
	if _, err := os.Stat(dir); err == nil {
		return "", fmt.Errorf("%s already exists: pick another slug or edit it", rel)
	} else if !errors.Is(err, fs.ErrNotExist) {
		return "", err
	}
	if strings.TrimSpace(title) == "" {
		title = strings.ToUpper(slug[:1]) + strings.ReplaceAll(slug[1:], "-", " ")
	}
	quoted, _ := json.Marshal(strings.TrimSpace(title)) // a JSON string is a valid YAML scalar
	data := map[string]string{"Title": string(quoted), "Date": now.UTC().Format("2006-01-02")}
	if err := os.MkdirAll(dir, 0o755); err != nil {
		return "", err
	}
	for _, name := range []string{"index.md", "terms.yaml"} {
		src, err := scaffold.ReadFile("scaffold/" + name)
		if err != nil {
			return "", err
		}
		var buf bytes.Buffer
		if err := template.Must(template.New(name).Parse(string(src))).Execute(&buf, data); err != nil {
			return "", err
		}
		if err := os.WriteFile(filepath.Join(dir, name), buf.Bytes(), 0o644); err != nil {
			return "", err
		}
	}
	return rel, nil
}
