package sitetest

import (
	"bytes"
	"context"
	"fmt"
	"io"
	"net"
	"net/http"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"sync"
	"testing"
	"time"

	qt "github.com/frankban/quicktest"
	"github.com/parley-news/parley/tools/internal/project"
	"github.com/parley-news/parley/tools/internal/synth"
)

// The preview an editor opens with `parley serve` is the page readers get:
// styled, its widgets upgraded, nothing refused by the Content-Security-
// Policy or the integrity checks, no console error. (Serving only what Hugo
// renders, it once left out the stylesheet and the widgets' script.)
func TestServeInBrowser(t *testing.T) {
	dir := t.TempDir()
	copyProject(t, dir)
	base, _ := serveInProcess(t, dir)
	url := base + "ukraine-peace-talks/"
	browser := newBrowser(t)
	tb := openTab(t, browser, url, tabOptions{})
	waitFor(t, tb, `document.readyState === "complete" && !!customElements.get("parley-compare")`)
	// The stylesheet applies: a stance's symbol and word are coloured, and the
	// comparison's filter bar, shown once the widget is defined, takes space.
	qt.Assert(t, eval[int](t, tb, `document.styleSheets[0].cssRules.length`) > 50, qt.IsTrue)
	qt.Assert(t, eval[string](t, tb, `getComputedStyle(document.querySelector(".stance-opposes")).color`), qt.Not(qt.Equals), eval[string](t, tb, `getComputedStyle(document.body).color`))
	qt.Assert(t, eval[bool](t, tb, `document.querySelector("parley-compare .compare-bar").getBoundingClientRect().height > 0`), qt.IsTrue)
	// The widgets work: a group filter hides the other groups' rows.
	group := eval[string](t, tb, `document.querySelector("parley-compare tbody[data-group]").dataset.group`)
	eval[any](t, tb, fmt.Sprintf(`document.querySelector("parley-compare").setView({group: %q})`, group))
	waitFor(t, tb, `[...document.querySelectorAll("parley-compare tbody[data-group]")].every(b => b.hidden === (b.dataset.group !== `+strconv.Quote(group)+`))`)
	qt.Assert(t, tb.errors(), qt.HasLen, 0)
}

// serveInProcess serves the project at root, as parley serve does, until
// the test ends, and returns its address and what it has logged so far. A
// test that fails logs what serve saw and did (its Debug log).
func serveInProcess(t testing.TB, root string) (string, func() string) {
	t.Helper()
	p, err := project.Open(root, project.Options{Mode: project.Serve, Log: io.Discard})
	qt.Assert(t, err, qt.IsNil)
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	qt.Assert(t, err, qt.IsNil)
	ctx, cancel := context.WithCancel(context.Background())
	log, debug := &syncBuffer{}, &syncBuffer{}
	done := make(chan error, 1)
	go func() { done <- p.Serve(ctx, project.ServeOptions{Listener: ln, Out: log, Err: log, Debug: debug}) }()
	t.Cleanup(func() {
		cancel()
		if err := <-done; err != nil {
			t.Errorf("serve: %v; its log:\n%s", err, log.String())
		}
		if t.Failed() {
			t.Logf("serve's log:\n%s\nits events and rebuilds:\n%s", log.String(), debug.String())
		}
		p.Close()
	})
	url := "http://" + ln.Addr().String() + "/"
	for start := time.Now(); time.Since(start) < 60*time.Second; time.Sleep(20 * time.Millisecond) {
		if resp, err := http.Get(url); err == nil {
			resp.Body.Close()
			if resp.StatusCode == http.StatusOK {
				return url, log.String
			}
		}
	}
	t.Fatalf("serve never served %s; its log:\n%s", url, log.String())
	return "", nil
}

// get fetches url, and returns its status and body.
func get(t testing.TB, url string) (int, string) {
	t.Helper()
	resp, err := http.Get(url)
	qt.Assert(t, err, qt.IsNil)
	defer resp.Body.Close()
	b, err := io.ReadAll(resp.Body)
	qt.Assert(t, err, qt.IsNil)
	return resp.StatusCode, string(b)
}

// Serve renders a page when it is first asked for, whichever it is (an
// explainer, an embed, its oEmbed, its downloads), and then keeps it up to
// date; and what serve leaves in .parley/ changes nothing a build publishes.
func TestServeRendersWhatIsOpened(t *testing.T) {
	root := synthProject(t, 4, synth.Shape{Terms: 4, Sides: 3})
	clean := t.TempDir()
	qt.Assert(t, os.CopyFS(clean, os.DirFS(root)), qt.IsNil)

	t.Run("serve", func(t *testing.T) { serveOpens(t, root) }) // serve stops as it ends
	_, err := build(root, filepath.Join(root, "public"))
	qt.Assert(t, err, qt.IsNil)
	_, err = build(clean, filepath.Join(clean, "public"))
	qt.Assert(t, err, qt.IsNil)
	qt.Assert(t, treeHash(t, filepath.Join(root, "public")), qt.DeepEquals, treeHash(t, filepath.Join(clean, "public")))
}

func serveOpens(t *testing.T, root string) {
	base, log := serveInProcess(t, root)
	_, home := get(t, base)
	for _, slug := range []string{"synth-0001", "synth-0002", "synth-0003"} {
		qt.Check(t, home, qt.Contains, `href="/`+slug+`/"`)
	}
	for _, c := range []struct{ path, want string }{
		{"synth-0001/terms.csv", "term_id,"},
		{"synth-0002/", "<parley-compare"},
		{"synth-0003/embed/compare/", "<parley-compare"},
		{"synth-0003/embed/compare/oembed.json", `"type":"rich"`},
		{"synth-0001/embed/timeline/", "<parley-timeline"},
	} {
		path, want := c.path, c.want
		code, body := get(t, base+path)
		qt.Check(t, code, qt.Equals, http.StatusOK, qt.Commentf("%s", path))
		qt.Check(t, body, qt.Contains, want, qt.Commentf("%s", path))
	}
	// An edit shows on the page in view, and on a page opened after it.
	terms := filepath.Join(root, "content", "synth-0002", "terms.yaml")
	b, err := os.ReadFile(terms)
	qt.Assert(t, err, qt.IsNil)
	qt.Assert(t, os.WriteFile(terms, bytes.Replace(b, []byte(`text: "`), []byte(`text: "Edited `), 1), 0o644), qt.IsNil)
	pageShows(t, base+"synth-0002/", "Edited ")
	_, body := get(t, base+"synth-0002/embed/compare/")
	qt.Check(t, body, qt.Contains, "Edited ")
	qt.Assert(t, os.WriteFile(terms, b, 0o644), qt.IsNil)
	pageShows(t, base+"synth-0002/embed/compare/", "<parley-compare")

	// An error in an explainer no one has opened shows on the page in view.
	other := filepath.Join(root, "content", "synth-0004", "terms.yaml")
	b, err = os.ReadFile(other)
	qt.Assert(t, err, qt.IsNil)
	qt.Assert(t, os.WriteFile(other, []byte("terms: {}\n"), 0o644), qt.IsNil)
	pageShows(t, base+"synth-0002/", "content/synth-0004/terms.yaml")
	qt.Assert(t, os.WriteFile(other, b, 0o644), qt.IsNil)
	pageShows(t, base+"synth-0002/", "<parley-compare")
	// It said so, and nothing else went wrong.
	for _, line := range strings.Split(strings.TrimSpace(log()), "\n") {
		qt.Check(t, line, qt.Matches, `parley: warning: no git history .*|parley: serving .*|content/synth-0004/terms.yaml:.*|parley: 2 errors .*|parley: fixed: no errors`)
	}
}

// syncBuffer is a bytes.Buffer that serve can log into while the test
// reads it.
type syncBuffer struct {
	mu  sync.Mutex
	buf bytes.Buffer
}

func (b *syncBuffer) Write(p []byte) (int, error) {
	b.mu.Lock()
	defer b.mu.Unlock()
	return b.buf.Write(p)
}

func (b *syncBuffer) String() string {
	b.mu.Lock()
	defer b.mu.Unlock()
	return b.buf.String()
}
