package sitetest

import (
	"encoding/json"
	"fmt"
	"math"
	"net/url"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strings"
	"testing"

	"github.com/chromedp/chromedp"
	"github.com/chromedp/chromedp/kb"
	qt "github.com/frankban/quicktest"
	"github.com/parley-news/parley/tools/internal/card"
)

// What a reader meets, on a phone first: the flagship and the coalition
// fixture (five parties, a joint side, a party that does not count, long
// German names, a term nobody addresses) at 320, 390 and 1280 px.
func TestReaderSeesTheAnswerFirst(t *testing.T) {
	s := builtSite(t)
	browser := newBrowser(t)
	// The Ukrainian edition as the English: the same terms and sides.
	for _, path := range []string{flagship, coalition, "uk/" + flagship} {
		m := s.models[strings.TrimPrefix(path, "uk/")]
		for _, width := range []int64{320, 390, 1280} {
			t.Run(fmt.Sprintf("%s/%d", path, width), func(t *testing.T) {
				tb := openTab(t, browser, s.url+"/"+path+"/", tabOptions{width: width, height: 844, mobile: width < 600})
				waitFor(t, tb, `document.readyState === "complete" && !!customElements.get("parley-compare")`)
				// Nothing scrolls sideways.
				qt.Check(t, eval[string](t, tb, overflowJS+fmt.Sprintf("(%d)", width)), qt.Equals, "")
				// The whole matrix fits in two screens on a 390 px phone.
				if width == 390 {
					h := eval[float64](t, tb, `document.querySelector("parley-compare table").getBoundingClientRect().height`)
					qt.Check(t, h <= 2*844, qt.IsTrue, qt.Commentf("matrix %.0f px high", h))
				}
				// Every stance is there as symbol and word, the word for
				// screen readers at least.
				qt.Check(t, eval[[]string](t, tb, stanceCellsJS), qt.HasLen, 0)
				qt.Check(t, eval[int](t, tb, `Array.from(document.querySelectorAll("parley-compare td[data-stance] .sym")).filter((e) => !e.closest("[popover]")).length`), qt.Equals, len(m.Terms)*len(m.Sides))
				// No text under 12 px; every control of the widgets at least
				// 24 × 24 px (WCAG 2.2, 2.5.8).
				qt.Check(t, eval[[]string](t, tb, smallTextJS), qt.HasLen, 0)
				qt.Check(t, eval[[]string](t, tb, smallTargetsJS), qt.HasLen, 0)
				qt.Check(t, tb.errors(), qt.HasLen, 0)
			})
		}
	}
}

// Each stance cell whose symbol or word is missing or wrong: the mark is the
// symbol, its word (with the claim after a comma, and whether it opens a
// note in brackets, in the page's language) its name.
const stanceCellsJS = `(() => {
	const model = JSON.parse(document.getElementById("parley-model").textContent);
	const info = Object.fromEntries(model.stances.map((s) => [s.id, s]));
	return Array.from(document.querySelectorAll("parley-compare td[data-stance]")).filter((td) => {
		const s = info[td.dataset.stance], sym = s && td.querySelector(".stance-" + s.id + " .sym[role=img]");
		const name = sym?.getAttribute("aria-label") ?? "", claimed = !!td.querySelector(".claimed");
		return !sym || sym.textContent !== s.symbol || name.split(/,| \(/)[0] !== s.label ||
			/^[^(]*, /.test(name) !== claimed || / \([^)]+\)$/.test(name) !== !!td.querySelector(".note-open");
	}).map((td) => td.closest("tr").dataset.term + "." + td.dataset.side);
})()`

// Text drawn smaller than 12 px (text for screen readers only aside).
const smallTextJS = `(() => {
	const out = new Set();
	const walker = document.createTreeWalker(document.body, NodeFilter.SHOW_TEXT);
	for (let n; (n = walker.nextNode()); ) {
		const el = n.parentElement;
		if (!n.textContent.trim() || !el.checkVisibility() || el.closest("[popover], details:not([open])")) continue;
		let heard = false;
		for (let e = el; e; e = e.parentElement) heard ||= getComputedStyle(e).clip !== "auto";
		if (heard) continue;
		const px = parseFloat(getComputedStyle(el).fontSize);
		if (px < 12) out.add(el.tagName.toLowerCase() + "." + el.className + " (" + px + "px): " + n.textContent.trim().slice(0, 30));
	}
	return [...out].slice(0, 5);
})()`

// The widgets' controls that are drawn smaller than 24 × 24 px.
const smallTargetsJS = `Array.from(document.querySelectorAll(".widget button, .widget select, .widget input, .widget summary, .widget a")).filter((e) => {
	if (!e.checkVisibility() || e.closest("[popover]")) return false;
	const r = e.getBoundingClientRect();
	if (e.matches("a") && getComputedStyle(e).display === "inline") return false; // a link in a sentence (2.5.8's exception)
	return r.width < 24 || r.height < 24;
}).map((e) => e.tagName.toLowerCase() + "." + e.className + " " + Math.round(e.getBoundingClientRect().width) + "×" + Math.round(e.getBoundingClientRect().height)).slice(0, 5)`

// Who is behind each side, in the table and its key: joint sides name all
// their actors, columns that do not count say so, the term nobody addresses
// says "Unaddressed" in its row.
func TestReaderSeesWhoIsBehindEachSide(t *testing.T) {
	s := builtSite(t)
	tb := openTab(t, newBrowser(t), s.url+"/"+coalition+"/", tabOptions{width: 390, height: 844, mobile: true})
	waitFor(t, tb, `!!customElements.get("parley-compare")`)
	key := eval[string](t, tb, `document.querySelector("parley-compare .side-key").textContent`)
	qt.Check(t, key, qt.Contains, "Jointly by Christlich Demokratische Union Deutschlands and Christlich-Soziale Union in Bayern.")
	qt.Check(t, key, qt.Contains, "By Bündnis 90/Die Grünen (Bundesverband and Landesverbände).")
	qt.Check(t, key, qt.Contains, "Not counted: superseded by SPD Verhandlungsposition.")
	qt.Check(t, key, qt.Contains, "Not counted: not one of the main parties.")
	qt.Check(t, eval[[]string](t, tb, `Array.from(document.querySelectorAll("parley-compare thead th.aside"), (th) => th.dataset.side + ": " + th.querySelector(".aside-note").textContent)`),
		qt.DeepEquals, []string{"spd-draft: not counted", "fdp: not counted"})
	qt.Check(t, eval[string](t, tb, `document.querySelector('parley-compare tr[data-term="rail"] .verdict').textContent`), qt.Equals, "○ Unaddressed")
	// Short names head the columns on a phone; a tap on one shows the side
	// in full, with its actors.
	qt.Check(t, eval[[]string](t, tb, `Array.from(document.querySelectorAll("parley-compare thead .short"), (e) => e.textContent)`),
		qt.DeepEquals, []string{"CDU + CSU", "SPD Jan", "SPD Mar", "Grüne", "FDP"})
	do(t, tb, chromedp.Click(`parley-compare th[data-side="union"] .side-open`))
	waitFor(t, tb, `!!document.querySelector(".side-note:popover-open")`)
	qt.Check(t, eval[string](t, tb, `document.querySelector(".side-note:popover-open").textContent`), qt.Contains, "CDU/CSU Sondierungspapier, 20 February 2025.")
	qt.Check(t, tb.errors(), qt.HasLen, 0)
}

// The match-up's pair lives in the URL: a pick is a history entry, a
// reload or a shared link shows it, back returns to the page's own pair.
func TestMatchupPairRoundTripsThroughURL(t *testing.T) {
	s := builtSite(t)
	url := s.url + "/" + flagship + "/"
	browser := newBrowser(t)
	tb := openTab(t, browser, url, tabOptions{})
	waitFor(t, tb, `!!customElements.get("parley-matchup")`)
	do(t, tb, chromedp.Focus(`parley-matchup select[name="b"]`), chromedp.KeyEvent(kb.ArrowDown))
	waitSearch(t, tb, "?matchup=us-march%2Cukraine")
	do(t, tb, chromedp.Reload())
	waitFor(t, tb, `!!customElements.get("parley-matchup")`)
	qt.Check(t, eval[string](t, tb, `document.querySelector("parley-matchup .headline").textContent`), qt.Equals, "US ceasefire plan vs Ukraine's position")
	qt.Check(t, eval[string](t, tb, `document.querySelector('parley-matchup select[name="b"]').value`), qt.Equals, "ukraine")
	eval[any](t, tb, `history.back()`)
	waitFor(t, tb, `document.querySelector("parley-matchup").dataset.b === "us-april"`)
	qt.Check(t, eval[string](t, tb, `document.querySelector("parley-matchup .headline").textContent`), qt.Equals, "US ceasefire plan vs US framework")
	// A shared link, with the comparison's view beside it; a pair the
	// explainer does not have is ignored.
	tb = openTab(t, browser, url+"?stance=opposes&matchup=russia,europe", tabOptions{})
	waitFor(t, tb, `document.querySelector("parley-matchup").dataset.a === "russia"`)
	qt.Check(t, eval[string](t, tb, `document.querySelector("parley-matchup .headline").textContent`), qt.Equals, "Russia's conditions vs European powers' position")
	qt.Check(t, eval[string](t, tb, `document.querySelector('parley-compare select[name="stance"]').value`), qt.Equals, "opposes")
	tb = openTab(t, browser, url+"?matchup=russia,nobody", tabOptions{})
	waitFor(t, tb, `!!customElements.get("parley-matchup")`)
	qt.Check(t, eval[string](t, tb, `document.querySelector("parley-matchup").dataset.a + " " + document.querySelector("parley-matchup").dataset.b`), qt.Equals, "us-march us-april")
	// The embed keeps its pair in its own URL too.
	tb = openTab(t, browser, s.url+"/"+flagship+"/embed/matchup/?matchup=ukraine,russia", tabOptions{})
	waitFor(t, tb, `document.querySelector("parley-matchup").dataset.a === "ukraine"`)
	qt.Check(t, tb.errors(), qt.HasLen, 0)
}

// Every control in an embed does something there: the comparison's filter
// opens and filters, the match-up's pickers pick; the scoreboard's and the
// timeline's links lead to the explainer (TestScoreboardFiltersCompare
// follows one).
func TestEmbedControlsWork(t *testing.T) {
	s := builtSite(t)
	m := s.models[flagship]
	browser := newBrowser(t)
	base := s.url + "/" + flagship + "/embed/"

	tb := openTab(t, browser, base+"compare/", tabOptions{width: 390, height: 700, mobile: true})
	openFilters(t, tb)
	do(t, tb, chromedp.Focus(`parley-compare select[name="consensus"]`), chromedp.KeyEvent(kb.ArrowDown))
	qt.Check(t, eval[[]string](t, tb, visibleTermsJS), qt.HasLen, m.Consensus.Agreed)
	qt.Check(t, eval[string](t, tb, `document.querySelector("parley-compare .status").textContent`), qt.Not(qt.Equals), fmt.Sprintf("All %d terms shown", len(m.Terms)))

	tb = openTab(t, browser, base+"matchup/", tabOptions{})
	waitFor(t, tb, `!!customElements.get("parley-matchup")`)
	do(t, tb, chromedp.Focus(`parley-matchup select[name="a"]`), chromedp.KeyEvent(kb.End))
	waitFor(t, tb, `document.querySelector("parley-matchup").dataset.a === "europe"`)

	for _, page := range []string{"scoreboard/", "timeline/"} {
		tb = openTab(t, browser, base+page, tabOptions{})
		qt.Check(t, eval[[]string](t, tb, `Array.from(document.querySelectorAll(".widget button, .widget select"), (e) => e.outerHTML)`), qt.HasLen, 0)
		qt.Check(t, eval[bool](t, tb, `Array.from(document.querySelectorAll(".widget a[href]")).every((a) => a.pathname === "/`+flagship+`/" && a.target === "_top")`), qt.IsTrue)
	}
	qt.Check(t, tb.errors(), qt.HasLen, 0)
}

// html-validate (a dev-only npm tool, like tsc) with its recommended rules
// finds nothing on any page the build writes.
func TestPagesAreValidHTML(t *testing.T) {
	s := builtSite(t)
	bin := filepath.Join("..", "..", "node_modules", ".bin", "html-validate")
	if _, err := os.Stat(bin); err != nil {
		if os.Getenv("CI") == "true" {
			t.Fatalf("html-validate is not installed (run npm ci): %v", err)
		}
		t.Skip("html-validate not installed; run npm ci")
	}
	var pages []string
	err := filepath.WalkDir(filepath.Join(s.root, "public"), func(path string, d os.DirEntry, err error) error {
		if err == nil && strings.HasSuffix(path, ".html") {
			pages = append(pages, path)
		}
		return err
	})
	qt.Assert(t, err, qt.IsNil)
	qt.Assert(t, len(pages) > 10, qt.IsTrue)
	cfg, err := filepath.Abs(filepath.Join("..", "..", ".htmlvalidate.json"))
	qt.Assert(t, err, qt.IsNil)
	cmd := exec.Command(bin, append([]string{"--config", cfg}, pages...)...)
	out, err := cmd.CombinedOutput()
	qt.Assert(t, err, qt.IsNil, qt.Commentf("%s", out))
}

// Each explainer's page names its social card by an absolute URL, and the
// card's bar shows that explainer's agreed / contested / unaddressed
// shares: two explainers' cards differ as their data do.
func TestSocialCardsShowTheirData(t *testing.T) {
	s := builtSite(t)
	og := regexp.MustCompile(`<meta property="?og:image"? content="?([^">]+)"?>`)
	tw := regexp.MustCompile(`<meta name="?twitter:image"? content="?([^">]+)"?>`)
	shares := map[string][3]float64{}
	for _, slug := range []string{flagship, coalition} {
		page, err := os.ReadFile(filepath.Join(s.root, "public", slug, "index.html"))
		qt.Assert(t, err, qt.IsNil)
		m := og.FindSubmatch(page)
		qt.Assert(t, m, qt.Not(qt.IsNil), qt.Commentf("%s: no og:image", slug))
		u, err := url.Parse(string(m[1]))
		qt.Assert(t, err, qt.IsNil)
		qt.Check(t, u.IsAbs(), qt.IsTrue)
		qt.Check(t, u.Path, qt.Equals, "/"+slug+"/card.png")
		qt.Check(t, string(tw.FindSubmatch(page)[1]), qt.Equals, string(m[1]))
		b, err := os.ReadFile(filepath.Join(s.root, "public", slug, "card.png"))
		qt.Assert(t, err, qt.IsNil)
		var model struct {
			Consensus struct{ Agreed, Contested, Unaddressed int }
		}
		j, err := os.ReadFile(filepath.Join(s.root, "public", slug, "terms.json"))
		qt.Assert(t, err, qt.IsNil)
		qt.Assert(t, json.Unmarshal(j, &model), qt.IsNil)
		c := model.Consensus
		total := float64(c.Agreed + c.Contested + c.Unaddressed)
		got, err := card.Shares(b)
		qt.Assert(t, err, qt.IsNil)
		for i, n := range []int{c.Agreed, c.Contested, c.Unaddressed} {
			qt.Check(t, math.Abs(got[i]-float64(n)/total) < 0.01, qt.IsTrue, qt.Commentf("%s: part %d of the bar is %.3f, %d of %v terms", slug, i, got[i], n, total))
		}
		shares[slug] = got
	}
	qt.Check(t, shares[flagship], qt.Not(qt.Equals), shares[coalition])
}

// The home page lists the explainers, most important first, by title,
// summary and date: the editors' importance orders them but is not a
// reader's business.
func TestHomeShowsNoScores(t *testing.T) {
	s := builtSite(t)
	b, err := os.ReadFile(filepath.Join(s.root, "public", "index.html"))
	qt.Assert(t, err, qt.IsNil)
	qt.Check(t, string(b), qt.Contains, `<a href="/ukraine-peace-talks/">`)
	qt.Check(t, string(b), qt.Contains, "Updated <time")
	qt.Check(t, strings.ToLower(string(b)), qt.Not(qt.Contains), "importance")
}
