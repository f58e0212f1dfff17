package sitetest

import (
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
	"testing"

	qt "github.com/frankban/quicktest"
)

// axe-core is a dev-only npm package; .ci/run installs it with npm ci.
func axeSource(t testing.TB) string {
	t.Helper()
	b, err := os.ReadFile(filepath.Join("..", "..", "node_modules", "axe-core", "axe.min.js"))
	if err != nil {
		if os.Getenv("CI") == "true" {
			t.Fatalf("axe-core is required under CI (npm ci): %v", err)
		}
		t.Skipf("axe-core not installed: %v", err)
	}
	return string(b)
}

type axeViolation struct {
	ID     string `json:"id"`
	Impact string `json:"impact"`
	Help   string `json:"help"`
	Nodes  []struct {
		Target []any `json:"target"`
	} `json:"nodes"`
}

// Every page, light and dark, desktop and phone, with no serious or
// critical WCAG 2.2 AA violation. axe is evaluated through the DevTools
// protocol, which the pages' strict CSP does not block.
func TestAccessibility(t *testing.T) {
	s := builtSite(t)
	axe := axeSource(t)
	browser := newBrowser(t)
	for _, path := range []string{"/", "/" + flagship + "/", "/" + coalition + "/", "/" + flagship + "/embed/scoreboard/", "/404.html",
		"/uk/", "/uk/" + flagship + "/", "/uk/" + flagship + "/embed/matchup/"} {
		for _, o := range []struct {
			name string
			opts tabOptions
		}{
			{"desktop light", tabOptions{}},
			{"desktop dark", tabOptions{dark: true}},
			{"phone light", tabOptions{width: 390, height: 844, mobile: true}},
			{"phone dark", tabOptions{width: 390, height: 844, mobile: true, dark: true}},
		} {
			t.Run(strings.Trim(path, "/")+" "+o.name, func(t *testing.T) {
				tb := openTab(t, browser, s.url+path, o.opts)
				for _, v := range runAxe(t, tb, axe) {
					if v.Impact == "serious" || v.Impact == "critical" {
						t.Errorf("%s (%s): %s, at %v", v.ID, v.Impact, v.Help, v.Nodes[0].Target)
					} else {
						t.Logf("minor: %s (%s): %s", v.ID, v.Impact, v.Help)
					}
				}
				qt.Assert(t, tb.errors(), qt.HasLen, 0)
			})
		}
	}
	// The check itself can fail: an image without a text alternative is caught.
	tb := openTab(t, browser, s.url+"/404.html", tabOptions{})
	eval[any](t, tb, `document.querySelector("main").append(Object.assign(document.createElement("img"), {src: "data:,"}));0`)
	ids := []string{}
	for _, v := range runAxe(t, tb, axe) {
		ids = append(ids, v.ID+"/"+v.Impact)
	}
	qt.Assert(t, ids, qt.Contains, "image-alt/critical")
}

// runAxe checks the page with every part of it rendered: content skipped
// off screen (content-visibility: auto, which leaves it in the
// accessibility tree) has no boxes where axe looks for the colours behind
// text, so it would check those against whatever lies there instead. Drawn
// on screen, such content looks exactly as when it is rendered here.
func runAxe(t testing.TB, tb *tab, axe string) []axeViolation {
	t.Helper()
	eval[any](t, tb, `(() => {
		const all = new CSSStyleSheet();
		all.replaceSync("*, *::before, *::after { content-visibility: visible !important; }");
		document.adoptedStyleSheets = [...document.adoptedStyleSheets, all];
		return 0;
	})()`)
	eval[any](t, tb, axe+";0")
	raw := eval[string](t, tb, `axe.run(document, {
		runOnly: {type: "tag", values: ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa", "best-practice"]},
		resultTypes: ["violations"],
	}).then(r => JSON.stringify(r.violations))`)
	var vs []axeViolation
	qt.Assert(t, json.Unmarshal([]byte(raw), &vs), qt.IsNil)
	return vs
}
