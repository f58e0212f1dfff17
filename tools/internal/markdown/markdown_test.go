package markdown

import (
	"testing"

	qt "github.com/frankban/quicktest"
)

func TestRender(t *testing.T) {
	for _, tc := range []struct{ src, want string }{
		{"Offers *deep* cuts.", "<p>Offers <em>deep</em> cuts.</p>\n"},
		{`"Root causes" -- first... it's`, "<p>&ldquo;Root causes&rdquo; &ndash; first&hellip; it&rsquo;s</p>\n"},
		{"See www.example.org", `<p>See <a href="https://www.example.org">www.example.org</a></p>` + "\n"},
		{"[x](javascript:alert(1))", `<p><a href="">x</a></p>` + "\n"},
		{"a <b>bold</b> move", "<p>a <!-- raw HTML omitted -->bold<!-- raw HTML omitted --> move</p>\n"},
		// Shortcode and template syntax are text: nothing evaluates a note.
		{`{{< details summary="zz" >}}x{{< /details >}}`, "<p>{{&lt; details summary=&ldquo;zz&rdquo; &gt;}}x{{&lt; /details &gt;}}</p>\n"},
		{"`{{< qr >}}` {{% param title %}} {{ .Site.Title }}", "<p><code>{{&lt; qr &gt;}}</code> {{% param title %}} {{ .Site.Title }}</p>\n"},
	} {
		qt.Check(t, Parse([]byte(tc.src)).Render(), qt.Equals, tc.want, qt.Commentf("%q", tc.src))
	}
}

func TestFindings(t *testing.T) {
	src := "Intro <span class=\"x\">hi</span> and [a link](javascript:alert(1)).\n\n" +
		"<div>\nblock\n</div>\n\n" +
		"<!-- a comment is what the editor meant: hidden -->\n\n" +
		"![A map](https://maps.example/front.png) and ![local](map.png)\n\n" +
		"![protocol-relative](//cdn.example/x.png) [ok](https://example.org) <https://example.org>\n"
	got := Parse([]byte(src)).Findings()
	type pos struct {
		Line, Col int
		Msg       string
		Err       bool
	}
	var at []pos
	for _, f := range got {
		l, c := Position([]byte(src), f.Offset)
		at = append(at, pos{l, c, f.Msg, f.Error})
	}
	qt.Assert(t, at, qt.DeepEquals, []pos{
		{1, 7, `raw HTML "<span class=\"x\">" left out of the page: write Markdown (raw HTML is off, for safety)`, false},
		{1, 25, `raw HTML "</span>" left out of the page: write Markdown (raw HTML is off, for safety)`, false},
		{1, 46, `link target "javascript:alert(1)" left out of the page: a link goes to an http(s) or mailto address, or a page of the site`, false},
		{3, 1, `raw HTML "<div> block </div>" left out of the page: write Markdown (raw HTML is off, for safety)`, false},
		{9, 10, `image "https://maps.example/front.png" would load from another site, and pages load only the site's own files: put the image in the explainer's folder and give its file name`, true},
		{11, 22, `image "//cdn.example/x.png" would load from another site, and pages load only the site's own files: put the image in the explainer's folder and give its file name`, true},
	})
}

func TestPosition(t *testing.T) {
	src := []byte("ab\nçd\n")
	for _, tc := range []struct{ off, line, col int }{{0, 1, 1}, {1, 1, 2}, {3, 2, 1}, {6, 2, 3}, {8, 3, 1}} {
		l, c := Position(src, tc.off)
		qt.Check(t, [2]int{l, c}, qt.Equals, [2]int{tc.line, tc.col}, qt.Commentf("offset %d", tc.off))
	}
}
