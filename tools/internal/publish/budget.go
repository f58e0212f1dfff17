package publish

import (
	"bytes"
	"compress/gzip"
	"errors"
	"fmt"
	"html"
	"io/fs"
	"net/url"
	"os"
	"path"
	"path/filepath"
	"regexp"
	"slices"
	"strings"
	"sync"

	"github.com/parley-news/parley/tools/internal/diag"
	"github.com/parley-news/parley/tools/internal/markdown"
	"github.com/tdewolff/parse/v2"
	htmllex "github.com/tdewolff/parse/v2/html"
)

// Budgets caps what a visitor downloads for one page, in bytes gzipped at
// gzip's best compression (as tools/internal/bundle measures the CSS and
// JS); zero means no cap.
type Budgets struct {
	// HTML caps the HTML of each page in Pages.
	HTML int
	// Page caps each page in Pages together with every file of the site
	// it loads: stylesheets (and what they load), scripts, images, frames,
	// icons. Each file counts once per page.
	Page int
	// Pages are the pages the caps apply to, as slash-separated paths
	// relative to the site's root: "talks/index.html".
	Pages []string
	// Caps are other caps for some of Pages, by page: a language's own
	// (its script may take more bytes for the same text).
	Caps map[string]Cap
}

// Cap is the HTML and Page budgets of some pages, and where they are set.
type Cap struct {
	HTML, Page int
	Where      string // e.g. "[languages.uk.params.parley.budgets]"
}

// of returns the caps of page.
func (b Budgets) of(page string) Cap {
	if c, ok := b.Caps[page]; ok {
		return c
	}
	return Cap{b.HTML, b.Page, "[params.parley.budgets]"}
}

// budgeted returns the set of b.Pages, if b caps them.
func (b Budgets) budgeted() map[string]bool {
	budgeted := map[string]bool{}
	if b.HTML > 0 || b.Page > 0 {
		for _, p := range b.Pages {
			budgeted[p] = true
		}
	}
	return budgeted
}

// check applies the budgets b to the scans of the site's HTML and CSS
// files, by slash path.
func (c *checker) check(b Budgets, byFile map[string]*scan) error {
	var l diag.List
	for _, s := range byFile {
		l = append(l, s.problems...)
	}
	for _, page := range b.Pages {
		b := b.of(page)
		s, ok := byFile[page]
		if !ok {
			if b.HTML > 0 || b.Page > 0 {
				l.Add(page, 0, 0, "missing: the page budgets apply to it, but the site has no such page")
			}
			continue
		}
		if b.HTML > 0 && s.quick > b.HTML {
			n, err := c.size(page, nil)
			if err != nil {
				return err
			}
			if n > b.HTML {
				l.Add(page, 0, 0, "the page's HTML is %d bytes gzipped, over its budget of %d (html in %s)", n, b.HTML, b.Where)
			}
		}
		if b.Page > 0 {
			total, _, err := c.pageWeight(page, s.quick, s, byFile)
			if err != nil {
				return err
			}
			var parts []string
			if total > b.Page {
				n, err := c.size(page, nil)
				if err != nil {
					return err
				}
				if total, parts, err = c.pageWeight(page, n, s, byFile); err != nil {
					return err
				}
			}
			if total > b.Page {
				l.Add(page, 0, 0, "the page and the files it loads are %d bytes gzipped (%s), over their budget of %d (page in %s)",
					total, strings.Join(parts, ", "), b.Page, b.Where)
			}
		}
	}
	return l.Err()
}

// scan is what one HTML or CSS file holds: its third-party requests, the
// site's files it loads, and for a budgeted page an upper bound of its
// gzip size: gzipped at a quicker level, which never compresses better than
// the best. Only pages over a budget by that measure are gzipped again at
// the best level, which costs two to three times as much.
type scan struct {
	problems diag.List
	quick    int
	refs     []string // slash paths relative to the site's root
	err      error
}

type checker struct {
	dir   string
	read  func(rel string) ([]byte, error) // a file of the site, by slash path
	mu    sync.Mutex
	sizes map[string]*fileSize
}

func newChecker(dir string) *checker {
	return &checker{dir: dir, sizes: map[string]*fileSize{}, read: func(rel string) ([]byte, error) {
		return os.ReadFile(filepath.Join(dir, filepath.FromSlash(rel)))
	}}
}

type fileSize struct {
	once sync.Once
	n    int
	err  error
}

// size returns a file's gzip size at the best level, computed once; data,
// when not nil, holds its bytes.
func (c *checker) size(rel string, data []byte) (int, error) {
	c.mu.Lock()
	e, ok := c.sizes[rel]
	if !ok {
		e = &fileSize{}
		c.sizes[rel] = e
	}
	c.mu.Unlock()
	e.once.Do(func() {
		if data == nil {
			if data, e.err = c.read(rel); e.err != nil {
				return
			}
		}
		e.n = gzipSize(data, gzip.BestCompression)
	})
	return e.n, e.err
}

// pageWeight adds up a page of html bytes gzipped and the files it loads,
// and those the stylesheets among them load in turn.
func (c *checker) pageWeight(page string, html int, s *scan, byFile map[string]*scan) (int, []string, error) {
	total := html
	parts := []string{fmt.Sprintf("HTML %d", html)}
	seen := map[string]bool{page: true}
	queue := slices.Clone(s.refs)
	for len(queue) > 0 {
		ref := queue[0]
		queue = queue[1:]
		if seen[ref] {
			continue
		}
		seen[ref] = true
		n, err := c.size(ref, nil)
		if err != nil {
			if errors.Is(err, fs.ErrNotExist) { // a broken reference is not the budget's business
				continue
			}
			return 0, nil, err
		}
		total += n
		parts = append(parts, fmt.Sprintf("%s %d", ref, n))
		if css, ok := byFile[ref]; ok {
			queue = append(queue, css.refs...)
		}
	}
	return total, parts, nil
}

// quickLevel is the gzip level of the first measure of a page: 2 to 3 times
// quicker than the best, and 2 to 4% bigger on our pages.
const quickLevel = 4

// gzipWriters are reused, by level: a gzip.Writer is about a megabyte of
// state.
var gzipWriters = map[int]*sync.Pool{quickLevel: newGzipPool(quickLevel), gzip.BestCompression: newGzipPool(gzip.BestCompression)}

func newGzipPool(level int) *sync.Pool {
	return &sync.Pool{New: func() any {
		w, _ := gzip.NewWriterLevel(nil, level)
		return w
	}}
}

type countingWriter int

func (c *countingWriter) Write(p []byte) (int, error) {
	*c += countingWriter(len(p))
	return len(p), nil
}

// gzipSize is the size of b gzipped at level (quickLevel or
// gzip.BestCompression). At the best level, it is the measure of every
// budget; bundle.GzipSize gives the same number.
func gzipSize(b []byte, level int) int {
	var n countingWriter
	pool := gzipWriters[level]
	w := pool.Get().(*gzip.Writer)
	w.Reset(&n)
	w.Write(b)
	w.Close()
	pool.Put(w)
	return int(n)
}

func (c *checker) scanFile(rel string, budgeted bool) scan {
	data, err := c.read(rel)
	if err != nil {
		return scan{err: err}
	}
	return scanData(rel, data, budgeted)
}

// scanData scans the bytes of the HTML or CSS file at rel. It lower-cases
// HTML tag and attribute names in data, in place.
func scanData(rel string, data []byte, budgeted bool) scan {
	var s scan
	if strings.HasSuffix(strings.ToLower(rel), ".css") {
		s.refs = scanCSS(rel, data, &s.problems)
		return s
	}
	if budgeted { // before lexing, which lower-cases tag and attribute names in place
		s.quick = gzipSize(data, quickLevel)
	}
	s.refs = scanHTML(rel, data, &s.problems)
	return s
}

// fetching lists the elements that load subresources, with the attributes
// that name them.
var fetching = map[string][]string{
	"script": {"src"},
	"link":   {"href"},
	"img":    {"src", "srcset"},
	"iframe": {"src"},
	"frame":  {"src"},
	"embed":  {"src"},
	"object": {"data"},
	"source": {"src", "srcset"},
	"video":  {"src", "poster"},
	"audio":  {"src"},
	"track":  {"src"},
	"input":  {"src"},
	"image":  {"href", "xlink:href"},
}

// linkOnly are the rel values of a <link> that loads nothing: a link like
// <a href>. A <link> with any other rel token loads what it names.
var linkOnly = map[string]bool{
	"alternate": true, "author": true, "bookmark": true, "canonical": true, "external": true,
	"help": true, "license": true, "me": true, "next": true, "nofollow": true, "noopener": true,
	"noreferrer": true, "prev": true, "search": true, "tag": true, "shortlink": true,
	"privacy-policy": true, "terms-of-service": true, "webmention": true, "pingback": true,
}

// inlineRef finds URLs in markup the lexer leaves whole (inline SVG).
var inlineRef = regexp.MustCompile(`(?i)\s(?:src|href|xlink:href)\s*=\s*["']?\s*((?:https?:)?//[^\s"'>]*)`)

// scanHTML reports the third-party requests of a page and returns the
// site's files it loads.
func scanHTML(rel string, data []byte, problems *diag.List) []string {
	var refs []string
	check := func(tag, attr, raw string) {
		for _, u := range splitRefs(attr, raw) {
			if markdown.ThirdParty(u) {
				problems.Add(rel, 0, 0, "<%s %s=%q> loads from another site: pages may load only the site's own files (no third-party requests)", tag, attr, u)
			} else if r, ok := resolve(rel, u); ok {
				refs = append(refs, r)
			}
		}
	}
	l := htmllex.NewLexer(parse.NewInputBytes(data))
	// The tag being read, and the attributes that name what it loads (nil
	// for the many tags that load nothing, which are neither copied nor
	// looked up again).
	var tag string
	var names []string
	var attrs [][2]string
	inStyle := false
	for {
		tt, text := l.Next()
		switch tt {
		case htmllex.ErrorToken:
			return refs
		case htmllex.StartTagToken:
			name := l.Text()
			names, attrs = fetching[string(name)], attrs[:0]
			if names != nil {
				tag = string(name)
			}
			inStyle = string(name) == "style"
		case htmllex.AttributeToken:
			name := l.Text()
			if string(name) == "style" {
				if v := l.AttrVal(); bytes.Contains(v, []byte("url(")) || bytes.Contains(v, []byte("@import")) {
					refs = append(refs, scanCSS(rel, []byte(unquote(v)), problems)...)
				}
			} else if names != nil {
				attrs = append(attrs, [2]string{string(name), unquote(l.AttrVal())})
			}
		case htmllex.StartTagCloseToken, htmllex.StartTagVoidToken:
			if names == nil {
				continue
			}
			if tag == "link" && !loads(attrs) {
				continue
			}
			for _, a := range attrs {
				if slices.Contains(names, a[0]) {
					check(tag, a[0], a[1])
				}
			}
		case htmllex.TextToken:
			if inStyle {
				refs = append(refs, scanCSS(rel, text, problems)...)
				inStyle = false
			}
		case htmllex.SVGToken, htmllex.MathToken:
			for _, m := range inlineRef.FindAllSubmatch(text, -1) {
				problems.Add(rel, 0, 0, "inline SVG loads %q from another site: pages may load only the site's own files (no third-party requests)", m[1])
			}
		}
	}
}

// loads reports whether a <link> with these attributes loads what it names.
func loads(attrs [][2]string) bool {
	for _, a := range attrs {
		if a[0] == "rel" {
			for _, r := range strings.Fields(strings.ToLower(a[1])) {
				if !linkOnly[r] {
					return true
				}
			}
			return false
		}
	}
	return true // no rel: count it, to be safe
}

func unquote(v []byte) string {
	if len(v) >= 2 && (v[0] == '"' || v[0] == '\'') && v[len(v)-1] == v[0] {
		v = v[1 : len(v)-1]
	}
	return html.UnescapeString(string(v))
}

// splitRefs returns the URLs of an attribute value: one, or a srcset's list.
func splitRefs(attr, v string) []string {
	if attr != "srcset" {
		return []string{strings.TrimSpace(v)}
	}
	var out []string
	for _, c := range strings.Split(v, ",") {
		if f := strings.Fields(c); len(f) > 0 {
			out = append(out, f[0])
		}
	}
	return out
}

// resolve turns a reference made from the file at rel into a path relative
// to the site's root, when it names a file of the site.
func resolve(rel, u string) (string, bool) {
	if u == "" || strings.HasPrefix(u, "#") {
		return "", false
	}
	if i := strings.IndexAny(u, "?#"); i >= 0 {
		u = u[:i]
	}
	if strings.Contains(u, ":") { // data:, blob:, mailto:...
		return "", false
	}
	if p, err := url.PathUnescape(u); err == nil {
		u = p
	}
	var p string
	if strings.HasPrefix(u, "/") {
		p = path.Clean(u)
	} else {
		p = path.Join("/", path.Dir(rel), u)
	}
	if strings.HasSuffix(u, "/") {
		p += "/index.html"
	}
	p = strings.TrimPrefix(path.Clean(p), "/")
	return p, p != "" && p != "."
}

var (
	cssURL    = regexp.MustCompile(`(?i)url\(\s*(?:"([^"]*)"|'([^']*)'|([^)'"\s]*))\s*\)`)
	cssImport = regexp.MustCompile(`(?i)@import\s+(?:"([^"]*)"|'([^']*)')`)
)

// scanCSS reports the third-party requests of a stylesheet (or a style
// attribute or element of the page at rel) and returns the site's files it
// loads.
func scanCSS(rel string, data []byte, problems *diag.List) []string {
	if !bytes.Contains(data, []byte("url(")) && !bytes.Contains(data, []byte("@import")) {
		return nil
	}
	var refs []string
	for _, re := range []*regexp.Regexp{cssURL, cssImport} {
		for _, m := range re.FindAllSubmatch(data, -1) {
			u := string(bytes.Join(m[1:], nil)) // one group matched
			if markdown.ThirdParty(u) {
				problems.Add(rel, 0, 0, "CSS loads %q from another site: pages may load only the site's own files (no third-party requests)", u)
			} else if r, ok := resolve(rel, u); ok {
				refs = append(refs, r)
			}
		}
	}
	return refs
}
