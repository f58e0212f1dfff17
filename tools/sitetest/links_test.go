package sitetest

import (
	"bytes"
	"encoding/json"
	"encoding/xml"
	"net/url"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"testing"

	qt "github.com/frankban/quicktest"
	"golang.org/x/net/html"
	"golang.org/x/net/html/atom"
)

// siteIndex is a built site read for link checking: every file, and the ids
// of every HTML page.
type siteIndex struct {
	public string
	base   *url.URL // the site's public address (the home page's canonical link)
	files  map[string]bool
	ids    map[string]map[string]bool // by page path ("/x/index.html")
	docs   map[string]*html.Node
}

func indexSite(t *testing.T, public string) *siteIndex {
	t.Helper()
	s := &siteIndex{public: public, files: map[string]bool{}, ids: map[string]map[string]bool{}, docs: map[string]*html.Node{}}
	err := filepath.WalkDir(public, func(p string, d os.DirEntry, err error) error {
		if err != nil || d.IsDir() {
			return err
		}
		rel, _ := filepath.Rel(public, p)
		name := "/" + filepath.ToSlash(rel)
		s.files[name] = true
		if !strings.HasSuffix(name, ".html") {
			return nil
		}
		b, err := os.ReadFile(p)
		if err != nil {
			return err
		}
		doc, err := html.Parse(bytes.NewReader(b))
		if err != nil {
			return err
		}
		s.docs[name] = doc
		ids := map[string]bool{}
		for n := range doc.Descendants() {
			if id, ok := attr(n, "id"); ok && n.Type == html.ElementNode {
				qt.Check(t, ids[id], qt.IsFalse, qt.Commentf("%s: id %q twice", name, id))
				ids[id] = true
			}
		}
		s.ids[name] = ids
		return nil
	})
	qt.Assert(t, err, qt.IsNil)
	canonical := ""
	for n := range s.docs["/index.html"].Descendants() {
		if rel, _ := attr(n, "rel"); n.DataAtom == atom.Link && rel == "canonical" {
			canonical, _ = attr(n, "href")
		}
	}
	s.base, err = url.Parse(canonical)
	qt.Assert(t, err, qt.IsNil, qt.Commentf("the home page's canonical link"))
	qt.Assert(t, s.base.Host, qt.Not(qt.Equals), "")
	return s
}

// resolve follows ref, found in the file at from (a path like
// "/x/index.html"), and says where it does not lead: a missing file, or a
// fragment that no element of the target page has as its id. Links to
// other sites are not followed.
func (s *siteIndex) resolve(from, ref string) string {
	pageURL := s.base.ResolveReference(&url.URL{Path: strings.TrimSuffix(from, "index.html")})
	u, err := url.Parse(strings.TrimSpace(ref))
	if err != nil {
		return err.Error()
	}
	abs := pageURL.ResolveReference(u)
	if abs.Scheme != "http" && abs.Scheme != "https" || abs.Host != s.base.Host {
		return "" // another site, mailto:, data:
	}
	target := abs.Path
	switch {
	case strings.HasSuffix(target, "/"):
		target += "index.html"
	case !s.files[target] && s.files[target+"/index.html"]:
		target += "/index.html"
	}
	if !s.files[target] {
		return "no file " + target + " in the site"
	}
	if abs.Fragment != "" && !s.ids[target][abs.Fragment] {
		return target + " has no element with id " + strconv.Quote(abs.Fragment)
	}
	return ""
}

func (s *siteIndex) check(t *testing.T, from, what, ref string) {
	t.Helper()
	if problem := s.resolve(from, ref); problem != "" {
		t.Errorf("%s: %s %q: %s", from, what, ref, problem)
	}
}

// Every internal link, fragment and asset reference in the shipped site
// (the flagship and a synthetic explainer) leads somewhere: in pages
// (href, src, action, and the URLs in meta tags and JSON-LD), in the
// embed snippets, oEmbed, the feed and the sitemap. Within a page, every
// id that a label, ARIA attribute or table header names exists.
func TestLinksResolve(t *testing.T) {
	site := builtSite(t)
	s := indexSite(t, filepath.Join(site.root, "public"))
	qt.Assert(t, len(s.docs) > 5, qt.IsTrue)
	refs := 0
	for name, doc := range s.docs {
		ids := s.ids[name]
		for n := range doc.Descendants() {
			if n.Type != html.ElementNode {
				continue
			}
			for _, a := range n.Attr {
				switch a.Key {
				case "href", "src", "action", "poster", "cite":
					refs++
					s.check(t, name, "<"+n.Data+" "+a.Key+">", a.Val)
				case "for", "aria-labelledby", "aria-describedby", "aria-controls", "aria-owns", "aria-activedescendant", "aria-details", "aria-errormessage", "headers", "list", "form", "popovertarget":
					for _, id := range strings.Fields(a.Val) {
						if !ids[id] {
							t.Errorf("%s: <%s %s=%q>: no element with id %q in the page", name, n.Data, a.Key, a.Val, id)
						}
					}
				}
			}
			switch n.DataAtom {
			case atom.Meta:
				if p, _ := attr(n, "property"); p == "og:url" || p == "og:image" {
					c, _ := attr(n, "content")
					s.check(t, name, "<meta property="+p+">", c)
				}
			case atom.Script:
				if typ, _ := attr(n, "type"); typ == "application/ld+json" {
					var ld map[string]any
					qt.Assert(t, json.Unmarshal([]byte(innerText(n)), &ld), qt.IsNil)
					for _, k := range []string{"url", "mainEntityOfPage", "image"} {
						if v, ok := ld[k].(string); ok {
							s.check(t, name, "JSON-LD "+k, v)
						}
					}
				}
			case atom.Textarea: // an embed snippet
				for c := range mustFragment(t, innerText(n)) {
					for _, k := range []string{"src"} {
						if v, ok := attr(c, k); ok {
							s.check(t, name, "snippet <"+c.Data+" src>", v)
						}
					}
				}
			}
		}
	}
	qt.Assert(t, refs > 50, qt.IsTrue)

	for name := range s.files {
		b, err := os.ReadFile(filepath.Join(s.public, filepath.FromSlash(name)))
		qt.Assert(t, err, qt.IsNil)
		switch {
		case strings.HasSuffix(name, "/oembed.json"):
			var o struct {
				HTML        string `json:"html"`
				ProviderURL string `json:"provider_url"`
			}
			qt.Assert(t, json.Unmarshal(b, &o), qt.IsNil)
			s.check(t, name, "provider_url", o.ProviderURL)
			n := 0
			for c := range mustFragment(t, o.HTML) {
				if v, ok := attr(c, "src"); ok {
					n++
					s.check(t, name, "html <"+c.Data+" src>", v)
				}
			}
			qt.Check(t, n, qt.Equals, 2, qt.Commentf("%s: the iframe and the loader", name))
		case name == "/index.xml" || name == "/sitemap.xml":
			d := xml.NewDecoder(bytes.NewReader(b))
			for {
				tok, err := d.Token()
				if err != nil {
					break
				}
				if se, ok := tok.(xml.StartElement); ok && (se.Name.Local == "link" || se.Name.Local == "loc" || se.Name.Local == "guid") {
					var v string
					if d.DecodeElement(&v, &se) == nil && v != "" {
						s.check(t, name, "<"+se.Name.Local+">", v)
					}
				}
				if se, ok := tok.(xml.StartElement); ok && se.Name.Local == "link" {
					for _, a := range se.Attr {
						if a.Name.Local == "href" {
							s.check(t, name, "<atom:link href>", a.Value)
						}
					}
				}
			}
		}
	}
}

// mustFragment parses an HTML snippet and returns its elements.
func mustFragment(t *testing.T, s string) func(func(*html.Node) bool) {
	t.Helper()
	nodes, err := html.ParseFragment(strings.NewReader(s), &html.Node{Type: html.ElementNode, Data: "body", DataAtom: atom.Body})
	qt.Assert(t, err, qt.IsNil)
	return func(yield func(*html.Node) bool) {
		for _, top := range nodes {
			for n := range top.Descendants() {
				if n.Type == html.ElementNode && !yield(n) {
					return
				}
			}
			if top.Type == html.ElementNode && !yield(top) {
				return
			}
		}
	}
}

// The checker catches what it is for.
func TestLinkCheckerFindsBrokenLinks(t *testing.T) {
	public := t.TempDir()
	write := func(name, s string) {
		p := filepath.Join(public, filepath.FromSlash(name))
		qt.Assert(t, os.MkdirAll(filepath.Dir(p), 0o755), qt.IsNil)
		qt.Assert(t, os.WriteFile(p, []byte(s), 0o644), qt.IsNil)
	}
	write("index.html", `<link rel="canonical" href="https://example.org/"><a href="/a/#here">ok</a><a href="/a/#nowhere">bad id</a><a href="/missing/">missing</a><img src="x.png"><a href="https://other.example/">elsewhere</a>`)
	write("a/index.html", `<p id="here">`)
	s := indexSite(t, public)
	var broken []string
	for n := range s.docs["/index.html"].Descendants() {
		for _, a := range n.Attr {
			if (a.Key == "href" || a.Key == "src") && s.resolve("/index.html", a.Val) != "" {
				broken = append(broken, a.Val+": "+s.resolve("/index.html", a.Val))
			}
		}
	}
	qt.Assert(t, broken, qt.DeepEquals, []string{
		`/a/#nowhere: /a/index.html has no element with id "nowhere"`,
		"/missing/: no file /missing/index.html in the site",
		"x.png: no file /x.png in the site",
	})
}
