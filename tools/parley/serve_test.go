package main

import (
	"bytes"
	"fmt"
	"net/http"
	"strconv"
	"sync"
	"syscall"
	"testing"
	"time"

	qt "github.com/frankban/quicktest"
)

// The preview an editor opens with `parley serve` is the page readers get:
// styled, its widgets upgraded, nothing refused by the Content-Security-
// Policy or the integrity checks, no console error. (Serving only what Hugo
// renders, it once left out the stylesheet and the widgets' script.)
func TestServeInBrowser(t *testing.T) {
	dir := t.TempDir()
	copyProject(t, dir)
	base, _ := startServe(t, dir)
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

// startServe runs `parley -s dir serve` (see parleyCommand) on a free port
// until the test ends, and returns its address once it serves pages, and
// what it has logged so far.
func startServe(t testing.TB, dir string) (string, func() string) {
	t.Helper()
	port, err := ephemeralPort()
	qt.Assert(t, err, qt.IsNil)
	cmd := parleyCommand(t, "-s", dir, "serve", "--port", strconv.Itoa(port))
	logs := &syncBuffer{}
	cmd.Stdout, cmd.Stderr = logs, logs
	qt.Assert(t, cmd.Start(), qt.IsNil)
	t.Cleanup(func() {
		cmd.Process.Signal(syscall.SIGINT)
		cmd.Wait()
	})
	url := fmt.Sprintf("http://127.0.0.1:%d/", port)
	for start := time.Now(); time.Since(start) < 30*time.Second; time.Sleep(20 * time.Millisecond) {
		if resp, err := http.Get(url); err == nil {
			resp.Body.Close()
			if resp.StatusCode == http.StatusOK {
				return url, logs.String
			}
		}
	}
	t.Fatalf("parley serve never served %s; its log:\n%s", url, logs.String())
	return "", nil
}

// syncBuffer is a bytes.Buffer that a process's output can be copied into
// while the test reads it.
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
