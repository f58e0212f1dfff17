package content

import (
	"bytes"
	"strings"
	"unicode"

	"github.com/goccy/go-yaml/ast"
	"github.com/goccy/go-yaml/lexer"
	"github.com/goccy/go-yaml/parser"
	"github.com/goccy/go-yaml/token"
	"github.com/parley-news/parley/tools/internal/diag"
)

// Limits on the shape of a YAML file, checked on its tokens before it is
// parsed. goccy/go-yaml's parser needs time and memory quadratic in the
// nesting depth (100,000 nested "[" in a 100 KB file took 44 s and 15 GB),
// and a collection can hold as many entries as a file has bytes; no real
// explainer comes near either limit (terms.yaml nests six levels deep).
const (
	MaxDepth = 32   // nested lists and mappings
	MaxItems = 1000 // entries in one list or mapping
)

// parseYAML tokenizes src, checks the limits above and refuses anchors and
// aliases (they make files harder to read and open the door to alias
// bombs), then parses it. On any problem it reports it and returns nil.
func parseYAML(file string, src []byte, errs *diag.List) *ast.File {
	tokens := lexer.Tokenize(string(src))
	if !checkTokens(file, tokens, errs) {
		return nil
	}
	f, err := parser.Parse(tokens, 0, parser.AllowDuplicateMapKey())
	if err != nil {
		addSyntaxError(file, err, errs)
		return nil
	}
	return f
}

// checkTokens reports anchors, aliases and collections nested deeper than
// MaxDepth or holding more than MaxItems entries, in one linear pass.
//
// Flow collections ([...] and {...}) are delimited by their brackets. Block
// collections are told apart by indentation: each entry's indicator ("-" or
// "?") or key has a column, and an entry further right than the one before
// it opens a nested collection. A "-" at the column of the key above it is
// the key's value (YAML allows such lists unindented).
func checkTokens(file string, tokens token.Tokens, errs *diag.List) bool {
	type level struct {
		col   int // block entries' column; 0 for a flow collection
		seq   bool
		items int
		owner string // the key whose value it is, if known
		last  string // the key of its latest entry
	}
	var (
		stack []level
		flow  int // flow collections open, the innermost on top of stack
		ok    = true
	)
	fail := func(tk *token.Token, format string, args ...any) {
		errs.Add(file, tk.Position.Line, tk.Position.Column, format, args...)
		ok = false
	}
	// open pushes a new collection; count adds an entry to the innermost.
	// Each reports its limit once, then stops the scan.
	open := func(tk *token.Token, l level) bool {
		stack = append(stack, l)
		if len(stack) > MaxDepth {
			fail(tk, "lists and mappings nested more than %d deep: over the limit", MaxDepth)
			return false
		}
		return true
	}
	count := func(tk *token.Token) bool {
		top := &stack[len(stack)-1]
		if top.items++; top.items > MaxItems {
			if limit, ok := sectionLimits[top.owner]; ok && len(stack) == 2 {
				fail(tk, "more than %d %s, over the limit of %d %s an explainer may have", MaxItems, top.owner, limit, top.owner)
			} else {
				fail(tk, "more than %d entries in one list or mapping: over the limit", MaxItems)
			}
			return false
		}
		return true
	}
	// owner is the key a collection opened at tk belongs to: the key of the
	// latest entry one level up.
	owner := func() string {
		if len(stack) == 0 {
			return ""
		}
		return stack[len(stack)-1].last
	}
	for _, tk := range tokens {
		switch tk.Type {
		case token.AnchorType, token.AliasType:
			// The name is the token right after the sign, if there is one.
			name := ""
			if n := tk.Next; n != nil && n.Position.Line == tk.Position.Line && n.Position.Column == tk.Position.Column+1 &&
				!strings.ContainsFunc(n.Value, unicode.IsSpace) {
				name = n.Value
			}
			if tk.Type == token.AnchorType {
				fail(tk, "YAML anchors (&%s) are not supported: write the value out", name)
			} else {
				fail(tk, "YAML aliases (*%s) are not supported: write the value out", name)
			}
			continue
		case token.DocumentHeaderType, token.DocumentEndType:
			stack, flow = stack[:0], 0
			continue
		case token.SequenceStartType, token.MappingStartType:
			flow++
			if !open(tk, level{items: 1, owner: owner()}) {
				return false
			}
			continue
		case token.SequenceEndType, token.MappingEndType:
			if flow > 0 {
				flow--
				stack = stack[:len(stack)-1]
			}
			continue
		case token.CollectEntryType:
			at := tk // the entry after the comma, when there is one
			if tk.Next != nil {
				at = tk.Next
			}
			if flow > 0 && !count(at) {
				return false
			}
			continue
		}
		if flow > 0 {
			continue
		}
		// A block entry: "- ", "? ", or a key followed by ": ".
		at := tk // the entry's first token
		seq := tk.Type == token.SequenceEntryType
		switch {
		case seq, tk.Type == token.MappingKeyType:
		case tk.Type == token.MappingValueType:
			if k := tk.Prev; k != nil && k.Position.Line == tk.Position.Line {
				at = k // the key
			}
		default:
			continue
		}
		col := at.Position.Column
		key := ""
		if at != tk {
			key = at.Value
		}
		for len(stack) > 0 {
			top := stack[len(stack)-1]
			if top.col > col || (top.col == col && top.seq && !seq) {
				stack = stack[:len(stack)-1]
				continue
			}
			break
		}
		switch top := len(stack) - 1; {
		case top >= 0 && stack[top].col == col && stack[top].seq == seq:
			if !count(at) {
				return false
			}
		default: // further right, or an unindented list under a key
			if !open(at, level{col: col, seq: seq, items: 1, owner: owner()}) {
				return false
			}
		}
		stack[len(stack)-1].last = key
	}
	return ok
}

// sectionLimits name, for the sections of terms.yaml with a limit of their
// own, what it is: a file that runs into MaxItems there has run past it.
var sectionLimits = map[string]int{"terms": MaxTerms, "sides": MaxSides}

// bidiControls are the invisible characters that reorder the text around
// them ("Trojan Source", CVE-2021-42574): a name carrying U+202E displays
// reversed, along with whatever follows it on the page. No explainer needs
// them; the marks U+200E and U+200F, which only set a direction, stay allowed.
var bidiControls = map[rune]string{
	'\u202A': "LEFT-TO-RIGHT EMBEDDING",
	'\u202B': "RIGHT-TO-LEFT EMBEDDING",
	'\u202C': "POP DIRECTIONAL FORMATTING",
	'\u202D': "LEFT-TO-RIGHT OVERRIDE",
	'\u202E': "RIGHT-TO-LEFT OVERRIDE",
	'\u2066': "LEFT-TO-RIGHT ISOLATE",
	'\u2067': "RIGHT-TO-LEFT ISOLATE",
	'\u2068': "FIRST STRONG ISOLATE",
	'\u2069': "POP DIRECTIONAL ISOLATE",
}

// checkBidi reports every bidirectional control character in a file, at its
// line and column (in characters, as the YAML errors count them).
func checkBidi(file string, src []byte, errs *diag.List) {
	if !hasBidi(src) { // most files: no rune-by-rune walk
		return
	}
	line, col := 1, 1
	for _, r := range string(src) {
		if name, ok := bidiControls[r]; ok {
			errs.Add(file, line, col, "invisible bidirectional control character U+%04X (%s): it makes text display differently from what it says; remove it", r, name)
		}
		col++
		if r == '\n' {
			line, col = line+1, 1
		}
	}
}

// hasBidi reports whether src holds one of bidiControls: U+202A to U+202E
// (E2 80 AA to AE in UTF-8) or U+2066 to U+2069 (E2 81 A6 to A9).
func hasBidi(src []byte) bool {
	for {
		i := bytes.IndexByte(src, 0xE2)
		if i < 0 || i+2 >= len(src) {
			return false
		}
		if b, c := src[i+1], src[i+2]; b == 0x80 && 0xAA <= c && c <= 0xAE || b == 0x81 && 0xA6 <= c && c <= 0xA9 {
			return true
		}
		src = src[i+1:]
	}
}
