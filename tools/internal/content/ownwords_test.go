package content

import (
	"crypto/sha256"
	"encoding/hex"
	"flag"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"
	"unicode"

	qt "github.com/frankban/quicktest"
)

// Paths relative to this package's directory, tools/internal/content.
const (
	ownRoot        = "../../.."
	ownFlagshipDir = ownRoot + "/content/ukraine-peace-talks"
	ownRuns        = "testdata/ownwords/article-runs.txt"
	ownMinRun      = 10 // words: a shared run this long or longer is copying
	ownMinWords    = 700
	ownMaxWords    = 1100
)

// Words that must never appear anywhere in content/: the scraped article
// carried an unrelated advertisement for a business-card service.
var ownBanned = []string{"vcard", "business card"}

// article names the source article, which is not in the repository: with
// it, the test checks ownRuns against it, and -update-runs rewrites them.
var (
	article    = flag.String("article", "", "the flagship's source article, to check "+ownRuns+" against")
	updateRuns = flag.Bool("update-runs", false, "rewrite "+ownRuns+" from -article")
)

// TestFlagshipInOwnWords checks that the flagship explainer tells the story
// of its source article in our own words: no run of ownMinRun or more
// consecutive words is shared with the article, in the prose or in
// terms.yaml. The article is not ours to copy into the repository: what the
// test needs of it, the hash of each of its runs of ownMinRun words, is in
// ownRuns, so that it runs on any checkout. Given the article (-article
// PATH), the test checks the hashes against it; -update-runs writes them
// anew from it.
func TestFlagshipInOwnWords(t *testing.T) {
	var runs []string
	if !*updateRuns {
		runs = readRuns(t)
	}
	if *article != "" {
		b, err := os.ReadFile(*article)
		qt.Assert(t, err, qt.IsNil)
		want := runHashes(ownWords(string(b)), ownMinRun)
		if *updateRuns {
			writeRuns(t, want)
			runs = want
		}
		qt.Assert(t, runs, qt.DeepEquals, want, qt.Commentf("%s is not the article's: add -update-runs", ownRuns))
	} else if *updateRuns {
		t.Fatal("-update-runs needs -article PATH")
	}
	qt.Assert(t, len(runs) > 500, qt.IsTrue, qt.Commentf("%d runs: the article has some 750 words", len(runs)))

	for _, name := range []string{"index.md", "terms.yaml"} {
		b, err := os.ReadFile(filepath.Join(ownFlagshipDir, name))
		qt.Assert(t, err, qt.IsNil)
		for _, run := range ownSharedRuns(runs, ownWords(string(b)), ownMinRun) {
			t.Errorf("%s shares %d+ consecutive words with the source article: %q", name, ownMinRun, run)
		}
	}
}

// The check finds copying, given only the hashes of the copied text: a
// made-up article and an explainer that copies from it.
func TestOwnWordsFindsCopying(t *testing.T) {
	article := ownWords("Officials met in a grand hall on Tuesday to weigh a ceasefire plan that nobody had seen before the talks began.")
	runs := runHashes(article, ownMinRun)
	qt.Check(t, ownSharedRuns(runs, ownWords("Our words: officials met in a grand hall on Tuesday to weigh a ceasefire, we said."), ownMinRun),
		qt.DeepEquals, []string{"officials met in a grand hall on tuesday to weigh a ceasefire"})
	qt.Check(t, ownSharedRuns(runs, ownWords("Officials gathered on Tuesday in a grand hall to weigh a truce."), ownMinRun), qt.HasLen, 0)
}

// runHashes returns the sorted, distinct hashes of every run of n words.
func runHashes(words []string, n int) []string {
	var out []string
	for i := 0; i+n <= len(words); i++ {
		out = append(out, runHash(words[i:i+n]))
	}
	slices.Sort(out)
	return slices.Compact(out)
}

// runHash is the first 8 bytes of the SHA-256 of the words, space-joined.
func runHash(words []string) string {
	h := sha256.Sum256([]byte(strings.Join(words, " ")))
	return hex.EncodeToString(h[:8])
}

func readRuns(t *testing.T) []string {
	t.Helper()
	b, err := os.ReadFile(ownRuns)
	qt.Assert(t, err, qt.IsNil)
	var out []string
	for line := range strings.Lines(string(b)) {
		if line = strings.TrimSpace(line); line != "" && !strings.HasPrefix(line, "#") {
			out = append(out, line)
		}
	}
	return out
}

func writeRuns(t *testing.T, runs []string) {
	t.Helper()
	var b strings.Builder
	fmt.Fprintf(&b, "# The source article of the flagship explainer, which is not in the repository,\n")
	fmt.Fprintf(&b, "# as ownwords_test.go needs it: the hash of each run of %d words (runHash), not its text.\n", ownMinRun)
	fmt.Fprintf(&b, "# Written by: go test ./tools/internal/content -run TestFlagshipInOwnWords -article PATH -update-runs\n")
	for _, r := range runs {
		b.WriteString(r + "\n")
	}
	qt.Assert(t, os.MkdirAll(filepath.Dir(ownRuns), 0o755), qt.IsNil)
	qt.Assert(t, os.WriteFile(ownRuns, []byte(b.String()), 0o644), qt.IsNil)
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
	runs := runHashes(a, 10)
	qt.Check(t, ownSharedRuns(runs, ownWords("zero ONE two three, four five six seven eight nine ten! end"), 10),
		qt.DeepEquals, []string{"one two three four five six seven eight nine ten"})
	qt.Check(t, ownSharedRuns(runs, ownWords("one two three four five six seven eight nine"), 10), qt.HasLen, 0)
	qt.Check(t, ownSharedRuns(runs, a, 10), qt.DeepEquals, []string{strings.Join(a, " ")})
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
// whose every n-word run is among runs (hashes, see runHash).
func ownSharedRuns(runs []string, b []string, n int) []string {
	if len(b) < n {
		return nil
	}
	var out []string
	end := -1 // end of the run being extended, exclusive
	start := 0
	for i := 0; i+n <= len(b); i++ {
		if _, ok := slices.BinarySearch(runs, runHash(b[i:i+n])); !ok {
			continue
		}
		if i < end {
			end = i + n
			continue
		}
		if end >= 0 {
			out = append(out, strings.Join(b[start:end], " "))
		}
		start, end = i, i+n
	}
	if end >= 0 {
		out = append(out, strings.Join(b[start:end], " "))
	}
	return out
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
