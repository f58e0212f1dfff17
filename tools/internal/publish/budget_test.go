package publish

import (
	"bytes"
	"compress/gzip"
	"fmt"
	"math/rand/v2"
	"strings"
	"testing"

	qt "github.com/frankban/quicktest"
)

// noise is n bytes that gzip cannot shrink much: deterministic, so that
// sizes in the expected messages stay put.
func noise(n int) string {
	r := rand.New(rand.NewPCG(1, 2))
	const alphabet = "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789"
	b := make([]byte, n)
	for i := range b {
		b[i] = alphabet[r.IntN(len(alphabet))]
	}
	return string(b)
}

func gz(s string) int {
	var buf bytes.Buffer
	w, _ := gzip.NewWriterLevel(&buf, gzip.BestCompression)
	w.Write([]byte(s))
	w.Close()
	return buf.Len()
}

func TestGzipSize(t *testing.T) {
	for _, s := range []string{"", "a", strings.Repeat("<p>hello</p>", 1000), noise(5000)} {
		qt.Check(t, gzipSize([]byte(s), gzip.BestCompression), qt.Equals, gz(s))
		qt.Check(t, gzipSize([]byte(s), quickLevel) >= gz(s), qt.IsTrue)
	}
}

func page(head, body string) string {
	return "<!doctype html><html><head>" + head + "</head><body>" + body + "</body></html>"
}

func TestBudgetRules(t *testing.T) {
	css := "body{color:red}" + noise(300)
	js := "console.log(1);//" + noise(500)
	big := page(`<link rel="stylesheet" href="/css/main.css"><script type="module" src="/js/main.js"></script>`, "<p>"+noise(2000)+"</p>")
	small := page(`<link rel="stylesheet" href="/css/main.css">`, "<p>Hello</p>")
	shared := map[string]string{"css/main.css": css, "js/main.js": js}
	with := func(files map[string]string) map[string]string {
		out := map[string]string{}
		for k, v := range shared {
			out[k] = v
		}
		for k, v := range files {
			out[k] = v
		}
		return out
	}
	bigGz, cssGz, jsGz := gz(big), gz(css), gz(js)
	// The same stylesheet twice, the same image three times, a frame, and a
	// font the stylesheet loads.
	refsPage := page(`<link rel="stylesheet" href="../css/main.css?v=1"><link rel="stylesheet" href="/css/main.css">`,
		`<img src="img/a.png" srcset="img/a.png 1x, /talks/img/b.png 2x"><iframe src="embed/"></iframe><p style="background:url('img/a.png')">x</p>`)
	fontCSS := css + `@font-face{src:url(../fonts/f.woff2)}`

	for _, tc := range []struct {
		name    string
		files   map[string]string
		budgets Budgets
		want    []string // the error's lines; none when the site passes
	}{{
		name:    "within budgets",
		files:   with(map[string]string{"talks/index.html": big, "index.html": small}),
		budgets: Budgets{HTML: bigGz, Page: bigGz + cssGz + jsGz, Pages: []string{"talks/index.html"}},
	}, {
		name:    "HTML over budget",
		files:   with(map[string]string{"talks/index.html": big}),
		budgets: Budgets{HTML: bigGz - 1, Pages: []string{"talks/index.html"}},
		want: []string{fmt.Sprintf("talks/index.html: the page's HTML is %d bytes gzipped, over its budget of %d (html in [params.parley.budgets])",
			bigGz, bigGz-1)},
	}, {
		name:    "page over budget, naming what it loads",
		files:   with(map[string]string{"talks/index.html": big}),
		budgets: Budgets{Page: bigGz + cssGz + jsGz - 1, Pages: []string{"talks/index.html"}},
		want: []string{fmt.Sprintf("talks/index.html: the page and the files it loads are %d bytes gzipped (HTML %d, css/main.css %d, js/main.js %d), over their budget of %d (page in [params.parley.budgets])",
			bigGz+cssGz+jsGz, bigGz, cssGz, jsGz, bigGz+cssGz+jsGz-1)},
	}, {
		name:    "only the listed pages have budgets",
		files:   with(map[string]string{"talks/index.html": small, "index.html": big}),
		budgets: Budgets{HTML: 200, Page: 200, Pages: []string{"talks/index.html"}},
		want: []string{fmt.Sprintf("talks/index.html: the page and the files it loads are %d bytes gzipped (HTML %d, css/main.css %d), over their budget of 200 (page in [params.parley.budgets])",
			gz(small)+cssGz, gz(small), cssGz)},
	}, {
		name:    "zero means no cap",
		files:   with(map[string]string{"talks/index.html": big}),
		budgets: Budgets{Pages: []string{"talks/index.html"}},
	}, {
		name: "relative references, stylesheets' own files, each file once",
		files: map[string]string{
			"talks/index.html":       refsPage,
			"css/main.css":           fontCSS,
			"fonts/f.woff2":          noise(100),
			"talks/img/a.png":        noise(200),
			"talks/img/b.png":        noise(300),
			"talks/embed/index.html": "<p>embedded</p>",
		},
		budgets: Budgets{Page: 1, Pages: []string{"talks/index.html"}},
		want: []string{fmt.Sprintf("talks/index.html: the page and the files it loads are %d bytes gzipped (HTML %d, css/main.css %d, talks/img/a.png %d, talks/img/b.png %d, talks/embed/index.html %d, fonts/f.woff2 %d), over their budget of 1 (page in [params.parley.budgets])",
			gz(refsPage)+gz(fontCSS)+gz(noise(200))+gz(noise(300))+gz("<p>embedded</p>")+gz(noise(100)),
			gz(refsPage), gz(fontCSS), gz(noise(200)), gz(noise(300)), gz("<p>embedded</p>"), gz(noise(100)))},
	}, {
		name:    "a listed page that is missing",
		files:   with(map[string]string{"index.html": small}),
		budgets: Budgets{HTML: 14336, Pages: []string{"talks/index.html"}},
		want:    []string{"talks/index.html: missing: the page budgets apply to it, but the site has no such page"},
	}, {
		name: "links may point anywhere; nothing may load from elsewhere",
		files: map[string]string{
			"index.html": page(`<link rel="icon" href="data:,"><link rel="canonical" href="https://parley.example/"><link rel="alternate" type="application/rss+xml" href="https://parley.example/index.xml"><link rel="alternate" type="application/json+oembed" href="http://localhost:1313/x/oembed.json"><script type="application/ld+json">{"url":"https://schema.org"}</script>`,
				`<a href="https://example.org/source">source</a><img src="data:image/png;base64,AAAA" alt="x &gt; y"><textarea>&lt;script src="https://parley.example/embed.js"&gt;&lt;/script&gt;</textarea><script type="application/json">{"src":"https://x.example/"}</script><form action="https://example.org/"></form>`),
			"css/main.css": `a{background:url(data:image/svg+xml,abc)}b{background:url("/img/x.png")}`,
		},
	}, {
		name: "third-party requests, all of them",
		files: map[string]string{
			"index.html": page(`<link rel="stylesheet" href="https://cdn.example/a.css"><link rel="preconnect" href="//fonts.example"><link rel="alternate stylesheet" href="HTTP://cdn.example/b.css"><script src="https://cdn.example/a.js"></script><style>@import "https://fonts.example/f.css";</style>`,
				`<img src="https&#58;//img.example/a.png"><img srcset="/a.png 1x, https://img.example/b.png 2x"><iframe src='https://video.example/embed'></iframe><video poster=https://img.example/p.jpg></video><p style="background:url(//img.example/bg.png)">x</p><svg><image href="https://img.example/s.png"/></svg>`),
			"css/main.css": `@font-face{src:url('https://fonts.example/f.woff2')}`,
		},
		want: []string{
			`css/main.css: CSS loads "https://fonts.example/f.woff2" from another site: pages may load only the site's own files (no third-party requests)`,
			`index.html: <iframe src="https://video.example/embed"> loads from another site: pages may load only the site's own files (no third-party requests)`,
			`index.html: <img src="https://img.example/a.png"> loads from another site: pages may load only the site's own files (no third-party requests)`,
			`index.html: <img srcset="https://img.example/b.png"> loads from another site: pages may load only the site's own files (no third-party requests)`,
			`index.html: <link href="//fonts.example"> loads from another site: pages may load only the site's own files (no third-party requests)`,
			`index.html: <link href="HTTP://cdn.example/b.css"> loads from another site: pages may load only the site's own files (no third-party requests)`,
			`index.html: <link href="https://cdn.example/a.css"> loads from another site: pages may load only the site's own files (no third-party requests)`,
			`index.html: <script src="https://cdn.example/a.js"> loads from another site: pages may load only the site's own files (no third-party requests)`,
			`index.html: <video poster="https://img.example/p.jpg"> loads from another site: pages may load only the site's own files (no third-party requests)`,
			`index.html: CSS loads "//img.example/bg.png" from another site: pages may load only the site's own files (no third-party requests)`,
			`index.html: CSS loads "https://fonts.example/f.css" from another site: pages may load only the site's own files (no third-party requests)`,
			`index.html: inline SVG loads "https://img.example/s.png" from another site: pages may load only the site's own files (no third-party requests)`,
		},
	}} {
		t.Run(tc.name, func(t *testing.T) {
			dir := t.TempDir()
			write(t, dir, tc.files)
			err := checkTree(dir, tc.budgets)
			if tc.want == nil {
				qt.Assert(t, err, qt.IsNil)
				return
			}
			qt.Assert(t, err, qt.IsNotNil)
			qt.Assert(t, strings.Split(err.Error(), "\n"), qt.DeepEquals, tc.want)
		})
	}
}
