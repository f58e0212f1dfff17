package sitetest

import (
	"bufio"
	"encoding/json"
	"fmt"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"
	"time"

	qt "github.com/frankban/quicktest"
)

// headerRule is one path rule of a _headers file.
type headerRule struct {
	pattern *regexp.Regexp
	headers [][2]string
}

// parseHeaders reads _headers as Netlify and Cloudflare Pages do: a path
// (with * matching anything) then indented "Name: value" lines.
func parseHeaders(t testing.TB, path string) []headerRule {
	t.Helper()
	f, err := os.Open(path)
	qt.Assert(t, err, qt.IsNil)
	defer f.Close()
	var rules []headerRule
	sc := bufio.NewScanner(f)
	for sc.Scan() {
		line := sc.Text()
		switch {
		case strings.TrimSpace(line) == "" || strings.HasPrefix(line, "#"):
		case line[0] != ' ':
			re := "^" + strings.ReplaceAll(regexp.QuoteMeta(line), `\*`, ".*") + "$"
			rules = append(rules, headerRule{pattern: regexp.MustCompile(re)})
		default:
			name, value, ok := strings.Cut(strings.TrimSpace(line), ": ")
			qt.Assert(t, ok && len(rules) > 0, qt.IsTrue, qt.Commentf("bad _headers line %q", line))
			rules[len(rules)-1].headers = append(rules[len(rules)-1].headers, [2]string{name, value})
		}
	}
	return rules
}

// headersServer serves dir applying its _headers like a CDN: every matching
// rule's headers, repeated headers sent as separate values.
func headersServer(t testing.TB, dir string) *httptest.Server {
	srv := httptest.NewServer(headersHandler(t, dir))
	t.Cleanup(srv.Close)
	return srv
}

func headersHandler(t testing.TB, dir string) http.Handler {
	rules := parseHeaders(t, filepath.Join(dir, "_headers"))
	files := http.FileServer(http.Dir(dir))
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		for _, rule := range rules {
			if rule.pattern.MatchString(r.URL.Path) {
				for _, h := range rule.headers {
					w.Header().Add(h[0], h[1])
				}
			}
		}
		files.ServeHTTP(w, r)
	})
}

func TestHeadersFile(t *testing.T) {
	s := builtSite(t)
	srv := headersServer(t, filepath.Join(s.root, "public"))
	for _, tc := range []struct {
		path    string
		framing bool
		cache   string
		csps    int
	}{
		{"/", false, "public, max-age=300, must-revalidate", 2},
		{"/ukraine-peace-talks/", false, "public, max-age=300, must-revalidate", 2},
		{"/ukraine-peace-talks/embed/compare/", true, "public, max-age=300, must-revalidate", 1},
		{"/ukraine-peace-talks/terms.csv", true, "public, max-age=300, must-revalidate", 1},
		{"/embed.js", true, "public, max-age=300, must-revalidate", 1},
	} {
		resp, err := http.Get(srv.URL + tc.path)
		qt.Assert(t, err, qt.IsNil)
		resp.Body.Close()
		qt.Check(t, resp.StatusCode, qt.Equals, 200, qt.Commentf(tc.path))
		qt.Check(t, resp.Header.Values("Content-Security-Policy"), qt.HasLen, tc.csps, qt.Commentf(tc.path))
		qt.Check(t, resp.Header.Get("X-Frame-Options") == "", qt.Equals, tc.framing, qt.Commentf(tc.path))
		qt.Check(t, resp.Header.Values("Cache-Control"), qt.DeepEquals, []string{tc.cache}, qt.Commentf(tc.path))
		qt.Check(t, resp.Header.Get("X-Content-Type-Options"), qt.Equals, "nosniff")
		qt.Check(t, resp.Header.Get("Referrer-Policy"), qt.Equals, "strict-origin-when-cross-origin")
		qt.Check(t, resp.Header.Get("Permissions-Policy"), qt.Contains, "camera=()")
		csp := strings.Join(resp.Header.Values("Content-Security-Policy"), ", ")
		qt.Check(t, csp, qt.Not(qt.Contains), "unsafe-inline")
		qt.Check(t, csp, qt.Not(qt.Contains), "unsafe-eval")
	}
	entries, err := os.ReadDir(filepath.Join(s.root, "public", "js"))
	qt.Assert(t, err, qt.IsNil)
	resp, err := http.Get(srv.URL + "/js/" + entries[0].Name())
	qt.Assert(t, err, qt.IsNil)
	resp.Body.Close()
	qt.Assert(t, resp.Header.Get("Cache-Control"), qt.Equals, "public, max-age=31536000, immutable")
}

// Every page loads without a CSP violation or console error under the
// _headers policy, and its scripts and styles carry integrity hashes.
func TestEveryPageUnderHeadersPolicy(t *testing.T) {
	s := builtSite(t)
	pub := filepath.Join(s.root, "public")
	srv := headersServer(t, pub)
	browser := newBrowser(t)
	var pages []string
	filepath.WalkDir(pub, func(path string, d os.DirEntry, err error) error {
		if err == nil && !d.IsDir() && strings.HasSuffix(path, ".html") {
			rel, _ := filepath.Rel(pub, path)
			pages = append(pages, "/"+filepath.ToSlash(rel))
		}
		return nil
	})
	qt.Assert(t, len(pages) >= 7, qt.IsTrue)
	for _, p := range pages {
		t.Run(strings.Trim(p, "/"), func(t *testing.T) {
			tb := openTab(t, browser, srv.URL+p, tabOptions{})
			waitFor(t, tb, `document.readyState === "complete"`)
			qt.Assert(t, eval[int](t, tb, `document.querySelectorAll("script[src]:not([integrity]), link[rel=stylesheet]:not([integrity])").length`), qt.Equals, 0)
			qt.Assert(t, tb.errors(), qt.HasLen, 0)
		})
	}
}

// The copy-paste snippet, on a page of another origin, shows the widget and
// sizes the iframe to its content; the loader ignores other origins.
func TestEmbedSnippetResizesIframe(t *testing.T) {
	dir := t.TempDir()
	copyProject(t, dir)
	// Build for the address the site is served at, so the snippet is absolute.
	siteSrv := httptest.NewUnstartedServer(nil)
	base := "http://" + siteSrv.Listener.Addr().String() + "/"
	_, err := buildAt(dir, filepath.Join(dir, "public"), base)
	qt.Assert(t, err, qt.IsNil)
	pub := filepath.Join(dir, "public")
	siteSrv.Config.Handler = headersHandler(t, pub)
	siteSrv.Start()
	defer siteSrv.Close()

	var oembed struct {
		HTML string `json:"html"`
		Type string `json:"type"`
	}
	b, err := os.ReadFile(filepath.Join(pub, "ukraine-peace-talks", "embed", "scoreboard", "oembed.json"))
	qt.Assert(t, err, qt.IsNil)
	qt.Assert(t, json.Unmarshal(b, &oembed), qt.IsNil)
	qt.Assert(t, oembed.Type, qt.Equals, "rich")
	qt.Assert(t, oembed.HTML, qt.Contains, base+"ukraine-peace-talks/embed/scoreboard/")

	// The embedding page: another origin (a second port), with a strict CSP of its own.
	host := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "text/html; charset=utf-8")
		fmt.Fprintf(w, `<!doctype html><html><head><title>A newsroom</title></head><body><h1>Our story</h1>%s<p id="after">After the embed.</p></body></html>`, oembed.HTML)
	}))
	defer host.Close()
	tb := openTab(t, newBrowser(t), host.URL, tabOptions{})
	waitFor(t, tb, `document.querySelector("iframe[data-parley-embed]").getAttribute("height") !== "640"`)
	h := eval[int](t, tb, `Number(document.querySelector("iframe[data-parley-embed]").getAttribute("height"))`)
	qt.Assert(t, h > 100 && h < 3000, qt.IsTrue, qt.Commentf("height %d", h))

	// A message from any other origin is ignored.
	eval[any](t, tb, `window.postMessage({parley: "resize", height: 77}, "*"); 0`)
	time.Sleep(100 * time.Millisecond)
	qt.Assert(t, eval[int](t, tb, `Number(document.querySelector("iframe[data-parley-embed]").getAttribute("height"))`), qt.Equals, h)
	qt.Assert(t, tb.errors(), qt.HasLen, 0)
}
