package main

import (
	"fmt"
	"html"
	"io"
	"net"
	"net/http"
	"net/url"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/parley-news/parley/tools/internal/bundle"
	"github.com/rogpeppe/go-internal/testscript"
)

func TestMain(m *testing.M) {
	testscript.Main(m, map[string]func(){
		"parley": func() { os.Exit(run(os.Args[1:], os.Stdout, os.Stderr)) },
	})
}

// TestScripts runs the end-to-end tests in testdata/script: each txtar holds
// content files, parley commands and assertions on their output. The real
// hugo.toml, layouts/ and assets/ are copied into every script's work
// directory first, so the scripts exercise what we ship.
func TestScripts(t *testing.T) {
	testscript.Run(t, testscript.Params{
		Dir:                 "testdata/script",
		RequireExplicitExec: true,
		UpdateScripts:       os.Getenv("UPDATE_SCRIPTS") == "1",
		Cmds:                map[string]func(ts *testscript.TestScript, neg bool, args []string){"httpwait": httpwait, "httpassets": httpassets, "edit": edit},
		Setup: func(env *testscript.Env) error {
			port, err := ephemeralPort()
			if err != nil {
				return err
			}
			env.Setenv("PORT", strconv.Itoa(port))
			for _, dir := range []string{"layouts", "assets", "i18n"} {
				if err := os.CopyFS(filepath.Join(env.WorkDir, dir), os.DirFS(filepath.Join("..", "..", dir))); err != nil {
					return err
				}
			}
			// A repository without commits: each explainer's history starts
			// with it as it is, and builds say nothing of missing history.
			if out, err := exec.Command("git", "init", "--quiet", env.WorkDir).CombinedOutput(); err != nil {
				return fmt.Errorf("git init: %v: %s", err, out)
			}
			b, err := os.ReadFile(filepath.Join("..", "..", "hugo.toml"))
			if err != nil {
				return err
			}
			return os.WriteFile(filepath.Join(env.WorkDir, "hugo.toml"), b, 0o644)
		},
	})
}

// httpwait URL REGEXP polls URL until its text matches REGEXP, for at most
// 30 seconds: the way a person watches a page a server rebuilds. The text is
// the body with tags removed and entities decoded (Hugo's error page
// highlights messages token by token); "<" in REGEXP matches the raw HTML.
func httpwait(ts *testscript.TestScript, neg bool, args []string) {
	if neg || len(args) != 2 {
		ts.Fatalf("usage: httpwait URL REGEXP")
	}
	re := regexp.MustCompile(args[1])
	deadline := time.Now().Add(30 * time.Second)
	var last string
	for time.Now().Before(deadline) {
		resp, err := http.Get(args[0])
		if err == nil {
			b, _ := io.ReadAll(resp.Body)
			resp.Body.Close()
			last = fmt.Sprintf("%s\n%s", resp.Status, b)
			text := html.UnescapeString(tags.ReplaceAllString(string(b), ""))
			if re.Match(b) || re.MatchString(text) {
				return
			}
		} else {
			last = err.Error()
		}
		time.Sleep(20 * time.Millisecond)
	}
	ts.Fatalf("%s never matched %q; last response:\n%.3000s", args[0], args[1], last)
}

var tags = regexp.MustCompile(`<[^>]*>`)

// edit FILE REGEXP REPLACEMENT replaces every match of REGEXP in FILE, which
// must have one: an editor's change to a file the script did not write
// (hugo.toml, copied in from the project).
func edit(ts *testscript.TestScript, neg bool, args []string) {
	if neg || len(args) != 3 {
		ts.Fatalf("usage: edit FILE REGEXP REPLACEMENT")
	}
	re := regexp.MustCompile(args[1])
	b := []byte(ts.ReadFile(args[0]))
	if !re.Match(b) {
		ts.Fatalf("%s has no match for %q", args[0], args[1])
	}
	ts.Check(os.WriteFile(ts.MkAbs(args[0]), re.ReplaceAll(b, []byte(args[2])), 0o644))
}

// ephemeralPort returns a port of 127.0.0.1 that the kernel has just given
// out and taken back, for a child process to listen on.
func ephemeralPort() (int, error) {
	l, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		return 0, err
	}
	defer l.Close()
	return l.Addr().(*net.TCPAddr).Port, nil
}

// httpassets URL fetches the page at URL and checks that each stylesheet
// and script it loads from its own site (a <link> or <script> whose href or
// src is a path) is served, with the bytes its integrity attribute names:
// a browser would apply nothing else.
func httpassets(ts *testscript.TestScript, neg bool, args []string) {
	if neg || len(args) != 1 {
		ts.Fatalf("usage: httpassets URL")
	}
	get := func(url string) (int, []byte) {
		resp, err := http.Get(url)
		ts.Check(err)
		defer resp.Body.Close()
		b, err := io.ReadAll(resp.Body)
		ts.Check(err)
		return resp.StatusCode, b
	}
	status, page := get(args[0])
	if status != http.StatusOK {
		ts.Fatalf("%s: %d", args[0], status)
	}
	base, err := url.Parse(args[0])
	ts.Check(err)
	n := 0
	for _, m := range assetTag.FindAllStringSubmatch(string(page), -1) {
		tag, path := m[0], html.UnescapeString(m[1])
		if strings.HasPrefix(path, "/livereload") {
			continue
		}
		ref, err := base.Parse(path)
		ts.Check(err)
		status, b := get(ref.String())
		if status != http.StatusOK {
			ts.Fatalf("%s loads %s: %d", args[0], path, status)
		}
		if im := integrityAttr.FindStringSubmatch(tag); im != nil {
			if got := bundle.Integrity(b); got != html.UnescapeString(im[1]) {
				ts.Fatalf("%s loads %s: integrity %s, but its bytes are %s", args[0], path, im[1], got)
			}
		}
		n++
	}
	if n == 0 {
		ts.Fatalf("%s loads no stylesheet or script from its own site", args[0])
	}
}

var (
	assetTag      = regexp.MustCompile(`<(?:link|script)\b[^>]*?\b(?:href|src)="(/[^"]*)"[^>]*>`)
	integrityAttr = regexp.MustCompile(`\bintegrity="([^"]*)"`)
)
