package content

import (
	"bytes"
	"fmt"
	"slices"
	"strings"

	"github.com/parley-news/parley/tools/internal/diag"
	"github.com/parley-news/parley/tools/internal/markdown"
)

// Shortcodes are the only template syntax an editor writes: Parley's four,
// in index.md's prose, as {{< name param="value" >}}. They are checked here,
// with the explainer's sides and groups known, so that parley check finds
// every mistake a build would (layouts/_shortcodes/ check them again as
// Hugo renders). Nothing else in the content is ever a template.
var Shortcodes = []string{"compare", "matchup", "scoreboard", "timeline"}

// shortcode is one {{< ... >}} of the prose.
type shortcode struct {
	start, end int // byte offsets of "{{" and past "}}"
	name       string
	closing    bool // {{< /name >}}
	markup     bool // {{% ... %}}
	escaped    bool // {{</* ... */>}}: shown as written, not run
	named      []param
	positional []param
}

type param struct {
	key, val string
	at       int // byte offset
}

// scanShortcodes finds the shortcodes of src from offset from on, as Hugo's
// page lexer reads them, reporting those it cannot read.
func scanShortcodes(file string, src []byte, from int, errs *diag.List) []shortcode {
	var out []shortcode
	for i := from; ; {
		j := bytes.Index(src[i:], []byte("{{"))
		if j < 0 {
			return out
		}
		i += j
		if i+2 >= len(src) || (src[i+2] != '<' && src[i+2] != '%') {
			i += 2
			continue
		}
		sc, ok := readShortcode(file, src, i, errs)
		if !ok {
			return out // unreadable: Hugo would stop here too
		}
		out = append(out, sc)
		i = sc.end
	}
}

func readShortcode(file string, src []byte, start int, errs *diag.List) (shortcode, bool) {
	sc := shortcode{start: start, markup: src[start+2] == '%'}
	right := []byte(">}}")
	if sc.markup {
		right = []byte("%}}")
	}
	fail := func(at int, format string, args ...any) (shortcode, bool) {
		line, col := markdown.Position(src, at)
		errs.Add(file, line, col, format, args...)
		return sc, false
	}
	i := start + 3
	skip := func() {
		for i < len(src) && (src[i] == ' ' || src[i] == '\t' || src[i] == '\n' || src[i] == '\r') {
			i++
		}
	}
	skip()
	if bytes.HasPrefix(src[i:], []byte("/*")) {
		end := bytes.Index(src[i:], append([]byte("*/"), right...))
		if end < 0 {
			return fail(start, "unclosed shortcode comment: end it with */%s", right)
		}
		sc.escaped, sc.end = true, i+end+2+len(right)
		return sc, true
	}
	if i < len(src) && src[i] == '/' {
		sc.closing = true
		i++
		skip()
	}
	n := i
	for i < len(src) && isNameByte(src[i]) {
		i++
	}
	sc.name = string(src[n:i])
	if sc.name == "" {
		return fail(start, "a shortcode needs a name after %s, e.g. {{< compare >}}", src[start:start+3])
	}
	for {
		skip()
		switch {
		case i >= len(src):
			return fail(start, "unclosed shortcode %q: end it with %s", sc.name, right)
		case bytes.HasPrefix(src[i:], right):
			sc.end = i + len(right)
			return sc, true
		case src[i] == '/' && bytes.HasPrefix(src[i+1:], right):
			sc.end = i + 1 + len(right)
			return sc, true
		}
		p := param{at: i}
		k := i
		for i < len(src) && isNameByte(src[i]) {
			i++
		}
		if i > k && i < len(src) && src[i] == '=' {
			p.key = string(src[k:i])
			i++
		} else {
			i = k
		}
		val, next, ok := readValue(src, i, right)
		if !ok {
			return fail(p.at, "unclosed quote in shortcode %q: end the value with the quote it starts with", sc.name)
		}
		if next == i {
			return fail(i, "unexpected %q in shortcode %q: write name=\"value\"", string(src[i:min(i+1, len(src))]), sc.name)
		}
		p.val, i = val, next
		if p.key != "" {
			sc.named = append(sc.named, p)
		} else {
			sc.positional = append(sc.positional, p)
		}
	}
}

// readValue reads a parameter value at src[i:]: "double-quoted" (with \"
// inside), `raw`, or a bare word.
func readValue(src []byte, i int, right []byte) (val string, next int, ok bool) {
	switch {
	case i < len(src) && src[i] == '"':
		var b strings.Builder
		for j := i + 1; j < len(src); j++ {
			switch {
			case src[j] == '\\' && j+1 < len(src) && src[j+1] == '"':
				b.WriteByte('"')
				j++
			case src[j] == '"':
				return b.String(), j + 1, true
			default:
				b.WriteByte(src[j])
			}
		}
		return "", i, false
	case i < len(src) && src[i] == '`':
		end := bytes.IndexByte(src[i+1:], '`')
		if end < 0 {
			return "", i, false
		}
		return string(src[i+1 : i+1+end]), i + end + 2, true
	}
	j := i
	for j < len(src) && !bytes.HasPrefix(src[j:], right) && src[j] != ' ' && src[j] != '\t' && src[j] != '\n' && src[j] != '\r' && src[j] != '"' {
		j++
	}
	return string(src[i:j]), j, true
}

func isNameByte(c byte) bool {
	return c == '_' || c == '-' || c == '.' || 'a' <= c && c <= 'z' || 'A' <= c && c <= 'Z' || '0' <= c && c <= '9'
}

// checkShortcodes reports the shortcodes of the prose that a build would
// refuse: unknown ones, {{% %}} forms, closing tags, and bad parameters,
// checked against the explainer's sides and groups when terms.yaml could be
// read (known is false otherwise).
func checkShortcodes(file string, src []byte, scs []shortcode, x *Explainer, known bool, errs *diag.List) {
	var sides []string
	for _, s := range x.Sides {
		sides = append(sides, s.ID)
	}
	for _, sc := range scs {
		if sc.escaped {
			continue
		}
		line, col := markdown.Position(src, sc.start)
		fail := func(format string, args ...any) {
			errs.Add(file, line, col, "%s: %s", sc.name, fmt.Sprintf(format, args...))
		}
		if !slices.Contains(Shortcodes, sc.name) {
			errs.Add(file, line, col, "unknown shortcode %q%s (Parley's shortcodes: %s)", sc.name, diag.Suggest(sc.name, Shortcodes), strings.Join(Shortcodes, ", "))
			continue
		}
		switch {
		case sc.closing:
			fail("it takes no closing {{< /%s >}}: remove it", sc.name)
			continue
		case sc.markup:
			fail("write {{< %s >}}, with angle brackets: inside {{%% %%}} its HTML would be left out of the page", sc.name)
			continue
		case len(sc.positional) > 0:
			fail("parameters are named: write name=\"value\", not %q", sc.positional[0].val)
			continue
		}
		want := map[string][]string{"compare": {"sides", "groups"}, "matchup": {"a", "b"}}[sc.name]
		got := map[string]string{}
		for _, p := range sc.named {
			if !slices.Contains(want, p.key) {
				if len(want) == 0 {
					fail("unknown parameter %q (it takes none)", p.key)
				} else {
					fail("unknown parameter %q (want %s)", p.key, strings.Join(want, ", "))
				}
				continue
			}
			got[p.key] = p.val
		}
		if !known {
			continue // the sides and groups are not known: terms.yaml has errors
		}
		switch sc.name {
		case "compare":
			for _, id := range SplitSides(got["sides"]) {
				if !slices.Contains(sides, id) {
					fail("unknown side %q (sides: %s)", id, strings.Join(sides, ", "))
				}
			}
			for g := range strings.SplitSeq(got["groups"], ",") {
				if g = strings.TrimSpace(g); g != "" && !slices.Contains(x.Groups, g) {
					fail("unknown group %q (groups: %s)", g, strings.Join(x.Groups, ", "))
				}
			}
		case "matchup":
			ok := true
			for _, k := range []string{"a", "b"} {
				v, found := got[k]
				switch {
				case !found || strings.TrimSpace(v) == "":
					fail("missing parameter %q (a side id: %s)", k, strings.Join(sides, ", "))
					ok = false
				case !slices.Contains(sides, v):
					fail("unknown side %q in %s (sides: %s)", v, k, strings.Join(sides, ", "))
					ok = false
				}
			}
			if ok && got["a"] == got["b"] {
				fail("a and b are both %q: pick two different sides", got["a"])
			}
		}
	}
}

// SplitSides splits a compare shortcode's sides parameter: side ids
// separated by spaces, commas or both.
func SplitSides(s string) []string {
	return strings.FieldsFunc(s, func(r rune) bool { return r == ',' || r == ' ' || r == '\t' })
}

// blank returns src with each shortcode replaced by spaces (newlines kept),
// so that Markdown parsed from it keeps its offsets but sees no shortcode.
func blank(src []byte, scs []shortcode) []byte {
	out := bytes.Clone(src)
	for _, sc := range scs {
		for i := sc.start; i < sc.end; i++ {
			if out[i] != '\n' {
				out[i] = ' '
			}
		}
	}
	return out
}
