// Package markdown renders editors' Markdown notes as Hugo renders
// Markdown with Parley's settings (hugo.toml: no raw HTML; Hugo's default
// extensions and typography), but without Hugo: a note is data, and data
// must never reach Hugo's shortcode and template engine, where
// "{{< qr >}}" in a note would run. It also finds what an editor should
// hear about in prose and notes: raw HTML and link targets the renderer
// drops, and images that would load from another site.
//
// The one entry point is Parse; a Doc renders (Render) and reports
// (Findings).
package markdown

import (
	"bytes"
	"fmt"
	"strings"
	"unicode/utf8"

	"github.com/yuin/goldmark"
	"github.com/yuin/goldmark/ast"
	"github.com/yuin/goldmark/extension"
	"github.com/yuin/goldmark/renderer"
	"github.com/yuin/goldmark/renderer/html"
	"github.com/yuin/goldmark/text"
	"github.com/yuin/goldmark/util"
)

// Finding is something in a Markdown source an editor should know of: a
// warning (dropped from the page) or, when Error is set, a mistake that
// fails the build.
type Finding struct {
	Offset int // in bytes, into the source
	Msg    string
	Error  bool
}

// Doc is a parsed Markdown source.
type Doc struct {
	src  []byte
	root ast.Node
}

// md is goldmark configured as Hugo's converter is by default (see
// markup/goldmark in Hugo v0.165 and its goldmark_config.Default), with
// hugo.toml's unsafe = false.
var md = goldmark.New(
	goldmark.WithExtensions(
		extension.Table,
		extension.Strikethrough,
		extension.Linkify,
		extension.TaskList,
		extension.NewTypographer(extension.WithTypographicSubstitutions(map[extension.TypographicPunctuation]string{
			extension.LeftSingleQuote:  "&lsquo;",
			extension.RightSingleQuote: "&rsquo;",
			extension.LeftDoubleQuote:  "&ldquo;",
			extension.RightDoubleQuote: "&rdquo;",
			extension.EnDash:           "&ndash;",
			extension.EmDash:           "&mdash;",
			extension.Ellipsis:         "&hellip;",
			extension.LeftAngleQuote:   "&laquo;",
			extension.RightAngleQuote:  "&raquo;",
			extension.Apostrophe:       "&rsquo;",
		})),
		extension.DefinitionList,
		extension.NewFootnote(extension.WithFootnoteBacklinkHTML("&#x21a9;&#xfe0e;")),
	),
	goldmark.WithRendererOptions(renderer.WithNodeRenderers(util.Prioritized(autoLinks{}, 100))),
)

// Parse parses src.
func Parse(src []byte) *Doc {
	return &Doc{src: src, root: md.Parser().Parse(text.NewReader(src))}
}

// Render returns the document as HTML.
func (d *Doc) Render() string {
	var b bytes.Buffer
	if err := md.Renderer().Render(&b, d.src, d.root); err != nil {
		// Rendering to memory fails only on a renderer bug.
		panic(fmt.Sprintf("markdown: %v", err))
	}
	return b.String()
}

// Findings returns what the editor should know of the document, in the
// order it comes in the source.
func (d *Doc) Findings() []Finding {
	var out []Finding
	ast.Walk(d.root, func(n ast.Node, entering bool) (ast.WalkStatus, error) {
		if !entering {
			return ast.WalkContinue, nil
		}
		switch n := n.(type) {
		case *ast.RawHTML:
			if s := d.segments(n.Segments); !isComment(s) {
				out = append(out, Finding{Offset: n.Segments.At(0).Start, Msg: fmt.Sprintf("raw HTML %s left out of the page: write Markdown (raw HTML is off, for safety)", clip(s))})
			}
		case *ast.HTMLBlock:
			if s := d.segments(n.Lines()); n.HTMLBlockType != ast.HTMLBlockType2 && strings.TrimSpace(s) != "" {
				out = append(out, Finding{Offset: n.Lines().At(0).Start, Msg: fmt.Sprintf("raw HTML %s left out of the page: write Markdown (raw HTML is off, for safety)", clip(s))})
			}
		case *ast.Link:
			if dest := util.URLEscape(n.Destination, true); html.IsDangerousURL(dest) {
				out = append(out, Finding{Offset: d.offset(n, n.Destination), Msg: fmt.Sprintf("link target %s left out of the page: a link goes to an http(s) or mailto address, or a page of the site", clip(string(n.Destination)))})
			}
		case *ast.AutoLink:
			if url := util.URLEscape(n.URL(d.src), false); html.IsDangerousURL(url) {
				out = append(out, Finding{Offset: d.offset(n, n.URL(d.src)), Msg: fmt.Sprintf("link target %s left out of the page: a link goes to an http(s) or mailto address, or a page of the site", clip(string(n.URL(d.src))))})
			}
		case *ast.Image:
			dest := util.URLEscape(n.Destination, true)
			switch {
			case ThirdParty(string(n.Destination)):
				out = append(out, Finding{Offset: d.offset(n, n.Destination), Error: true, Msg: fmt.Sprintf("image %s would load from another site, and pages load only the site's own files: put the image in the explainer's folder and give its file name", clip(string(n.Destination)))})
			case html.IsDangerousURL(dest):
				out = append(out, Finding{Offset: d.offset(n, n.Destination), Msg: fmt.Sprintf("image address %s left out of the page: give the file name of an image in the explainer's folder", clip(string(n.Destination)))})
			}
		}
		return ast.WalkContinue, nil
	})
	return out
}

// ThirdParty reports whether u names another site: an absolute http(s) URL,
// or a protocol-relative one. tools/internal/publish applies the same rule
// to the rendered site.
func ThirdParty(u string) bool {
	u = strings.ToLower(strings.TrimSpace(u))
	return strings.HasPrefix(u, "http:") || strings.HasPrefix(u, "https:") || strings.HasPrefix(u, "//") || strings.HasPrefix(u, `\\`)
}

func (d *Doc) segments(s *text.Segments) string {
	var b strings.Builder
	for i := range s.Len() {
		seg := s.At(i)
		b.Write(seg.Value(d.src))
	}
	return b.String()
}

// offset finds where the destination s of the inline node n (a link, an
// image or an autolink, which hold no segment of their own) was written:
// searched for from n's label when it has one, else from where the text
// before n ends, else from the start of its block.
func (d *Doc) offset(n ast.Node, s []byte) int {
	start := -1
	if seg, ok := firstText(n); ok {
		start = seg.Start
	}
	for p := n.PreviousSibling(); start < 0 && p != nil; p = p.PreviousSibling() {
		if seg, ok := lastText(p); ok {
			start = seg.Stop
		}
	}
	for p := n.Parent(); start < 0 && p != nil; p = p.Parent() {
		if p.Type() == ast.TypeBlock && p.Lines().Len() > 0 {
			start = p.Lines().At(0).Start
		}
	}
	start = max(start, 0)
	if i := bytes.Index(d.src[start:], s); len(s) > 0 && i >= 0 {
		return start + i
	}
	return start
}

// firstText and lastText find the first and last text segment in n.
func firstText(n ast.Node) (text.Segment, bool) { return textIn(n, false) }
func lastText(n ast.Node) (text.Segment, bool)  { return textIn(n, true) }

func textIn(n ast.Node, last bool) (text.Segment, bool) {
	if t, ok := n.(*ast.Text); ok {
		return t.Segment, true
	}
	c, next := n.FirstChild(), ast.Node.NextSibling
	if last {
		c, next = n.LastChild(), ast.Node.PreviousSibling
	}
	for ; c != nil; c = next(c) {
		if seg, ok := textIn(c, last); ok {
			return seg, true
		}
	}
	return text.Segment{}, false
}

func isComment(s string) bool { return strings.HasPrefix(s, "<!--") }

// clip quotes s for a message, cut to a readable length.
func clip(s string) string {
	s = strings.Join(strings.Fields(s), " ")
	if utf8.RuneCountInString(s) > 40 {
		r := []rune(s)
		s = string(r[:39]) + "…"
	}
	return fmt.Sprintf("%q", s)
}

// autoLinks renders autolinks as Hugo does: a linkified address
// ("www.example.org") gets its linkifyProtocol, https, where goldmark
// would write http.
type autoLinks struct{}

func (autoLinks) RegisterFuncs(reg renderer.NodeRendererFuncRegisterer) {
	reg.Register(ast.KindAutoLink, func(w util.BufWriter, source []byte, node ast.Node, entering bool) (ast.WalkStatus, error) {
		n := node.(*ast.AutoLink)
		if !entering {
			return ast.WalkContinue, nil
		}
		url := n.URL(source)
		if len(n.Protocol) > 0 && !bytes.Equal(n.Protocol, []byte("https")) {
			url = append([]byte("https"), url[len(n.Protocol):]...)
		}
		url = util.URLEscape(url, false)
		w.WriteString(`<a href="`)
		if n.AutoLinkType == ast.AutoLinkEmail && !bytes.HasPrefix(bytes.ToLower(url), []byte("mailto:")) {
			w.WriteString("mailto:")
		}
		if !html.IsDangerousURL(url) {
			w.Write(util.EscapeHTML(url))
		}
		w.WriteString(`">`)
		w.Write(util.EscapeHTML(n.Label(source)))
		w.WriteString(`</a>`)
		return ast.WalkContinue, nil
	})
}

// Position turns a byte offset into src into a 1-based line and column, the
// column counted in characters.
func Position(src []byte, offset int) (line, col int) {
	offset = min(max(offset, 0), len(src))
	before := src[:offset]
	line = bytes.Count(before, []byte("\n")) + 1
	if i := bytes.LastIndexByte(before, '\n'); i >= 0 {
		before = before[i+1:]
	}
	return line, utf8.RuneCount(before) + 1
}
