package sitetest

import (
	"encoding/json"
	"io"
	"io/fs"
	"net/url"
	"os"
	"path/filepath"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"testing"

	"github.com/chromedp/chromedp"
	"github.com/chromedp/chromedp/kb"
	qt "github.com/frankban/quicktest"
	"github.com/parley-news/parley/tools/internal/content"
	"github.com/parley-news/parley/tools/internal/fixture"
	"github.com/parley-news/parley/tools/internal/project"
	"github.com/parley-news/parley/tools/internal/translate"
	"golang.org/x/net/html"
)

// checkWarnings runs parley check on root and returns its warnings.
func checkWarnings(t *testing.T, root string) string {
	t.Helper()
	p, err := project.Open(root, project.Options{Mode: project.Check, Log: io.Discard})
	qt.Assert(t, err, qt.IsNil)
	defer p.Close()
	res, err := p.Build()
	qt.Assert(t, err, qt.IsNil)
	return res.Warnings.Error()
}

// rewrite replaces old with new in the project's file rel, which must hold it.
func rewrite(t *testing.T, root, rel, old, new string) {
	t.Helper()
	path := filepath.Join(root, filepath.FromSlash(rel))
	b := read(t, path)
	qt.Assert(t, strings.Contains(b, old), qt.IsTrue, qt.Commentf("%s lacks %q", rel, old))
	qt.Assert(t, os.WriteFile(path, []byte(strings.Replace(b, old, new, 1)), 0o644), qt.IsNil)
}

// A source changed since its translation (a term's text, the prose) is
// reported by check where the translation is, and shown to readers of the
// edition in the source's words, marked, never as the outdated sentence; a
// string not translated at all the same.
func TestStaleTranslationsFallBack(t *testing.T) {
	dir := t.TempDir()
	copyProject(t, dir)
	x := "content/" + flagship
	uk := read(t, filepath.Join(dir, x, "terms.uk.yaml"))
	rewrite(t, dir, x+"/terms.yaml", "text: Crimea is recognised as Russian territory in law (de jure)", "text: Crimea is recognised in law (de jure) as part of Russia")
	rewrite(t, dir, x+"/terms.uk.yaml", "sides.europe.summary:\n  en: \"The UK, France and Germany reject Russian sovereignty over Crimea.\"\n  uk: \"Велика Британія, Франція та Німеччина не визнають російського суверенітету над Кримом.\"\n", "")
	rewrite(t, dir, x+"/index.md", "## Where things stand\n", "## Where things stand\n\nA sentence added after the translation.\n")

	line := strconv.Itoa(1 + strings.Count(uk[:strings.Index(uk, "terms.crimea-de-jure.text:")], "\n") - 3) // three lines removed above it
	warnings := checkWarnings(t, dir)
	qt.Check(t, warnings, qt.Contains, x+`/terms.uk.yaml:`+line+`:1: warning: stale translation of terms.crimea-de-jure.text: terms.yaml now says "Crimea is recognised in law (de jure) as part of Russia" (it was "Crimea is recognised as Russian territory in law (de jure)" when translated)`)
	qt.Check(t, warnings, qt.Matches, `(?s).*`+x+`/terms.uk.yaml:1:1: warning: 1 of \d+ strings not yet translated.*`)
	qt.Check(t, warnings, qt.Contains, x+`/index.uk.md:2:13: warning: stale translation: index.md has changed since it was translated`)

	public := filepath.Join(dir, "public")
	_, err := build(dir, public)
	qt.Assert(t, err, qt.IsNil)
	page := read(t, filepath.Join(public, "uk", flagship, "index.html"))
	qt.Check(t, page, qt.Contains, `<html lang="uk" dir="ltr">`)
	qt.Check(t, page, qt.Contains, `<span lang="en" class="untranslated">Crimea is recognised in law (de jure) as part of Russia</span>`)
	qt.Check(t, page, qt.Not(qt.Contains), "Крим визнають російською територією юридично")
	qt.Check(t, page, qt.Contains, `<span lang="en" class="untranslated">The UK, France and Germany reject Russian sovereignty over Crimea.</span>`)
	notice := regexp.MustCompile(`(?s)<div class="translation-notice" role="note">.*?</div>`).FindString(page)
	qt.Check(t, notice, qt.Contains, `<a href="/`+flagship+`/" hreflang="en">`)
	qt.Check(t, strings.Count(notice, "<p>"), qt.Equals, 2, qt.Commentf("%s", notice))
	qt.Check(t, notice, qt.Contains, "2 ")
	// The English page knows nothing of it.
	en := read(t, filepath.Join(public, flagship, "index.html"))
	qt.Check(t, en, qt.Not(qt.Contains), "untranslated")
	qt.Check(t, en, qt.Not(qt.Contains), "translation-notice")
	// The data says what it is in: the source's words where the edition has none.
	var m struct {
		Lang  string
		Terms []struct{ ID, Text string }
	}
	qt.Assert(t, json.Unmarshal([]byte(read(t, filepath.Join(public, "uk", flagship, "terms.json"))), &m), qt.IsNil)
	qt.Check(t, m.Lang, qt.Equals, "uk")
	for _, term := range m.Terms {
		if term.ID == "crimea-de-jure" {
			qt.Check(t, term.Text, qt.Equals, "Crimea is recognised in law (de jure) as part of Russia")
		}
	}
}

// Each edition is a site of its own under /<lang>/, every page in its
// language and linked to its other editions both ways; its files (data,
// card, oEmbed, feeds, sitemap) are in its language too.
func TestEditionPagesAndFiles(t *testing.T) {
	_, public := published(t)
	pages := htmlPages(t, public)
	qt.Assert(t, slices.Contains(pages, "uk/"+flagship+"/index.html"), qt.IsTrue)
	alternates := map[string][]string{}
	for _, p := range pages {
		doc := read(t, filepath.Join(public, p))
		want := "en"
		if strings.HasPrefix(p, "uk/") {
			want = "uk"
		}
		if strings.Contains(doc, `http-equiv="refresh"`) { // Hugo's redirect of /en/ to /
			continue
		}
		qt.Check(t, regexp.MustCompile(`<html lang="(\w+)" dir="ltr"`).FindStringSubmatch(doc), qt.DeepEquals, []string{`<html lang="` + want + `" dir="ltr"`, want}, qt.Commentf("%s", p))
		for _, m := range regexp.MustCompile(`<link rel="alternate" hreflang="([^"]+)" href="([^"]+)">`).FindAllStringSubmatch(doc, -1) {
			u, err := url.Parse(m[2])
			qt.Assert(t, err, qt.IsNil)
			target := strings.TrimPrefix(u.Path, "/")
			if !strings.HasSuffix(target, ".html") {
				target += "index.html"
			}
			alternates[p] = append(alternates[p], m[1]+" "+target)
		}
	}
	for _, p := range []string{flagship + "/index.html", "uk/" + flagship + "/index.html", "index.html", "uk/index.html", flagship + "/embed/compare/index.html", "uk/" + flagship + "/history/index.html"} {
		qt.Check(t, len(alternates[p]), qt.Equals, 3, qt.Commentf("%s: %v", p, alternates[p]))
	}
	for p, alts := range alternates {
		slices.Sort(alts)
		for _, a := range alts {
			_, target, _ := strings.Cut(a, " ")
			other := slices.Sorted(slices.Values(alternates[target]))
			qt.Check(t, other, qt.DeepEquals, alts, qt.Commentf("%s links to %s, which does not link back alike", p, target))
		}
	}
	en := read(t, filepath.Join(public, flagship, "index.html"))
	uk := read(t, filepath.Join(public, "uk", flagship, "index.html"))
	qt.Check(t, en, qt.Contains, `<a href="/uk/`+flagship+`/" hreflang="uk" lang="uk">Українська</a>`)
	qt.Check(t, uk, qt.Contains, `<a href="/`+flagship+`/" hreflang="en" lang="en">English</a>`)
	qt.Check(t, uk, qt.Contains, `<meta property="og:image" content="http://localhost:1313/uk/`+flagship+`/card.png">`)

	// Data, card and oEmbed in the edition's words.
	qt.Check(t, read(t, filepath.Join(public, "uk", flagship, "terms.csv")), qt.Contains, "Крим")
	qt.Check(t, read(t, filepath.Join(public, "uk", flagship, "terms.json")), qt.Contains, `"lang":"uk"`)
	card, enCard := read(t, filepath.Join(public, "uk", flagship, "card.png")), read(t, filepath.Join(public, flagship, "card.png"))
	qt.Check(t, card != enCard, qt.IsTrue)
	var o struct {
		Title, HTML  string
		ThumbnailURL string `json:"thumbnail_url"`
	}
	qt.Assert(t, json.Unmarshal([]byte(read(t, filepath.Join(public, "uk", flagship, "embed", "compare", "oembed.json"))), &o), qt.IsNil)
	qt.Check(t, o.Title, qt.Matches, `Мирні переговори щодо України: хто чого хоче: .*`)
	qt.Check(t, o.ThumbnailURL, qt.Equals, "http://localhost:1313/uk/"+flagship+"/card.png")
	qt.Check(t, o.HTML, qt.Contains, `src="http://localhost:1313/uk/`+flagship+`/embed/compare/"`)
	// Feeds and sitemap.
	qt.Check(t, read(t, filepath.Join(public, "uk", "index.xml")), qt.Contains, "<language>uk</language>")
	qt.Check(t, read(t, filepath.Join(public, "uk", "index.xml")), qt.Contains, "<link>http://localhost:1313/uk/"+flagship+"/</link>")
	qt.Check(t, read(t, filepath.Join(public, "uk", "updates.xml")), qt.Contains, `xml:lang="uk"`)
	qt.Check(t, read(t, filepath.Join(public, "uk", flagship, "history", "updates.xml")), qt.Contains, `xml:lang="uk"`)
	qt.Check(t, read(t, filepath.Join(public, "uk", "sitemap.xml")), qt.Contains, "http://localhost:1313/uk/"+flagship+"/")
	qt.Check(t, read(t, filepath.Join(public, "sitemap.xml")), qt.Contains, "http://localhost:1313/uk/sitemap.xml")
}

// htmlPages lists the HTML files of a built site, by slash path.
func htmlPages(t *testing.T, public string) []string {
	t.Helper()
	var out []string
	err := filepath.WalkDir(public, func(path string, d fs.DirEntry, err error) error {
		if err == nil && strings.HasSuffix(path, ".html") {
			rel, _ := filepath.Rel(public, path)
			out = append(out, filepath.ToSlash(rel))
		}
		return err
	})
	qt.Assert(t, err, qt.IsNil)
	return out
}

// latinWord is a word in Latin letters: on a Ukrainian page, outside what
// is marked as English, code and names, an interface string left in English.
var latinWord = regexp.MustCompile(`[A-Za-z]{2,}`)

// allowedLatin are the words in Latin letters a Ukrainian page may show:
// names and formats, the licence's name, the mark of text in English.
var allowedLatin = map[string]bool{"Parley": true, "EN": true, "terms": true, "csv": true, "json": true, "term_id": true, "Creative": true, "Commons": true, "Attribution": true, "CC": true, "BY": true, "Atom": true}

// No interface word in English on the Ukrainian edition's pages: text and
// the attributes read aloud (aria-label, alt, title, placeholder), outside
// elements marked lang="en", code (textarea, script, style) and the
// terms.csv column names.
func TestUkrainianPagesSpeakUkrainian(t *testing.T) {
	_, public := published(t)
	found := map[string][]string{}
	for _, p := range htmlPages(t, public) {
		if !strings.HasPrefix(p, "uk/") {
			continue
		}
		doc, err := html.Parse(strings.NewReader(read(t, filepath.Join(public, p))))
		qt.Assert(t, err, qt.IsNil)
		var walk func(n *html.Node)
		note := func(s string) {
			for _, w := range latinWord.FindAllString(s, -1) {
				if !allowedLatin[w] && !strings.Contains(s, "term_id") {
					found[p] = append(found[p], w+" in "+strconv.Quote(strings.TrimSpace(s)))
				}
			}
		}
		walk = func(n *html.Node) {
			if n.Type == html.ElementNode {
				switch n.Data {
				case "script", "style", "textarea", "head":
					return
				}
				for _, a := range n.Attr {
					switch a.Key {
					case "lang":
						if a.Val == "en" {
							return
						}
					case "aria-label", "alt", "title", "placeholder":
						note(a.Val)
					}
				}
			}
			if n.Type == html.TextNode {
				note(n.Data)
			}
			for c := n.FirstChild; c != nil; c = c.NextSibling {
				walk(c)
			}
		}
		walk(doc)
	}
	for p, words := range found {
		t.Errorf("%s: %d English words, e.g. %v", p, len(words), words[:min(len(words), 8)])
	}
	qt.Check(t, len(found), qt.Equals, 0)
}

// The widgets' script speaks the page's language too: what it writes as
// the reader filters and picks (counts, the filter button, the match-up's
// sentence and verdicts) is in Ukrainian on the Ukrainian page.
func TestUkrainianWidgetsSpeakUkrainian(t *testing.T) {
	s := builtSite(t)
	tb := openTab(t, newBrowser(t), s.url+"/uk/"+flagship+"/", tabOptions{})
	english := func(sel string) []string {
		return eval[[]string](t, tb, `Array.from(document.querySelectorAll(`+strconv.Quote(sel)+`), (e) => e.textContent).join(" ").match(/[A-Za-z]{2,}/g) || []`)
	}
	text := func(sel string) string {
		return eval[string](t, tb, `document.querySelector(`+strconv.Quote(sel)+`).textContent`)
	}
	before := text("parley-compare .status")
	openFilters(t, tb)
	do(t, tb, chromedp.Focus(`parley-compare select[name="group"]`), chromedp.KeyEvent(kb.ArrowDown))
	waitFor(t, tb, `location.search.startsWith("?group=")`)
	after := text("parley-compare .status")
	qt.Check(t, after, qt.Not(qt.Equals), before)
	qt.Check(t, after, qt.Matches, `.*\d.*`)
	qt.Check(t, english("parley-compare .status, parley-compare .filter-toggle"), qt.HasLen, 0, qt.Commentf("%s", after))

	sentence := text("parley-matchup .count")
	do(t, tb, chromedp.Focus(`parley-matchup select[name="b"]`), chromedp.KeyEvent(kb.ArrowDown))
	waitFor(t, tb, `document.querySelector("parley-matchup .count").textContent !== `+strconv.Quote(sentence))
	waitFor(t, tb, `document.querySelector("parley-matchup").dataset.b === "ukraine"`)
	qt.Check(t, english("parley-matchup .count, parley-matchup caption, parley-matchup td.verdict, parley-matchup .cell-stance"), qt.HasLen, 0)
	qt.Check(t, tb.errors(), qt.HasLen, 0)
}

// A preview opens an edition's pages as it opens the source's, and shows
// an edit of either at once: a new translation, and an English change that
// makes a translation stale.
func TestServeOpensEditions(t *testing.T) {
	root := t.TempDir()
	copyProject(t, root)
	base, _ := serveInProcess(t, root)
	for _, c := range []struct{ path, want string }{
		{"uk/", `<html lang="uk" dir="ltr">`},
		{"uk/" + flagship + "/", "Мирні переговори щодо України"},
		{"uk/" + flagship + "/embed/compare/", `<html lang="uk" dir="ltr" data-embed`},
		{"uk/" + flagship + "/embed/compare/oembed.json", `"type":"rich"`},
		{"uk/" + flagship + "/history/", "усі зміни"},
		{"uk/" + flagship + "/terms.json", `"lang":"uk"`},
		{flagship + "/", `hreflang="uk"`},
	} {
		code, body := get(t, base+c.path)
		qt.Check(t, code, qt.Equals, 200, qt.Commentf("%s", c.path))
		qt.Check(t, body, qt.Contains, c.want, qt.Commentf("%s", c.path))
	}
	x := "content/" + flagship
	rewrite(t, root, x+"/terms.uk.yaml", `uk: "Крим визнають російською територією юридично (де-юре)"`, `uk: "Крим юридично визнають частиною Росії (де-юре)"`)
	pageShows(t, base+"uk/"+flagship+"/", "Крим юридично визнають частиною Росії (де-юре)")
	rewrite(t, root, x+"/terms.yaml", "text: Crimea is recognised as Russian territory in law (de jure)", "text: Crimea is recognised in law (de jure) as part of Russia")
	pageShows(t, base+"uk/"+flagship+"/", `<span lang="en" class="untranslated">Crimea is recognised in law (de jure) as part of Russia</span>`)
}

// An edition's history: its updates name terms and sides in its words,
// the editors' lines are translated like any string, and on the history
// page the notes of earlier versions (never translated) are marked as in
// the source's language, the current one in the edition's.
func TestEditionHistory(t *testing.T) {
	needGit(t)
	dir := fixture.HistoryRepo(t)
	x, err := content.LoadDir(dir, "content/"+fixture.Talks)
	qt.Assert(t, err, qt.IsNil)
	_, err = translate.Scaffold(dir, x, "uk")
	qt.Assert(t, err, qt.IsNil)
	uk := "content/" + fixture.Talks + "/terms.uk.yaml"
	for key, text := range map[string]string{
		"terms.ceasefire.text":           "Спершу 30-денне припинення вогню",
		"sides.ru-reply.name":            "Відповідь Росії",
		"terms.guarantees.ua-terms.note": "Зі Сполученими Штатами.",
		"updates.1":                      "Москва навідріз відмовилася від припинення вогню.",
	} {
		rewrite(t, dir, uk, "\n"+key+":\n  en: "+strconv.Quote(sourceOf(t, x, key))+"\n  uk:\n", "\n"+key+":\n  en: "+strconv.Quote(sourceOf(t, x, key))+"\n  uk: "+strconv.Quote(text)+"\n")
	}
	public := filepath.Join(dir, "public")
	_, err = build(dir, public)
	qt.Assert(t, err, qt.IsNil)

	doc := parseHTML(t, read(t, filepath.Join(public, "uk", fixture.Talks, "index.html")))
	var got []string
	for _, li := range findAll(doc, func(n *html.Node) bool { return n.Data == "li" && hasAttr(n, "data-time") }) {
		got = append(got, spacedText(li))
	}
	qt.Assert(t, got, qt.HasLen, 3)
	qt.Check(t, got[2], qt.Contains, "Москва навідріз відмовилася від припинення вогню.")
	qt.Check(t, got[2], qt.Contains, "Відповідь Росії: — мовчить → ✘ проти")
	qt.Check(t, got[2], qt.Contains, "«Спершу 30-денне припинення вогню»")
	qt.Check(t, got[0], qt.Matches, `2 квітня 2025 .*`)

	history := read(t, filepath.Join(public, "uk", fixture.Talks, "history", "index.html"))
	qt.Check(t, history, qt.Contains, `<div lang="en"><p>With Europe.</p></div>`)
	qt.Check(t, history, qt.Contains, "Зі Сполученими Штатами.")
	qt.Check(t, history, qt.Not(qt.Contains), `With the United States.`)
}

// sourceOf is the text of x's string key.
func sourceOf(t *testing.T, x *content.Explainer, key string) string {
	t.Helper()
	for _, s := range x.Strings() {
		if s.Key == key {
			return s.Text
		}
	}
	t.Fatalf("no string %s", key)
	return ""
}
