package content

import (
	"os"
	"path/filepath"
	"strings"
	"testing"

	qt "github.com/frankban/quicktest"
	"github.com/parley-news/parley/tools/internal/diag"
)

// editionIndex and editionTerms make an explainer, talks, with a group, a
// note, an event and a correction: one string of each kind.
const (
	editionIndex = "---\ntitle: Talks\nsummary: Who wants what.\ndate: 2025-04-01\n---\nThe talks.\n"
	editionTerms = base + `terms:
  t:
    group: Security guarantees
    text: A ceasefire first
    positions: {us: {stance: supports, note: "Wants it *now*.", sources: [report]}, ru: silent}
events:
  - {date: 2025-04, title: Talks in London}
corrections:
  - {date: 2025-04-02, cells: [t/us], text: We had the wrong stance.}
`
)

// writeExplainer writes content/talks/ with the files given (name: text)
// and loads it.
func writeExplainer(t *testing.T, files map[string]string) (*Explainer, error) {
	t.Helper()
	root := t.TempDir()
	dir := filepath.Join(root, "content", "talks")
	qt.Assert(t, os.MkdirAll(dir, 0o755), qt.IsNil)
	for name, text := range files {
		qt.Assert(t, os.WriteFile(filepath.Join(dir, name), []byte(text), 0o644), qt.IsNil)
	}
	return LoadDir(root, "content/talks")
}

func TestStringsKeyEveryTranslatableText(t *testing.T) {
	x, err := writeExplainer(t, map[string]string{"index.md": editionIndex, "terms.yaml": editionTerms})
	qt.Assert(t, err, qt.IsNil)
	var keys []string
	for _, s := range x.Strings() {
		keys = append(keys, s.Key+"="+s.Text)
	}
	qt.Assert(t, keys, qt.DeepEquals, []string{
		"actors.us.name=United States", "actors.ru.name=Russia",
		"sides.us.name=US plan", "sides.us.short=United States", "sides.ru.name=Russia's terms", "sides.ru.short=Russia",
		"groups.security-guarantees=Security guarantees",
		"terms.t.text=A ceasefire first", "terms.t.us.note=Wants it *now*.",
		"sources.report.publisher=Reuters", "sources.report.title=Talks",
		"events.1.title=Talks in London",
		"corrections.1=We had the wrong stance.",
	})
}

func TestEditionTranslatesAndFallsBack(t *testing.T) {
	x, err := writeExplainer(t, map[string]string{
		"index.md": editionIndex, "terms.yaml": editionTerms,
		"index.uk.md": "---\ntitle: Переговори\nsummary: Хто чого хоче.\n---\nПереговори.\n",
		"terms.uk.yaml": `actors.us.name: {en: United States, uk: США}
terms.t.text:
  en: A truce first
  uk: Спершу перемир'я
groups.security-guarantees: {en: Security guarantees, uk: Гарантії безпеки}
terms.t.us.note: {en: "Wants it *now*.", uk: "Хоче цього *зараз*."}
sides.us.name: {en: US plan}
terms.gone.text: {en: Old, uk: Старе}
`,
	})
	qt.Assert(t, err, qt.IsNil)
	qt.Assert(t, x.Editions, qt.HasLen, 1)
	ed := x.Editions[0]
	qt.Check(t, ed.Lang, qt.Equals, "uk")
	qt.Check(t, ed.Stale, qt.IsTrue) // no translates: yet
	tx, fallback := x.Translate(ed)
	qt.Check(t, tx.Front.Title, qt.Equals, "Переговори")
	qt.Check(t, tx.Actors[0].Name, qt.Equals, "США")
	qt.Check(t, tx.Actors[0].Short, qt.Equals, "США") // no short of its own: its name
	qt.Check(t, tx.Terms[0].Text, qt.Equals, "A ceasefire first", qt.Commentf("stale: the source's text"))
	qt.Check(t, tx.Terms[0].Group, qt.Equals, "Гарантії безпеки")
	qt.Check(t, tx.Groups, qt.DeepEquals, []string{"Гарантії безпеки"})
	qt.Check(t, tx.Terms[0].Positions[0].Note, qt.Equals, "Хоче цього *зараз*.")
	qt.Check(t, tx.Sides[0].Name, qt.Equals, "US plan", qt.Commentf("not yet translated"))
	qt.Check(t, fallback["terms.t.text"] && fallback["sides.us.name"] && fallback["events.1.title"], qt.IsTrue)
	qt.Check(t, fallback["actors.us.name"] || fallback["terms.t.us.note"], qt.IsFalse)
	// x itself is left as it was.
	qt.Check(t, x.Terms[0].Group, qt.Equals, "Security guarantees")
	qt.Check(t, x.Actors[0].Name, qt.Equals, "United States")

	got := strings.Split(x.Warnings.Error(), "\n")
	qt.Check(t, got, qt.DeepEquals, []string{
		`content/talks/index.uk.md:1:1: warning: stale translation: it does not say which version of index.md it translates (translates:): readers see a notice that it awaits an update; update it, then run parley translate --confirm talks uk`,
		`content/talks/terms.uk.yaml:1:1: warning: 9 of 13 strings not yet translated: readers see them in the source language, marked as awaiting translation (parley translate talks uk adds the missing ones)`,
		`content/talks/terms.uk.yaml:2:1: warning: stale translation of terms.t.text: terms.yaml now says "A ceasefire first" (it was "A truce first" when translated); until you translate it again and run parley translate --confirm talks uk terms.t.text, readers see the new text, marked as awaiting translation`,
		`content/talks/terms.uk.yaml:8:1: warning: terms.gone.text is not in terms.yaml (any more?) (did you mean "terms.t.text"?): it shows nowhere`,
	})
}

func TestEditionProseHash(t *testing.T) {
	files := map[string]string{"index.md": editionIndex, "terms.yaml": editionTerms}
	x, err := writeExplainer(t, files)
	qt.Assert(t, err, qt.IsNil)
	hash := ProseHash([]byte(editionIndex), x.Front)
	files["index.uk.md"] = "---\ntitle: Переговори\nsummary: Хто чого хоче.\ntranslates: " + hash + "\n---\nПереговори.\n"
	x, err = writeExplainer(t, files)
	qt.Assert(t, err, qt.IsNil)
	qt.Check(t, x.Editions[0].Stale, qt.IsFalse)
	qt.Check(t, x.Warnings, qt.HasLen, 0)
	// A new date leaves the translation current; new prose does not.
	files["index.md"] = strings.Replace(editionIndex, "2025-04-01", "2025-04-02", 1)
	x, err = writeExplainer(t, files)
	qt.Assert(t, err, qt.IsNil)
	qt.Check(t, x.Editions[0].Stale, qt.IsFalse)
	files["index.md"] = editionIndex + "More.\n"
	x, err = writeExplainer(t, files)
	qt.Assert(t, err, qt.IsNil)
	qt.Check(t, x.Editions[0].Stale, qt.IsTrue)
	qt.Check(t, x.Warnings.Error(), qt.Equals, `content/talks/index.uk.md:4:13: warning: stale translation: index.md has changed since it was translated: readers see a notice that it awaits an update; update it, then run parley translate --confirm talks uk`)
}

func TestEditionErrors(t *testing.T) {
	for _, c := range []struct {
		name  string
		files map[string]string
		want  string
	}{
		{"terms without prose", map[string]string{"terms.uk.yaml": "{}\n"},
			`content/talks/terms.uk.yaml: terms.uk.yaml has no index.uk.md beside it: an edition needs its prose (parley translate talks uk writes both)`},
		{"not a language", map[string]string{"index.draft.md": "---\ntitle: T\nsummary: S\n---\n"},
			`content/talks/index.draft.md: "draft" is not a language code: name an edition index.<lang>.md, e.g. index.uk.md`},
		{"a field of index.md's", map[string]string{"index.uk.md": "---\ntitle: T\nsummary: S\ndate: 2025-01-01\n---\n"},
			`content/talks/index.uk.md:4:1: unknown field "date" in an edition's front matter (dates, topics, importance and draft are index.md's) (want one of title, summary, authors, translates)`},
		{"no title", map[string]string{"index.uk.md": "---\nsummary: S\n---\n"},
			`content/talks/index.uk.md:2:1: missing field "title" in an edition's front matter (dates, topics, importance and draft are index.md's)`},
		{"a string not text", map[string]string{"index.uk.md": "---\ntitle: T\nsummary: S\n---\n", "terms.uk.yaml": "terms.t.text: {en: [a], uk: b}\n"},
			`content/talks/terms.uk.yaml:1:20: "en" in terms.t.text must be text, not a list`},
		{"an unknown language field", map[string]string{"index.uk.md": "---\ntitle: T\nsummary: S\n---\n", "terms.uk.yaml": "terms.t.text: {en: a, de: b}\n"},
			`content/talks/terms.uk.yaml:1:23: unknown field "de" in terms.t.text (want one of en, uk)`},
		{"a shortcode's unknown side", map[string]string{"index.uk.md": "---\ntitle: T\nsummary: S\n---\n{{< matchup a=\"us\" b=\"usa\" >}}\n"},
			`content/talks/index.uk.md:5:`},
	} {
		t.Run(c.name, func(t *testing.T) {
			files := map[string]string{"index.md": editionIndex, "terms.yaml": editionTerms}
			for k, v := range c.files {
				files[k] = v
			}
			_, err := writeExplainer(t, files)
			var l diag.List
			qt.Assert(t, err, qt.ErrorAs, &l)
			qt.Check(t, l.Error(), qt.Contains, c.want)
		})
	}
}
