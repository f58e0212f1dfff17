package project

import (
	"fmt"
	"os"
	"path"
	"path/filepath"
	"slices"

	"github.com/parley-news/parley/tools/internal/bundle"
	"github.com/parley-news/parley/tools/internal/content"
	"github.com/parley-news/parley/tools/internal/publish"
	"github.com/pelletier/go-toml/v2"
)

// config is the part of hugo.toml that Parley itself reads.
type config struct {
	Title  string `toml:"title"` // the site's name
	Params struct {
		Parley struct {
			Budgets  bundle.Budget `toml:"budgets"`
			Security struct {
				CSP string `toml:"csp"`
			} `toml:"security"`
			History struct {
				Require bool `toml:"require"` // fail a build without the repository's full history
			} `toml:"history"`
		} `toml:"parley"`
	} `toml:"params"`
	pages pageBudgets // the rest of [params.parley.budgets]
}

// pageBudgets are the budgets of [params.parley.budgets] on rendered pages,
// in bytes gzipped; js and css, the bundle's, are in bundle.Budget.
type pageBudgets struct {
	HTML   int      `toml:"html"`   // an explainer's page, its HTML alone
	Page   int      `toml:"page"`   // the same page with everything it loads
	Exempt []string `toml:"exempt"` // slug patterns (path.Match) of explainers exempt from both
}

func readConfig(root string) (*config, error) {
	b, err := os.ReadFile(filepath.Join(root, "hugo.toml"))
	if err != nil {
		return nil, fmt.Errorf("reading the project's hugo.toml: %w (run parley in the project directory, or pass -s DIR)", err)
	}
	var c config
	if err := toml.Unmarshal(b, &c); err != nil {
		return nil, fmt.Errorf("hugo.toml: %w", err)
	}
	var pages struct {
		Params struct {
			Parley struct {
				Budgets pageBudgets `toml:"budgets"`
			} `toml:"parley"`
		} `toml:"params"`
	}
	if err := toml.Unmarshal(b, &pages); err != nil {
		return nil, fmt.Errorf("hugo.toml: %w", err)
	}
	c.pages = pages.Params.Parley.Budgets
	for _, p := range c.pages.Exempt {
		if _, err := path.Match(p, ""); err != nil {
			return nil, fmt.Errorf("hugo.toml: [params.parley.budgets] exempt: bad pattern %q", p)
		}
	}
	if c.Params.Parley.Security.CSP == "" {
		return nil, fmt.Errorf("hugo.toml: [params.parley.security] csp is missing: every page needs a Content-Security-Policy")
	}
	return &c, nil
}

// pageBudgets returns what publish.Finisher.Check enforces on the rendered
// site: the html and page budgets on each explainer's page, <slug>/index.html,
// but those exempt.
func (c *config) pageBudgets(explainers map[string]*content.Explainer) publish.Budgets {
	b := publish.Budgets{HTML: c.pages.HTML, Page: c.pages.Page}
	for slug := range explainers {
		if !slices.ContainsFunc(c.pages.Exempt, func(p string) bool { ok, _ := path.Match(p, slug); return ok }) {
			b.Pages = append(b.Pages, slug+"/index.html")
		}
	}
	slices.Sort(b.Pages)
	return b
}
