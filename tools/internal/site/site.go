// Package site renders the site with Hugo, used as a library in process.
// It is the only package that imports Hugo: Hugo links into a large binary,
// and keeping it here keeps every other package's tests quick to build.
package site

import (
	"bufio"
	"bytes"
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"strings"
	"sync"

	"github.com/gohugoio/hugo/commands"
)

// Hugo writes its log to the process's standard streams, read when a
// command starts; Render redirects them for the length of a build, so builds
// in one process take turns.
var mu sync.Mutex

// Render builds the Hugo project at root into dest, at baseURL (the
// project's own when empty), through Hugo's own build command. Errors that
// templates raise with errorf (e.g. a shortcode's bad parameter) come back
// as the editor's message, with paths relative to root. parley build uses
// Build; Render is plain Hugo, the baseline that BenchmarkBuild compares
// Parley with.
func Render(root, dest, baseURL string) error {
	root, err := start(root)
	if err != nil {
		return err
	}
	mu.Lock()
	defer mu.Unlock()
	r, w, err := os.Pipe()
	if err != nil {
		return err
	}
	var log bytes.Buffer
	copied := make(chan struct{})
	go func() { io.Copy(&log, r); close(copied) }()
	stdout, stderr := os.Stdout, os.Stderr
	os.Stdout, os.Stderr = w, w
	args := []string{
		"build",
		"--source", root,
		"--destination", dest,
		"--environment", "production",
		"--logLevel", "warn",
		"--noBuildLock",
	}
	if baseURL != "" {
		args = append(args, "--baseURL", baseURL)
	}
	err = commands.Execute(args)
	os.Stdout, os.Stderr = stdout, stderr
	w.Close()
	<-copied
	r.Close()
	if err == nil {
		return nil
	}
	rel := func(s string) string { return relative(root, s) }
	if msgs := logged(log.String()); len(msgs) > 0 {
		return errors.New(rel(strings.Join(msgs, "\n")))
	}
	return errors.New(rel(err.Error()))
}

// logged returns the ERROR lines of Hugo's log, without the prefix.
func logged(log string) []string {
	var msgs []string
	sc := bufio.NewScanner(strings.NewReader(log))
	sc.Buffer(nil, 1<<20)
	for sc.Scan() {
		if m, ok := strings.CutPrefix(sc.Text(), "ERROR "); ok {
			msgs = append(msgs, m)
		}
	}
	return msgs
}

func relativeErr(root string, err error) error { return errors.New(relative(root, err.Error())) }

// start is what every in-process Hugo run does first: it returns root made
// absolute, once checkEnv has found no HUGO_* variable.
func start(root string) (string, error) {
	if err := checkEnv(os.Environ()); err != nil {
		return "", err
	}
	return filepath.Abs(root)
}

// checkEnv refuses HUGO_* environment variables: Hugo reads them as
// configuration, and they would override the locked-down hugo.toml (re-enable
// exec, remote fetches or raw HTML, or change the CSP). The site is built
// from the project's files alone.
func checkEnv(environ []string) error {
	var bad []string
	for _, kv := range environ {
		if name, _, _ := strings.Cut(kv, "="); strings.HasPrefix(strings.ToUpper(name), "HUGO_") {
			bad = append(bad, name)
		}
	}
	if len(bad) > 0 {
		return fmt.Errorf("refusing to build with %s set: Hugo would read it as configuration over hugo.toml; unset it", strings.Join(bad, ", "))
	}
	return nil
}
