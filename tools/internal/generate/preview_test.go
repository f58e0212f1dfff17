package generate

import (
	"testing"

	qt "github.com/frankban/quicktest"
)

func TestPageKey(t *testing.T) {
	for path, want := range map[string]string{
		"/talks/":                          "talks",
		"/talks/index.html":                "talks",
		"/talks/embed/compare/":            "talks/embed/compare",
		"/talks/embed/compare/index.html":  "talks/embed/compare",
		"/talks/embed/compare/oembed.json": "talks/embed/compare",
		"/talks/history/":                  "talks/history",
		"/talks/history/updates.xml":       "talks/history",
		"/talks/updates.xml":               "",
		"/updates.xml":                     "",
		"/":                                "",
		"/index.html":                      "",
		"/talks":                           "",
		"/talks/terms.json":                "talks/",
		"/talks/terms.csv":                 "talks/",
		"/talks/card.png":                  "talks/",
		"/talks/embed/terms.csv":           "",
		"/talks/photo.png":                 "",
		"/talks/embed/":                    "",
		"/talks/other/compare/":            "",
		"/css/main.css":                    "",
		// An edition's pages, under its language's root.
		"/uk/talks/":                          "uk:talks",
		"/uk/talks/embed/compare/oembed.json": "uk:talks/embed/compare",
		"/uk/talks/history/updates.xml":       "uk:talks/history",
		"/uk/talks/terms.csv":                 "talks/",
		"/uk/updates.xml":                     "",
		"/uk/talks/photo.png":                 "",
	} {
		qt.Check(t, pageKey(path), qt.Equals, want, qt.Commentf("%s", path))
	}
}

// A page not opened keeps its front matter, as JSON, and its body's lines.
func TestLinkOnly(t *testing.T) {
	for _, tc := range []struct{ in, want string }{
		{"---\ntitle: T\nimportance: 7\nauthors: [A, B]\n---\n\nBody {{< compare >}}\n",
			`{"authors":["A","B"],"build":{"render":"link"},"importance":7,"title":"T"}` + "\n\n\n\n\n\nBody {{< compare >}}\n"},
		{"\xef\xbb\xbf---\r\ntitle: \"Q: x\"\r\n---\r\nB\r\n", `{"build":{"render":"link"},"title":"Q: x"}` + "\n\n\nB\r\n"},
		{"---\ntitle: T\n---", `{"build":{"render":"link"},"title":"T"}` + "\n\n\n"},
	} {
		got, err := linkOnly([]byte(tc.in))
		qt.Assert(t, err, qt.IsNil)
		qt.Check(t, string(got), qt.Equals, tc.want)
	}
	for _, in := range []string{"no front matter\n", "---\ntitle: T\n", "---\n: [\n---\n"} {
		_, err := linkOnly([]byte(in))
		qt.Check(t, err, qt.IsNotNil, qt.Commentf("%q", in))
	}
}
