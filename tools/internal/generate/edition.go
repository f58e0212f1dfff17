// What the generator writes of an explainer's editions (content.Edition):
// the same pages and files as the source's, in the edition's words, under
// the language's code.

package generate

import (
	"maps"
	"os"
	"path/filepath"
	"strings"

	"github.com/goccy/go-yaml"
	"github.com/parley-news/parley/tools/internal/compile"
	"github.com/parley-news/parley/tools/internal/content"
)

// editions are the editions of x in languages the site has (Options.Words);
// Load reports the others.
func (g *Generator) editions(x *content.Explainer) []*content.Edition {
	var out []*content.Edition
	for _, ed := range x.Editions {
		if _, ok := g.o.Words[ed.Lang]; ok {
			out = append(out, ed)
		}
	}
	return out
}

// langKey prefixes the key of a page (see pageKey) in the language lang.
func langKey(lang string) string {
	if lang == "" {
		return ""
	}
	return lang + ":"
}

// langPath is the path of the language lang's root: "" or "/uk". Hugo
// places pages whose front matter gives a url there as given, in any
// language.
func langPath(lang string) string {
	if lang == "" {
		return ""
	}
	return "/" + lang
}

// isEditionFile reports whether a file of an explainer's directory belongs
// to an edition, which Hugo sees only as Parley writes it.
func isEditionFile(rel string) bool {
	for _, p := range [][2]string{{"index.", ".md"}, {"terms.", ".yaml"}} {
		if mid, ok := strings.CutPrefix(rel, p[0]); ok && strings.HasSuffix(mid, p[1]) && content.ValidLang(strings.TrimSuffix(mid, p[1])) {
			return true
		}
	}
	return false
}

// editionPage is the page Hugo reads for an edition's prose: index.md's
// front matter with the edition's title, summary and authors, whether it
// awaits an update (stale), and its prose, its lines at their numbers.
func (g *Generator) editionPage(x *content.Explainer, ed *content.Edition, opened bool) ([]byte, error) {
	index, err := os.ReadFile(filepath.Join(g.o.Root, filepath.FromSlash(x.Dir), "index.md"))
	if err != nil {
		return nil, err
	}
	yml, _, _, err := splitFront(index)
	if err != nil {
		return nil, err
	}
	front := map[string]any{}
	if err := yaml.Unmarshal(yml, &front); err != nil {
		return nil, err
	}
	front["title"], front["summary"] = ed.Front.Title, ed.Front.Summary
	if ed.Front.Authors != nil {
		front["authors"] = ed.Front.Authors
	}
	front["translationStale"] = ed.Stale
	if !opened {
		front["build"] = map[string]string{"render": "link"}
	}
	_, n, body, err := splitFront(ed.Prose)
	if err != nil {
		return nil, err
	}
	return withJSONFront(front, n, body)
}

// words are the interface's words in lang ("" for the source's) that
// Parley itself writes, the source's where lang lacks one (see ReadWords);
// merged once, in New.
func (g *Generator) words(lang string) map[string]string {
	if lang == "" {
		lang = content.SourceLang
	}
	return g.merged[lang]
}

// mergeWords gives each language's words the source's where it lacks one.
func mergeWords(byLang map[string]map[string]string) map[string]map[string]string {
	out := map[string]map[string]string{}
	for lang, w := range byLang {
		m := maps.Clone(byLang[content.SourceLang])
		if m == nil {
			m = map[string]string{}
		}
		maps.Copy(m, w)
		out[lang] = m
	}
	return out
}

// localize gives the model of an explainer in lang its language, its
// stances' words, and its updates' sentences the terms' and sides' names
// in that language (history records them as the source's terms.yaml had
// them).
func (g *Generator) localize(m *compile.Model, lang string) {
	m.Lang = lang
	if lang == "" {
		m.Lang = content.SourceLang
	}
	w := g.words(lang)
	for i := range m.Stances {
		s := &m.Stances[i]
		id := string(s.ID)
		key := "stance" + strings.ToUpper(id[:1]) + id[1:]
		if v := w[key]; v != "" {
			s.Label = v
		}
		if v := w[key+"Help"]; v != "" {
			s.Help = v
		}
	}
	if lang == "" || m.History == nil {
		return
	}
	texts, names := map[string]string{}, map[string]string{}
	for _, t := range m.Terms {
		texts[t.ID] = t.Text
	}
	for _, s := range m.Sides {
		names[s.ID] = s.Name
	}
	for i := range m.History.Updates {
		for j := range m.History.Updates[i].Lines {
			l := &m.History.Updates[i].Lines[j]
			if n, ok := names[l.Side]; ok {
				l.SideName = n
			}
			for k, id := range l.Terms {
				if t, ok := texts[id]; ok && k < len(l.Texts) {
					l.Texts[k] = t
				}
			}
		}
	}
}
