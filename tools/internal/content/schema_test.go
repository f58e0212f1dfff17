package content

import (
	"bytes"
	"encoding/json"
	"fmt"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	qt "github.com/frankban/quicktest"
	"github.com/goccy/go-yaml"
	"github.com/parley-news/parley/tools/internal/diag"
	"github.com/santhosh-tekuri/jsonschema/v6"
)

// schema/terms.schema.json describes terms.yaml for editors' IDEs. These
// tests keep it in step with the loader: the same keys, the same required
// fields, the same closed sets, and the same verdict on good and bad files.

const (
	schemaFile     = ownRoot + "/schema/terms.schema.json"
	schemaScaffold = ownRoot + "/tools/parley/scaffold/terms.yaml"
)

// schemaKind is one kind of object in terms.yaml: where the schema describes
// it (a JSON pointer into the schema) and the loader's fieldSpec for it.
type schemaKind struct {
	name string
	ptr  string
	spec fieldSpec
	// loaderRequired lists keys the loader requires in code rather than
	// through spec.required: sides() and terms() report a file without
	// sides or terms, positions() a term without positions.
	loaderRequired []string
}

func schemaKinds() []schemaKind {
	return []schemaKind{
		{"top", "", topFields, []string{"sides", "terms"}},
		{"actor", "/$defs/actor", actorFields, nil},
		{"side", "/$defs/side", sideFields, nil},
		{"term", "/$defs/term", termFields, []string{"positions"}},
		{"position", "/$defs/position", positionFields, nil},
		{"source", "/$defs/source", sourceFields, nil},
		{"event", "/$defs/event", eventFields, nil},
		{"history", "/properties/history", historyFields, nil},
		{"update", "/$defs/update", noticeFields, nil},
		{"correction", "/$defs/correction", noticeFields, nil},
	}
}

func readSchema(t *testing.T) map[string]any {
	t.Helper()
	b, err := os.ReadFile(schemaFile)
	qt.Assert(t, err, qt.IsNil)
	var s map[string]any
	qt.Assert(t, json.Unmarshal(b, &s), qt.IsNil)
	return s
}

// schemaAt resolves a JSON pointer of plain names, e.g. /$defs/actor.
func schemaAt(s map[string]any, ptr string) (map[string]any, bool) {
	for _, name := range strings.Split(strings.TrimPrefix(ptr, "/"), "/") {
		if name == "" {
			continue
		}
		next, ok := s[name].(map[string]any)
		if !ok {
			return nil, false
		}
		s = next
	}
	return s, true
}

func sortedKeys(m map[string]any) []string {
	keys := make([]string, 0, len(m))
	for k := range m {
		keys = append(keys, k)
	}
	slices.Sort(keys)
	return keys
}

func sortedStrings(l []any) []string {
	out := make([]string, 0, len(l))
	for _, v := range l {
		s, _ := v.(string)
		out = append(out, s)
	}
	slices.Sort(out)
	return out
}

func sortedUnion(lists ...[]string) []string {
	var out []string
	for _, l := range lists {
		out = append(out, l...)
	}
	slices.Sort(out)
	return slices.Compact(out)
}

// schemaDisagreements lists every way the schema's objects differ from kinds.
func schemaDisagreements(s map[string]any, kinds []schemaKind) []string {
	var out []string
	for _, k := range kinds {
		obj, ok := schemaAt(s, k.ptr)
		if !ok {
			out = append(out, fmt.Sprintf("%s: no schema at %q", k.name, k.ptr))
			continue
		}
		props, _ := obj["properties"].(map[string]any)
		if got, want := sortedKeys(props), sortedUnion(k.spec.known); !slices.Equal(got, want) {
			out = append(out, fmt.Sprintf("%s: schema properties %q, loader fields %q", k.name, got, want))
		}
		req, _ := obj["required"].([]any)
		if got, want := sortedStrings(req), sortedUnion(k.spec.required, k.loaderRequired); !slices.Equal(got, want) {
			out = append(out, fmt.Sprintf("%s: schema requires %q, loader requires %q", k.name, got, want))
		}
		if obj["additionalProperties"] != false {
			out = append(out, fmt.Sprintf("%s: schema allows unknown keys; the loader rejects them", k.name))
		}
	}
	return out
}

func TestSchemaAgreesWithLoader(t *testing.T) {
	s := readSchema(t)
	qt.Check(t, s["$schema"], qt.Equals, "https://json-schema.org/draft/2020-12/schema")

	qt.Check(t, schemaDisagreements(s, schemaKinds()), qt.HasLen, 0)

	// The comparison must be able to fail: a field added to the loader, or a
	// newly required one, without the schema following.
	for _, change := range []func(k *schemaKind){
		func(k *schemaKind) { k.spec.known = append(slices.Clone(k.spec.known), "new-field") },
		func(k *schemaKind) {
			k.spec.known = slices.DeleteFunc(slices.Clone(k.spec.known), func(f string) bool { return f == k.spec.known[0] })
		},
		func(k *schemaKind) {
			for _, f := range k.spec.known {
				if !slices.Contains(k.spec.required, f) && !slices.Contains(k.loaderRequired, f) {
					k.spec.required = append(slices.Clone(k.spec.required), f)
					return
				}
			}
			// Every field is required already: make one optional.
			k.spec.required = k.spec.required[1:]
		},
	} {
		for i := range schemaKinds() {
			kinds := schemaKinds()
			change(&kinds[i])
			qt.Check(t, schemaDisagreements(s, kinds), qt.HasLen, 1, qt.Commentf("changed %s", kinds[i].name))
		}
	}
	// The package's own specs are untouched by the above.
	qt.Check(t, schemaDisagreements(s, schemaKinds()), qt.HasLen, 0)

	// Closed sets.
	stance, _ := schemaAt(s, "/$defs/stance")
	var stances []any
	for _, st := range Stances {
		stances = append(stances, string(st))
	}
	qt.Check(t, stance["enum"], qt.DeepEquals, stances, qt.Commentf("the stance enum must list content.Stances in order"))
	for _, key := range []string{"enumDescriptions", "markdownEnumDescriptions"} {
		d, _ := stance[key].([]any)
		qt.Check(t, d, qt.HasLen, len(Stances), qt.Commentf("stance %s", key))
	}
	shorthand, _ := schemaAt(s, "/$defs/positionOrSilent")
	anyOf, _ := shorthand["anyOf"].([]any)
	qt.Assert(t, anyOf, qt.HasLen, 2)
	qt.Check(t, anyOf[0].(map[string]any)["const"], qt.Equals, string(Silent),
		qt.Commentf("a stance on its own cites no source, so the loader accepts only silent"))

	claim, _ := schemaAt(s, "/$defs/claim")
	claims, _ := claim["enum"].([]any)
	qt.Check(t, sortedStrings(claims), qt.DeepEquals, sortedUnion([]string{string(Reported), string(Disputed)}))

	// Ids and limits.
	id, _ := schemaAt(s, "/$defs/id")
	qt.Check(t, id["pattern"], qt.Equals, slugRE.String())
	qt.Check(t, id["maxLength"], qt.Equals, float64(64))
	qt.Check(t, ValidSlug(strings.Repeat("a", 64)), qt.IsTrue)
	qt.Check(t, ValidSlug(strings.Repeat("a", 65)), qt.IsFalse)
	sides, _ := schemaAt(s, "/properties/sides")
	qt.Check(t, sides["maxProperties"], qt.Equals, float64(MaxSides))
	terms, _ := schemaAt(s, "/properties/terms")
	qt.Check(t, terms["maxProperties"], qt.Equals, float64(MaxTerms))

	// Every property documents itself for the IDE.
	for _, k := range schemaKinds() {
		obj, _ := schemaAt(s, k.ptr)
		props, _ := obj["properties"].(map[string]any)
		for name, p := range props {
			for _, key := range []string{"title", "description", "markdownDescription", "examples"} {
				if _, ok := p.(map[string]any)[key]; !ok {
					t.Errorf("%s property %q has no %s", k.name, name, key)
				}
			}
		}
	}
}

// compileTermsSchema compiles the schema, checking it against the draft
// 2020-12 meta-schema, with formats (url: uri) asserted.
func compileTermsSchema(t *testing.T) *jsonschema.Schema {
	t.Helper()
	f, err := os.Open(schemaFile)
	qt.Assert(t, err, qt.IsNil)
	defer f.Close()
	doc, err := jsonschema.UnmarshalJSON(f)
	qt.Assert(t, err, qt.IsNil)
	c := jsonschema.NewCompiler()
	c.AssertFormat()
	const url = "file:///parley/schema/terms.schema.json"
	qt.Assert(t, c.AddResource(url, doc), qt.IsNil)
	sch, err := c.Compile(url)
	qt.Assert(t, err, qt.IsNil)
	return sch
}

// yamlToJSON converts a YAML document to the JSON values jsonschema
// validates, as an IDE's YAML language server would see it: goccy's uint64,
// int and map types become float64/json.Number and map[string]any.
func yamlToJSON(src []byte) (any, error) {
	var v any
	if err := yaml.Unmarshal(src, &v); err != nil {
		return nil, err
	}
	b, err := json.Marshal(v)
	if err != nil {
		return nil, err
	}
	return jsonschema.UnmarshalJSON(bytes.NewReader(b))
}

// schemaValidate reports the schema's verdict on a terms.yaml. The YAML
// itself must parse: a rejection must come from the schema.
func schemaValidate(t *testing.T, sch *jsonschema.Schema, src []byte) error {
	t.Helper()
	v, err := yamlToJSON(src)
	qt.Assert(t, err, qt.IsNil, qt.Commentf("YAML:\n%s", src))
	return sch.Validate(v)
}

// loaderValidate reports the loader's verdict on a terms.yaml.
func loaderValidate(src []byte) error {
	var errs diag.List
	parseTerms("terms.yaml", src, &Explainer{}, &errs)
	return errs.Err()
}

func TestSchemaValidatesShippedFiles(t *testing.T) {
	sch := compileTermsSchema(t)

	files, err := filepath.Glob(ownRoot + "/content/*/terms.yaml")
	qt.Assert(t, err, qt.IsNil)
	qt.Assert(t, files, qt.Not(qt.HasLen), 0)
	docs := map[string][]byte{}
	for _, f := range files {
		b, err := os.ReadFile(f)
		qt.Assert(t, err, qt.IsNil)
		docs[f] = b
	}
	b, err := os.ReadFile(schemaScaffold)
	qt.Assert(t, err, qt.IsNil)
	qt.Assert(t, bytes.Contains(b, []byte("{{ .Date }}")), qt.IsTrue)
	b = bytes.ReplaceAll(b, []byte("{{ .Date }}"), []byte("2025-01-01"))
	qt.Assert(t, bytes.Contains(b, []byte("{{")), qt.IsFalse, qt.Commentf("scaffold has template actions other than {{ .Date }}"))
	docs[schemaScaffold] = b

	for name, src := range docs {
		t.Run(strings.TrimPrefix(name, ownRoot+"/"), func(t *testing.T) {
			qt.Check(t, bytes.HasPrefix(src, []byte("# yaml-language-server: $schema=../../schema/terms.schema.json\n")), qt.IsTrue,
				qt.Commentf("the first line should point editors' IDEs at the schema"))
			qt.Check(t, schemaValidate(t, sch, src), qt.IsNil)
			qt.Check(t, loaderValidate(src), qt.IsNil)
		})
	}
}

// schemaBase is a small terms.yaml that both the schema and the loader
// accept; the cases below break it one way at a time.
const schemaBase = `actors:
  a: {name: Party A}
sides:
  s:
    actor: a
    name: A's proposal
    date: 2025-01-02
terms:
  t:
    group: G
    text: Something happens
    positions:
      s: {stance: supports, sources: [r]}
sources:
  r:
    publisher: P
    title: T
    date: 2025-01
    url: https://example.com/x
events:
  - date: 2025-01-03
    title: E
`

type schemaCase struct {
	name     string
	old, new string // replace old in schemaBase with new
}

func (c schemaCase) doc(t *testing.T) []byte {
	t.Helper()
	qt.Assert(t, strings.Count(schemaBase, c.old), qt.Equals, 1, qt.Commentf("case %q: %q must occur once in the base", c.name, c.old))
	return []byte(strings.Replace(schemaBase, c.old, c.new, 1))
}

func TestSchemaRejectsBadFiles(t *testing.T) {
	sch := compileTermsSchema(t)
	qt.Assert(t, schemaValidate(t, sch, []byte(schemaBase)), qt.IsNil)
	qt.Assert(t, loaderValidate([]byte(schemaBase)), qt.IsNil)

	for _, c := range []schemaCase{
		// Unknown fields, at every level.
		{"unknown top-level field", "events:\n", "timeline:\n"},
		{"unknown actor field", "{name: Party A}", "{name: Party A, nmae: x}"},
		{"unknown side field", "    name: A's proposal\n", "    name: A's proposal\n    title: x\n"},
		{"unknown term field", "    group: G\n", "    group: G\n    explanation: x\n"},
		{"unknown position field", "{stance: supports, sources: [r]}", "{stance: supports, source: [r]}"},
		{"unknown source field", "    publisher: P\n", "    publisher: P\n    author: x\n"},
		{"unknown event field", "    title: E\n", "    title: E\n    note: x\n"},

		// Closed sets.
		{"bad stance", "stance: supports", "stance: support"},
		{"stance with a capital", "stance: supports", "stance: Supports"},
		{"stance shorthand other than silent", "s: {stance: supports, sources: [r]}", "s: supports"},
		{"stance shorthand not a stance", "s: {stance: supports, sources: [r]}", "s: maybe"},
		{"stance without sources", "{stance: supports, sources: [r]}", "{stance: supports}"},
		{"stance with no sources listed", "{stance: supports, sources: [r]}", "{stance: supports, sources: []}"},
		{"bad side claim", "    date: 2025-01-02\n", "    date: 2025-01-02\n    claim: rumoured\n"},
		{"bad position claim", "{stance: supports, sources: [r]}", "{stance: supports, sources: [r], claim: confirmed}"},
		{"main not a boolean", "{name: Party A}", "{name: Party A, main: \"yes\"}"},

		// Dates.
		{"bad date: no zero padding", "date: 2025-01-02", "date: 2025-1-2"},
		{"bad date: month 13", "date: 2025-01\n", "date: 2025-13\n"},
		{"bad date: day 32", "date: 2025-01-03", "date: 2025-01-32"},
		{"bad date: a year only", "date: 2025-01\n", "date: 2025\n"},
		{"bad date: in words", "date: 2025-01-02", "date: January 2, 2025"},
		{"bad date: a time", "date: 2025-01-02", "date: 2025-01-02T10:00:00Z"},

		// Ids.
		{"bad actor id: capital", "  a: {name: Party A}", "  A: {name: Party A}"},
		{"bad side id: underscore", "  s:\n", "  side_a:\n"},
		{"bad term id: double hyphen", "  t:\n", "  t--x:\n"},
		{"bad source id: trailing hyphen", "  r:\n", "  r-:\n"},
		{"bad id: too long", "  a: {name: Party A}", "  " + strings.Repeat("a", 65) + ": {name: Party A}"},
		{"side with an empty actor list", "    actor: a\n", "    actor: []\n"},
		{"bad actor reference", "    actor: a\n", "    actor: Party A\n"},
		{"bad source reference", "sources: [r]}", "sources: [R]}"},
		{"bad position key", "      s: {", "      S: {"},
		{"empty reference in a list", "    title: E\n", "    title: E\n    sources: [\"\"]\n"},

		// Missing or empty required fields.
		{"no sides", "sides:\n  s:\n    actor: a\n    name: A's proposal\n    date: 2025-01-02\n", ""},
		{"empty sides", "sides:\n  s:\n    actor: a\n    name: A's proposal\n    date: 2025-01-02\n", "sides: {}\n"},
		{"no terms", "terms:\n  t:\n    group: G\n    text: Something happens\n    positions:\n      s: {stance: supports, sources: [r]}\n", ""},
		{"actor without name", "{name: Party A}", "{short: A}"},
		{"actor name empty", "{name: Party A}", "{name: \"\"}"},
		{"actor name blank", "{name: Party A}", "{name: \"  \"}"},
		{"actor name null", "{name: Party A}", "{name: null}"},
		{"actor null", "  a: {name: Party A}", "  a:"},
		{"side without actor", "    actor: a\n", ""},
		{"side without name", "    name: A's proposal\n", ""},
		{"side without date", "    date: 2025-01-02\n", ""},
		{"term without group", "    group: G\n", ""},
		{"term without text", "    text: Something happens\n", ""},
		{"term without positions", "    positions:\n      s: {stance: supports, sources: [r]}\n", ""},
		{"term with empty positions", "    positions:\n      s: {stance: supports, sources: [r]}\n", "    positions: {}\n"},
		{"position without stance", "{stance: supports, sources: [r]}", "{note: x, sources: [r]}"},
		{"position null", "s: {stance: supports, sources: [r]}", "s: null"},
		{"source without publisher", "    publisher: P\n", ""},
		{"source without title", "    title: T\n", ""},
		{"source without date", "    date: 2025-01\n", ""},
		{"event without date", "  - date: 2025-01-03\n    title: E\n", "  - title: E\n"},
		{"event without title", "    title: E\n", ""},

		// Shapes.
		{"events not a list", "  - date: 2025-01-03\n    title: E\n", "    date: 2025-01-03\n    title: E\n"},
		{"event not a mapping", "  - date: 2025-01-03\n    title: E\n", "  - Talks in London\n"},
		{"actors a list", "  a: {name: Party A}", "  - {name: Party A}"},
		{"text a list", "    text: Something happens\n", "    text: [Something, happens]\n"},
		{"text a mapping", "    text: Something happens\n", "    text: {a: b}\n"},
		{"members a mapping", "{name: Party A}", "{name: Party A, members: {uk: United Kingdom}}"},
		{"optional field null", "{name: Party A}", "{name: Party A, short: null}"},
		{"sources null in a side", "    date: 2025-01-02\n", "    date: 2025-01-02\n    sources: null\n"},

		// URLs.
		{"url not http", "url: https://example.com/x", "url: ftp://example.com/x"},
		{"url relative", "url: https://example.com/x", "url: example.com/x"},
		{"url without host", "url: https://example.com/x", "url: https:///x"},
		{"url empty", "url: https://example.com/x", "url: \"\""},
	} {
		t.Run(c.name, func(t *testing.T) {
			src := c.doc(t)
			serr, lerr := schemaValidate(t, sch, src), loaderValidate(src)
			qt.Check(t, serr, qt.Not(qt.IsNil), qt.Commentf("the schema accepts:\n%s", src))
			qt.Check(t, lerr, qt.Not(qt.IsNil), qt.Commentf("the loader accepts:\n%s", src))
			t.Logf("schema: %v\nloader: %v", serr, lerr)
		})
	}

	// An empty file is rejected by both.
	qt.Check(t, schemaValidate(t, sch, []byte("# nothing\n")), qt.Not(qt.IsNil))
	qt.Check(t, loaderValidate([]byte("# nothing\n")), qt.Not(qt.IsNil))
}

// TestSchemaAcceptsWhatLoaderAccepts checks the other direction on the
// forms a schema could easily get wrong.
func TestSchemaAcceptsWhatLoaderAccepts(t *testing.T) {
	sch := compileTermsSchema(t)
	for _, c := range []schemaCase{
		{"silent shorthand", "s: {stance: supports, sources: [r]}", "s: silent"},
		{"silent object without sources", "{stance: supports, sources: [r]}", "{stance: silent, note: Not addressed.}"},
		{"every stance", "      s: {stance: supports, sources: [r]}\n", "      s: {stance: conditional, sources: [r]}\n  u:\n    group: G\n    text: U\n    positions:\n      s: {stance: unclear, sources: r}\n  v:\n    group: G\n    text: V\n    positions:\n      s: {stance: opposes, sources: [r], claim: disputed}\n"},
		{"single source id", "sources: [r]}", "sources: r}"},
		{"several actors", "  a: {name: Party A}\nsides:\n  s:\n    actor: a\n", "  a: {name: Party A}\n  b: {name: Party B, short: B, main: false, members: [X, Y]}\nsides:\n  s:\n    actor: [a, b]\n"},
		{"single member", "{name: Party A}", "{name: Party A, members: Someone}"},
		{"side with every field", "    date: 2025-01-02\n", "    date: 2025-01\n    claim: reported\n    summary: In short.\n    sources: [r]\n"},
		{"number as text", "    text: Something happens\n", "    text: 1917\n"},
		{"block scalar", "    text: Something happens\n", "    text: |\n      Something\n      happens\n    explain: >\n      Folded\n      text.\n"},
		{"null events", "events:\n  - date: 2025-01-03\n    title: E\n", "events:\n"},
		{"empty events", "events:\n  - date: 2025-01-03\n    title: E\n", "events: []\n"},
		{"event with every field", "    title: E\n", "    title: E\n    text: More.\n    sources: [r]\n"},
		{"http url", "url: https://example.com/x", "url: http://example.com/x?q=1#f"},
		{"digits in ids", "  t:\n", "  2025-talks:\n"},
	} {
		t.Run(c.name, func(t *testing.T) {
			src := c.doc(t)
			qt.Check(t, schemaValidate(t, sch, src), qt.IsNil, qt.Commentf("the schema rejects:\n%s", src))
			qt.Check(t, loaderValidate(src), qt.IsNil, qt.Commentf("the loader rejects:\n%s", src))
		})
	}
}
