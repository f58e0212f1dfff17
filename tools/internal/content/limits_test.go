package content

import (
	"fmt"
	"os"
	"path/filepath"
	"runtime"
	"strings"
	"testing"
	"time"
	"unicode"
	"unicode/utf8"

	qt "github.com/frankban/quicktest"
	"github.com/parley-news/parley/tools/internal/diag"
)

// bounded runs f and fails the test unless it returns within d, having
// allocated at most maxAlloc bytes: a hostile file is refused cheaply.
// Tokenizing costs up to about 300 bytes a byte of input (a token each);
// what goccy's parser did with deep nesting was quadratic.
func bounded(t *testing.T, d time.Duration, maxAlloc uint64, f func()) {
	t.Helper()
	var before, after runtime.MemStats
	runtime.GC()
	runtime.ReadMemStats(&before)
	done := make(chan struct{})
	start := time.Now()
	go func() { defer close(done); f() }()
	select {
	case <-done:
	case <-time.After(d):
		t.Fatalf("still running after %s", d)
	}
	runtime.ReadMemStats(&after)
	alloc := after.TotalAlloc - before.TotalAlloc
	t.Logf("%s, %d MB allocated", time.Since(start).Round(time.Millisecond), alloc>>20)
	qt.Assert(t, alloc <= maxAlloc, qt.IsTrue, qt.Commentf("allocated %d MB", alloc>>20))
}

// lines repeats a line n times, with %d replaced by its index.
func lines(n int, format string) string {
	var b strings.Builder
	for i := range n {
		fmt.Fprintf(&b, format, i)
	}
	return b.String()
}

// indented nests n block mappings by indentation, one more space a line.
func indented(n int) string {
	var b strings.Builder
	for i := range n {
		b.WriteString(strings.Repeat(" ", i) + "a:\n")
	}
	return b.String()
}

// nestedList nests n list items, each step columns right of the one before.
func nestedList(n, step int) string {
	var b strings.Builder
	for i := range n {
		b.WriteString(strings.Repeat(" ", i*step) + "- item\n")
	}
	return b.String()
}

// sidesYAML writes n sides s0... of one actor, and sources, on lines 1 to n+3.
func sidesYAML(n int) string {
	return "actors: {a: {name: A}}\nsources: {r: {publisher: P, title: T, date: 2025-01}}\nsides:\n" +
		lines(n, "  s%d: {actor: a, name: S, date: 2025-03}\n")
}

// positions gives a term a silent position for each of n sides.
func positions(n int) string {
	var p []string
	for i := range n {
		p = append(p, fmt.Sprintf("s%d: silent", i))
	}
	return "{" + strings.Join(p, ", ") + "}"
}

// A terms.yaml or front matter built to exhaust time or memory is refused
// with a positioned message, quickly and in little memory. goccy/go-yaml
// alone needed 44 s and 15 GB for the 100,000 nested "[" of a 100 KB file.
func TestLimits(t *testing.T) {
	const mb = 1 << 20
	nested := func(n int, open, close string) string {
		return "terms: " + strings.Repeat(open, n) + "x" + strings.Repeat(close, n) + "\n"
	}
	// A billion laughs: nine levels of nine aliases each.
	bomb := "a: &a [lol, lol, lol, lol, lol, lol, lol, lol, lol]\n"
	for c := 'b'; c <= 'i'; c++ {
		bomb += fmt.Sprintf("%c: &%c [%s]\n", c, c, strings.TrimSuffix(strings.Repeat(fmt.Sprintf("*%c, ", c-1), 9), ", "))
	}
	for _, tc := range []struct {
		name, src string
		want      string // the first error
		n         int    // how many errors
	}{
		{"10,000 nested [", nested(10000, "[", "]"), `t.yaml:1:39: lists and mappings nested more than 32 deep: over the limit`, 1},
		{"10,000 nested [ unclosed", "terms: " + strings.Repeat("[", 10000), `t.yaml:1:39: lists and mappings nested more than 32 deep: over the limit`, 1},
		{"100,000 nested {", nested(100000, "{", "}"), `t.yaml:1:39: lists and mappings nested more than 32 deep: over the limit`, 1},
		{"nested {a: ", nested(10000, "{a: ", "}"), `t.yaml:1:132: lists and mappings nested more than 32 deep: over the limit`, 1},
		{"nested block lists", strings.Repeat("- ", 100000) + "x\n", `t.yaml:1:65: lists and mappings nested more than 32 deep: over the limit`, 1},
		{"nested block mappings", indented(200), "", 1},
		{"huge flow sequence", "events: [" + strings.Repeat("x, ", 200000) + "x]\n", `t.yaml:1:3010: more than 1000 entries in one list or mapping: over the limit`, 1},
		{"huge block sequence", "events:\n" + strings.Repeat("  - x\n", 200000), `t.yaml:1002:3: more than 1000 entries in one list or mapping: over the limit`, 1},
		{"huge mapping", "sources:\n" + lines(100000, "  s%d: x\n"), `t.yaml:1002:3: more than 1000 entries in one list or mapping: over the limit`, 1},
		{"alias bomb", bomb + "terms: *i\n", `t.yaml:1:4: YAML anchors (&a) are not supported: write the value out`, 82},
		{"merge key", "sides: {a: &s {actor: a}, b: {<<: *s, name: B}}\n", `t.yaml:1:12: YAML anchors (&s) are not supported: write the value out`, 2},
		{"41 sides", sidesYAML(41) + "terms:\n  t: {group: G, text: T, positions: " + positions(41) + "}\n",
			`t.yaml:3:1: 41 sides, over the limit of 40 sides an explainer may have`, 1},
		{"401 terms", sidesYAML(2) + "terms:\n" + lines(401, "  t%d: {group: G, text: T, positions: {s0: silent, s1: silent}}\n"),
			`t.yaml:6:1: 401 terms, over the limit of 400 terms an explainer may have`, 1},
		// Past MaxItems, the limit named is the section's, not the parser's.
		{"2000 terms", sidesYAML(2) + "terms:\n" + lines(2000, "  t%d: {group: G, text: T, positions: {s0: silent, s1: silent}}\n"),
			`t.yaml:1007:3: more than 1000 terms, over the limit of 400 terms an explainer may have`, 1},
		{"1500 sides", "sides:\n" + lines(1500, "  s%d: {actor: a, name: S, date: 2025-03}\n"),
			`t.yaml:1002:3: more than 1000 sides, over the limit of 40 sides an explainer may have`, 1},
	} {
		t.Run(tc.name, func(t *testing.T) {
			var errs diag.List
			bounded(t, 20*time.Second, 16*mb+300*uint64(len(tc.src)), func() { parseTerms("t.yaml", []byte(tc.src), &Explainer{}, &errs) })
			errs = errs.Sort()
			qt.Assert(t, len(errs), qt.Equals, tc.n, qt.Commentf("%s", errs.Error()))
			if tc.want == "" {
				qt.Assert(t, errs[0].Msg, qt.Equals, "lists and mappings nested more than 32 deep: over the limit")
			} else {
				qt.Assert(t, errs[0].Error(), qt.Equals, tc.want)
			}
		})
	}

	t.Run("front matter", func(t *testing.T) {
		for _, src := range []string{
			"---\ntitle: " + strings.Repeat("[", 100000) + "\n---\n",
			"---\ntitle: &t T\nsummary: *t\ndate: 2025-04-25\n---\n",
			"---\nauthors: [" + strings.Repeat("A, ", 100000) + "A]\n---\n",
		} {
			var errs diag.List
			bounded(t, 20*time.Second, 16*mb+300*uint64(len(src)), func() { parseFront("i.md", []byte(src), &errs) })
			qt.Assert(t, errs, qt.Not(qt.HasLen), 0)
			qt.Assert(t, errs[0].Msg, qt.Matches, `(lists and mappings nested more than 32 deep|more than 1000 entries in one list or mapping): over the limit|YAML anchors .*`)
		}
	})

	// Files over MaxFileSize are not even parsed.
	t.Run("2 MiB files", func(t *testing.T) {
		root := t.TempDir()
		dir := filepath.Join(root, "content", "big")
		qt.Assert(t, os.MkdirAll(dir, 0o755), qt.IsNil)
		big := "# " + strings.Repeat("x", 2*mb) + "\n"
		qt.Assert(t, os.WriteFile(filepath.Join(dir, "terms.yaml"), []byte(big), 0o644), qt.IsNil)
		qt.Assert(t, os.WriteFile(filepath.Join(dir, "index.md"), []byte(big), 0o644), qt.IsNil)
		var err error
		bounded(t, 20*time.Second, 16*mb, func() { _, err = LoadDir(root, "content/big") })
		qt.Assert(t, err, qt.ErrorMatches, fmt.Sprintf(`content/big/index.md: file is 2.0 MiB \(%[1]d bytes\), over the limit of 1 MiB \(%[2]d bytes\) a file: split the explainer
content/big/terms.yaml: file is 2.0 MiB \(%[1]d bytes\), over the limit of 1 MiB \(%[2]d bytes\) a file: split the explainer`, len(big), MaxFileSize))
	})

	// Text that displays differently from what it says is refused wherever
	// it is, prose included, at its line and column.
	t.Run("bidirectional controls", func(t *testing.T) {
		root := t.TempDir()
		dir := filepath.Join(root, "content", "x")
		qt.Assert(t, os.MkdirAll(dir, 0o755), qt.IsNil)
		qt.Assert(t, os.WriteFile(filepath.Join(dir, "index.md"), []byte("---\ntitle: T\u202e\nsummary: S\ndate: 2025-04-25\n---\nSee \u2066x\u2069 and \u200fy.\n"), 0o644), qt.IsNil)
		qt.Assert(t, os.WriteFile(filepath.Join(dir, "terms.yaml"), []byte(sidesYAML(1)+"terms:\n  t: {group: G, text: \"\u202aT\u202c\", positions: {s0: silent}}\n"), 0o644), qt.IsNil)
		_, err := LoadDir(root, "content/x")
		qt.Assert(t, err, qt.ErrorMatches, `content/x/index.md:2:9: invisible bidirectional control character U\+202E \(RIGHT-TO-LEFT OVERRIDE\): it makes text display differently from what it says; remove it
content/x/index.md:6:5: invisible bidirectional control character U\+2066 \(LEFT-TO-RIGHT ISOLATE\): .*
content/x/index.md:6:7: invisible bidirectional control character U\+2069 \(POP DIRECTIONAL ISOLATE\): .*
content/x/terms.yaml:6:24: invisible bidirectional control character U\+202A \(LEFT-TO-RIGHT EMBEDDING\): .*
content/x/terms.yaml:6:26: invisible bidirectional control character U\+202C \(POP DIRECTIONAL FORMATTING\): .*`)
	})

	// Prose that would make goldmark (inside Hugo) take minutes is refused
	// before Hugo sees it; prose far beyond what writers produce is not.
	t.Run("prose", func(t *testing.T) {
		root := t.TempDir()
		dir := filepath.Join(root, "content", "x")
		qt.Assert(t, os.MkdirAll(dir, 0o755), qt.IsNil)
		qt.Assert(t, os.WriteFile(filepath.Join(dir, "terms.yaml"), []byte(sidesYAML(1)+"terms:\n  t: {group: G, text: T, positions: {s0: silent}}\n"), 0o644), qt.IsNil)
		front := "---\ntitle: T\nsummary: S\ndate: 2025-04-25\n---\n" // lines 1-5
		load := func(body string) error {
			t.Helper()
			qt.Assert(t, os.WriteFile(filepath.Join(dir, "index.md"), []byte(front+body), 0o644), qt.IsNil)
			var err error
			bounded(t, 20*time.Second, 16*mb+300*uint64(len(body)), func() { _, err = LoadDir(root, "content/x") })
			return err
		}
		for _, tc := range []struct{ name, body, want string }{
			{"nested blockquotes", "Intro.\n\n" + strings.Repeat(">", 500000) + " x\n", `content/x/index.md:8:33: blockquotes and lists nested more than 32 deep: over the limit`},
			{"nested lists and quotes", strings.Repeat("> - 1. ", 20) + "x\n", `content/x/index.md:6:\d+: blockquotes and lists nested more than 32 deep: over the limit`},
			{"deep indentation", nestedList(100, 2) + strings.Repeat(" ", 200) + "- x\n", `content/x/index.md:\d+:1: line indented \d+ columns, over the limit of 128`},
			{"links that never close", "Intro.\n\n" + strings.Repeat("[](", 100000) + "\n", "content/x/index.md:8:1: more than 4000 markup characters .* in one paragraph, list or table: over the limit; split it"},
			{"emphasis", "Intro.\n\nStart " + strings.Repeat("**a_", 100000) + "\n", "content/x/index.md:8:1: more than 4000 markup characters .*"},
		} {
			t.Run(tc.name, func(t *testing.T) {
				qt.Assert(t, load(tc.body), qt.ErrorMatches, tc.want)
			})
		}
		// Code is text: what is in a fence is not counted.
		fine := "```\n" + strings.Repeat(">", 5000) + "\n" + strings.Repeat("[](", 5000) + "\n```\n\n" +
			lines(300, "- [Item %d](https://example.org/a_b_%[1]d) with *emphasis* and `code`\n") + "\n" +
			"| a | b |\n|---|---|\n" + lines(200, "| [%d](https://example.org/) | **b** |\n") + "\n" +
			nestedList(32, 2) + "\n" + strings.Repeat("> ", 32) + "deep enough\n"
		qt.Assert(t, load(fine), qt.IsNil)
	})

	// The limits leave room: the largest explainer allowed, 400 terms by
	// 40 sides with a note and a source in every cell, loads in about a
	// second.
	t.Run("largest allowed", func(t *testing.T) {
		src := sidesYAML(40) + "terms:\n"
		for i := range MaxTerms {
			src += fmt.Sprintf("  t%d:\n    group: G%d\n    text: Term %d\n    positions:\n", i, i%6, i)
			src += lines(MaxSides, "      s%d: {stance: supports, note: A note., sources: r}\n")
		}
		x := &Explainer{}
		var errs diag.List
		bounded(t, 20*time.Second, 1024*mb, func() { parseTerms("t.yaml", []byte(src), x, &errs) })
		t.Logf("%d KB", len(src)>>10)
		qt.Assert(t, len(src) < MaxFileSize, qt.IsTrue)
		qt.Assert(t, errs, qt.HasLen, 0)
		qt.Assert(t, x.Terms, qt.HasLen, MaxTerms)
	})
}

// hasBidi, checkBidi's quick test, finds a bidirectional control exactly
// when there is one: every rune alone, between others, and at a file's end.
func TestHasBidi(t *testing.T) {
	for r := rune(0); r <= unicode.MaxRune; r++ {
		if !utf8.ValidRune(r) {
			continue
		}
		_, want := bidiControls[r]
		for _, s := range []string{string(r), "a’" + string(r) + "—b"} {
			if hasBidi([]byte(s)) != want {
				t.Fatalf("hasBidi(%q) = %v, want %v", s, !want, want)
			}
		}
	}
	qt.Check(t, hasBidi([]byte("\u202e"[:2])), qt.IsFalse) // cut short
}
