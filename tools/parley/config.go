package main

import (
	"fmt"
	"os"
	"path/filepath"

	"github.com/parley-news/parley/tools/internal/bundle"
	"github.com/pelletier/go-toml/v2"
)

// config is the part of hugo.toml that Parley itself reads.
type config struct {
	Params struct {
		Parley struct {
			Budgets  bundle.Budget `toml:"budgets"`
			Security struct {
				CSP string `toml:"csp"`
			} `toml:"security"`
		} `toml:"parley"`
	} `toml:"params"`
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
	if c.Params.Parley.Security.CSP == "" {
		return nil, fmt.Errorf("hugo.toml: [params.parley.security] csp is missing: every page needs a Content-Security-Policy")
	}
	return &c, nil
}
