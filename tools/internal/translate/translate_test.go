package translate

import (
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"testing"

	qt "github.com/frankban/quicktest"
	"github.com/parley-news/parley/tools/internal/content"
)

const (
	index = "---\ntitle: Talks\nsummary: Who wants what.\ndate: 2025-04-01\n---\nThe talks: {{< compare >}}\n"
	terms = `sources: {report: {publisher: Reuters, title: Talks, date: 2025-04-23}}
actors: {us: {name: United States, short: US}}
sides:
  us: {actor: us, name: US plan, date: 2025-03}
terms:
  t: {group: Sequencing, text: A ceasefire first, positions: {us: {stance: supports, note: "Wants it now.", sources: [report]}}}
`
)

// project writes an explainer, talks, and returns the project's root and
// a function that loads it again.
func project(t *testing.T) (string, func() *content.Explainer) {
	t.Helper()
	root := t.TempDir()
	dir := filepath.Join(root, "content", "talks")
	qt.Assert(t, os.MkdirAll(dir, 0o755), qt.IsNil)
	write(t, root, "index.md", index)
	write(t, root, "terms.yaml", terms)
	return root, func() *content.Explainer {
		t.Helper()
		x, err := content.LoadDir(root, "content/talks")
		qt.Assert(t, err, qt.IsNil)
		return x
	}
}

func write(t *testing.T, root, name, text string) {
	t.Helper()
	qt.Assert(t, os.WriteFile(filepath.Join(root, "content", "talks", name), []byte(text), 0o644), qt.IsNil)
}

func read(t *testing.T, root, name string) string {
	t.Helper()
	b, err := os.ReadFile(filepath.Join(root, "content", "talks", name))
	qt.Assert(t, err, qt.IsNil)
	return string(b)
}

func TestScaffoldStartsAnEditionThenAddsWhatItLacks(t *testing.T) {
	root, load := project(t)
	r, err := Scaffold(root, load(), "uk")
	qt.Assert(t, err, qt.IsNil)
	qt.Check(t, r.Created, qt.DeepEquals, []string{"content/talks/index.uk.md", "content/talks/terms.uk.yaml"})
	qt.Check(t, r.Added, qt.Equals, 9)
	prose := read(t, root, "index.uk.md")
	qt.Check(t, prose, qt.Contains, "title: \"Talks\"\nsummary: \"Who wants what.\"\n")
	qt.Check(t, strings.HasSuffix(prose, "---\nThe talks: {{< compare >}}\n"), qt.IsTrue, qt.Commentf("%s", prose))
	qt.Check(t, prose, qt.Not(qt.Contains), "date:")
	x := load()
	qt.Assert(t, x.Editions, qt.HasLen, 1)
	qt.Check(t, x.Editions[0].Stale, qt.IsTrue, qt.Commentf("not translated yet, so not current"))
	qt.Check(t, x.Warnings.Error(), qt.Contains, "terms.uk.yaml:1:1: warning: 9 of 9 strings not yet translated")

	// A translator's work, and a new term in terms.yaml.
	translated := strings.Replace(read(t, root, "terms.uk.yaml"), "terms.t.text:\n  en: \"A ceasefire first\"\n  uk:\n", "terms.t.text:\n  en: \"A ceasefire first\"\n  uk: Спершу припинення вогню\n", 1)
	write(t, root, "terms.uk.yaml", translated)
	write(t, root, "terms.yaml", terms+"  u: {group: Sequencing, text: Talks in Riyadh, positions: {us: silent}}\n")
	r, err = Scaffold(root, load(), "uk")
	qt.Assert(t, err, qt.IsNil)
	qt.Check(t, r.Created, qt.HasLen, 0)
	qt.Check(t, r.Appended, qt.DeepEquals, []string{"content/talks/terms.uk.yaml"})
	qt.Check(t, r.Added, qt.Equals, 1)
	after := read(t, root, "terms.uk.yaml")
	qt.Check(t, strings.HasPrefix(after, translated), qt.IsTrue, qt.Commentf("nothing written before is changed"))
	qt.Check(t, strings.TrimPrefix(after, translated), qt.Equals, "\n# Added by parley translate: to translate.\nterms.u.text:\n  en: \"Talks in Riyadh\"\n  uk:\n")
	qt.Check(t, read(t, root, "index.uk.md"), qt.Equals, prose, qt.Commentf("the prose is never written again"))
	tx, fallback := load().Translate(load().Editions[0])
	qt.Check(t, tx.Terms[0].Text, qt.Equals, "Спершу припинення вогню")
	qt.Check(t, fallback["terms.u.text"], qt.IsTrue)

	r, err = Scaffold(root, load(), "uk")
	qt.Assert(t, err, qt.IsNil)
	qt.Check(t, r.Added, qt.Equals, 0)
	_, err = Scaffold(root, load(), "english")
	qt.Check(t, err, qt.ErrorMatches, `"english" is not a language code .*`)
}

func TestConfirmRecordsTheSourceAndNothingElse(t *testing.T) {
	root, load := project(t)
	_, err := Scaffold(root, load(), "uk")
	qt.Assert(t, err, qt.IsNil)
	file := strings.Replace(read(t, root, "terms.uk.yaml"), "terms.t.text:\n  en: \"A ceasefire first\"\n  uk:\n", "terms.t.text:\n  en: \"A ceasefire first\" # the source\n  uk: Спершу припинення вогню\n", 1)
	write(t, root, "terms.uk.yaml", file)
	// The prose is translated, and confirmed.
	write(t, root, "index.uk.md", strings.Replace(read(t, root, "index.uk.md"), "The talks", "Переговори", 1))
	r, err := Confirm(root, load(), "uk", nil)
	qt.Assert(t, err, qt.IsNil)
	qt.Check(t, r.Confirmed, qt.DeepEquals, []string{Prose})
	qt.Check(t, read(t, root, "index.uk.md"), qt.Matches, `(?s)---\ntranslates: [0-9a-f]{12}\ntitle: .*Переговори: \{\{< compare >\}\}\n`)
	qt.Check(t, load().Editions[0].Stale, qt.IsFalse)

	// A typo fixed in the source: the translation goes stale...
	write(t, root, "terms.yaml", strings.Replace(terms, "A ceasefire first", "A cease-fire first", 1))
	x := load()
	qt.Check(t, x.Warnings.Error(), qt.Contains, `terms.uk.yaml:`+lineOf(file, "terms.t.text:")+`:1: warning: stale translation of terms.t.text: terms.yaml now says "A cease-fire first" (it was "A ceasefire first" when translated)`)
	_, fallback := x.Translate(x.Editions[0])
	qt.Check(t, fallback["terms.t.text"], qt.IsTrue)
	// ...until confirmed: one line changes.
	_, err = Confirm(root, x, "uk", []string{"terms.t.nope"})
	qt.Check(t, err, qt.ErrorMatches, `content/talks: no string "terms.t.nope" in terms.yaml \(did you mean "terms.t.text"\?\)`)
	r, err = Confirm(root, x, "uk", []string{"terms.t.text"})
	qt.Assert(t, err, qt.IsNil)
	qt.Check(t, r.Confirmed, qt.DeepEquals, []string{"terms.t.text"})
	qt.Check(t, read(t, root, "terms.uk.yaml"), qt.Equals, strings.Replace(file, `  en: "A ceasefire first" # the source`, `  en: "A cease-fire first"`, 1))
	tx, fallback := load().Translate(load().Editions[0])
	qt.Check(t, tx.Terms[0].Text, qt.Equals, "Спершу припинення вогню")
	qt.Check(t, fallback["terms.t.text"], qt.IsFalse)

	// A source written over two lines cannot be confirmed in place.
	write(t, root, "terms.uk.yaml", strings.Replace(read(t, root, "terms.uk.yaml"), `  en: "A cease-fire first"`, "  en: A cease-fire\n    first", 1))
	write(t, root, "terms.yaml", strings.Replace(terms, "A ceasefire first", "A ceasefire at first", 1))
	before := read(t, root, "terms.uk.yaml")
	_, err = Confirm(root, load(), "uk", nil)
	qt.Check(t, err, qt.ErrorMatches, `content/talks/terms.uk.yaml:\d+: cannot confirm a source text that runs over several lines: write it on one line`)
	qt.Check(t, read(t, root, "terms.uk.yaml"), qt.Equals, before)
}

// lineOf is the number of the line of s that starts with prefix, as text.
func lineOf(s, prefix string) string {
	for i, l := range strings.Split(s, "\n") {
		if strings.HasPrefix(l, prefix) {
			return strconv.Itoa(i + 1)
		}
	}
	return "?"
}
