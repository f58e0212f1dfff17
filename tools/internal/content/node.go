package content

import (
	"fmt"
	"slices"
	"strconv"
	"strings"

	"github.com/goccy/go-yaml/ast"
	"github.com/goccy/go-yaml/token"
	"github.com/parley-news/parley/tools/internal/diag"
)

// decoder walks a goccy/go-yaml syntax tree by hand rather than unmarshalling
// into structs: that keeps the order editors wrote things in, and a position
// for every value, so each error can point at the exact key or value.
type decoder struct {
	file string
	errs *diag.List
}

// at is a decoded value and where it was written.
type at[T any] struct {
	V         T
	Line, Col int
}

func pos(n ast.Node) (int, int) {
	switch v := n.(type) {
	case nil:
		return 0, 0
	case *ast.MappingValueNode:
		// goccy places a key: value pair, and a block mapping, at the
		// colon; the editor looks for the key.
		return pos(v.Key)
	case *ast.MappingNode:
		if !v.IsFlowStyle && len(v.Values) > 0 {
			return pos(v.Values[0])
		}
	}
	if t := n.GetToken(); t != nil && t.Position != nil {
		return t.Position.Line, t.Position.Column
	}
	return 0, 0
}

func (d *decoder) errorf(n ast.Node, format string, args ...any) {
	line, col := pos(n)
	d.errs.Add(d.file, line, col, format, args...)
}

// entry is one key: value pair of a mapping.
type entry struct {
	key     string
	keyNode ast.Node
	val     ast.Node
}

// unwrap removes comment wrappers and the standard tags (!!str), and refuses
// anchors and aliases: they make files harder to read and open the door to
// alias bombs. It refuses local tags too: "!urgent text" would silently
// lose its first word.
func (d *decoder) unwrap(n ast.Node) ast.Node {
	for {
		switch v := n.(type) {
		case *ast.CommentGroupNode:
			return nil
		case *ast.TagNode:
			if tag := v.Start.Value; !strings.HasPrefix(tag, "!!") {
				d.errorf(v, "YAML tag %q is not supported: put a value that starts with \"!\" in quotes", tag)
				return nil
			}
			n = v.Value
		case *ast.AnchorNode:
			d.errorf(v, "YAML anchors (&%s) are not supported: write the value out", v.Name)
			return nil
		case *ast.AliasNode:
			d.errorf(v, "YAML aliases (*%s) are not supported: write the value out", v.Value)
			return nil
		default:
			return n
		}
	}
}

// mapping returns the entries of a mapping node in file order, reporting a
// node of another kind and duplicate keys. what names the value in messages.
func (d *decoder) mapping(n ast.Node, what string) ([]entry, bool) {
	n = d.unwrap(n)
	var values []*ast.MappingValueNode
	switch v := n.(type) {
	case *ast.MappingNode:
		values = v.Values
	case *ast.MappingValueNode:
		values = []*ast.MappingValueNode{v}
	case nil:
		return nil, false
	default:
		if isNull(n) {
			return nil, true
		}
		d.errorf(n, "%s must be a mapping (key: value lines), not %s", what, describe(n))
		return nil, false
	}
	seen := map[string]ast.Node{}
	entries := make([]entry, 0, len(values))
	for _, mv := range values {
		key, ok := d.scalar(mv.Key)
		if !ok {
			d.errorf(mv.Key, "%s has a key that is not a plain name", what)
			continue
		}
		if first, dup := seen[key]; dup {
			line, _ := pos(first)
			d.errorf(mv.Key, "duplicate key %q in %s (first at line %d)", key, what, line)
			continue
		}
		seen[key] = mv.Key
		entries = append(entries, entry{key: key, keyNode: mv.Key, val: mv.Value})
	}
	return entries, true
}

// fieldSpec lists the keys a mapping may hold; required ones are reported
// when missing or empty.
type fieldSpec struct {
	known    []string
	required []string
}

// fields decodes a mapping with a closed set of keys. Unknown keys are errors
// with a did-you-mean; missing required keys are reported at anchor, the
// key that names the whole object.
func (d *decoder) fields(n ast.Node, anchor ast.Node, what string, spec fieldSpec) map[string]entry {
	entries, ok := d.mapping(n, what)
	if !ok {
		return nil
	}
	out := make(map[string]entry, len(entries))
	for i, e := range entries {
		if !slices.Contains(spec.known, e.key) {
			hint := diag.Suggest(e.key, spec.known)
			if hint == "" {
				hint = " (want one of " + strings.Join(spec.known, ", ") + ")"
			}
			if i > 0 && isNull(e.val) {
				if q := d.commaHint(n, entries[i-1], e); q != "" {
					hint = q
				}
			}
			d.errorf(e.keyNode, "unknown field %q in %s%s", e.key, what, hint)
			continue
		}
		out[e.key] = e
	}
	for _, r := range spec.required {
		e, ok := out[r]
		switch {
		case !ok:
			d.errorf(anchor, "missing field %q in %s", r, what)
		case isNull(d.unwrapQuiet(e.val)):
			d.errorf(e.keyNode, "empty %q in %s", r, what)
			delete(out, r)
		}
	}
	return out
}

// commaHint explains an unknown field with no value that follows a plain
// value in a {...} mapping: a comma in a value written without quotes ends
// it ({note: Partly, voluntary at first}), and the rest reads as a key.
func (d *decoder) commaHint(n ast.Node, prev, e entry) string {
	m, ok := d.unwrapQuiet(n).(*ast.MappingNode)
	if !ok || !m.IsFlowStyle {
		return ""
	}
	s, ok := d.unwrapQuiet(prev.val).(*ast.StringNode)
	if !ok || s.Token == nil || s.Token.Type != token.StringType {
		return ""
	}
	return fmt.Sprintf(": a comma ends a value inside {...}, so if it belongs to %s, put the whole value in quotes: %s: %q", prev.key, prev.key, s.Value+", "+e.key)
}

func isNull(n ast.Node) bool {
	if n == nil {
		return true
	}
	_, ok := n.(*ast.NullNode)
	return ok
}

// scalar returns the text of a scalar node exactly as the editor meant it:
// unquoted and unescaped, with numbers, booleans and dates as written.
func (d *decoder) scalar(n ast.Node) (string, bool) {
	n = d.unwrap(n)
	switch v := n.(type) {
	case *ast.StringNode:
		return v.Value, true
	case *ast.LiteralNode:
		return strings.TrimRight(v.Value.Value, "\n"), true
	case *ast.IntegerNode, *ast.FloatNode, *ast.BoolNode, *ast.InfinityNode, *ast.NanNode:
		return v.GetToken().Value, true
	}
	return "", false
}

// str decodes a non-empty string value.
func (d *decoder) str(e entry, what string) (at[string], bool) {
	line, col := pos(d.unwrapQuiet(e.val))
	s, ok := d.scalar(e.val)
	if !ok {
		// nil: nothing, or an anchor or alias already reported.
		if d.unwrap(e.val) != nil {
			d.errorf(e.val, "%q in %s must be text, not %s", e.key, what, describe(d.unwrapQuiet(e.val)))
		}
		return at[string]{}, false
	}
	s = strings.TrimSpace(s)
	if s == "" {
		d.errorf(e.keyNode, "empty %q in %s", e.key, what)
		return at[string]{}, false
	}
	return at[string]{s, line, col}, true
}

// text returns the text of field name of a decoded mapping, or "" when it is
// absent or not valid text (which str reports).
func (d *decoder) text(f map[string]entry, name, what string) string {
	if v, ok := f[name]; ok {
		s, _ := d.str(v, what)
		return s.V
	}
	return ""
}

// unwrapQuiet is unwrap without reporting, for positions only.
func (d *decoder) unwrapQuiet(n ast.Node) ast.Node {
	for {
		switch v := n.(type) {
		case *ast.TagNode:
			n = v.Value
		case *ast.AnchorNode:
			n = v.Value
		default:
			return n
		}
	}
}

// strList decodes a list of strings; a single string stands for a list of one.
func (d *decoder) strList(e entry, what string) []at[string] {
	n := d.unwrap(e.val)
	seq, ok := n.(*ast.SequenceNode)
	if !ok {
		if _, isScalar := d.scalar(n); !isScalar && !isNull(n) {
			d.errorf(e.val, "%q in %s must be text or a list of text, not %s", e.key, what, describe(n))
			return nil
		}
		if s, ok := d.str(e, what); ok {
			return []at[string]{s}
		}
		return nil
	}
	var out []at[string]
	for _, item := range seq.Values {
		line, col := pos(d.unwrapQuiet(item))
		s, ok := d.scalar(item)
		if !ok {
			d.errorf(item, "%q in %s must list text values, not %s", e.key, what, describe(d.unwrapQuiet(item)))
			continue
		}
		if s = strings.TrimSpace(s); s == "" {
			d.errorf(item, "empty item in %q of %s", e.key, what)
			continue
		}
		out = append(out, at[string]{s, line, col})
	}
	return out
}

// boolean decodes true or false.
func (d *decoder) boolean(e entry, what string) (bool, bool) {
	n := d.unwrap(e.val)
	if b, ok := n.(*ast.BoolNode); ok {
		return b.Value, true
	}
	s, ok := d.scalar(e.val)
	switch {
	case n == nil:
		// an anchor or alias, already reported
	case isNull(n):
		d.errorf(e.keyNode, "empty %q in %s (want true or false)", e.key, what)
	case !ok:
		d.errorf(e.val, "%q in %s must be true or false, not %s", e.key, what, describe(n))
	default:
		d.errorf(e.val, "%q in %s must be true or false, not %q%s", e.key, what, s, quoted(n, strings.EqualFold(s, "true") || strings.EqualFold(s, "false")))
	}
	return false, false
}

// quoted hints that a value was right but for its quotes.
func quoted(n ast.Node, right bool) string {
	if s, ok := n.(*ast.StringNode); ok && right && (s.Token.Type == token.DoubleQuoteType || s.Token.Type == token.SingleQuoteType) {
		return " (remove the quotes)"
	}
	return ""
}

// integer decodes a whole number between lo and hi.
func (d *decoder) integer(e entry, what string, lo, hi int) (int, bool) {
	n := d.unwrap(e.val)
	s, ok := d.scalar(e.val)
	i, err := strconv.Atoi(s)
	if _, isInt := n.(*ast.IntegerNode); !isInt || err != nil {
		switch {
		case n == nil:
		case isNull(n):
			d.errorf(e.keyNode, "empty %q in %s (want a whole number from %d to %d)", e.key, what, lo, hi)
		case !ok:
			d.errorf(e.val, "%q in %s must be a whole number, not %s", e.key, what, describe(n))
		default:
			d.errorf(e.val, "%q in %s must be a whole number, not %q%s", e.key, what, s, quoted(n, err == nil))
		}
		return 0, false
	}
	if i < lo || i > hi {
		d.errorf(e.val, "%q in %s is %d, out of range (want %d to %d)", e.key, what, i, lo, hi)
		return 0, false
	}
	return i, true
}

// describe names a node's kind for messages.
func describe(n ast.Node) string {
	switch n.(type) {
	case *ast.MappingNode, *ast.MappingValueNode:
		return "a mapping"
	case *ast.SequenceNode:
		return "a list"
	case nil, *ast.NullNode:
		return "nothing"
	}
	s, _ := (&decoder{errs: &diag.List{}}).scalar(n)
	return fmt.Sprintf("%q", s)
}
