// What the generator writes of an explainer's editions (content.Edition):
// the same pages and files as the source's, in the edition's words, under
// the language's code.

package generate

import (
	"bytes"
	"encoding/json"
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
	front := map[string]any{}
	if fm, ok := frontOf(index); ok {
		if err := yaml.Unmarshal(fm, &front); err != nil {
			return nil, err
		}
	}
	front["title"], front["summary"] = ed.Front.Title, ed.Front.Summary
	if ed.Front.Authors != nil {
		front["authors"] = ed.Front.Authors
	}
	front["translationStale"] = ed.Stale
	if !opened {
		front["build"] = map[string]string{"render": "link"}
	}
	b, err := json.Marshal(front)
	if err != nil {
		return nil, err
	}
	lines := bytes.SplitAfter(ed.Prose, []byte("\n"))
	n := 0 // the lines of the front matter, delimiters included
	for i := 1; i < len(lines); i++ {
		if string(bytes.TrimRight(lines[i], "\r\n")) == "---" {
			n = i + 1
			break
		}
	}
	b = append(b, bytes.Repeat([]byte("\n"), max(n-1, 1))...)
	return append(b, bytes.Join(lines[n:], nil)...), nil
}

// frontOf returns the YAML front matter of an index.md.
func frontOf(src []byte) ([]byte, bool) {
	lines := bytes.SplitAfter(bytes.TrimPrefix(src, []byte("\xef\xbb\xbf")), []byte("\n"))
	delim := func(l []byte) bool { return string(bytes.TrimRight(l, "\r\n")) == "---" }
	if len(lines) == 0 || !delim(lines[0]) {
		return nil, false
	}
	for i := 1; i < len(lines); i++ {
		if delim(lines[i]) {
			return bytes.Join(lines[1:i], nil), true
		}
	}
	return nil, false
}

// words are the interface's words in lang ("" for the source's) that
// Parley itself writes, the source's where lang lacks one (see ReadWords).
func (g *Generator) words(lang string) map[string]string {
	src := g.o.Words[content.SourceLang]
	if lang == "" || lang == content.SourceLang {
		return src
	}
	out := map[string]string{}
	for k, v := range src {
		out[k] = v
	}
	for k, v := range g.o.Words[lang] {
		out[k] = v
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
