package generate

import (
	"os"
	"path/filepath"
	"regexp"
	"slices"
	"strings"
	"testing"

	qt "github.com/frankban/quicktest"
	"github.com/parley-news/parley/tools/internal/fixture"
)

func TestPlural(t *testing.T) {
	for _, c := range []struct {
		lang string
		n    []int
		want string
	}{
		{"en", []int{1}, "one"},
		{"en", []int{0, 2, 5, 11, 21}, "other"},
		{"uk", []int{1, 21, 31, 101}, "one"},
		{"uk", []int{2, 3, 4, 22, 24, 102}, "few"},
		{"uk", []int{0, 5, 11, 12, 14, 15, 20, 25, 111, 112}, "many"},
	} {
		for _, n := range c.n {
			qt.Check(t, Plural(c.lang, n), qt.Equals, c.want, qt.Commentf("%s %d", c.lang, n))
		}
	}
}

// TestEveryLanguageSaysEverything holds the interface's words to one set:
// every key that templates (i18n "key"), widgets (say(w, "key")) and Parley
// itself (g.words, g.count) use is in i18n/en.toml, and every language
// has every key of en.toml, with each plural form its language has.
func TestEveryLanguageSaysEverything(t *testing.T) {
	repo := fixture.Repo()
	files, err := filepath.Glob(filepath.Join(repo, "i18n", "*.toml"))
	qt.Assert(t, err, qt.IsNil)
	var langs []string
	for _, f := range files {
		langs = append(langs, strings.TrimSuffix(filepath.Base(f), ".toml"))
	}
	qt.Assert(t, langs, qt.Contains, "uk")
	words, err := ReadWords(repo, langs)
	qt.Assert(t, err, qt.IsNil)
	en := words["en"]

	// What the code uses.
	used := map[string]string{} // key → where
	scan := func(dir, ext string, re *regexp.Regexp) {
		err := filepath.WalkDir(filepath.Join(repo, dir), func(path string, d os.DirEntry, err error) error {
			if err != nil || d.IsDir() || !strings.HasSuffix(path, ext) || strings.HasSuffix(path, "_test.go") || strings.HasSuffix(path, ".test.ts") {
				return err
			}
			b, err := os.ReadFile(path)
			for _, m := range re.FindAllStringSubmatch(string(b), -1) {
				for _, k := range strings.Fields(strings.NewReplacer(`"`, " ").Replace(m[1])) {
					used[k] = path
				}
			}
			return err
		})
		qt.Assert(t, err, qt.IsNil)
	}
	scan("layouts", ".html", regexp.MustCompile(`i18n "([\w-]+)"`))
	scan("layouts", ".xml", regexp.MustCompile(`i18n "([\w-]+)"`))
	scan("layouts", ".html", regexp.MustCompile(`"key" "(\w+)"`))
	scan("layouts", ".html", regexp.MustCompile(`"(?:plain|plural)" \(slice ((?:"\w+" ?)+)\)`))
	scan(filepath.Join("assets", "widgets"), ".ts", regexp.MustCompile(`say\([\w.]+, "(\w+)"`))
	scan(filepath.Join("assets", "widgets"), ".ts", regexp.MustCompile(`\["(changes\w+)"`))
	scan(filepath.Join("tools", "internal", "generate"), ".go", regexp.MustCompile(`g\.count\(lang, "(\w+)"`))
	scan(filepath.Join("tools", "internal", "generate"), ".go", regexp.MustCompile(`\{"\w+", "(embedTitle\w+)"\}`))
	// Keys templates and Parley make up from a name.
	for _, k := range []string{
		"claimReported", "claimDisputed", "claimNone", "consensusAgreed", "consensusContested", "consensusUnaddressed",
		"countAgreed", "countContested", "countUnaddressed", "embedCompare", "embedMatchup", "embedScoreboard", "embedTimeline",
		"theTermsAgreed", "theTermsContested", "theTermsUnaddressed", "allSupport", "allOppose",
		"changesAdded", "changesDropped", "changesChanged",
		"changed-added", "changed-stance", "changed-claim", "changed-note", "changed-sources",
		"stanceSupports", "stanceOpposes", "stanceConditional", "stanceUnclear", "stanceSilent",
		"stanceSupportsHelp", "stanceOpposesHelp", "stanceConditionalHelp", "stanceUnclearHelp", "stanceSilentHelp",
		"month1", "month12",
	} {
		used[k] = "made up"
	}
	qt.Assert(t, len(used) > 150, qt.IsTrue, qt.Commentf("the scan found only %d keys", len(used)))
	for k, where := range used {
		if _, ok := en[k]; !ok {
			t.Errorf("%s uses %q, which i18n/en.toml lacks", where, k)
		}
	}

	forms := map[string][]string{"en": {"one"}, "uk": {"one", "few", "many"}}
	for _, lang := range langs {
		w := words[lang]
		for k := range en {
			base, form, plural := strings.Cut(k, "#")
			if _, ok := w[base]; !ok {
				t.Errorf("i18n/%s.toml lacks %q", lang, base)
				continue
			}
			if plural && form == "one" {
				for _, f := range forms[lang] {
					if _, ok := w[base+"#"+f]; !ok {
						t.Errorf("i18n/%s.toml: %q lacks its plural form %q", lang, base, f)
					}
				}
			}
		}
		for k := range w {
			base, _, _ := strings.Cut(k, "#")
			if _, ok := en[base]; !ok {
				t.Errorf("i18n/%s.toml has %q, which en.toml lacks: a typo, or a string no longer used?", lang, base)
			}
		}
		// The placeholders are the same in every language.
		for k, v := range en {
			if strings.Contains(k, "#") {
				continue
			}
			if got, want := placeholders(w[k]), placeholders(v); lang != "en" && !slices.Equal(got, want) {
				t.Errorf("i18n/%s.toml: %q has the placeholders %v, en.toml %v", lang, k, got, want)
			}
		}
	}
}

var placeholderRE = regexp.MustCompile(`\{\{ *\.\w+ *\}\}|\{\w+\}`)

func placeholders(s string) []string {
	p := placeholderRE.FindAllString(strings.ReplaceAll(s, " ", ""), -1)
	slices.Sort(p)
	return slices.Compact(p)
}
