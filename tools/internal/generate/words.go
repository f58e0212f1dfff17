package generate

import (
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"strconv"
	"strings"

	"github.com/pelletier/go-toml/v2"
)

// ReadWords reads the interface's words for each of langs from the
// project's i18n/<lang>.toml, the files Hugo's i18n reads: by key, the
// "other" form under the key, and each other plural form under
// "key#form" (see Plural). A language without a file has no words.
func ReadWords(root string, langs []string) (map[string]map[string]string, error) {
	out := map[string]map[string]string{}
	for _, lang := range langs {
		b, err := os.ReadFile(filepath.Join(root, "i18n", lang+".toml"))
		if errors.Is(err, fs.ErrNotExist) {
			out[lang] = map[string]string{}
			continue
		}
		if err != nil {
			return nil, err
		}
		var raw map[string]any
		if err := toml.Unmarshal(b, &raw); err != nil {
			return nil, fmt.Errorf("i18n/%s.toml: %w", lang, err)
		}
		w := map[string]string{}
		for k, v := range raw {
			switch v := v.(type) {
			case string:
				w[k] = v
			case map[string]any:
				for form, s := range v {
					if s, ok := s.(string); ok {
						if form == "other" {
							w[k] = s
						} else {
							w[k+"#"+form] = s
						}
					}
				}
			}
		}
		out[lang] = w
	}
	return out, nil
}

// Plural is the CLDR plural category of the count n in lang, for the
// languages Parley's interface is written in (one/other for the rest).
func Plural(lang string, n int) string {
	switch lang {
	case "uk", "ru", "be":
		switch {
		case n%10 == 1 && n%100 != 11:
			return "one"
		case n%10 >= 2 && n%10 <= 4 && (n%100 < 12 || n%100 > 14):
			return "few"
		default:
			return "many"
		}
	}
	if n == 1 {
		return "one"
	}
	return "other"
}

// count returns the words of key for the count n in lang, n filled in for
// {count}.
func (g *Generator) count(lang, key string, n int) string {
	w := g.words(lang)
	l := lang
	if l == "" {
		l = "en"
	}
	s, ok := w[key+"#"+Plural(l, n)]
	if !ok {
		s = w[key]
	}
	return replaceCount(s, n)
}

func replaceCount(s string, n int) string { return strings.ReplaceAll(s, "{count}", strconv.Itoa(n)) }
