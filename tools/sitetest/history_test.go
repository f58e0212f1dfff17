package sitetest

import (
	"encoding/csv"
	"encoding/json"
	"encoding/xml"
	"io"
	"io/fs"
	"net/http"
	"net/http/httptest"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"slices"
	"strings"
	"testing"

	"github.com/chromedp/chromedp"
	qt "github.com/frankban/quicktest"
	"github.com/parley-news/parley/tools/internal/compile"
	"github.com/parley-news/parley/tools/internal/fixture"
	"github.com/parley-news/parley/tools/internal/project"
	"golang.org/x/net/html"
)

// needGit skips a test without git, but fails it under CI=true.
func needGit(t *testing.T) {
	t.Helper()
	if _, err := exec.LookPath("git"); err != nil {
		if os.Getenv("CI") == "true" {
			t.Fatalf("git is required under CI: %v", err)
		}
		t.Skip("git not installed")
	}
}

// historySite builds fixture.HistoryRepo into its public/.
func historySite(t *testing.T) (dir, public string) {
	t.Helper()
	needGit(t)
	dir = fixture.HistoryRepo(t)
	public = filepath.Join(dir, "public")
	res, err := build(dir, public)
	qt.Assert(t, err, qt.IsNil)
	qt.Assert(t, res.Warnings.Error(), qt.Not(qt.Contains), "git")
	return dir, public
}

func read(t *testing.T, path string) string {
	t.Helper()
	b, err := os.ReadFile(path)
	qt.Assert(t, err, qt.IsNil)
	return string(b)
}

// The fixture's four commits show as exactly their changes, dated, on the
// page, its embed, terms.json, terms.csv and both feeds; the draft before
// the starting point shows nowhere; commit messages and authors nowhere.
func TestHistoryFromGit(t *testing.T) {
	dir, public := historySite(t)
	page := read(t, filepath.Join(public, fixture.Talks, "index.html"))

	// The updates, newest first, each with its sentences.
	doc := parseHTML(t, page)
	var got []string
	for _, li := range findAll(doc, func(n *html.Node) bool { return n.Data == "li" && hasAttr(n, "data-time") }) {
		got = append(got, spacedText(li))
	}
	qt.Check(t, got, qt.DeepEquals, []string{
		"2 April 2025 Term reworded: ‘Elections are held within 100 days’ Ukrainian terms: note revised on ‘Ukraine gets security guarantees’ US plan: note revised on ‘Elections are held within 100 days’",
		"2 April 2025 Correction: We said Ukraine wanted guarantees with Europe; it asked the United States.",
		"12 March 2025 Moscow turned the ceasefire down <b>flat</b>. Russian reply: — silent → ✘ opposes on ‘A 30-day ceasefire comes first’ US plan: confirmed → reported on ‘Sanctions on Russia are eased’",
	})
	meta := findAll(doc, func(n *html.Node) bool { v, _ := attr(n, "class"); return v == "meta" })
	qt.Check(t, spacedText(meta[0]), qt.Equals, "Published 1 March 2025 · Updated 2 April 2025")
	qt.Check(t, page, qt.Contains, `"correction":[{"@type":"CorrectionComment","datePublished":"2025-04-02","text":"We said Ukraine wanted guarantees with Europe; it asked the United States."}]`)
	corrections := findAll(doc, func(n *html.Node) bool { v, _ := attr(n, "id"); return strings.HasPrefix(v, "correction-") })
	qt.Assert(t, corrections, qt.HasLen, 1)
	qt.Check(t, spacedText(corrections[0]), qt.Equals, "2 April 2025 : We said Ukraine wanted guarantees with Europe; it asked the United States. Corrected: Ukrainian terms on ‘Ukraine gets security guarantees’")

	// The cells that changed, on the page and on the embed, and the one
	// corrected.
	wantCells := []string{"ceasefire.ru-reply@2025-03-12T10:00:00Z", "elections.us-plan@2025-04-02T10:00:00Z", "guarantees.ua-terms@2025-04-02T10:00:00Z", "sanctions.us-plan@2025-03-12T10:00:00Z"}
	embed := parseHTML(t, read(t, filepath.Join(public, fixture.Talks, "embed", "compare", "index.html")))
	for name, doc := range map[string]*html.Node{"page": doc, "embed": embed} {
		var cells, corrected []string
		for _, td := range findAll(doc, func(n *html.Node) bool { return n.Data == "td" && hasAttr(n, "data-side") }) {
			term, _ := attr(td.Parent, "data-term")
			side, _ := attr(td, "data-side")
			if when, ok := attr(td, "data-changed"); ok {
				cells = append(cells, term+"."+side+"@"+when)
			}
			if findAll(td, func(n *html.Node) bool { v, _ := attr(n, "aria-label"); return v == "corrected" }) != nil {
				corrected = append(corrected, term+"."+side)
			}
		}
		slices.Sort(cells)
		qt.Check(t, cells, qt.DeepEquals, wantCells, qt.Commentf("%s", name))
		qt.Check(t, corrected, qt.DeepEquals, []string{"guarantees.ua-terms"}, qt.Commentf("%s", name))
	}

	// terms.json: the history, and each cell's steps across the rename.
	var m compile.Model
	qt.Assert(t, json.Unmarshal([]byte(read(t, filepath.Join(public, fixture.Talks, "terms.json"))), &m), qt.IsNil)
	qt.Check(t, m.History.Known, qt.IsTrue)
	qt.Check(t, m.History.Start, qt.Equals, "2025-03-01T10:00:00Z")
	qt.Check(t, m.History.Updated, qt.Equals, "2025-04-02T10:00:00Z")
	qt.Check(t, len(m.History.Updates), qt.Equals, 3)
	el := m.Terms[3].Positions[0]
	qt.Assert(t, m.Terms[3].ID+"/"+el.Side, qt.Equals, "elections/us-plan")
	qt.Check(t, len(el.History), qt.Equals, 2)
	qt.Check(t, el.History[0].Note, qt.Equals, "Soon.")
	qt.Check(t, el.History[1].Changed, qt.DeepEquals, []string{"note"})

	// terms.csv: the same, a column each.
	rows, err := csv.NewReader(strings.NewReader(read(t, filepath.Join(public, fixture.Talks, "terms.csv")))).ReadAll()
	qt.Assert(t, err, qt.IsNil)
	qt.Check(t, rows[0][12:], qt.DeepEquals, []string{"changed", "corrections", "history"})
	row := rows[slices.IndexFunc(rows, func(r []string) bool { return r[0] == "elections" && r[4] == "us-plan" })]
	qt.Check(t, row[12:], qt.DeepEquals, []string{"2025-04-02T10:00:00Z", "", "2025-03-01: supports; note: Soon.; sources: A wire: Talks resume (2025-02-01) | 2025-04-02: supports; note: Within *100* days.; sources: A wire: Talks resume (2025-02-01)"})
	row = rows[slices.IndexFunc(rows, func(r []string) bool { return r[0] == "guarantees" && r[4] == "ua-terms" })]
	qt.Check(t, row[13], qt.Equals, "1")

	// The feeds: the explainer's, and the site's.
	for _, feed := range []string{filepath.Join(fixture.Talks, "history", "updates.xml"), "updates.xml"} {
		var f struct {
			Updated string `xml:"updated"`
			Entries []struct {
				ID      string `xml:"id"`
				Title   string `xml:"title"`
				Updated string `xml:"updated"`
				Content string `xml:"content"`
			} `xml:"entry"`
		}
		qt.Assert(t, xml.Unmarshal([]byte(read(t, filepath.Join(public, feed))), &f), qt.IsNil, qt.Commentf("%s", feed))
		qt.Check(t, f.Updated, qt.Equals, "2025-04-02T10:00:00Z")
		qt.Assert(t, f.Entries, qt.HasLen, 3, qt.Commentf("%s", feed))
		qt.Check(t, f.Entries[0].ID, qt.Matches, `http://localhost:1313/truce-talks/#update-[0-9a-f]{12}`)
		qt.Check(t, f.Entries[1].Title, qt.Matches, `(Truce talks: who wants what: )?Correction: We said Ukraine .*`)
		qt.Check(t, f.Entries[2].Updated, qt.Equals, "2025-03-12T10:00:00Z")
		// An editor's line is text: escaped once for HTML inside the XML.
		qt.Check(t, f.Entries[2].Content, qt.Contains, "<p>Moscow turned the ceasefire down &lt;b&gt;flat&lt;/b&gt;.</p>")
	}

	// The history page: every step of the cells that changed.
	history := read(t, filepath.Join(public, fixture.Talks, "history", "index.html"))
	qt.Check(t, history, qt.Contains, `<p>Within <em>100</em> days.</p>`)
	qt.Check(t, history, qt.Contains, `<p>Soon.</p>`)

	// The draft before the starting point, and the commits' messages and
	// authors, are nowhere.
	qt.Check(t, read(t, filepath.Join(public, "build.json")), qt.Contains, `"commit":"`+strings.TrimSpace(gitOut(t, dir, "rev-parse", "HEAD"))+`"`)
	err = filepath.WalkDir(public, func(path string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() {
			return err
		}
		b, err := os.ReadFile(path)
		for _, s := range []string{"alert(", "Site.Params", "Parley-Update", "Signed-off-by", "2025-02-20", "20 February", "unclear →"} {
			qt.Check(t, strings.Contains(string(b), s), qt.IsFalse, qt.Commentf("%s holds %q", path, s))
		}
		return err
	})
	qt.Assert(t, err, qt.IsNil)
}

func parseHTML(t *testing.T, s string) *html.Node {
	t.Helper()
	doc, err := html.Parse(strings.NewReader(s))
	qt.Assert(t, err, qt.IsNil)
	return doc
}

// findAll lists the elements under n that match, in document order.
func findAll(n *html.Node, match func(*html.Node) bool) []*html.Node {
	var out []*html.Node
	for c := range n.Descendants() {
		if c.Type == html.ElementNode && match(c) {
			out = append(out, c)
		}
	}
	return out
}

// spacedText is the text under n, its pieces joined by spaces (minified
// HTML has none between blocks), each run of space made one.
func spacedText(n *html.Node) string {
	var parts []string
	for c := range n.Descendants() {
		if c.Type == html.TextNode {
			parts = append(parts, c.Data)
		}
	}
	return strings.Join(strings.Fields(strings.Join(parts, " ")), " ")
}

func hasAttr(n *html.Node, key string) bool {
	_, ok := attr(n, key)
	return ok
}

func gitOut(t *testing.T, dir string, args ...string) string {
	t.Helper()
	cmd := exec.Command("git", args...)
	cmd.Dir = dir
	b, err := cmd.Output()
	qt.Assert(t, err, qt.IsNil)
	return string(b)
}

// check runs parley check on the project at dir.
func check(dir string, o project.Options) (*project.Result, error) {
	o.Mode, o.Log = project.Check, io.Discard
	p, err := project.Open(dir, o)
	if err != nil {
		return nil, err
	}
	defer p.Close()
	return p.Build()
}

// A check says what readers will see changed: since the commit the
// published site records, or since a revision given.
func TestCheckReportsChangesSincePublished(t *testing.T) {
	dir, _ := historySite(t)
	res, err := check(dir, project.Options{})
	qt.Assert(t, err, qt.IsNil)
	qt.Assert(t, res.Changes, qt.IsNotNil)
	qt.Check(t, res.Changes.From, qt.Equals, "public/build.json")
	qt.Check(t, res.Changes.Explainers, qt.HasLen, 0)

	// An edit not yet committed.
	b := strings.Replace(fixture.TalksLast, "      ua-terms: silent\n", "      ua-terms: {stance: opposes, sources: [wire]}\n", 1)
	fixture.WriteTalks(t, dir, b)
	res, err = check(dir, project.Options{})
	qt.Assert(t, err, qt.IsNil)
	qt.Assert(t, res.Changes.Explainers, qt.HasLen, 1)
	qt.Check(t, sentences(res.Changes.Explainers[0].Lines), qt.DeepEquals, []string{`Ukrainian terms: silent → opposes on "Elections are held within 100 days"`})

	res, err = check(dir, project.Options{Since: "HEAD~1"})
	qt.Assert(t, err, qt.IsNil)
	x := res.Changes.Explainers[0]
	qt.Check(t, res.Changes.Date, qt.Equals, "2025-03-12")
	qt.Check(t, sentences(x.Lines), qt.DeepEquals, []string{
		`Term reworded: "Elections are held within 100 days"`,
		`Ukrainian terms: silent → opposes on "Elections are held within 100 days"`,
		`Ukrainian terms: note revised on "Ukraine gets security guarantees"`,
		`US plan: note revised on "Elections are held within 100 days"`,
	})
	qt.Check(t, x.Corrections, qt.HasLen, 1)
	qt.Check(t, x.Notes, qt.HasLen, 0)

	_, err = check(dir, project.Options{Since: "no-such-rev"})
	qt.Check(t, err, qt.ErrorMatches, `--since no-such-rev: git log: .*`)
}

func sentences(lines []compile.Line) []string {
	var out []string
	for _, l := range lines {
		out = append(out, l.Sentence())
	}
	return out
}

// Without full history a build succeeds and says so, once; required
// (CI=true), it fails. A shallow clone and a tree without .git alike.
func TestBuildWithoutHistory(t *testing.T) {
	dir, _ := historySite(t)
	shallow := filepath.Join(t.TempDir(), "shallow")
	gitOut(t, dir, "clone", "--quiet", "--depth=1", "file://"+dir, shallow)
	bare := t.TempDir()
	qt.Assert(t, os.CopyFS(bare, os.DirFS(dir)), qt.IsNil)
	qt.Assert(t, os.RemoveAll(filepath.Join(bare, ".git")), qt.IsNil)
	qt.Assert(t, os.RemoveAll(filepath.Join(bare, "public")), qt.IsNil)
	t.Setenv("GIT_CEILING_DIRECTORIES", filepath.Dir(bare))
	for name, tc := range map[string]struct{ dir, why string }{
		"shallow": {shallow, "the repository is a shallow clone"},
		"no .git": {bare, "content/ is in no git repository, or git is not installed"},
	} {
		t.Run(name, func(t *testing.T) {
			public := filepath.Join(t.TempDir(), "public")
			res, err := build(tc.dir, public)
			qt.Assert(t, err, qt.IsNil)
			qt.Check(t, res.Warnings.Error(), qt.Equals, "warning: no git history ("+tc.why+"): pages show no updates and no dates of change; under CI=true this fails")
			page := read(t, filepath.Join(public, fixture.Talks, "index.html"))
			qt.Check(t, page, qt.Contains, "This copy of the explainer was built without its history.")
			qt.Check(t, page, qt.Not(qt.Contains), "data-changed")
			qt.Check(t, page, qt.Contains, `<li id="correction-1">`) // the editors' own record stays
			_, err = os.Stat(filepath.Join(public, "build.json"))
			qt.Check(t, os.IsNotExist(err), qt.IsTrue)

			p, err := project.Open(tc.dir, project.Options{Mode: project.Build, Dest: filepath.Join(t.TempDir(), "out"), Log: io.Discard, RequireHistory: true})
			qt.Assert(t, err, qt.IsNil)
			defer p.Close()
			_, err = p.Build()
			qt.Check(t, err, qt.ErrorMatches, `no git history \(`+regexp.QuoteMeta(tc.why)+`\): history is required .*fetch-depth: 0\)`)
		})
	}
}

// The since-last-visit view marks exactly the cells changed after the
// stored visit, keeps them through a reload, and marks nothing on a first
// visit or once the reader has seen the latest.
func TestSinceLastVisitInBrowser(t *testing.T) {
	_, public := historySite(t)
	srv := httptest.NewServer(http.FileServer(http.Dir(public)))
	t.Cleanup(srv.Close)
	url := srv.URL + "/" + fixture.Talks + "/"
	browser := newBrowser(t)
	marked := `Array.from(document.querySelectorAll("td.is-new")).map(td => td.closest("tr").dataset.term + "." + td.dataset.side).sort().join(" ")`

	tb := openTab(t, browser, url, tabOptions{width: 390, height: 844, mobile: true})
	waitFor(t, tb, `customElements.get("parley-since") !== undefined`)
	qt.Check(t, eval[string](t, tb, marked), qt.Equals, "", qt.Commentf("a first visit"))
	qt.Check(t, eval[bool](t, tb, `document.querySelector("parley-since").hidden`), qt.IsTrue)

	// A reader who last came on 12 March, after its update.
	eval[bool](t, tb, `localStorage.setItem("parley:seen:truce-talks", "2025-03-12T10:00:00Z"), sessionStorage.clear(), true`)
	for _, visit := range []string{"return", "reload"} {
		do(t, tb, chromedp.Reload())
		waitFor(t, tb, `document.querySelector("parley-since") && !document.querySelector("parley-since").hidden`)
		qt.Check(t, eval[string](t, tb, marked), qt.Equals, "elections.us-plan guarantees.ua-terms", qt.Commentf("%s", visit))
		qt.Check(t, eval[string](t, tb, `document.querySelector(".since-status").textContent`), qt.Equals,
			"2 positions changed since your last visit on 12 March 2025: marked “new” below.")
		qt.Check(t, eval[int](t, tb, `document.querySelectorAll(".update-list > li.is-new").length`), qt.Equals, 2)
		qt.Check(t, eval[string](t, tb, `localStorage.getItem("parley:seen:truce-talks")`), qt.Equals, "2025-04-02T10:00:00Z")
	}
	if dir := os.Getenv("PARLEY_SHOTS"); dir != "" {
		shoot(t, tb, filepath.Join(dir, "since-390.png"))
	}
	// Clearing the marks, by keyboard.
	do(t, tb, chromedp.Focus(".since-clear"), chromedp.KeyEvent("\r"))
	waitFor(t, tb, `document.querySelector("parley-since").hidden && !document.querySelector(".is-new, .new-tag")`)
	qt.Check(t, tb.errors(), qt.HasLen, 0)

	// A new visit after the latest: nothing new.
	tb2 := openTab(t, browser, url, tabOptions{})
	waitFor(t, tb2, `customElements.get("parley-since") !== undefined`)
	qt.Check(t, eval[string](t, tb2, marked), qt.Equals, "")
}

// shoot saves a full-page screenshot of the tab, for a person to look at.
func shoot(t *testing.T, tb *tab, path string) {
	t.Helper()
	b, err := chromedp.Run(tb.ctx, chromedp.FullScreenshot(90))
	qt.Assert(t, err, qt.IsNil)
	qt.Assert(t, os.WriteFile(path, b, 0o644), qt.IsNil)
}
