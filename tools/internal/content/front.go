package content

import (
	"bytes"

	"github.com/parley-news/parley/tools/internal/diag"
)

var frontFields = fieldSpec{
	known:    []string{"title", "summary", "date", "lastmod", "importance", "authors", "topics", "draft"},
	required: []string{"title", "summary", "date"},
}

// parseFront validates index.md's YAML front matter, reporting positions in
// index.md itself (the front matter starts on line 2).
func parseFront(file string, src []byte, errs *diag.List) Front {
	fm := Front{Importance: 50}
	body, ok := frontMatter(src)
	if !ok {
		if bytes.HasPrefix(bytes.TrimPrefix(src, utf8BOM), []byte("---")) {
			errs.Add(file, 1, 1, "unclosed front matter: end it with a line \"---\" after title, summary and date")
		} else {
			errs.Add(file, 1, 1, "missing front matter: start the file with a line \"---\", then title, summary and date, then \"---\"")
		}
		return fm
	}
	// Parse the front matter padded with one blank line so that goccy's line
	// numbers are those of index.md.
	f := parseYAML(file, append([]byte("\n"), body...), errs)
	if f == nil {
		return fm
	}
	d := &decoder{file: file, errs: errs}
	if len(f.Docs) == 0 || f.Docs[0].Body == nil {
		errs.Add(file, 1, 1, "empty front matter: it needs title, summary and date")
		return fm
	}
	root := f.Docs[0].Body
	what := "front matter"
	fields := d.fields(root, root, what, frontFields)
	if fields == nil {
		return fm
	}
	p := &termsParser{decoder: *d}
	fm.Title = d.text(fields, "title", what)
	fm.Summary = d.text(fields, "summary", what)
	if v, ok := fields["date"]; ok {
		fm.Date = p.day(v, what)
	}
	if v, ok := fields["lastmod"]; ok {
		fm.Lastmod = p.day(v, what)
	}
	if v, ok := fields["importance"]; ok {
		fm.Importance, _ = d.integer(v, what, 0, 100)
	}
	if v, ok := fields["authors"]; ok {
		fm.Authors = values(d.strList(v, what))
	}
	if v, ok := fields["topics"]; ok {
		fm.Topics = values(d.strList(v, what))
	}
	if v, ok := fields["draft"]; ok {
		fm.Draft, _ = d.boolean(v, what)
		fm.DraftAt[0], fm.DraftAt[1] = pos(v.keyNode)
	}
	if fm.Lastmod != "" && fm.Date != "" && fm.Lastmod < fm.Date {
		d.errorf(fields["lastmod"].val, "lastmod %s is before date %s", fm.Lastmod, fm.Date)
	}
	return fm
}

// frontMatter returns the YAML between a leading "---" line and the next one.
func frontMatter(src []byte) ([]byte, bool) {
	src = bytes.ReplaceAll(bytes.TrimPrefix(src, utf8BOM), []byte("\r\n"), []byte("\n"))
	rest, ok := bytes.CutPrefix(src, []byte("---\n"))
	if !ok {
		return nil, false
	}
	if bytes.HasPrefix(rest, []byte("---\n")) || bytes.Equal(rest, []byte("---")) {
		return nil, true
	}
	body, _, ok := bytes.Cut(rest, []byte("\n---\n"))
	if !ok {
		if b, found := bytes.CutSuffix(rest, []byte("\n---")); found {
			return b, true
		}
		return nil, false
	}
	return body, true
}

// utf8BOM starts files saved by some Windows editors; YAML ignores it.
var utf8BOM = []byte("\xef\xbb\xbf")

// day decodes a full date, YYYY-MM-DD, as Hugo needs for pages.
func (p *termsParser) day(e entry, what string) Date {
	s, ok := p.str(e, what)
	if !ok {
		return ""
	}
	if d, ok := parseDate(s.V); ok && len(s.V) == len("2006-01-02") {
		return d
	}
	if why := notADate(s.V); why != "" {
		p.errorf(e.val, "%s in %s is not a date: %s", s.V, what, why)
		return ""
	}
	p.errorf(e.val, "bad %s %q in %s (want YYYY-MM-DD)", e.key, s.V, what)
	return ""
}

// bodyStart is the byte offset of index.md's prose: after the front matter,
// when closed says it is closed (else the end of src, or the start when
// there is no front matter).
func bodyStart(src []byte) (from int, closed bool) {
	i := 0
	if bytes.HasPrefix(src, utf8BOM) {
		i = len(utf8BOM)
	}
	line, rest, ok := bytes.Cut(src[i:], []byte("\n"))
	if !ok || string(bytes.TrimSpace(line)) != "---" {
		return i, false
	}
	i += len(line) + 1
	for len(rest) > 0 {
		line, next, _ := bytes.Cut(rest, []byte("\n"))
		i += len(line) + 1
		if string(bytes.TrimRight(line, "\r")) == "---" {
			return min(i, len(src)), true
		}
		rest = next
	}
	return len(src), false
}
