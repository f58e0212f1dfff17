package project

import (
	"cmp"
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
	Title     string              `toml:"title"` // the site's name
	Languages map[string]Language `toml:"languages"`
	Params    struct {
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

// Language is a language of [languages] in hugo.toml: the site's own
// (content.SourceLang) and those its explainers have editions in.
type Language struct {
	Label     string `toml:"label"`  // its name in itself: "Українська"
	Locale    string `toml:"locale"` // e.g. "uk"
	Weight    int    `toml:"weight"`
	Direction string `toml:"direction"`
	Params    struct {
		Parley struct {
			// Its own html and page budgets, if any: a script may take
			// more bytes for the same text (Cyrillic two a letter).
			Budgets pageBudgets `toml:"budgets"`
		} `toml:"parley"`
	} `toml:"params"`
}

// Languages reads the languages of the project's hugo.toml.
func Languages(root string) (map[string]Language, error) {
	c, err := readConfig(root)
	if err != nil {
		return nil, err
	}
	return c.Languages, nil
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
	for code, l := range c.Languages {
		switch {
		case code != content.SourceLang && !content.ValidLang(code):
			return nil, fmt.Errorf("hugo.toml: [languages.%s]: not a language code (e.g. uk)", code)
		case l.Direction == "rtl":
			return nil, fmt.Errorf("hugo.toml: [languages.%s]: right-to-left editions are not supported yet", code)
		}
	}
	if len(c.Languages) > 0 {
		if _, ok := c.Languages[content.SourceLang]; !ok {
			return nil, fmt.Errorf("hugo.toml: [languages] lacks %q, the language explainers are written in", content.SourceLang)
		}
	}
	if c.Params.Parley.Security.CSP == "" {
		return nil, fmt.Errorf("hugo.toml: [params.parley.security] csp is missing: every page needs a Content-Security-Policy")
	}
	return &c, nil
}

// pageBudgets returns what publish.Finisher.Check enforces on the rendered
// site: the html and page budgets on each explainer's page, <slug>/index.html,
// and each of its editions', <lang>/<slug>/index.html, but those exempt.
func (c *config) pageBudgets(explainers map[string]*content.Explainer) publish.Budgets {
	b := publish.Budgets{HTML: c.pages.HTML, Page: c.pages.Page}
	for slug, x := range explainers {
		if !slices.ContainsFunc(c.pages.Exempt, func(p string) bool { ok, _ := path.Match(p, slug); return ok }) {
			b.Pages = append(b.Pages, slug+"/index.html")
			for _, ed := range x.Editions {
				l, ok := c.Languages[ed.Lang]
				if !ok {
					continue
				}
				page := ed.Lang + "/" + slug + "/index.html"
				b.Pages = append(b.Pages, page)
				if own := l.Params.Parley.Budgets; own.HTML > 0 || own.Page > 0 {
					if b.Caps == nil {
						b.Caps = map[string]publish.Cap{}
					}
					b.Caps[page] = publish.Cap{HTML: cmp.Or(own.HTML, b.HTML), Page: cmp.Or(own.Page, b.Page), Where: "[languages." + ed.Lang + ".params.parley.budgets]"}
				}
			}
		}
	}
	slices.Sort(b.Pages)
	return b
}
