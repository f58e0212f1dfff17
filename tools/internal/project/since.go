package project

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"slices"
	"strings"

	"github.com/parley-news/parley/tools/internal/compile"
	"github.com/parley-news/parley/tools/internal/content"
	"github.com/parley-news/parley/tools/internal/generate"
	"github.com/parley-news/parley/tools/internal/history"
	"github.com/parley-news/parley/tools/internal/publish"
)

// Changes is what a check found changed since a revision: what readers
// will see once the site is built again.
type Changes struct {
	Commit string // the revision's commit
	From   string // how it was named: the revision as given, or the published site's record
	Date   string // its commit's day
	// Explainers lists, by slug, those changed (new ones included);
	// Removed, those gone.
	Explainers []ExplainerChanges
	Removed    []string
}

// ExplainerChanges is one explainer's changes since the revision.
type ExplainerChanges struct {
	Slug, Dir string
	compile.Since
}

// changesSince compares the published explainers with the revision
// Options.Since names, or else the commit the site in public/ was built
// from (generate.BuildRecord); nil when there is neither.
func (p *Project) changesSince(ctx context.Context, published map[string]*content.Explainer) (*Changes, error) {
	rev, from := p.o.Since, p.o.Since
	if rev == "" {
		record := filepath.Join(p.root, publish.DefaultDest, generate.BuildRecord)
		b, err := os.ReadFile(record)
		if errors.Is(err, os.ErrNotExist) {
			return nil, nil
		}
		var r struct{ Commit string }
		if err != nil || json.Unmarshal(b, &r) != nil || r.Commit == "" || p.history == nil {
			return nil, nil // nothing to compare with
		}
		rev, from = r.Commit, filepath.ToSlash(filepath.Join(publish.DefaultDest, generate.BuildRecord))
	}
	if p.history == nil {
		return nil, fmt.Errorf("--since %s: no git history to compare with", rev)
	}
	files, at, err := history.At(ctx, filepath.Join(p.root, "content"), rev, "*/terms.yaml")
	if err != nil {
		return nil, fmt.Errorf("--since %s: %w", rev, err)
	}
	c := &Changes{Commit: at.Commit, From: from, Date: at.Time.Format("2006-01-02")}
	for slug, x := range published {
		if s := compile.SinceVersion(x, files[slug+"/terms.yaml"]); s.Changed() {
			c.Explainers = append(c.Explainers, ExplainerChanges{Slug: slug, Dir: x.Dir, Since: s})
		}
	}
	slices.SortFunc(c.Explainers, func(a, b ExplainerChanges) int { return strings.Compare(a.Slug, b.Slug) })
	for path := range files {
		if slug := strings.TrimSuffix(path, "/terms.yaml"); published[slug] == nil {
			c.Removed = append(c.Removed, slug)
		}
	}
	slices.Sort(c.Removed)
	return c, nil
}
