package sitetest

// Hostile content: testdata/hostile is an explainer whose every string, in
// terms.yaml, the front matter and the prose, carries an attack (see the
// comment at the top of its terms.yaml). It must build, and every file of
// the output must keep it inert: the table outputRules says how each kind of
// file is checked, and a file no rule covers fails the test, so that a new
// kind of output gets its rule. In Chromium, no page of the site may run
// any of it.

import (
	"bytes"
	"encoding/csv"
	"encoding/json"
	"encoding/xml"
	"fmt"
	"image/png"
	"io"
	"net/http"
	"net/http/httptest"
	"net/url"
	"os"
	"path"
	"path/filepath"
	"regexp"
	"slices"
	"strings"
	"sync"
	"testing"

	"github.com/chromedp/cdproto/page"
	"github.com/chromedp/chromedp"
	qt "github.com/frankban/quicktest"
	"github.com/parley-news/parley/tools/internal/card"
	"github.com/parley-news/parley/tools/internal/compile"
	"github.com/parley-news/parley/tools/internal/content"
	"github.com/parley-news/parley/tools/internal/translate"
	"golang.org/x/net/html"
	"golang.org/x/net/html/atom"
)

// long is the 5,000-character word that replaces LONG in testdata/hostile.
var long = strings.Repeat("W", 5000)

type hostile struct {
	root, public, url string
	x                 *content.Explainer
	model             *compile.Model
}

// hostileSite builds the shipped project plus content/hostile, with a
// Ukrainian edition whose every translation is the same attack (the
// edition's pages must keep it as inert), and serves it.
func hostileSite(t testing.TB) *hostile {
	t.Helper()
	root := t.TempDir()
	copyProject(t, root)
	dir := filepath.Join(root, "content", "hostile")
	qt.Assert(t, os.MkdirAll(dir, 0o755), qt.IsNil)
	for _, name := range []string{"index.md", "terms.yaml"} {
		b, err := os.ReadFile(filepath.Join("testdata", "hostile", name))
		qt.Assert(t, err, qt.IsNil)
		qt.Assert(t, os.WriteFile(filepath.Join(dir, name), bytes.ReplaceAll(b, []byte("LONG"), []byte(long)), 0o644), qt.IsNil)
	}
	x, err := content.LoadDir(root, "content/hostile")
	qt.Assert(t, err, qt.IsNil)
	_, err = translate.Scaffold(root, x, "uk")
	qt.Assert(t, err, qt.IsNil)
	uk := filepath.Join(dir, "terms.uk.yaml")
	b, err := os.ReadFile(uk)
	qt.Assert(t, err, qt.IsNil)
	b = regexp.MustCompile(`(?m)^  en: (.*)\n  uk:$`).ReplaceAll(b, []byte("  en: $1\n  uk: $1"))
	qt.Assert(t, os.WriteFile(uk, b, 0o644), qt.IsNil)
	x, err = content.LoadDir(root, "content/hostile")
	qt.Assert(t, err, qt.IsNil)
	_, err = translate.Confirm(root, x, "uk", nil)
	qt.Assert(t, err, qt.IsNil)
	h := &hostile{root: root, public: filepath.Join(root, "public")}
	_, err = build(root, h.public)
	qt.Assert(t, err, qt.IsNil)
	h.x, err = content.LoadDir(root, "content/hostile")
	qt.Assert(t, err, qt.IsNil)
	h.model = compile.Compile(h.x)
	srv := httptest.NewServer(http.FileServer(http.Dir(h.public)))
	t.Cleanup(srv.Close)
	h.url = srv.URL
	return h
}

// outputRule checks one kind of output file; its problems are reported as
// test errors. pattern is matched against the slash-separated path.
type outputRule struct {
	pattern string
	check   func(t *testing.T, h *hostile, name string, b []byte)
}

// outputRules covers every file a build writes. Issue 6's outputs: pages
// and embed pages (HTML, with meta tags and JSON-LD), oEmbed, terms.json,
// terms.csv, the RSS feed, the sitemap, robots.txt and _headers.
var outputRules = []outputRule{
	{`^.*\.html$`, checkPage},
	{`^[^/]+/embed/[^/]+/oembed\.json$`, checkOEmbed},
	{`^[^/]+/terms\.json$`, checkDataJSON},
	{`^[^/]+/terms\.csv$`, checkCSV},
	{`^index\.xml$`, checkRSS},
	{`^([^/]+/history/)?updates\.xml$`, checkAtom},
	{`^(en/)?sitemap\.xml$`, checkSitemap}, // the index of the languages' sitemaps, and English's
	{`^(robots\.txt|_headers|embed\.js|js/main-\w+\.js|css/main-\w+\.css)$`, checkNoContent},
	{`^[^/]+/card\.png$`, checkCard},
}

func TestHostileContentIsInert(t *testing.T) {
	h := hostileSite(t)
	files := 0
	err := filepath.WalkDir(h.public, func(p string, d os.DirEntry, err error) error {
		if err != nil || d.IsDir() {
			return err
		}
		rel, _ := filepath.Rel(h.public, p)
		rel = filepath.ToSlash(rel)
		b, err := os.ReadFile(p)
		if err != nil {
			return err
		}
		// An edition's files are checked as the source's, which they
		// mirror under the language's root.
		name := strings.TrimPrefix(rel, "uk/")
		i := slices.IndexFunc(outputRules, func(r outputRule) bool { return regexp.MustCompile(r.pattern).MatchString(name) })
		if i < 0 {
			t.Errorf("%s: a kind of output no rule checks: add one to outputRules", rel)
			return nil
		}
		files++
		t.Run(rel, func(t *testing.T) { outputRules[i].check(t, h, name, b) })
		return nil
	})
	qt.Assert(t, err, qt.IsNil)
	qt.Assert(t, files > 20, qt.IsTrue)

	// Every output issue 6 promised exists for the hostile explainer.
	for _, f := range []string{"hostile/index.html", "hostile/terms.json", "hostile/terms.csv", "hostile/embed/compare/index.html", "hostile/embed/compare/oembed.json", "index.xml",
		"uk/hostile/index.html", "uk/hostile/terms.json", "uk/hostile/terms.csv", "uk/hostile/embed/compare/oembed.json", "uk/index.xml", "uk/hostile/card.png"} {
		_, err := os.Stat(filepath.Join(h.public, f))
		qt.Check(t, err, qt.IsNil)
	}
}

// The payloads a page may show only as text; if one parses as markup, it
// has escaped its context.
var payloadRE = regexp.MustCompile(`__pwned|HYPERLINK|WWWWW`)

// checkPage parses an HTML page: the only scripts are ours, no element or
// attribute came from content, and every URL is safe. The hostile page
// shows each payload as text, exactly as written.
func checkPage(t *testing.T, h *hostile, name string, b []byte) {
	doc, err := html.Parse(bytes.NewReader(b))
	qt.Assert(t, err, qt.IsNil)
	text := inspectHTML(t, doc, false)
	if strings.HasPrefix(name, "hostile/") && !strings.HasPrefix(name, "hostile/embed/") && !strings.HasPrefix(name, "hostile/history/") {
		f := h.x.Front
		for _, s := range []string{f.Title, f.Summary, f.Authors[0], f.Authors[1]} {
			qt.Check(t, text, qt.Contains, norm(s))
		}
		for _, s := range []string{h.x.Sides[0].Name, h.x.Terms[0].Text, h.x.Terms[0].Group, h.x.Terms[0].Explain, h.x.Sources[0].Title, h.x.Sources[0].Publisher, h.x.Events[0].Title, h.x.Events[0].Text} {
			qt.Check(t, text, qt.Contains, norm(s))
		}
	}
}

// norm collapses runs of white space, as the minifier does in text.
func norm(s string) string { return strings.Join(strings.Fields(s), " ") }

// inspectHTML walks a parsed document (or a snippet for other sites) and
// reports what content could have put there; it returns the text.
func inspectHTML(t *testing.T, n *html.Node, snippet bool) string {
	t.Helper()
	var text strings.Builder
	var walk func(n *html.Node)
	walk = func(n *html.Node) {
		switch n.Type {
		case html.TextNode:
			text.WriteString(n.Data + " ")
		case html.CommentNode:
			if payloadRE.MatchString(n.Data) {
				t.Errorf("content in a comment: %.200q", n.Data)
			}
		case html.ElementNode:
			checkElement(t, n, snippet)
			if n.DataAtom == atom.Textarea {
				// The embed snippet, for people to paste into their pages.
				nodes, err := html.ParseFragment(strings.NewReader(innerText(n)), &html.Node{Type: html.ElementNode, Data: "body", DataAtom: atom.Body})
				qt.Assert(t, err, qt.IsNil)
				for _, c := range nodes {
					inspectHTML(t, c, true)
				}
			}
		}
		for c := range n.ChildNodes() {
			walk(c)
		}
	}
	walk(n)
	return norm(text.String())
}

func innerText(n *html.Node) string {
	var b strings.Builder
	for c := range n.Descendants() {
		if c.Type == html.TextNode {
			b.WriteString(c.Data)
		}
	}
	return b.String()
}

func attr(n *html.Node, key string) (string, bool) {
	for _, a := range n.Attr {
		if a.Namespace == "" && a.Key == key {
			return a.Val, true
		}
	}
	return "", false
}

var (
	ourScript   = regexp.MustCompile(`^/js/main-\w+\.js$`)
	embedScript = regexp.MustCompile(`^https?://[^/]+/embed\.js$`)
	embedFrame  = regexp.MustCompile(`^https?://[^/]+/(uk/)?[a-z0-9-]+/embed/[a-z]+/$`)
	// Attributes whose value is a URL.
	urlAttrs = []string{"href", "src", "action", "formaction", "poster", "background", "cite", "data", "srcset", "ping", "manifest", "longdesc", "xlink:href"}
	// Elements no template writes, so content must have.
	forbidden = map[atom.Atom]bool{atom.Iframe: true, atom.Frame: true, atom.Frameset: true, atom.Object: true, atom.Embed: true,
		atom.Applet: true, atom.Base: true, atom.Style: true, atom.Svg: true, atom.Math: true, atom.Noscript: true, atom.Template: true}
)

// ourBar reports whether an SVG is the agreed / contested / unaddressed
// bar (layouts/_partials/parley/bar.html): rectangles with numbers for
// their place and size, nothing else.
func ourBar(n *html.Node) bool {
	if c, _ := attr(n, "class"); c != "bar" {
		return false
	}
	for c := n.FirstChild; c != nil; c = c.NextSibling {
		if c.Type != html.ElementNode || c.Data != "rect" {
			return false
		}
		for _, a := range c.Attr {
			switch {
			case a.Key == "class" && strings.HasPrefix(a.Val, "seg-"):
			case (a.Key == "x" || a.Key == "width" || a.Key == "height") && strings.Trim(a.Val, "0123456789") == "":
			default:
				return false
			}
		}
	}
	return true
}

func checkElement(t *testing.T, n *html.Node, snippet bool) {
	t.Helper()
	where := fmt.Sprintf("<%s %v>", n.Data, n.Attr)
	if len(where) > 300 {
		where = where[:300] + "…"
	}
	for _, a := range n.Attr {
		k := strings.ToLower(a.Key)
		switch {
		case strings.HasPrefix(k, "on"):
			t.Errorf("event handler attribute %s in %s", k, where)
		case k == "srcdoc" || k == "autofocus" || k == "formaction" || k == "style":
			t.Errorf("attribute %s in %s", k, where)
		case slices.Contains(urlAttrs, k):
			if rel, _ := attr(n, "rel"); n.DataAtom == atom.Link && rel == "icon" && a.Val == "data:," {
				continue
			}
			if scheme := urlScheme(a.Val); scheme != "" && scheme != "http" && scheme != "https" && scheme != "mailto" {
				t.Errorf("%s: URL scheme %q in %s", k, scheme, where)
			}
		}
	}
	switch {
	case n.DataAtom == atom.Script:
		src, hasSrc := attr(n, "src")
		typ, _ := attr(n, "type")
		integrity, _ := attr(n, "integrity")
		switch {
		case snippet && hasSrc && embedScript.MatchString(src) && integrity != "" && n.FirstChild == nil:
		case !snippet && hasSrc && typ == "module" && ourScript.MatchString(src) && integrity != "" && n.FirstChild == nil:
		case !snippet && !hasSrc && (typ == "application/json" || typ == "application/ld+json"):
			checkScriptData(t, innerText(n))
		default:
			t.Errorf("a script that is not ours: %s", where)
		}
	case n.DataAtom == atom.Iframe && snippet:
		if src, _ := attr(n, "src"); !embedFrame.MatchString(src) {
			t.Errorf("iframe of %q", src)
		}
	case n.DataAtom == atom.Svg && !snippet && ourBar(n):
	case forbidden[n.DataAtom] || (snippet && n.DataAtom != atom.Iframe && n.DataAtom != atom.Script):
		t.Errorf("element from content: %s", where)
	case n.DataAtom == atom.Meta:
		if eq, ok := attr(n, "http-equiv"); ok && eq != "Content-Security-Policy" {
			t.Errorf("meta http-equiv %q", eq)
		}
	case n.DataAtom == atom.Link:
		if rel, _ := attr(n, "rel"); !slices.Contains([]string{"stylesheet", "icon", "canonical", "alternate"}, rel) {
			t.Errorf("link rel %q", rel)
		}
	}
}

// urlScheme is the scheme a browser sees in an attribute's URL, which it
// reads after dropping leading and trailing spaces and control characters
// and every tab and newline (html.Parse has decoded entities already); a
// URL without a valid scheme is relative.
func urlScheme(v string) string {
	v = strings.TrimFunc(v, func(r rune) bool { return r <= ' ' })
	v = strings.Map(func(r rune) rune {
		if r == '\t' || r == '\n' || r == '\r' {
			return -1
		}
		return r
	}, v)
	scheme, _, found := strings.Cut(v, ":")
	if !found || !regexp.MustCompile(`^[A-Za-z][A-Za-z0-9+.-]*$`).MatchString(scheme) {
		return "" // relative: "java%09script:x" is a path
	}
	return strings.ToLower(scheme)
}

// checkScriptData checks JSON embedded in a page: it parses, and nothing in
// it can end the script element or open a comment or CDATA section.
func checkScriptData(t *testing.T, s string) {
	t.Helper()
	var v any
	qt.Check(t, json.Unmarshal([]byte(s), &v), qt.IsNil, qt.Commentf("%.300s", s))
	lower := strings.ToLower(s)
	for _, bad := range []string{"</script", "<!--", "<![cdata[", "\u2028", "\u2029"} {
		qt.Check(t, strings.Contains(lower, bad), qt.IsFalse, qt.Commentf("%q in a script's JSON", bad))
	}
}

// checkOEmbed: valid JSON whose html, pasted into other sites, holds our
// iframe and loader and nothing else.
func checkOEmbed(t *testing.T, h *hostile, name string, b []byte) {
	var o struct {
		Type, Title, HTML string
	}
	qt.Assert(t, json.Unmarshal(b, &o), qt.IsNil)
	qt.Check(t, o.Type, qt.Equals, "rich")
	nodes, err := html.ParseFragment(strings.NewReader(o.HTML), &html.Node{Type: html.ElementNode, Data: "body", DataAtom: atom.Body})
	qt.Assert(t, err, qt.IsNil)
	var tags []string
	for _, n := range nodes {
		inspectHTML(t, n, true)
		if n.Type == html.ElementNode {
			tags = append(tags, n.Data)
		}
	}
	qt.Check(t, tags, qt.DeepEquals, []string{"iframe", "script"})
	if strings.HasPrefix(name, "hostile/") {
		qt.Check(t, o.Title, qt.Contains, h.x.Front.Title)
		qt.Check(t, bytes.ContainsAny(b, "<>"), qt.IsFalse, qt.Commentf("< or > unescaped in oEmbed JSON"))
	}
}

// checkDataJSON: terms.json parses, holds every payload as written, and
// escapes <, > and & and the line separators, so that no sniffing browser
// or careless consumer reads markup in it.
func checkDataJSON(t *testing.T, h *hostile, name string, b []byte) {
	var m compile.Model
	qt.Assert(t, json.Unmarshal(b, &m), qt.IsNil)
	qt.Check(t, bytes.ContainsAny(b, "<>&"), qt.IsFalse)
	qt.Check(t, bytes.Contains(b, []byte("\u2028")) || bytes.Contains(b, []byte("\u2029")), qt.IsFalse)
	if name == "hostile/terms.json" {
		qt.Check(t, m.Title, qt.Equals, h.x.Front.Title)
		qt.Check(t, m.Terms[0].Text, qt.Equals, h.x.Terms[0].Text)
		qt.Check(t, m.Sources[0].URL, qt.Equals, h.x.Sources[0].URL)
	}
}

// checkCSV: terms.csv parses, and no cell is a formula to a spreadsheet.
func checkCSV(t *testing.T, h *hostile, name string, b []byte) {
	rows, err := csv.NewReader(bytes.NewReader(b)).ReadAll()
	qt.Assert(t, err, qt.IsNil)
	for _, r := range rows {
		for _, c := range r {
			if c != "" && strings.ContainsRune("=+-@\t\r", rune(c[0])) {
				t.Errorf("cell %.80q starts a formula", c)
			}
		}
	}
	if name == "hostile/terms.csv" {
		qt.Check(t, string(b), qt.Contains, `'=HYPERLINK(""http://evil.example/"")`)
		qt.Check(t, string(b), qt.Contains, `'@SUM(1+1)*cmd|' /C calc'!A0`)
	}
}

// checkRSS: the feed is well-formed XML; titles are text, and the
// description, which feed readers render as HTML, holds no markup.
func checkRSS(t *testing.T, h *hostile, name string, b []byte) {
	var feed struct {
		Items []struct {
			Title       string `xml:"title"`
			Link        string `xml:"link"`
			Description string `xml:"description"`
		} `xml:"channel>item"`
	}
	d := xml.NewDecoder(bytes.NewReader(b))
	d.Strict = true
	qt.Assert(t, d.Decode(&feed), qt.IsNil)
	found := false
	for _, it := range feed.Items {
		qt.Check(t, urlScheme(it.Link), qt.Matches, "https?")
		nodes, err := html.ParseFragment(strings.NewReader(it.Description), &html.Node{Type: html.ElementNode, Data: "body", DataAtom: atom.Body})
		qt.Assert(t, err, qt.IsNil)
		for _, n := range nodes {
			if n.Type != html.TextNode {
				t.Errorf("markup in a feed item's description: %.200q", it.Description)
			}
		}
		if strings.HasSuffix(it.Link, "/hostile/") {
			found = true
			qt.Check(t, it.Title, qt.Equals, h.x.Front.Title)
			qt.Check(t, html.UnescapeString(it.Description), qt.Equals, h.x.Front.Summary)
		}
	}
	qt.Check(t, found, qt.IsTrue)
}

// checkAtom parses an Atom feed strictly: its links are the site's, and
// each entry's content, HTML, holds only the markup Parley writes there.
func checkAtom(t *testing.T, h *hostile, name string, b []byte) {
	var feed struct {
		Title   string `xml:"title"`
		Entries []struct {
			ID      string `xml:"id"`
			Title   string `xml:"title"`
			Content string `xml:"content"`
			Link    struct {
				Href string `xml:"href,attr"`
			} `xml:"link"`
		} `xml:"entry"`
	}
	d := xml.NewDecoder(bytes.NewReader(b))
	d.Strict = true
	qt.Assert(t, d.Decode(&feed), qt.IsNil)
	if strings.HasPrefix(name, "hostile/") {
		qt.Check(t, strings.HasPrefix(feed.Title, h.x.Front.Title+": "), qt.IsTrue, qt.Commentf("%s", feed.Title)) // ": Updates", in the feed's language
	}
	for _, e := range feed.Entries {
		qt.Check(t, urlScheme(e.Link.Href), qt.Matches, "https?")
		nodes, err := html.ParseFragment(strings.NewReader(e.Content), &html.Node{Type: html.ElementNode, Data: "body", DataAtom: atom.Body})
		qt.Assert(t, err, qt.IsNil)
		for _, n := range nodes {
			for c := range n.Descendants() {
				if c.Type == html.ElementNode && !slices.Contains([]string{"p", "ul", "li", "strong"}, c.Data) {
					t.Errorf("markup in a feed entry: %.200q", e.Content)
				}
			}
		}
	}
}

func checkSitemap(t *testing.T, h *hostile, name string, b []byte) {
	d := xml.NewDecoder(bytes.NewReader(b))
	d.Strict = true
	for {
		_, err := d.Token()
		if err == io.EOF {
			break
		}
		qt.Assert(t, err, qt.IsNil)
	}
	checkNoContent(t, h, name, b)
}

// checkCard: the social card is a PNG of the card's size whose only text
// is its key (the title is drawn, never written as text into the file).
func checkCard(t *testing.T, _ *hostile, name string, b []byte) {
	img, err := png.Decode(bytes.NewReader(b))
	qt.Assert(t, err, qt.IsNil, qt.Commentf(name))
	qt.Check(t, img.Bounds().Size(), qt.Equals, card.Size)
	qt.Check(t, card.KeyOf(b), qt.Matches, `[0-9a-f]{32}`)
	qt.Check(t, bytes.Count(b, []byte("tEXt")), qt.Equals, 1)
	qt.Check(t, payloadRE.Find(b), qt.IsNil)
}

// checkNoContent: files content never reaches.
func checkNoContent(t *testing.T, _ *hostile, name string, b []byte) {
	qt.Check(t, payloadRE.Find(b), qt.IsNil)
}

// In Chromium, with the page's own Content-Security-Policy: loading every
// page and using every widget on it opens no dialog, logs no error (a CSP
// violation among them) and runs no payload. So do hostile view states in
// the address (the compare table keeps its view there).
func TestHostileContentInBrowser(t *testing.T) {
	h := hostileSite(t)
	browser := newBrowser(t)
	var pages []string
	filepath.WalkDir(h.public, func(p string, d os.DirEntry, err error) error {
		if err == nil && !d.IsDir() && strings.HasSuffix(p, ".html") {
			rel, _ := filepath.Rel(h.public, p)
			pages = append(pages, "/"+strings.TrimSuffix(filepath.ToSlash(rel), "index.html"))
		}
		return nil
	})
	attack := url.Values{"q": {`"><img src=x onerror=window.__pwned=1>`}, "group": {h.x.Groups[0], `<script>window.__pwned=1</script>`},
		"side": {"s1", `javascript:window.__pwned=1`}, "stance": {"supports"}, "consensus": {`"><svg onload=window.__pwned=1>`}}
	pages = append(pages, "/hostile/?"+attack.Encode(), "/hostile/#\"><img src=x onerror=window.__pwned=1>")
	qt.Assert(t, len(pages) > 10, qt.IsTrue)

	// open loads a page in a new tab that records the dialogs it opens.
	open := func(t *testing.T, url string) (*tab, func() []string) {
		tb := openTab(t, browser, "about:blank", tabOptions{})
		var mu sync.Mutex
		var dialogs []string
		qt.Assert(t, chromedp.Listen(tb.ctx, func(ev any) {
			if ev, ok := ev.(*page.EventJavascriptDialogOpening); ok {
				mu.Lock()
				dialogs = append(dialogs, string(ev.Type)+": "+ev.Message)
				mu.Unlock()
				go chromedp.Call(tb.ctx, page.HandleJavaScriptDialog, page.HandleJavaScriptDialogParams{Accept: true})
			}
		}), qt.IsNil)
		do(t, tb, chromedp.Navigate(url))
		return tb, func() []string { mu.Lock(); defer mu.Unlock(); return slices.Clone(dialogs) }
	}

	// The detectors detect: a dialog is seen, and markup injected into the
	// page is refused by its policy, which is logged.
	t.Run("controls", func(t *testing.T) {
		tb, dialogs := open(t, h.url+"/hostile/")
		eval[any](t, tb, `alert("control"), 0`) // through DevTools, which the policy allows
		qt.Assert(t, dialogs(), qt.DeepEquals, []string{"alert: control"})
		eval[any](t, tb, `document.body.insertAdjacentHTML("beforeend", '<img src="data:," onload="window.__pwned=1"><script>window.__pwned=2</script>'), 0`)
		eval[any](t, tb, `new Promise(r => setTimeout(r, 200))`)
		qt.Assert(t, eval[string](t, tb, `typeof window.__pwned`), qt.Equals, "undefined")
		qt.Assert(t, strings.Join(tb.errors(), "\n"), qt.Contains, "Content Security Policy")
	})

	for _, p := range pages {
		t.Run(path.Clean(p), func(t *testing.T) {
			tb, dialogs := open(t, h.url+p)
			// On the hostile explainer's pages, use everything: open
			// every note, search, filter, pick other sides, press every
			// button. The flagship's pages are only loaded.
			eval[any](t, tb, `(async () => {
				if (!location.pathname.startsWith("/hostile/")) return 0;
				const tick = () => new Promise(r => setTimeout(r, 5));
				for (const d of document.querySelectorAll("details")) d.open = true;
				for (const n of document.querySelectorAll("[popover]")) { n.showPopover(); await tick(); }
				for (const s of document.querySelectorAll("select")) {
					for (const o of s.options) { s.value = o.value; s.dispatchEvent(new Event("change", {bubbles: true})); await tick(); }
				}
				for (const i of document.querySelectorAll("input[type=search]")) {
					i.value = "<img src=x onerror=window.__pwned=1>"; i.dispatchEvent(new Event("input", {bubbles: true})); await tick();
					i.value = ""; i.dispatchEvent(new Event("input", {bubbles: true}));
				}
				for (const b of document.querySelectorAll("button, input[type=checkbox]")) { b.click(); await tick(); }
				await new Promise(r => setTimeout(r, 200));
				return 0;
			})()`)
			qt.Check(t, eval[string](t, tb, `typeof window.__pwned`), qt.Equals, "undefined")
			qt.Check(t, dialogs(), qt.HasLen, 0)
			qt.Check(t, tb.errors(), qt.HasLen, 0)
			// The page's policy is in force: inline script is refused.
			qt.Check(t, eval[bool](t, tb, `!!document.querySelector('meta[http-equiv="Content-Security-Policy"]')`), qt.IsTrue)
		})
	}
}

// The loader refuses what cannot be made inert in place: source URLs that
// are not http(s) (plain, entity-encoded, data:) and invisible bidirectional
// controls, at their line and column.
func TestHostileContentRefused(t *testing.T) {
	dir := t.TempDir()
	copyProject(t, dir)
	x := filepath.Join(dir, "content", "ukraine-peace-talks")
	terms, err := os.ReadFile(filepath.Join(x, "terms.yaml"))
	qt.Assert(t, err, qt.IsNil)
	src := strings.Replace(string(terms), "\nsources:\n", "\nsources:\n"+
		"  js: {publisher: P, title: T, date: 2025-01, url: \"javascript:alert(1)\"}\n"+
		"  js-encoded: {publisher: P, title: T, date: 2025-01, url: \"&#106;avascript:alert(1)\"}\n"+
		"  js-spaced: {publisher: P, title: T, date: 2025-01, url: \" JavaScript:alert(1)\"}\n"+
		"  data: {publisher: P, title: T, date: 2025-01, url: \"data:text/html,<script>alert(1)</script>\"}\n"+
		"  rtl: {publisher: \"P\u202eevil\", title: T, date: 2025-01}\n", 1)
	qt.Assert(t, os.WriteFile(filepath.Join(x, "terms.yaml"), []byte(src), 0o644), qt.IsNil)
	line := strings.Count(src[:strings.Index(src, "  js:")], "\n") + 1
	_, err = build(dir, filepath.Join(dir, "public"))
	// The project has no git history: its warning comes with the errors.
	qt.Assert(t, err, qt.ErrorMatches, fmt.Sprintf(`warning: no git history \([^\n]*
content/ukraine-peace-talks/terms.yaml:%d:\d+: bad url "javascript:alert\(1\)" in source "js" \(want an absolute http or https URL\)
content/ukraine-peace-talks/terms.yaml:%d:\d+: bad url "&#106;avascript:alert\(1\)" in source "js-encoded" \(want an absolute http or https URL\)
content/ukraine-peace-talks/terms.yaml:%d:\d+: bad url "JavaScript:alert\(1\)" in source "js-spaced" \(want an absolute http or https URL\)
content/ukraine-peace-talks/terms.yaml:%d:\d+: bad url "data:text/html,<script>alert\(1\)</script>" in source "data" \(want an absolute http or https URL\)
content/ukraine-peace-talks/terms.yaml:%d:\d+: invisible bidirectional control character U\+202E \(RIGHT-TO-LEFT OVERRIDE\): it makes text display differently from what it says; remove it`,
		line, line+1, line+2, line+3, line+4))
	_, err = os.Stat(filepath.Join(dir, "public"))
	qt.Assert(t, os.IsNotExist(err), qt.IsTrue)
}
