// Package publish finishes a rendered site: it minifies every text asset and
// swaps the finished directory into place atomically.
package publish

import (
	"bytes"
	"io"
	"regexp"

	"github.com/tdewolff/minify/v2"
	"github.com/tdewolff/minify/v2/css"
	"github.com/tdewolff/minify/v2/html"
	"github.com/tdewolff/minify/v2/js"
	"github.com/tdewolff/minify/v2/json"
	"github.com/tdewolff/minify/v2/svg"
	"github.com/tdewolff/minify/v2/xml"
)

// Stats describes a published tree.
type Stats struct {
	Files, Pages int
	Bytes        int64
	Saved        int64 // bytes removed by minification
}

var mediaTypes = map[string]string{
	".html": "text/html",
	".css":  "text/css",
	".js":   "application/javascript",
	".json": "application/json",
	".svg":  "image/svg+xml",
	".xml":  "text/xml",
}

func newMinifier() *minify.M {
	m := minify.New()
	// Default attribute values stay (a button says type="button" or
	// "submit", as validators ask), and the doctype is written in capitals,
	// as the HTML standard writes it (the minifier writes lower case).
	hm := &html.Minifier{KeepDocumentTags: true, KeepEndTags: true, KeepQuotes: true, KeepDefaultAttrVals: true}
	m.AddFunc("text/html", func(m *minify.M, w io.Writer, r io.Reader, params map[string]string) error {
		var b bytes.Buffer
		if err := hm.Minify(m, &b, r, params); err != nil {
			return err
		}
		out := b.Bytes()
		if bytes.HasPrefix(out, []byte("<!doctype html>")) {
			copy(out, "<!DOCTYPE")
		}
		_, err := w.Write(out)
		return err
	})
	m.AddFunc("text/css", css.Minify)
	m.AddFunc("image/svg+xml", svg.Minify)
	m.AddFuncRegexp(regexp.MustCompile("^(application|text)/(x-)?(java|ecma)script$"), js.Minify)
	m.AddFuncRegexp(regexp.MustCompile(`^(application/([a-z]+\+)?json|importmap|speculationrules)$`), json.Minify)
	m.AddFuncRegexp(regexp.MustCompile("[/+]xml$"), xml.Minify)
	return m
}
