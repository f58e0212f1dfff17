package sitetest

import (
	"fmt"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"strings"
	"testing"

	qt "github.com/frankban/quicktest"
)

// longWords writes the explainer "long" into the project at root: a
// 10,000-character word in every field an editor writes (prose, term text
// and explanation, side and actor names, notes, sources, events), and
// side names made of 60-character words.
func longWords(t testing.TB, root string) {
	t.Helper()
	word := strings.Repeat("Sondierungspapier", 589)[:10000]
	name := func(c string) string { return strings.Repeat(c, 60) } // one 60-character word
	terms := fmt.Sprintf(`actors:
  a: {name: %[1]s, short: %[1]s, members: [%[1]s]}
  b: {name: %[2]s, short: %[2]s}
  c: {name: Gamma}
sides:
  a-offer: {actor: a, name: %[1]s, date: 2025-03, summary: %[1]s, sources: [s]}
  b-reply: {actor: b, name: "%[2]s %[3]s", date: 2025-04-01}
  c-view: {actor: [c, a], name: %[3]s, date: 2025-04-02, claim: reported}
terms:
  t1:
    group: %[1]s
    text: %[1]s
    explain: %[1]s
    positions:
      a-offer: {stance: supports, note: %[1]s, sources: [s]}
      b-reply: {stance: opposes, note: "%[2]s", sources: s}
      c-view: {stance: conditional, sources: s}
  t2:
    group: Short
    text: "%[2]s"
    positions:
      a-offer: silent
      b-reply: {stance: unclear, sources: s}
      c-view: silent
sources:
  s: {publisher: %[1]s, title: %[1]s, date: 2025-04-01, url: "https://example.org/%[1]s"}
events:
  - {date: 2025-03-10, title: %[1]s, text: %[1]s, sources: [s]}
`, word, name("B"), name("C"))
	index := "---\ntitle: " + word + "\nsummary: " + word + "\ndate: 2025-04-01\nauthors: [" + word + "]\n---\n## " + word + "\n\n" + word + " and `" + word + "`\n\n" +
		"```\n" + word + "\n```\n\n| A | B |\n|---|---|\n| " + word + " | x |\n\n{{< matchup a=\"a-offer\" b=\"b-reply\" >}}\n\n{{< scoreboard >}}\n\n{{< timeline >}}\n"
	dir := filepath.Join(root, "content", "long")
	qt.Assert(t, os.MkdirAll(dir, 0o755), qt.IsNil)
	qt.Assert(t, os.WriteFile(filepath.Join(dir, "terms.yaml"), []byte(terms), 0o644), qt.IsNil)
	qt.Assert(t, os.WriteFile(filepath.Join(dir, "index.md"), []byte(index), 0o644), qt.IsNil)
}

// overflowJS finds what sticks out past the right edge of a viewport w
// wide: elements drawn past it, unless inside an element that scrolls or
// clips (a code block scrolls within itself; the page does not move).
const overflowJS = `(w => {
	const clipped = e => {
		for (let p = e.parentElement; p; p = p.parentElement) {
			if (/(auto|scroll|hidden|clip)/.test(getComputedStyle(p).overflowX)) return true;
		}
		return false;
	};
	const out = Array.from(document.querySelectorAll("body *")).filter(e => {
		const r = e.getBoundingClientRect();
		return r.width > 0 && r.right > w + 1 && !clipped(e);
	}).map(e => e.tagName.toLowerCase() + (e.className ? "." + String(e.className).replace(/ /g, ".") : "") + " (" + Math.round(e.getBoundingClientRect().right) + "px)");
	if (document.documentElement.scrollWidth > w) out.unshift("page " + document.documentElement.scrollWidth + "px wide");
	return out.slice(0, 5).join(", ");
})`

// A 10,000-character word or 60-character names in any field never widen
// the page: no sideways scroll at 320 and 390 px, on the explainer's page
// and every embed, with a note open too; nor on a desktop screen.
func TestLongWordsKeepTheLayout(t *testing.T) {
	root := t.TempDir()
	copyProject(t, root)
	longWords(t, root)
	cfg := filepath.Join(root, "hugo.toml")
	b, err := os.ReadFile(cfg)
	qt.Assert(t, err, qt.IsNil)
	qt.Assert(t, os.WriteFile(cfg, []byte(strings.Replace(string(b), "exempt = []", `exempt = ["long"]`, 1)), 0o644), qt.IsNil)
	public := filepath.Join(root, "public")
	_, err = build(root, public)
	qt.Assert(t, err, qt.IsNil)
	srv := httptest.NewServer(http.FileServer(http.Dir(public)))
	t.Cleanup(srv.Close)

	browser := newBrowser(t)
	pages := []string{"/", "/long/", "/long/embed/compare/", "/long/embed/matchup/", "/long/embed/scoreboard/", "/long/embed/timeline/"}
	for _, width := range []int64{320, 390, 1280} {
		for _, page := range pages {
			t.Run(fmt.Sprintf("%d%s", width, page), func(t *testing.T) {
				tb := openTab(t, browser, srv.URL+page, tabOptions{width: width, height: 800, mobile: width < 600})
				defer tb.close()
				waitFor(t, tb, `document.readyState === "complete"`)
				js := overflowJS + fmt.Sprintf("(%d)", width)
				qt.Check(t, eval[string](t, tb, js), qt.Equals, "")
				if page == "/long/" {
					// A note open: the popover stays on screen too.
					eval[bool](t, tb, `(document.querySelector("parley-compare .note-open").click(), true)`)
					waitFor(t, tb, `document.querySelector(".note:popover-open") !== null`)
					qt.Check(t, eval[string](t, tb, js), qt.Equals, "", qt.Commentf("with a note open"))
				}
			})
		}
	}
}

// On a wide screen the timeline and scoreboard read at the prose's width
// and in its column, the match-up a little wider about the same centre:
// none of them hangs to one side of the text.
func TestWidgetsSitInTheProseColumn(t *testing.T) {
	s := builtSite(t)
	tb := openTab(t, newBrowser(t), s.url+"/"+flagship+"/", tabOptions{width: 1280, height: 800})
	waitFor(t, tb, `document.readyState === "complete"`)
	const edges = `(sel => { const r = document.querySelector(sel).getBoundingClientRect(); return [Math.round(r.left), Math.round(r.right)]; })`
	prose := eval[[]int](t, tb, edges+`(".prose > p")`)
	qt.Assert(t, prose[1]-prose[0] < 1280*3/4, qt.IsTrue, qt.Commentf("the prose is %v", prose))
	for _, w := range []string{"parley-timeline", "parley-scoreboard"} {
		qt.Check(t, eval[[]int](t, tb, edges+`("`+w+`")`), qt.DeepEquals, prose, qt.Commentf("%s", w))
	}
	m := eval[[]int](t, tb, edges+`("parley-matchup")`)
	qt.Check(t, m[0]+m[1] >= prose[0]+prose[1]-2 && m[0]+m[1] <= prose[0]+prose[1]+2, qt.IsTrue, qt.Commentf("match-up %v, prose %v", m, prose))
}
