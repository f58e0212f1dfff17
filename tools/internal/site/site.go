// Package site renders the site with Hugo, used as a library in process.
// It is the only package that imports Hugo: Hugo links into a large binary,
// and keeping it here keeps every other package's tests quick to build.
package site

import (
	"errors"
	"path/filepath"
	"strings"

	"github.com/gohugoio/hugo/commands"
)

// Render builds the Hugo project at root into dest. Paths under root in
// Hugo's errors are made relative to it, so editors see content/x/index.md.
func Render(root, dest string) error {
	root, err := filepath.Abs(root)
	if err != nil {
		return err
	}
	err = commands.Execute([]string{
		"build",
		"--source", root,
		"--destination", dest,
		"--environment", "production",
		"--quiet",
		"--noBuildLock",
	})
	if err != nil {
		return errors.New(strings.ReplaceAll(err.Error(), root+string(filepath.Separator), ""))
	}
	return nil
}
