package content

import (
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"unicode"

	qt "github.com/frankban/quicktest"
)

// Paths relative to this package's directory, tools/internal/content.
const (
	ownRoot        = "../../.."
	ownFlagshipDir = ownRoot + "/content/ukraine-peace-talks"
	ownSeed        = ownRoot + "/../shared/seed/ukraine-peace-talks-article.txt"
	ownMinRun      = 10 // words: a shared run this long or longer is copying
	ownMinWords    = 700
	ownMaxWords    = 1100
)

// Words that must never appear anywhere in content/: the scraped article
// carried an unrelated advertisement for a business-card service.
var ownBanned = []string{"vcard", "business card"}

// TestFlagshipInOwnWords checks that the flagship explainer tells the story
// of its source article in our own words: no run of ownMinRun or more
// consecutive words is shared with the article, in the prose or in
// terms.yaml.
func TestFlagshipInOwnWords(t *testing.T) {
	article, err := os.ReadFile(ownSeed)
	if errors.Is(err, fs.ErrNotExist) {
		if os.Getenv("CI") == "true" {
			t.Fatalf("source article %s is missing", ownSeed)
		}
		t.Skipf("source article %s is missing", ownSeed)
	}
	qt.Assert(t, err, qt.IsNil)
	src := ownWords(string(article))
	qt.Assert(t, len(src) > 100, qt.IsTrue, qt.Commentf("article too short: %d words", len(src)))

	// The check itself must be able to fail: the article shares everything with itself.
	qt.Assert(t, ownSharedRuns(src, src, ownMinRun), qt.Not(qt.HasLen), 0)

	for _, name := range []string{"index.md", "terms.yaml"} {
		b, err := os.ReadFile(filepath.Join(ownFlagshipDir, name))
		qt.Assert(t, err, qt.IsNil)
		for _, run := range ownSharedRuns(src, ownWords(string(b)), ownMinRun) {
			t.Errorf("%s shares %d+ consecutive words with the source article: %q", name, ownMinRun, run)
		}
	}
}

// TestFlagshipProseLength keeps the explainer short enough to read on a phone
// and long enough to explain.
func TestFlagshipProseLength(t *testing.T) {
	b, err := os.ReadFile(filepath.Join(ownFlagshipDir, "index.md"))
	qt.Assert(t, err, qt.IsNil)
	n := len(ownWords(ownProse(string(b))))
	t.Logf("index.md prose: %d words", n)
	if n < ownMinWords || n > ownMaxWords {
		t.Errorf("index.md prose has %d words, want %d to %d", n, ownMinWords, ownMaxWords)
	}
}

// TestFlagshipNoAdvertisement checks that nothing of the advertisement that
// was scraped with the source article made it into content/.
func TestFlagshipNoAdvertisement(t *testing.T) {
	root := filepath.Join(ownRoot, "content")
	found := 0
	err := filepath.WalkDir(root, func(path string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() {
			return err
		}
		b, err := os.ReadFile(path)
		if err != nil {
			return err
		}
		found++
		raw := strings.ToLower(string(b))
		joined := " " + strings.Join(ownWords(string(b)), " ") + " "
		for _, p := range ownBanned {
			if strings.Contains(raw, p) || strings.Contains(joined, p) ||
				strings.Contains(strings.ReplaceAll(joined, " ", ""), strings.ReplaceAll(p, " ", "")) {
				t.Errorf("%s mentions %q", path, p)
			}
		}
		return nil
	})
	qt.Assert(t, err, qt.IsNil)
	qt.Assert(t, found > 0, qt.IsTrue, qt.Commentf("no files under %s", root))
}

// TestShippedContentLoads loads the flagship explainer as the site build
// does and checks it is complete.
func TestShippedContentLoads(t *testing.T) {
	flagship, err := LoadDir(ownRoot, "content/ukraine-peace-talks")
	qt.Assert(t, err, qt.IsNil)
	qt.Check(t, len(flagship.Terms) >= 14, qt.IsTrue, qt.Commentf("%d terms", len(flagship.Terms)))
	qt.Check(t, flagship.Sides, qt.HasLen, 5)
}

func TestFlagshipSharedRuns(t *testing.T) {
	a := ownWords("One two three four five six seven eight nine ten eleven twelve.")
	qt.Check(t, ownSharedRuns(a, ownWords("zero ONE two three, four five six seven eight nine ten! end"), 10),
		qt.DeepEquals, []string{"one two three four five six seven eight nine ten"})
	qt.Check(t, ownSharedRuns(a, ownWords("one two three four five six seven eight nine"), 10), qt.HasLen, 0)
	qt.Check(t, ownSharedRuns(a, a, 10), qt.DeepEquals, []string{strings.Join(a, " ")})
	qt.Check(t, ownWords("Russia’s “root causes” - Russia's 30-day"), qt.DeepEquals,
		[]string{"russias", "root", "causes", "russias", "30", "day"})
}

// ownWords splits text into lower-case words of letters and digits. Apostrophes,
// straight or curly, are dropped so that "Russia's" and "Russia’s" match.
func ownWords(s string) []string {
	var out []string
	var w strings.Builder
	flush := func() {
		if w.Len() > 0 {
			out = append(out, w.String())
			w.Reset()
		}
	}
	for _, r := range s {
		switch {
		case r == '\'' || r == '’' || r == '‘' || r == 'ʼ':
			// folded: part of the word, not a break
		case unicode.IsLetter(r) || unicode.IsDigit(r):
			w.WriteRune(unicode.ToLower(r))
		default:
			flush()
		}
	}
	flush()
	return out
}

// ownSharedRuns returns every maximal run of n or more consecutive words of b
// that also occurs, word for word, in a.
func ownSharedRuns(a, b []string, n int) []string {
	if len(a) < n || len(b) < n {
		return nil
	}
	grams := map[string]bool{}
	for i := 0; i+n <= len(a); i++ {
		grams[strings.Join(a[i:i+n], " ")] = true
	}
	var runs []string
	end := -1 // end of the run being extended, exclusive
	start := 0
	for i := 0; i+n <= len(b); i++ {
		if !grams[strings.Join(b[i:i+n], " ")] {
			continue
		}
		if i < end {
			end = i + n
			continue
		}
		if end >= 0 {
			runs = append(runs, strings.Join(b[start:end], " "))
		}
		start, end = i, i+n
	}
	if end >= 0 {
		runs = append(runs, strings.Join(b[start:end], " "))
	}
	return runs
}

// ownProse returns index.md without its front matter and without lines that
// hold only a shortcode.
func ownProse(s string) string {
	s = strings.ReplaceAll(s, "\r\n", "\n")
	if rest, ok := strings.CutPrefix(s, "---\n"); ok {
		if _, body, ok := strings.Cut(rest, "\n---\n"); ok {
			s = body
		}
	}
	var b strings.Builder
	for line := range strings.Lines(s) {
		t := strings.TrimSpace(line)
		if strings.HasPrefix(t, "{{<") || strings.HasPrefix(t, "{{%") {
			continue
		}
		fmt.Fprint(&b, line)
	}
	return b.String()
}
