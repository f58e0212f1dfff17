package sitetest

// Real-browser tests: the built site in headless Chromium (Debian's
// package), driven by chromedp. Without Chromium they skip locally and fail
// under CI=true: .ci/run installs it.

import (
	"context"
	"errors"
	"fmt"
	"net/http"
	"net/http/httptest"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/chromedp/cdproto/cdp"
	"github.com/chromedp/cdproto/emulation"
	cdplog "github.com/chromedp/cdproto/log"
	"github.com/chromedp/cdproto/runtime"
	"github.com/chromedp/chromedp"
	qt "github.com/frankban/quicktest"
	"github.com/parley-news/parley/tools/internal/compile"
	"github.com/parley-news/parley/tools/internal/content"
	"github.com/parley-news/parley/tools/internal/synth"
)

// testSite is the shipped project plus a 60 × 10 synthetic explainer, built
// once per test binary and served over HTTP.
type testSite struct {
	url    string
	root   string
	models map[string]*compile.Model
}

var (
	siteOnce sync.Once
	siteVal  *testSite
	siteErr  error
	siteRoot string // removed once the tests have run (TestMain)
)

// coalition is the test fixture in testdata/coalition: five parties, a
// side two of them hold jointly, a party that does not count, a superseded
// side, long German names and a term no side addresses.
const coalition = "coalition"

func builtSite(t testing.TB) *testSite {
	t.Helper()
	siteOnce.Do(func() {
		root, err := os.MkdirTemp("", "parley-browser-")
		if err != nil {
			siteErr = err
			return
		}
		siteRoot = root
		copyProject(t, root)
		if siteErr = synth.Write(root, 1, synth.Shape{Terms: 60, Sides: 10}); siteErr != nil {
			return
		}
		if siteErr = os.CopyFS(filepath.Join(root, "content", coalition), os.DirFS(filepath.Join("testdata", coalition))); siteErr != nil {
			return
		}
		// The 60 × 10 stress explainer is over the page budgets by design.
		cfg := filepath.Join(root, "hugo.toml")
		b, err := os.ReadFile(cfg)
		if err != nil {
			siteErr = err
			return
		}
		if siteErr = os.WriteFile(cfg, []byte(strings.Replace(string(b), "exempt = []", `exempt = ["synth-*"]`, 1)), 0o644); siteErr != nil {
			return
		}
		if _, siteErr = build(root, filepath.Join(root, "public")); siteErr != nil {
			return
		}
		xs, err := content.Load(root)
		if err != nil {
			siteErr = err
			return
		}
		s := &testSite{root: root, models: map[string]*compile.Model{}}
		for _, x := range xs {
			s.models[x.Slug] = compile.Compile(x)
		}
		s.url = httptest.NewServer(http.FileServer(http.Dir(filepath.Join(root, "public")))).URL
		siteVal = s
	})
	qt.Assert(t, siteErr, qt.IsNil)
	return siteVal
}

// chromium finds the browser the tests drive: $CHROME_PATH when set, else
// Debian's Chromium (/usr/bin/chromium, as on our machines), else Google
// Chrome on $PATH (as GitHub's Ubuntu runners have it; their
// chromium-browser is a snap stub that runs nothing, so it is not used).
func chromium() (string, error) {
	if p := os.Getenv("CHROME_PATH"); p != "" {
		if _, err := os.Stat(p); err != nil {
			return "", fmt.Errorf("CHROME_PATH: %w", err)
		}
		return p, nil
	}
	if _, err := os.Stat("/usr/bin/chromium"); err == nil {
		return "/usr/bin/chromium", nil
	}
	for _, name := range []string{"google-chrome-stable", "google-chrome", "chromium"} {
		if p, err := exec.LookPath(name); err == nil {
			return p, nil
		}
	}
	return "", errors.New("no Chromium or Chrome: apt-get install chromium, or set CHROME_PATH")
}

// newBrowser starts headless Chromium for one test and closes it after;
// extra options go after the defaults (and so override them).
func newBrowser(t testing.TB, extra ...chromedp.ExecAllocatorOption) context.Context {
	t.Helper()
	path, err := chromium()
	if err != nil {
		if os.Getenv("CI") == "true" {
			t.Fatalf("a browser is required under CI: %v", err)
		}
		t.Skip(err)
	}
	opts := append(chromedp.DefaultExecAllocatorOptions[:],
		chromedp.ExecPath(path),
		chromedp.NoSandbox,
		chromedp.Flag("disable-gpu", true),
		chromedp.Flag("disable-quic", true),
		chromedp.Flag("disable-component-update", true),
		chromedp.Flag("disable-sync", true),
		chromedp.UserDataDir(t.TempDir()),
	)
	opts = append(opts, extra...)
	actx, cancelAlloc := chromedp.NewExecAllocator(context.Background(), opts...)
	ctx, cancel := chromedp.NewContext(actx)
	qt.Assert(t, chromedp.Do(ctx), qt.IsNil) // start the browser now
	t.Cleanup(func() { cancel(); cancelAlloc() })
	return ctx
}

// tab is one page in the browser, with the console errors, uncaught
// exceptions and browser log errors (CSP violations among them) it produced.
type tab struct {
	ctx   context.Context
	close context.CancelFunc // closes the tab now rather than at the test's end
	mu    sync.Mutex
	errs  []string
}

func (tb *tab) errors() []string {
	tb.mu.Lock()
	defer tb.mu.Unlock()
	return append([]string(nil), tb.errs...)
}

type tabOptions struct {
	width, height int64
	mobile        bool
	noScript      bool
	dark          bool
}

func openTab(t testing.TB, browser context.Context, url string, o tabOptions) *tab {
	t.Helper()
	ctx, cancel := chromedp.NewContext(browser)
	t.Cleanup(cancel)
	ctx, cancelTimeout := context.WithTimeout(ctx, 60*time.Second)
	t.Cleanup(cancelTimeout)
	tb := &tab{ctx: ctx, close: cancel}
	qt.Assert(t, chromedp.Listen(ctx, func(ev any) {
		tb.mu.Lock()
		defer tb.mu.Unlock()
		switch ev := ev.(type) {
		case *runtime.EventConsoleAPICalled:
			if ev.Type == runtime.ConsoleAPICalledTypeError || ev.Type == runtime.ConsoleAPICalledTypeWarning {
				var parts []string
				for _, a := range ev.Args {
					parts = append(parts, string(a.Value)+a.Description)
				}
				tb.errs = append(tb.errs, "console: "+strings.Join(parts, " "))
			}
		case *runtime.EventExceptionThrown:
			d := ev.ExceptionDetails
			msg := d.Text
			if d.Exception != nil {
				msg += " " + d.Exception.Description
			}
			tb.errs = append(tb.errs, fmt.Sprintf("exception at %s:%d: %s", d.URL, d.LineNumber, msg))
		case *cdplog.EventEntryAdded:
			if ev.Entry.Level == cdplog.EntryLevelError || ev.Entry.Level == cdplog.EntryLevelWarning {
				tb.errs = append(tb.errs, fmt.Sprintf("log %s: %s (%s)", ev.Entry.Source, ev.Entry.Text, ev.Entry.URL))
			}
		}
	}), qt.IsNil)
	_, err := chromedp.Call(ctx, cdplog.Enable, cdp.Empty{})
	qt.Assert(t, err, qt.IsNil)
	if o.width == 0 {
		o.width, o.height = 1280, 800
	}
	vp := []chromedp.EmulateViewportOption{}
	if o.mobile {
		vp = append(vp, chromedp.EmulateMobile, chromedp.EmulateTouch, chromedp.EmulateScale(3))
	}
	qt.Assert(t, chromedp.Do(ctx, chromedp.EmulateViewport(o.width, o.height, vp...)), qt.IsNil)
	if o.noScript {
		_, err := chromedp.Call(ctx, emulation.SetScriptExecutionDisabled, emulation.SetScriptExecutionDisabledParams{Value: true})
		qt.Assert(t, err, qt.IsNil)
	}
	if o.dark {
		_, err := chromedp.Call(ctx, emulation.SetEmulatedMedia, emulation.SetEmulatedMediaParams{
			Features: []*emulation.MediaFeature{{Name: "prefers-color-scheme", Value: "dark"}},
		})
		qt.Assert(t, err, qt.IsNil)
	}
	qt.Assert(t, chromedp.Do(ctx, chromedp.Navigate(url)), qt.IsNil)
	return tb
}

// eval runs a JavaScript expression in the tab and returns its value.
func eval[T any](t testing.TB, tb *tab, js string) T {
	t.Helper()
	v, err := chromedp.Run(tb.ctx, chromedp.Evaluate[T](js, func(p *runtime.EvaluateParams) { p.AwaitPromise = ptr(true) }))
	qt.Assert(t, err, qt.IsNil, qt.Commentf("evaluating %s", js))
	return v
}

func do(t testing.TB, tb *tab, actions ...chromedp.Action[chromedp.Void]) {
	t.Helper()
	qt.Assert(t, chromedp.Do(tb.ctx, actions...), qt.IsNil)
}

func ptr[T any](v T) *T { return &v }

// waitFor polls a JavaScript condition until it holds, for effects that
// browsers deliver asynchronously (toggle events, history navigation), for
// up to ten seconds. A condition that a navigation interrupts (the page it
// ran in is gone) is asked again of the next page.
func waitFor(t testing.TB, tb *tab, cond string) {
	t.Helper()
	js := `new Promise(resolve => {
		const start = performance.now();
		const poll = () => (` + cond + `) ? resolve(true) : performance.now() - start > 10000 ? resolve(false) : setTimeout(poll, 10);
		poll();
	})`
	for start := time.Now(); ; time.Sleep(20 * time.Millisecond) {
		ok, err := chromedp.Run(tb.ctx, chromedp.Evaluate[bool](js, func(p *runtime.EvaluateParams) { p.AwaitPromise = ptr(true) }))
		if err != nil && navigated(err) && time.Since(start) < 10*time.Second {
			continue
		}
		qt.Assert(t, err, qt.IsNil, qt.Commentf("waiting for %s", cond))
		qt.Assert(t, ok, qt.IsTrue, qt.Commentf("waiting for %s", cond))
		return
	}
}

// navigated reports whether err is an evaluation's that a navigation cut
// short: its page, or its page's JavaScript context, gone.
func navigated(err error) bool {
	msg := err.Error()
	return strings.Contains(msg, "Inspected target navigated or closed") || strings.Contains(msg, "Execution context was destroyed") || strings.Contains(msg, "Cannot find context with specified id")
}
