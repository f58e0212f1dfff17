package sitetest

import (
	"fmt"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/cdproto/emulation"
	"github.com/chromedp/chromedp"
	"github.com/chromedp/chromedp/kb"
	qt "github.com/frankban/quicktest"
	"github.com/parley-news/parley/tools/internal/compile"
)

// visibleTerms lists the term ids of the rows the compare widget shows.
const visibleTermsJS = `Array.from(document.querySelectorAll("parley-compare tr[data-term]")).filter(r => r.offsetParent !== null).map(r => r.dataset.term)`

func termsWhere(m *compile.Model, keep func(compile.Term) bool) []string {
	out := []string{}
	for _, t := range m.Terms {
		if keep(t) {
			out = append(out, t.ID)
		}
	}
	return out
}

func TestPageWithoutScriptShowsEverything(t *testing.T) {
	s := builtSite(t)
	m := s.models[flagship]
	tb := openTab(t, newBrowser(t), s.url+"/"+flagship+"/", tabOptions{noScript: true})
	qt.Assert(t, eval[[]string](t, tb, visibleTermsJS), qt.DeepEquals, termsWhere(m, func(compile.Term) bool { return true }))
	qt.Assert(t, eval[int](t, tb, `document.querySelectorAll("parley-compare td[data-stance]").length`), qt.Equals, len(m.Terms)*len(m.Sides))
	// Controls that need the script are not shown; notes open natively.
	qt.Assert(t, eval[bool](t, tb, `Array.from(document.querySelectorAll(".needs-js")).every(e => getComputedStyle(e).display === "none")`), qt.IsTrue)
	do(t, tb, chromedp.Click(`parley-compare .note-open`))
	qt.Assert(t, eval[bool](t, tb, `document.querySelector("parley-compare .note").matches(":popover-open")`), qt.IsTrue)
	do(t, tb, chromedp.Click(`parley-compare .note:popover-open .note-close`))
	qt.Assert(t, eval[bool](t, tb, `document.querySelector("parley-compare .note").matches(":popover-open")`), qt.IsFalse)
	// Timeline, scoreboard and match-up are all there as HTML.
	qt.Assert(t, eval[int](t, tb, `document.querySelectorAll("parley-timeline ol.events > li").length`), qt.Equals, len(m.Events))
	qt.Assert(t, eval[string](t, tb, `document.querySelector("parley-matchup .count").textContent`), qt.Contains, "They agree on")
	qt.Assert(t, tb.errors(), qt.HasLen, 0)
}

func TestCompareControlsByMouseAndKeyboard(t *testing.T) {
	s := builtSite(t)
	m := s.models[flagship]
	browser := newBrowser(t)
	url := s.url + "/" + flagship + "/"

	t.Run("group by keyboard", func(t *testing.T) {
		tb := openTab(t, browser, url, tabOptions{})
		openFilters(t, tb)
		do(t, tb, chromedp.Focus(`parley-compare select[name="group"]`), chromedp.KeyEvent(kb.ArrowDown))
		group := m.Groups[0]
		waitSearch(t, tb, "?group="+group)
		qt.Assert(t, eval[[]string](t, tb, visibleTermsJS), qt.DeepEquals, termsWhere(m, func(x compile.Term) bool { return x.Group == group }))
		qt.Assert(t, tb.errors(), qt.HasLen, 0)
	})

	t.Run("stance by keyboard", func(t *testing.T) {
		tb := openTab(t, browser, url, tabOptions{})
		openFilters(t, tb)
		do(t, tb, chromedp.Focus(`parley-compare select[name="stance"]`), chromedp.KeyEvent(kb.ArrowDown+kb.ArrowDown))
		waitSearch(t, tb, "?stance=opposes")
		qt.Assert(t, eval[[]string](t, tb, visibleTermsJS), qt.DeepEquals, termsWhere(m, func(x compile.Term) bool {
			for _, p := range x.Positions {
				if p.Stance == "opposes" {
					return true
				}
			}
			return false
		}))
	})

	t.Run("differ by mouse, then by keyboard", func(t *testing.T) {
		tb := openTab(t, browser, url, tabOptions{})
		openFilters(t, tb)
		do(t, tb, chromedp.Click(`parley-compare input[name="differ"]`))
		differing := termsWhere(m, func(x compile.Term) bool {
			for _, p := range x.Positions {
				if p.Stance != x.Positions[0].Stance {
					return true
				}
			}
			return false
		})
		qt.Assert(t, eval[[]string](t, tb, visibleTermsJS), qt.DeepEquals, differing)
		qt.Assert(t, len(differing) < len(m.Terms), qt.IsTrue)
		do(t, tb, chromedp.Focus(`parley-compare input[name="differ"]`), chromedp.KeyEvent(" "))
		qt.Assert(t, eval[[]string](t, tb, visibleTermsJS), qt.HasLen, len(m.Terms))
	})

	t.Run("hide a side by mouse", func(t *testing.T) {
		tb := openTab(t, browser, url, tabOptions{})
		openFilters(t, tb)
		do(t, tb, chromedp.Click(`parley-compare input[data-side="russia"]`))
		waitSearch(t, tb, "?hide=russia")
		qt.Assert(t, eval[int](t, tb, `Array.from(document.querySelectorAll('parley-compare [data-side="russia"]')).filter(e => !e.closest("form") && e.offsetParent !== null).length`), qt.Equals, 0)
		qt.Assert(t, eval[int](t, tb, `Array.from(document.querySelectorAll('parley-compare td[data-side="ukraine"]')).filter(e => e.offsetParent !== null).length`), qt.Equals, len(m.Terms))
	})

	t.Run("search by typing", func(t *testing.T) {
		tb := openTab(t, browser, url, tabOptions{})
		openFilters(t, tb)
		do(t, tb, chromedp.SendKeys(`parley-compare input[name="q"]`, "crimea"))
		got := eval[[]string](t, tb, visibleTermsJS)
		qt.Assert(t, got, qt.DeepEquals, []string{"crimea-de-jure"})
		waitSearch(t, tb, "?q=crimea")
		qt.Assert(t, eval[string](t, tb, `document.querySelector("parley-compare .status").textContent`), qt.Equals, fmt.Sprintf("1 of %d terms shown", len(m.Terms)))
	})

	t.Run("open a cell by keyboard and by mouse", func(t *testing.T) {
		tb := openTab(t, browser, url, tabOptions{})
		do(t, tb, chromedp.Focus(`parley-compare tr[data-term="crimea-de-jure"] td[data-side="ukraine"] .note-open`), chromedp.KeyEvent("\r"))
		qt.Assert(t, eval[bool](t, tb, `document.querySelector('.note[data-cell="crimea-de-jure.ukraine"]').matches(":popover-open")`), qt.IsTrue)
		waitSearch(t, tb, "?open=crimea-de-jure.ukraine")
		// The next Tab goes into the note; Escape closes it.
		do(t, tb, chromedp.KeyEvent("\t"))
		qt.Assert(t, eval[bool](t, tb, `!!document.activeElement.closest('.note[data-cell="crimea-de-jure.ukraine"]')`), qt.IsTrue)
		do(t, tb, chromedp.KeyEvent(kb.Escape))
		waitSearch(t, tb, "")
		do(t, tb, chromedp.Click(`parley-compare tr[data-term="crimea-de-jure"] td[data-side="europe"] .note-open`))
		qt.Assert(t, eval[bool](t, tb, `document.querySelector('.note[data-cell="crimea-de-jure.europe"]').matches(":popover-open")`), qt.IsTrue)
		waitSearch(t, tb, "?open=crimea-de-jure.europe")
		// The note opens next to its cell, inside the viewport.
		qt.Assert(t, eval[bool](t, tb, `(() => {
			const r = document.querySelector(".note:popover-open").getBoundingClientRect();
			const c = document.querySelector('tr[data-term="crimea-de-jure"] td[data-side="europe"]').getBoundingClientRect();
			const inside = r.left >= 0 && r.right <= innerWidth && r.top >= 0 && r.bottom <= innerHeight;
			const beside = r.left < c.right && r.right > c.left && r.top <= c.bottom + 8 && r.bottom >= c.top - 8;
			return inside && beside;
		})()`), qt.IsTrue)
	})

	t.Run("reset by keyboard", func(t *testing.T) {
		tb := openTab(t, browser, url+"?differ=1&hide=europe&q=nato", tabOptions{})
		qt.Assert(t, len(eval[[]string](t, tb, visibleTermsJS)) < len(m.Terms), qt.IsTrue)
		// The filter button says how many filters are on; "Show everything"
		// sits beside it, and puts focus back on it.
		qt.Assert(t, eval[string](t, tb, `document.querySelector("parley-compare .filter-toggle").textContent`), qt.Equals, "Filter (3 on)")
		do(t, tb, chromedp.Focus(`parley-compare .compare-bar .reset-view`), chromedp.KeyEvent("\r"))
		qt.Assert(t, eval[[]string](t, tb, visibleTermsJS), qt.HasLen, len(m.Terms))
		waitSearch(t, tb, "")
		qt.Assert(t, eval[bool](t, tb, `document.activeElement.matches("parley-compare .filter-toggle") && document.querySelector("parley-compare .reset-view").hidden`), qt.IsTrue)
		// And the one inside the filters.
		tb = openTab(t, browser, url+"?stance=opposes", tabOptions{})
		openFilters(t, tb)
		do(t, tb, chromedp.Focus(`parley-compare button[type="reset"]`), chromedp.KeyEvent("\r"))
		qt.Assert(t, eval[[]string](t, tb, visibleTermsJS), qt.HasLen, len(m.Terms))
		waitSearch(t, tb, "")
	})

	t.Run("filters open and close by keyboard", func(t *testing.T) {
		tb := openTab(t, browser, url, tabOptions{})
		qt.Assert(t, eval[bool](t, tb, `document.querySelector("parley-compare form.controls").hidden`), qt.IsTrue)
		do(t, tb, chromedp.Focus(`parley-compare .filter-toggle`), chromedp.KeyEvent("\r"))
		qt.Assert(t, eval[string](t, tb, `document.querySelector("parley-compare .filter-toggle").getAttribute("aria-expanded")`), qt.Equals, "true")
		qt.Assert(t, eval[string](t, tb, `document.activeElement.name`), qt.Equals, "group")
		do(t, tb, chromedp.Focus(`parley-compare form.controls button[type="submit"]`), chromedp.KeyEvent("\r"))
		qt.Assert(t, eval[bool](t, tb, `document.querySelector("parley-compare form.controls").hidden && document.activeElement.matches(".filter-toggle")`), qt.IsTrue)
		qt.Assert(t, tb.errors(), qt.HasLen, 0)
	})
}

func TestCompareViewRoundTripsThroughURL(t *testing.T) {
	s := builtSite(t)
	m := s.models[flagship]
	url := s.url + "/" + flagship + "/"
	tb := openTab(t, newBrowser(t), url+"?group=Territory&stance=opposes&hide=us-march,russia&open=crimea-de-jure.ukraine", tabOptions{})
	waitFor(t, tb, `!!customElements.get("parley-compare")`)

	// The link reproduces the view: controls, rows, columns, the open cell.
	qt.Assert(t, eval[string](t, tb, `document.querySelector('select[name="group"]').value`), qt.Equals, "Territory")
	qt.Assert(t, eval[string](t, tb, `document.querySelector('select[name="stance"]').value`), qt.Equals, "opposes")
	qt.Assert(t, eval[[]bool](t, tb, `Array.from(document.querySelectorAll('input[data-side]')).map(i => i.checked)`), qt.DeepEquals, []bool{false, false, true, true, true})
	qt.Assert(t, eval[[]string](t, tb, visibleTermsJS), qt.DeepEquals, []string{"crimea-de-jure"})
	qt.Assert(t, eval[bool](t, tb, `document.querySelector('.note[data-cell="crimea-de-jure.ukraine"]').matches(":popover-open")`), qt.IsTrue)

	// Each change adds a history entry; back and forward walk through them.
	// (A click elsewhere closes the note, as popovers do: opening the
	// filters does.)
	openFilters(t, tb)
	do(t, tb, chromedp.Click(`parley-compare input[name="differ"]`))
	waitSearch(t, tb, "?group=Territory&stance=opposes&differ=1&hide=russia%2Cus-march")
	do(t, tb, chromedp.Focus(`select[name="group"]`), chromedp.KeyEvent(kb.Home))
	waitSearch(t, tb, "?stance=opposes&differ=1&hide=russia%2Cus-march")
	eval[any](t, tb, `history.back()`)
	waitFor(t, tb, `document.querySelector('select[name="group"]').value === "Territory"`)
	eval[any](t, tb, `history.back()`)
	waitFor(t, tb, `!document.querySelector('input[name="differ"]').checked`)
	qt.Assert(t, eval[[]string](t, tb, visibleTermsJS), qt.DeepEquals, []string{"crimea-de-jure"})
	waitFor(t, tb, `document.querySelector('.note[data-cell="crimea-de-jure.ukraine"]').matches(":popover-open")`)
	eval[any](t, tb, `history.forward()`)
	waitFor(t, tb, `document.querySelector('input[name="differ"]').checked`)

	// Values naming nothing in this explainer are dropped, not obeyed.
	tb = openTab(t, newBrowser(t), url+"?group=Nowhere&stance=maybe&hide=nobody", tabOptions{})
	qt.Assert(t, eval[[]string](t, tb, visibleTermsJS), qt.HasLen, len(m.Terms))
	qt.Assert(t, tb.errors(), qt.HasLen, 0)
}

func TestMatchupPickers(t *testing.T) {
	s := builtSite(t)
	m := s.models[flagship]
	tb := openTab(t, newBrowser(t), s.url+"/"+flagship+"/", tabOptions{})
	count := func() string {
		return eval[string](t, tb, `document.querySelector("parley-matchup .count").textContent`)
	}
	pair := func(a, b string) compile.Pair {
		for _, p := range m.Pairs {
			if p.A == a && p.B == b {
				return p
			}
		}
		t.Fatalf("no pair %s %s", a, b)
		return compile.Pair{}
	}
	p := pair("us-march", "us-april")
	qt.Assert(t, count(), qt.Contains, fmt.Sprintf("They agree on %d of %d terms", p.Same, len(m.Terms)))
	qt.Assert(t, eval[bool](t, tb, `document.querySelector("parley-matchup .changes").hidden`), qt.IsFalse)

	// Side B: us-april → ukraine (one step down), by keyboard; the count follows.
	do(t, tb, chromedp.Focus(`parley-matchup select[name="b"]`), chromedp.KeyEvent(kb.ArrowDown))
	p = pair("us-march", "ukraine")
	qt.Assert(t, count(), qt.Equals, fmt.Sprintf("They agree on %d of %d terms, differ on %d; only US ceasefire plan addresses %d, only Ukraine's position addresses %d, neither addresses %d.",
		p.Same, len(m.Terms), p.Different, p.OnlyA, p.OnlyB, p.Neither))
	qt.Assert(t, eval[bool](t, tb, `document.querySelector("parley-matchup .changes").hidden`), qt.IsTrue, qt.Commentf("two actors: no what-changed"))
	// Rows off screen follow after the paint.
	want := make([]string, len(p.Verdicts))
	for i, v := range p.Verdicts {
		want[i] = string(v)
	}
	waitFor(t, tb, `Array.from(document.querySelectorAll("parley-matchup tbody tr"), (r) => r.dataset.verdict).join(" ") === `+strconv.Quote(strings.Join(want, " ")))
	qt.Assert(t, tb.errors(), qt.HasLen, 0)
}

// On a long match-up (the 60-term synthetic explainer), a pick rewrites the
// rows on screen at once and the rows off screen just after: every row ends
// up showing the new pair, including one scrolled to afterwards.
func TestMatchupLongTableUpdatesEveryRow(t *testing.T) {
	s := builtSite(t)
	m := s.models["synth-0001"]
	tb := openTab(t, newBrowser(t), s.url+"/synth-0001/embed/matchup/", tabOptions{})
	waitFor(t, tb, `!!customElements.get("parley-matchup")`)
	a := eval[string](t, tb, `document.querySelector("parley-matchup").dataset.a`)
	b := eval[string](t, tb, `document.querySelector("parley-matchup").dataset.b`)
	ia, ib, next := -1, -1, ""
	for i, sd := range m.Sides {
		switch sd.ID {
		case a:
			ia = i
		case b:
			ib = i
			next = m.Sides[i+1].ID
		}
	}
	qt.Assert(t, next, qt.Not(qt.Equals), "", qt.Commentf("side B %q must not be the last side", b))
	// What each row should show for sides a and b: verdict, stance A, stance B.
	want := func(ib int) []string {
		v := verdicts(t, m, a, m.Sides[ib].ID)
		var rows []string
		for k, term := range m.Terms {
			rows = append(rows, fmt.Sprintf("%s %s %s", v[k], term.Positions[ia].Stance, term.Positions[ib].Stance))
		}
		return rows
	}
	const shown = `Array.from(document.querySelectorAll("parley-matchup tbody tr"), (tr) => tr.dataset.verdict + " " +
		Array.from(tr.querySelectorAll("td .stance"), (s) => s.className.replace(/^stance stance-/, "")).join(" "))`
	qt.Assert(t, eval[[]string](t, tb, shown), qt.DeepEquals, want(ib))

	do(t, tb, chromedp.Focus(`parley-matchup select[name="b"]`), chromedp.KeyEvent(kb.ArrowDown))
	qt.Assert(t, eval[string](t, tb, `document.querySelector("parley-matchup").dataset.b`), qt.Equals, next)
	waitFor(t, tb, shown+`.join("|") === `+strconv.Quote(strings.Join(want(ib+1), "|")))
	// The last row, scrolled to, shows the new pair too.
	do(t, tb, chromedp.ScrollIntoView(`parley-matchup tbody tr:last-child`), settled)
	last := want(ib + 1)[len(m.Terms)-1]
	qt.Assert(t, eval[[]string](t, tb, shown)[len(m.Terms)-1], qt.Equals, last)
	qt.Assert(t, tb.errors(), qt.HasLen, 0)
}

// A pick rewrites the rows on screen in its own frame, and the rest after
// it. Whatever moves rows into view must not leave them showing the old
// pair for a frame: the what-changed box, when it sat above the table (a
// pick that hid it showed six rows of the old pair), or rows the pick
// rewrites changing height (a verdict that wraps on a phone). Picks on both
// pickers, the first hiding the box, at three scroll positions, on a
// desktop and a phone; each pick and the check of every row in view run in
// one task, so that nothing is painted in between.
func TestMatchupPickShowsNoStaleRow(t *testing.T) {
	s := builtSite(t)
	browser := newBrowser(t)
	for _, o := range []tabOptions{{}, {width: 390, height: 844, mobile: true}} {
		tb := openTab(t, browser, s.url+"/synth-0001/embed/matchup/", o)
		waitFor(t, tb, `!!customElements.get("parley-matchup") && !document.querySelector("parley-matchup .changes").hidden`)
		do(t, tb, settled)
		for i, scroll := range []string{"0", "document.body.scrollHeight / 3", "document.body.scrollHeight / 2"} {
			stale := eval[[]string](t, tb, `(async () => {
				const painted = () => new Promise((done) => requestAnimationFrame(() => requestAnimationFrame(() => setTimeout(done))));
				scrollTo(0, `+scroll+`);
				await painted();
				const m = document.querySelector("parley-matchup");
				const model = JSON.parse(document.getElementById("parley-model").textContent);
				const picker = (name) => m.querySelector('select[name="' + name + '"]');
				const stale = [];
				for (const [k, which] of ["b", "a", "b", "a", "b", "b", "a"].entries()) {
					picker(which).selectedIndex = (picker(which).selectedIndex + 3) % picker(which).options.length;
					picker(which).dispatchEvent(new Event("change", {bubbles: true}));
					if (k === 0 && `+strconv.FormatBool(i == 0)+` && !m.querySelector(".changes").hidden) throw new Error("the first pick left the what-changed box shown");
					const a = picker("a").value, b = picker("b").value;
					const ia = model.sides.findIndex((s) => s.id === a), ib = model.sides.findIndex((s) => s.id === b);
					// A cell shows its side's stance and claim.
					const shows = (cell, p) => !!cell.querySelector(".stance-" + p.stance) && !!cell.querySelector(".claim") === !!p.claim;
					m.querySelectorAll("tbody tr").forEach((tr, i) => {
						const r = tr.getBoundingClientRect();
						const [pa, pb] = [model.terms[i].positions[ia], model.terms[i].positions[ib]];
						if (r.bottom > 0 && r.top < innerHeight && (!shows(tr.cells[1], pa) || !shows(tr.cells[2], pb))) stale.push(a + " / " + b + ": row " + i);
					});
					await painted();
				}
				return stale;
			})()`)
			qt.Assert(t, stale, qt.HasLen, 0, qt.Commentf("%dx%d, scrolled to %s", o.width, o.height, scroll))
		}
		qt.Assert(t, tb.errors(), qt.HasLen, 0)
	}
}

// No word of a column heading or a stance is split across lines
// ("Sondierungsp" / "apier") or runs out of its cell over the next: each
// shown word is drawn in one piece, inside its cell, whether the table is roomy (full names) or compact (short names on their
// side), with ten sides or five.
func TestCompareWordsStayWhole(t *testing.T) {
	s := builtSite(t)
	browser := newBrowser(t)
	for _, path := range []string{"/synth-0001/", "/" + flagship + "/", "/" + coalition + "/"} {
		for _, width := range []int64{320, 390, 700, 1024, 1280} {
			t.Run(fmt.Sprintf("%s%d", path, width), func(t *testing.T) {
				tb := openTab(t, browser, s.url+path, tabOptions{width: width, height: 800, mobile: width < 600})
				waitFor(t, tb, `!!customElements.get("parley-compare")`)
				qt.Assert(t, eval[[]string](t, tb, splitWordsJS), qt.HasLen, 0)
			})
		}
	}
}

// splitWordsJS lists the words of the comparison's headings and marks that
// are drawn in more than one piece (broken across lines) or past the edges
// of their cell.
const splitWordsJS = `(() => {
	const split = new Set();
	const walker = document.createTreeWalker(document.querySelector("parley-compare table"), NodeFilter.SHOW_TEXT);
	for (let text; (text = walker.nextNode()); ) {
		const el = text.parentElement;
		if (!el.closest("thead, td") || !el.checkVisibility() || el.closest("[popover]")) continue;
		let heard = false; // for screen readers only: clipped to a pixel
		for (let e = el; e; e = e.matches("th, td") ? null : e.parentElement) heard ||= getComputedStyle(e).clip !== "auto";
		if (heard) continue;
		el.closest("tr").style.contentVisibility = "visible"; // drawn, though off screen
		for (const m of text.textContent.matchAll(/\S+/g)) {
			const r = document.createRange();
			r.setStart(text, m.index);
			r.setEnd(text, m.index + m[0].length);
			const rects = r.getClientRects(), cell = el.closest("th, td").getBoundingClientRect();
			if (rects.length > 1 || Array.from(rects).some((b) => b.left < cell.left - 1 || b.right > cell.right + 1)) split.add(m[0]);
		}
	}
	return [...split];
})()`

// A large table skips its rows off screen (content-visibility: auto), and
// the browser learns that one has come on screen only after painting a
// frame. The rows a change brings on screen must be drawn, up to date, in
// the frame that shows the change: in the task that makes the change, no
// row in view may be skipped or show a hidden side.
func TestCompareDrawsRowsBroughtOnScreen(t *testing.T) {
	s := builtSite(t)
	tb := openTab(t, newBrowser(t), s.url+"/synth-0001/", tabOptions{})
	waitFor(t, tb, `!!customElements.get("parley-compare")`)
	// The rows in view that are skipped (their cells not drawn) or show a
	// cell of a hidden side; and how many rows are in view.
	const inViewJS = `(() => {
		const rows = Array.from(document.querySelectorAll("parley-compare tbody tr")).filter((tr) => {
			if (tr.hidden || tr.parentElement.hidden) return false;
			const r = tr.getBoundingClientRect();
			return r.bottom > 0 && r.top < innerHeight;
		});
		const bad = rows.filter((tr) => Array.from(tr.cells).some((c) =>
			!c.hidden && (!c.checkVisibility({contentVisibilityAuto: true}) || (c.dataset.side && !document.querySelector('parley-compare input[data-side="' + c.dataset.side + '"]').checked))));
		return {bad: bad.map((tr) => tr.dataset.term || tr.textContent.trim()), rows: rows.length};
	})()`
	type inView struct {
		Bad  []string `json:"bad"`
		Rows int      `json:"rows"`
	}
	for _, tc := range []struct{ name, scroll, change string }{
		// The controls at the top, the first rows below them: a group
		// whose rows were all hidden is shown.
		{"filter shows rows", `document.querySelector("parley-compare .filter-toggle").click(); document.querySelector('parley-compare select[name="group"]').scrollIntoView({block: "start"})`,
			`const g = document.querySelector('parley-compare select[name="group"]'); g.selectedIndex = 2; g.dispatchEvent(new Event("change", {bubbles: true}))`},
		// The middle of the table: a view (as back or forward brings) that
		// hides a side and filters rows moves rows from far below into view,
		// rows that were skipped and still show that side.
		{"view moves rows up", `document.querySelector('parley-compare tr[data-term="term-30"]').scrollIntoView({block: "start"})`,
			`document.querySelector("parley-compare").setView({hide: ["side-4"], stance: "opposes"})`},
	} {
		t.Run(tc.name, func(t *testing.T) {
			do(t, tb, chromedp.Reload())
			waitFor(t, tb, `!!customElements.get("parley-compare")`)
			eval[any](t, tb, tc.scroll+"; true")
			do(t, tb, settled, chromedp.Sleep(200*time.Millisecond), settled)
			got := eval[inView](t, tb, "(() => { "+tc.change+"; return "+inViewJS+" })()")
			qt.Assert(t, got.Rows > 1, qt.IsTrue, qt.Commentf("rows in view: %d", got.Rows))
			qt.Assert(t, got.Bad, qt.HasLen, 0)
			qt.Assert(t, tb.errors(), qt.HasLen, 0)
		})
	}
}

// verdicts returns compile's verdicts for sides a and b, term by term
// (pairs are stored once, in side order).
func verdicts(t *testing.T, m *compile.Model, a, b string) []string {
	swap := map[compile.Verdict]compile.Verdict{"only-a": "only-b", "only-b": "only-a"}
	for _, p := range m.Pairs {
		if (p.A == a && p.B == b) || (p.A == b && p.B == a) {
			out := make([]string, len(p.Verdicts))
			for i, v := range p.Verdicts {
				if w, ok := swap[v]; ok && p.A == b {
					v = w
				}
				out[i] = string(v)
			}
			return out
		}
	}
	t.Fatalf("no pair %s %s", a, b)
	return nil
}

func TestScoreboardFiltersCompare(t *testing.T) {
	s := builtSite(t)
	m := s.models[flagship]
	tb := openTab(t, newBrowser(t), s.url+"/"+flagship+"/", tabOptions{})
	waitFor(t, tb, `!!customElements.get("parley-scoreboard")`)
	const link = `parley-scoreboard a[data-consensus="contested"]`
	do(t, tb, chromedp.Click(link))
	qt.Assert(t, eval[[]string](t, tb, visibleTermsJS), qt.DeepEquals, termsWhere(m, func(x compile.Term) bool { return x.Consensus == compile.Contested }))
	waitSearch(t, tb, "?consensus=contested")
	qt.Assert(t, eval[string](t, tb, `document.querySelector('`+link+`').getAttribute("aria-current")`), qt.Equals, "true")
	qt.Assert(t, eval[string](t, tb, `document.activeElement.tagName`), qt.Equals, "CAPTION")
	// The same link by keyboard turns the filter off again.
	do(t, tb, chromedp.Focus(link), chromedp.KeyEvent("\r"))
	qt.Assert(t, eval[[]string](t, tb, visibleTermsJS), qt.HasLen, len(m.Terms))
	qt.Assert(t, eval[bool](t, tb, `document.querySelector('`+link+`').hasAttribute("aria-current")`), qt.IsFalse)

	// In the scoreboard's embed, with no comparison beside it, the link opens
	// the explainer's comparison filtered to those terms.
	tb = openTab(t, newBrowser(t), s.url+"/"+flagship+"/embed/scoreboard/", tabOptions{})
	waitFor(t, tb, `!!customElements.get("parley-scoreboard")`)
	do(t, tb, chromedp.Click(link))
	waitFor(t, tb, `location.pathname === "/`+flagship+`/" && !!customElements.get("parley-compare")`)
	qt.Assert(t, eval[string](t, tb, `location.search + location.hash`), qt.Equals, "?consensus=contested#compare")
	qt.Assert(t, eval[[]string](t, tb, visibleTermsJS), qt.DeepEquals, termsWhere(m, func(x compile.Term) bool { return x.Consensus == compile.Contested }))
	qt.Assert(t, tb.errors(), qt.HasLen, 0)
}

func TestTimelineKeyboard(t *testing.T) {
	s := builtSite(t)
	tb := openTab(t, newBrowser(t), s.url+"/"+flagship+"/", tabOptions{})
	qt.Assert(t, eval[string](t, tb, `document.querySelector("parley-timeline li[tabindex='0']").className`), qt.Equals, "latest")
	do(t, tb, chromedp.Focus(`parley-timeline li.latest`), chromedp.KeyEvent(kb.Home))
	qt.Assert(t, eval[string](t, tb, `document.activeElement.querySelector("strong").textContent`), qt.Equals, s.models[flagship].Events[0].Title)
	do(t, tb, chromedp.KeyEvent(kb.ArrowDown))
	qt.Assert(t, eval[string](t, tb, `document.activeElement.querySelector("strong").textContent`), qt.Equals, s.models[flagship].Events[1].Title)
}

// At phone width nothing scrolls sideways, and each row of the comparison
// is a compact grid (ten sides: its marks under the term).
func TestPhoneLayout(t *testing.T) {
	s := builtSite(t)
	browser := newBrowser(t)
	for _, path := range []string{"/", "/" + flagship + "/", "/synth-0001/", "/404.html", "/uk/", "/uk/" + flagship + "/"} {
		t.Run(strings.Trim(path, "/"), func(t *testing.T) {
			tb := openTab(t, browser, s.url+path, tabOptions{width: 390, height: 844, mobile: true})
			qt.Assert(t, eval[int](t, tb, `document.documentElement.scrollWidth`) <= 390, qt.IsTrue,
				qt.Commentf("widest: %s", eval[string](t, tb, `Array.from(document.querySelectorAll("body *")).filter(e => e.getBoundingClientRect().right > 391).slice(0,3).map(e => e.tagName + "." + e.className).join(", ")`)))
			if path != "/" && path != "/404.html" && path != "/uk/" {
				want := map[string]string{"/" + flagship + "/": "grid", "/uk/" + flagship + "/": "grid", "/synth-0001/": "flex"}[path]
				qt.Assert(t, eval[string](t, tb, `getComputedStyle(document.querySelector("parley-compare tbody tr[data-term]")).display`), qt.Equals, want)
			}
			qt.Assert(t, tb.errors(), qt.HasLen, 0)
		})
	}
}

// Upgrading the widgets moves nothing on the page.
func TestNoLayoutShift(t *testing.T) {
	s := builtSite(t)
	tb := openTab(t, newBrowser(t), s.url+"/"+flagship+"/", tabOptions{})
	shift := eval[float64](t, tb, `new Promise(resolve => {
		let total = 0;
		new PerformanceObserver(list => { for (const e of list.getEntries()) total += e.value; })
			.observe({type: "layout-shift", buffered: true});
		setTimeout(() => resolve(total), 300);
	})`)
	qt.Assert(t, shift, qt.Equals, 0.0)
}

// Printing gives the full table, whatever the view on screen, notes included.
func TestPrintShowsFullTable(t *testing.T) {
	s := builtSite(t)
	m := s.models[flagship]
	tb := openTab(t, newBrowser(t), s.url+"/"+flagship+"/?q=crimea&hide=russia", tabOptions{})
	qt.Assert(t, eval[[]string](t, tb, visibleTermsJS), qt.HasLen, 1)
	_, err := chromedp.Call(tb.ctx, emulation.SetEmulatedMedia, emulation.SetEmulatedMediaParams{Media: "print"})
	qt.Assert(t, err, qt.IsNil)
	qt.Assert(t, eval[[]string](t, tb, visibleTermsJS), qt.HasLen, len(m.Terms))
	qt.Assert(t, eval[int](t, tb, `Array.from(document.querySelectorAll('parley-compare td[data-side="russia"]')).filter(e => e.offsetParent !== null).length`), qt.Equals, len(m.Terms))
	qt.Assert(t, eval[int](t, tb, `document.querySelectorAll("parley-compare .note p:not(.note-title)").length`) > 0, qt.IsTrue)
	qt.Assert(t, eval[bool](t, tb, `Array.from(document.querySelectorAll("parley-compare .note p:not(.note-title)")).every(p => p.getClientRects().length > 0)`), qt.IsTrue)
	qt.Assert(t, eval[string](t, tb, `getComputedStyle(document.querySelector("parley-compare form.controls")).display`), qt.Equals, "none")

	// A large table too, where a filter keeps hidden rows laid out at no height.
	tb = openTab(t, newBrowser(t), s.url+"/synth-0001/?q=nothing-matches-this", tabOptions{})
	rows := `Array.from(document.querySelectorAll("parley-compare tr[data-term]")).filter(r => r.getBoundingClientRect().height > 0 && getComputedStyle(r).visibility === "visible").length`
	waitFor(t, tb, rows+` === 0`)
	_, err = chromedp.Call(tb.ctx, emulation.SetEmulatedMedia, emulation.SetEmulatedMediaParams{Media: "print"})
	qt.Assert(t, err, qt.IsNil)
	qt.Assert(t, eval[int](t, tb, rows), qt.Equals, len(s.models["synth-0001"].Terms))
}

// waitSearch waits for the page's query string to be want: the compare
// widget brings the URL up to date just after painting a change.
func waitSearch(t testing.TB, tb *tab, want string) {
	t.Helper()
	waitFor(t, tb, "location.search === "+strconv.Quote(want))
}

// openFilters opens the comparison's filters, which wait behind one button.
func openFilters(t testing.TB, tb *tab) {
	t.Helper()
	waitFor(t, tb, `!!customElements.get("parley-compare")`)
	do(t, tb, chromedp.Click(`parley-compare .filter-toggle`))
	waitFor(t, tb, `!document.querySelector("parley-compare form.controls").hidden`)
}
