package content

import (
	"fmt"
	"strings"
	"testing"

	qt "github.com/frankban/quicktest"
	"github.com/parley-news/parley/tools/internal/diag"
)

// parseTermsString runs parseTerms on src and returns the explainer and the
// errors, one per line, sorted, as the CLI prints them.
func parseTermsString(src string) (*Explainer, string) {
	x := &Explainer{}
	var errs diag.List
	parseTerms("t.yaml", []byte(src), x, &errs)
	if len(errs) == 0 {
		return x, ""
	}
	return x, errs.Error()
}

// annotate shows each error of got under the source line it points at, with
// a caret at its column, so that a failing case can be read at a glance.
func annotate(src, got string) string {
	lines := strings.Split(src, "\n")
	var b strings.Builder
	for _, e := range strings.Split(got, "\n") {
		var line, col int
		fmt.Sscanf(e[strings.Index(e, ":")+1:], "%d:%d", &line, &col)
		b.WriteString(e + "\n")
		if line > 0 && line <= len(lines) && col > 0 {
			fmt.Fprintf(&b, "    %s\n    %*s\n", lines[line-1], col, "^")
		}
	}
	return b.String()
}

// base defines a source, two actors and two sides on lines 1-5, so that
// cases need only add the lines under test: more sides, then terms.
const base = `sources: {report: {publisher: Reuters, title: Talks, date: 2025-04-23}}
actors: {us: {name: United States}, ru: {name: Russia}}
sides:
  us: {actor: us, name: US plan, date: 2025-03}
  ru: {actor: ru, name: Russia's terms, date: 2025-03}
`

// term is a valid term for base, on one line.
const term = "  t: {group: G, text: T, positions: {us: silent, ru: silent}}\n"

// termsErrorCases are the cases of TestParseTermsErrors and the seeds of FuzzParseTerms.
var termsErrorCases = []struct {
	name, src string
	want      []string
}{
	// The file as a whole.
	{"empty", "", []string{`t.yaml:1:1: terms.yaml is empty: it needs actors, sides and terms`}},
	{"comments only", "# nothing yet\n", []string{`t.yaml:1:1: terms.yaml is empty: it needs actors, sides and terms`}},
	{"null document", "---\n", []string{`t.yaml:1:1: terms.yaml is empty: it needs actors, sides and terms`}},
	{"scalar", "hello\n", []string{`t.yaml:1:1: terms.yaml must be a mapping (key: value lines), not "hello"`}},
	{"list", "- a\n", []string{`t.yaml:1:1: terms.yaml must be a mapping (key: value lines), not a list`}},
	{"two documents", base + "terms:\n" + term + "---\nterms: {}\n", []string{`t.yaml:9:1: terms.yaml must hold one YAML document, not several`}},
	{"no sides or terms", "actors: {us: {name: US}}\n", []string{
		`t.yaml:1:1: the explainer has no sides: add at least one under "sides"`,
		`t.yaml:1:1: the explainer has no terms: add at least one under "terms"`,
	}},
	{"empty sections", "sides: {}\nterms:\n", []string{
		`t.yaml:1:1: the explainer has no sides: add at least one under "sides"`,
		`t.yaml:2:1: the explainer has no terms: add at least one under "terms"`,
	}},
	{"sections of the wrong kind", "actors: [us]\nsides: x\nterms: [t]\nsources: [s]\nevents: {date: 2025}\n", []string{
		`t.yaml:1:9: actors must be a mapping (key: value lines), not a list`,
		`t.yaml:2:8: sides must be a mapping (key: value lines), not "x"`,
		`t.yaml:3:8: terms must be a mapping (key: value lines), not a list`,
		`t.yaml:4:10: sources must be a mapping (key: value lines), not a list`,
		`t.yaml:5:9: events must be a list (lines starting with "- "), not a mapping`,
	}},
	{"unknown top-level fields", base + "terms:\n" + term + "evnts: []\nnotes: x\n", []string{
		`t.yaml:8:1: unknown field "evnts" in terms.yaml (did you mean "events"?)`,
		`t.yaml:9:1: unknown field "notes" in terms.yaml (want one of actors, sides, terms, sources, events, history, updates, corrections)`,
	}},
	{"utf-8 byte order mark", "\ufeff" + base + "terms:\n" + term, nil},

	// YAML syntax, in plain words.
	{"tab", "actors:\n\tus: {name: US}\n", []string{`t.yaml:2:1: YAML syntax error: tab character: indent with spaces, not tabs`}},
	{"colon in text", "terms:\n  t:\n    text: Peace: now\n", []string{`t.yaml:3:11: YAML syntax error: unexpected ":" after "Peace": put a value that contains ": " in quotes, or check the indentation`}},
	{"unclosed quote", "actors:\n  us: {name: \"US}\n", []string{`t.yaml:2:14: YAML syntax error: unclosed double quote: end the text with "`}},
	{"apostrophe", "actors:\n  us:\n    name: 'Kyiv's'\n", []string{`t.yaml:3:17: YAML syntax error: unexpected text after the end of the value: put the whole value in quotes (a double quote inside double quotes is written \", an apostrophe inside single quotes '')`}},
	{"unclosed flow", "actors:\n  us: {name: US\n  ru: {name: Russia}\n", []string{`t.yaml:3:3: YAML syntax error: missing "," or closing "}" in {...}`}},
	{"less indented", "actors:\n  us:\n    name: US\n   short: U\n", []string{`t.yaml:4:4: YAML syntax error: unexpected "short": check the indentation of this line, or put the whole value in quotes`}},
	{"missing colon", "actors:\n  us: {name: US}\n  ru\n", []string{`t.yaml:3:3: YAML syntax error: expected a "key: value" line, found "ru": check the indentation, and the ":" after the key`}},
	{"reserved", "terms:\n  t: {text: `x`}\n", []string{`t.yaml:2:13: YAML syntax error: "` + "`" + `" cannot start a value: put the whole value in quotes`}},
	{"anchor and alias", base + "terms:\n  t: {group: &g G, text: *g, positions: {us: silent, ru: silent}}\n", []string{
		`t.yaml:7:14: YAML anchors (&g) are not supported: write the value out`,
		`t.yaml:7:26: YAML aliases (*g) are not supported: write the value out`,
	}},
	{"local tag", base + "terms:\n  t: {group: !x G, text: T, positions: {us: silent, ru: silent}}\n", []string{
		`t.yaml:7:14: YAML tag "!x" is not supported: put a value that starts with "!" in quotes`,
	}},

	// Ids and duplicates.
	{"invalid ids", "actors:\n  US: {name: US}\n  a_b: {name: AB}\n  a--b: {name: AB}\n  -a: {name: A}\n  \"a b\": {name: AB}\n", []string{
		`t.yaml:1:1: the explainer has no sides: add at least one under "sides"`,
		`t.yaml:1:1: the explainer has no terms: add at least one under "terms"`,
		`t.yaml:2:3: invalid actor id "US": use lower-case letters, digits and single hyphens`,
		`t.yaml:3:3: invalid actor id "a_b": use lower-case letters, digits and single hyphens`,
		`t.yaml:4:3: invalid actor id "a--b": use lower-case letters, digits and single hyphens`,
		`t.yaml:5:3: invalid actor id "-a": use lower-case letters, digits and single hyphens`,
		`t.yaml:6:3: invalid actor id "a b": use lower-case letters, digits and single hyphens`,
	}},
	{"invalid side id is not a dangling ref", base + "  Us: {actor: us, name: X, date: 2025-03}\nterms:\n" + term, []string{
		`t.yaml:6:3: invalid side id "Us": use lower-case letters, digits and single hyphens`,
	}},
	{"duplicates", base + "  us: {actor: us, name: X, date: 2025-03, date: 2025-04}\nterms:\n" + term + term +
		"  u: {group: G, text: T, positions: {us: silent, ru: silent, us: silent}}\n", []string{
		`t.yaml:6:3: duplicate key "us" in sides (first at line 4)`,
		`t.yaml:9:3: duplicate key "t" in terms (first at line 8)`,
		`t.yaml:10:62: duplicate key "us" in positions of term "u" (first at line 10)`,
	}},
	{"duplicate field", "actors: {us: {name: US, name: USA}}\n", []string{
		`t.yaml:1:1: the explainer has no sides: add at least one under "sides"`,
		`t.yaml:1:1: the explainer has no terms: add at least one under "terms"`,
		`t.yaml:1:25: duplicate key "name" in actor "us" (first at line 1)`,
	}},

	// Fields of each object.
	{"unknown fields", "actors: {us: {name: US, shrt: U}}\nsides: {us: {actor: us, name: X, date: 2025-03, colour: red}}\n" +
		"terms: {t: {group: G, txt: T, text: T, positions: {us: {stance: silent, notes: n}}}}\n" +
		"sources: {s: {publisher: P, title: T, date: 2025-01, link: x}}\nevents: [{date: 2025-01, title: T, source: s}]\n", []string{
		`t.yaml:1:25: unknown field "shrt" in actor "us" (did you mean "short"?)`,
		`t.yaml:2:49: unknown field "colour" in side "us" (want one of actor, name, short, date, claim, summary, sources, was)`,
		`t.yaml:3:23: unknown field "txt" in term "t" (did you mean "text"?)`,
		`t.yaml:3:73: unknown field "notes" in position of side "us" on term "t" (did you mean "note"?)`,
		`t.yaml:4:54: unknown field "link" in source "s" (want one of publisher, title, date, url)`,
		`t.yaml:5:36: unknown field "source" in event 1 (did you mean "sources"?)`,
	}},
	{"missing fields", "actors: {us: {short: U}}\nsides: {us: {summary: S}}\nterms: {t: {positions: {us: {note: n}}}}\n" +
		"sources: {s: {url: \"https://example.com/\"}}\nevents: [{text: x}]\n", []string{
		`t.yaml:1:10: missing field "name" in actor "us"`,
		`t.yaml:2:9: missing field "actor" in side "us"`,
		`t.yaml:2:9: missing field "date" in side "us"`,
		`t.yaml:2:9: missing field "name" in side "us"`,
		`t.yaml:3:9: missing field "group" in term "t"`,
		`t.yaml:3:9: missing field "text" in term "t"`,
		`t.yaml:3:25: missing field "stance" in position of side "us" on term "t"`,
		`t.yaml:4:11: missing field "date" in source "s"`,
		`t.yaml:4:11: missing field "publisher" in source "s"`,
		`t.yaml:4:11: missing field "title" in source "s"`,
		`t.yaml:5:10: missing field "date" in event 1`,
		`t.yaml:5:10: missing field "title" in event 1`,
	}},
	{"empty fields", "actors: {us: {name: \"\"}}\nsides: {us: {actor: [], name: \" \", date: }}\nterms: {t: {group: G, text: T, positions: {us: }}}\n", []string{
		`t.yaml:1:15: empty "name" in actor "us"`,
		`t.yaml:2:14: empty "actor" in side "us"`,
		`t.yaml:2:25: empty "name" in side "us"`,
		`t.yaml:2:36: empty "date" in side "us"`,
		`t.yaml:3:44: missing field "stance" in position of side "us" on term "t"`,
	}},
	{"event items", base + "terms:\n" + term + "events:\n  - title: T\n  - hello\n  -\n", []string{
		`t.yaml:9:5: missing field "date" in event 1`,
		`t.yaml:10:5: event 2 must be a mapping (key: value lines), not "hello"`,
		`t.yaml:11:5: missing field "date" in event 3`,
		`t.yaml:11:5: missing field "title" in event 3`,
	}},

	// Values of the wrong kind.
	{"text expected", "actors: {us: {name: [US], short: {a: b}}}\n", []string{
		`t.yaml:1:1: the explainer has no sides: add at least one under "sides"`,
		`t.yaml:1:1: the explainer has no terms: add at least one under "terms"`,
		`t.yaml:1:21: "name" in actor "us" must be text, not a list`,
		`t.yaml:1:34: "short" in actor "us" must be text, not a mapping`,
	}},
	{"list of text expected", base + "  eu: {actor: {id: us}, name: X, date: 2025-03}\nterms:\n  t: {group: G, text: T, positions: {us: silent, ru: silent, eu: {stance: opposes, sources: [report, [x], \"\"]}}}\n", []string{
		`t.yaml:6:15: "actor" in side "eu" must be text or a list of text, not a mapping`,
		`t.yaml:8:102: "sources" in position of side "eu" on term "t" must list text values, not a list`,
		`t.yaml:8:107: empty item in "sources" of position of side "eu" on term "t"`,
	}},
	{"mapping expected", base + "  eu: [us, X, 2025-03]\nterms:\n  t: {group: G, text: T, positions: [us, ru]}\n", []string{
		`t.yaml:6:7: side "eu" must be a mapping (key: value lines), not a list`,
		`t.yaml:8:37: positions of term "t" must be a mapping (key: value lines), not a list`,
	}},
	{"booleans", "actors:\n  a: {name: A, main: yes}\n  b: {name: B, main: \"false\"}\n  c: {name: C, main: }\n  d: {name: D, main: [true]}\n  e: {name: E, main: 'True'}\n", []string{
		`t.yaml:1:1: the explainer has no sides: add at least one under "sides"`,
		`t.yaml:1:1: the explainer has no terms: add at least one under "terms"`,
		`t.yaml:2:22: "main" in actor "a" must be true or false, not "yes"`,
		`t.yaml:3:22: "main" in actor "b" must be true or false, not "false" (remove the quotes)`,
		`t.yaml:4:16: empty "main" in actor "c" (want true or false)`,
		`t.yaml:5:22: "main" in actor "d" must be true or false, not a list`,
		`t.yaml:6:22: "main" in actor "e" must be true or false, not "True" (remove the quotes)`,
	}},

	// Closed sets and formats.
	{"stances", base + "terms:\n  t: {group: G, text: T, positions: {us: suports, ru: maybe}}\n  u: {group: G, text: T, positions: {us: Silent, ru: {stance: [opposes]}}}\n", []string{
		`t.yaml:7:42: unknown stance "suports" (did you mean "supports"?)`,
		`t.yaml:7:55: unknown stance "maybe" (want one of supports, opposes, conditional, unclear, silent)`,
		`t.yaml:8:42: unknown stance "Silent" (did you mean "silent"?)`,
		`t.yaml:8:63: "stance" in position of side "ru" on term "u" must be text, not a list`,
	}},
	{"claims", "sides:\n  a: {actor: us, name: A, date: 2025-03, claim: Reported}\n  b: {actor: us, name: B, date: 2025-03, claim: rumour}\nterms:\n  t: {group: G, text: T, positions: {a: silent, b: {stance: silent, claim: dispute}}}\nactors: {us: {name: US}}\n", []string{
		`t.yaml:2:49: unknown claim "Reported" in side "a" (did you mean "reported"?)`,
		`t.yaml:3:49: unknown claim "rumour" in side "b" (want reported or disputed)`,
		`t.yaml:5:76: unknown claim "dispute" in position of side "b" on term "t" (did you mean "disputed"?)`,
	}},
	{"dates", "actors: {us: {name: US}}\nsides:\n  a: {actor: us, name: A, date: 2025-13-01}\n  b: {actor: us, name: B, date: 2025-02-30}\n  c: {actor: us, name: C, date: April 2025}\n  d: {actor: us, name: D, date: 25-04-2025}\n  e: {actor: us, name: E, date: 2025-4}\n  f: {actor: us, name: F, date: 2024-02-29}\nterms:\n  t: {group: G, text: T, positions: {a: silent, b: silent, c: silent, d: silent, e: silent, f: silent}}\n", []string{
		`t.yaml:3:33: 2025-13-01 in side "a" is not a date: there is no month 13 (months go from 01 to 12)`,
		`t.yaml:4:33: 2025-02-30 in side "b" is not a date: February 2025 has 28 days`,
		`t.yaml:5:33: bad date "April 2025" in side "c" (want YYYY-MM-DD or YYYY-MM)`,
		`t.yaml:6:33: bad date "25-04-2025" in side "d" (want YYYY-MM-DD or YYYY-MM)`,
		`t.yaml:7:33: bad date "2025-4" in side "e" (want YYYY-MM-DD or YYYY-MM)`,
	}},
	{"urls", strings.Replace(base, "sources: {report: {publisher: Reuters, title: Talks, date: 2025-04-23}}",
		"sources:\n  a: {publisher: P, title: T, date: 2025-01, url: \"javascript:alert(1)\"}\n  b: {publisher: P, title: T, date: 2025-01, url: /world/talks}\n  c: {publisher: P, title: T, date: 2025-01, url: www.reuters.com}\n  d: {publisher: P, title: T, date: 2025-01, url: \"ftp://x.org/\"}\n  e: {publisher: P, title: T, date: 2025-01, url: \"http://x.org/\"}", 1) + "terms:\n" + term, []string{
		`t.yaml:2:51: bad url "javascript:alert(1)" in source "a" (want an absolute http or https URL)`,
		`t.yaml:3:51: bad url "/world/talks" in source "b" (want an absolute http or https URL)`,
		`t.yaml:4:51: bad url "www.reuters.com" in source "c" (want an absolute http or https URL)`,
		`t.yaml:5:51: bad url "ftp://x.org/" in source "d" (want an absolute http or https URL)`,
	}},

	// References.
	{"dangling refs", "actors: {us: {name: US}}\nsides:\n  usa: {actor: uss, name: X, date: 2025-03, sources: reprt}\n  b: {actor: [us, china], name: B, date: 2025-03, sources: [bbc]}\n" +
		"terms:\n  t: {group: G, text: T, positions: {usa: {stance: supports, sources: [report, x]}, us: silent, b: silent}}\n" +
		"sources: {report: {publisher: P, title: T, date: 2025-01}}\nevents: [{date: 2025-01, title: T, sources: [reports]}]\n", []string{
		`t.yaml:3:16: unknown actor "uss" (did you mean "us"?)`,
		`t.yaml:3:54: unknown source "reprt" (did you mean "report"?)`,
		`t.yaml:4:19: unknown actor "china"`,
		`t.yaml:4:61: unknown source "bbc"`,
		`t.yaml:6:80: unknown source "x"`,
		`t.yaml:6:85: unknown side "us" (did you mean "usa"?)`,
		`t.yaml:8:46: unknown source "reports" (did you mean "report"?)`,
	}},
	{"ids used before they are defined", "terms:\n  t: {group: G, text: T, positions: {s: {stance: supports, sources: r}}}\nsides: {s: {actor: a, name: S, date: 2025-01}}\nsources: {r: {publisher: P, title: T, date: 2025-01}}\nactors: {a: {name: A}}\n", nil},

	// Positions.
	{"no positions", base + "terms:\n  a: {group: G, text: T}\n  b: {group: G, text: T, positions: }\n  c: {group: G, text: T, positions: {}}\n", []string{
		`t.yaml:7:3: term "a" has no positions`,
		`t.yaml:8:26: term "b" has no positions`,
		`t.yaml:9:26: term "c" has no positions`,
	}},
	{"side left out", base + "terms:\n  t: {group: G, text: T, positions: {ru: silent}}\n", []string{
		`t.yaml:7:26: term "t" has no position for side "us" (write "us: silent" if the side does not address it)`,
	}},
	{"stance without source", base + "terms:\n  t: {group: G, text: T, positions: {us: supports, ru: {stance: opposes, note: n, sources: []}}}\n  u: {group: G, text: T, positions: {us: {stance: silent, note: n}, ru: {stance: unclear, sources: report}}}\n", []string{
		`t.yaml:7:38: position of side "us" on term "t" cites no source (every stance but silent needs one)`,
		`t.yaml:7:52: position of side "ru" on term "t" cites no source (every stance but silent needs one)`,
	}},
}

func TestParseTermsErrors(t *testing.T) {
	for _, tc := range termsErrorCases {
		t.Run(tc.name, func(t *testing.T) {
			_, got := parseTermsString(tc.src)
			qt.Assert(t, got, qt.Equals, strings.Join(tc.want, "\n"), qt.Commentf("%s", annotate(tc.src, got)))
		})
	}
}

// decodesSource uses every field; TestParseTermsDecodes checks what it decodes to.
const decodesSource = `# Comments are fine.
actors:
  zz: {name: Zed Land, short: ZL, members: [North Zed, South Zed], main: false}
  aa:
    name: Alpha
sides:
  zz-plan: {actor: [zz, aa], name: Joint plan, date: 2025-03, claim: reported, sources: wire}
  aa-reply:
    actor: aa
    name: Alpha's reply
    date: 2025-04-01
    summary: |
      Two lines,
      kept.
terms:
  second:
    group: Territory
    text: Borders are redrawn
    positions:
      aa-reply: {stance: opposes, note: "*Never*", sources: [wire, paper], claim: disputed}
      zz-plan: silent
  first:
    group: Sequencing
    text: A ceasefire comes first
    explain: The shooting stops first.
    positions:
      zz-plan: {stance: supports, sources: paper}
      aa-reply: {stance: silent}
  third:
    group: !!str Territory
    text: !!str 2025
    positions: {zz-plan: unclear, aa-reply: conditional}
sources:
  wire: {publisher: A wire, title: Talks, date: 2025-04-01, url: "https://example.com/a?b=c"}
  paper: {publisher: A paper, title: More talks, date: 2025-04}
events:
  - {date: 2025-04-23, title: Talks in London, sources: wire}
  - date: 2025-03
    title: A plan
  - {date: 2025-04-01, title: A reply, text: Alpha answers., sources: [wire, paper]}
  - {date: 2025-04, title: A month sorts before its days}
`

func TestParseTermsDecodes(t *testing.T) {
	x, errs := parseTermsString(decodesSource)
	// third's stances lack sources: the only errors, and they do not stop
	// the rest from decoding.
	qt.Assert(t, errs, qt.Equals, `t.yaml:32:17: position of side "zz-plan" on term "third" cites no source (every stance but silent needs one)
t.yaml:32:35: position of side "aa-reply" on term "third" cites no source (every stance but silent needs one)`)
	qt.Assert(t, x, qt.DeepEquals, &Explainer{
		Actors: []Actor{
			{ID: "zz", Name: "Zed Land", Short: "ZL", Members: []string{"North Zed", "South Zed"}, Main: false},
			{ID: "aa", Name: "Alpha", Short: "Alpha", Main: true},
		},
		Sides: []Side{
			{ID: "zz-plan", Name: "Joint plan", Actors: []string{"zz", "aa"}, Date: "2025-03", Claim: Reported, Sources: []string{"wire"}},
			{ID: "aa-reply", Name: "Alpha's reply", Actors: []string{"aa"}, Date: "2025-04-01", Summary: "Two lines,\nkept."},
		},
		Groups: []string{"Territory", "Sequencing"},
		Terms: []Term{
			{ID: "second", Group: "Territory", Text: "Borders are redrawn", Positions: []Position{
				{Side: "zz-plan", Stance: Silent},
				{Side: "aa-reply", Stance: Opposes, Note: "*Never*", Sources: []string{"wire", "paper"}, Claim: Disputed},
			}},
			{ID: "first", Group: "Sequencing", Text: "A ceasefire comes first", Explain: "The shooting stops first.", Positions: []Position{
				{Side: "zz-plan", Stance: Supports, Sources: []string{"paper"}},
				{Side: "aa-reply", Stance: Silent},
			}},
			{ID: "third", Group: "Territory", Text: "2025", Positions: []Position{
				{Side: "zz-plan", Stance: Unclear},
				{Side: "aa-reply", Stance: Conditional},
			}},
		},
		Sources: []Source{
			{ID: "wire", Publisher: "A wire", Title: "Talks", Date: "2025-04-01", URL: "https://example.com/a?b=c"},
			{ID: "paper", Publisher: "A paper", Title: "More talks", Date: "2025-04"},
		},
		Events: []Event{
			{Date: "2025-03", Title: "A plan"},
			{Date: "2025-04", Title: "A month sorts before its days"},
			{Date: "2025-04-01", Title: "A reply", Text: "Alpha answers.", Sources: []string{"wire", "paper"}},
			{Date: "2025-04-23", Title: "Talks in London", Sources: []string{"wire"}},
		},
	})
}

// The real example must stay valid, and decode in the order it is written.
func TestParseTermsFlagship(t *testing.T) {
	x, err := LoadDir(ownRoot, "content/ukraine-peace-talks")
	qt.Assert(t, err, qt.IsNil)
	qt.Assert(t, len(x.Sides) > 1, qt.IsTrue)
	for _, term := range x.Terms {
		qt.Assert(t, term.Positions, qt.HasLen, len(x.Sides), qt.Commentf("term %s", term.ID))
		for i, p := range term.Positions {
			qt.Check(t, p.Side, qt.Equals, x.Sides[i].ID)
		}
	}
}

// Sides without a short name get one from their actors, with the month
// (or the date) when an actor has several; one too long is a warning.
func TestSideShorts(t *testing.T) {
	const head = "actors:\n  us: {name: United States, short: US}\n  ru: {name: Russia}\n  fed: {name: Federal Republic of Germany}\nsources:\n  s: {publisher: P, title: T, date: 2025-04}\nterms:\n  t: {group: G, text: T, positions: {%s}}\nsides:\n"
	for _, tc := range []struct {
		name, sides string
		want        []string
		warn        string
	}{
		{"one side an actor", "  a: {actor: us, name: A, date: 2025-03}\n  b: {actor: ru, name: B, date: 2025-03}\n", []string{"US", "Russia"}, ""},
		{"written", "  a: {actor: us, name: A, short: Plan, date: 2025-03}\n  b: {actor: ru, name: B, date: 2025-03}\n", []string{"Plan", "Russia"}, ""},
		{"months", "  a: {actor: us, name: A, date: 2025-03}\n  b: {actor: us, name: B, date: 2025-04-20}\n", []string{"US Mar", "US Apr"}, ""},
		{"one month twice", "  a: {actor: us, name: A, date: 2025-04-01}\n  b: {actor: us, name: B, date: 2025-04-20}\n", []string{"US 2025-04-01", "US 2025-04-20"}, ""},
		{"joint", "  a: {actor: [us, ru], name: A, date: 2025-03}\n  b: {actor: ru, name: B, date: 2025-04}\n", []string{"US + Russia Mar", "Russia Apr"}, ""},
		{"too long", "  a: {actor: fed, name: A, date: 2025-03}\n", []string{"Federal Republic of Germany"}, `t.yaml:10:3: warning: side "a" heads its column on phones as "Federal Republic of Germany", 27 characters: give it a short name of at most 16 (short: ...)`},
	} {
		t.Run(tc.name, func(t *testing.T) {
			var ids []string
			for _, l := range strings.Split(strings.TrimSpace(tc.sides), "\n") {
				ids = append(ids, strings.TrimSpace(l)[:1]+": silent")
			}
			x, errs := parseTermsString(fmt.Sprintf(head, strings.Join(ids, ", ")) + tc.sides)
			var warns []string // of short names, not of the actors left unused
			for _, l := range strings.Split(errs, "\n") {
				if strings.Contains(l, "heads its column") {
					warns = append(warns, l)
				}
			}
			qt.Assert(t, strings.Join(warns, "\n"), qt.Equals, tc.warn)
			var got []string
			for _, s := range x.Sides {
				got = append(got, s.Short)
			}
			qt.Check(t, got, qt.DeepEquals, tc.want)
		})
	}
}

// The history's fields: renames, the starting point, updates and
// corrections naming cells, and what is wrong with each.
func TestParseTermsHistory(t *testing.T) {
	const head = "actors: {a: {name: A}, b: {name: B}}\nsides:\n  a1: {actor: a, name: A1, date: 2025-03, was: a0}\n  b1: {actor: b, name: B1, date: 2025-04}\n" +
		"terms:\n  t1: {group: G, text: T, was: [t0, tx], positions: {a1: silent, b1: silent}}\n"
	x, errs := parseTermsString(head + "history: {since: 2025-06-01}\nupdates:\n  - {date: 2025-06-02, cells: [t1/a1, t1/b1], text: Why.}\ncorrections:\n  - {date: 2025-06-03, cells: t1/b1, text: Fixed.}\n")
	qt.Assert(t, errs, qt.Equals, "")
	qt.Check(t, x.Sides[0].Was, qt.DeepEquals, []string{"a0"})
	qt.Check(t, x.Terms[0].Was, qt.DeepEquals, []string{"t0", "tx"})
	qt.Check(t, x.Since, qt.Equals, Date("2025-06-01"))
	qt.Check(t, x.Updates, qt.DeepEquals, []Notice{{Date: "2025-06-02", Cells: []Cell{{"t1", "a1"}, {"t1", "b1"}}, Text: "Why."}})
	qt.Check(t, x.Corrections, qt.DeepEquals, []Notice{{Date: "2025-06-03", Cells: []Cell{{"t1", "b1"}}, Text: "Fixed."}})

	for _, tc := range []struct{ name, src, want string }{
		{"since a month", "history: {since: 2025-06}\n", `t.yaml:7:18: bad since "2025-06" in history (want YYYY-MM-DD)`},
		{"since missing", "history: {}\n", `t.yaml:7:1: missing field "since" in history`},
		{"unknown cell", "updates: [{date: 2025-06-02, cells: [t2/a2], text: W}]\n", "t.yaml:7:38: unknown term \"t2\" (did you mean \"t1\"?)\nt.yaml:7:41: unknown side \"a2\" (did you mean \"a1\"?)"},
		{"cell without side", "corrections: [{date: 2025-06-02, cells: t1, text: W}]\n", `t.yaml:7:41: cell "t1" in correction 1: name it term/side, e.g. ceasefire/us-plan`},
		{"notice fields", "updates: [{date: 2025-06-02}]\n", "t.yaml:7:11: missing field \"cells\" in update 1\nt.yaml:7:11: missing field \"text\" in update 1"},
		{"not a list", "updates: {a: b}\n", `t.yaml:7:10: updates must be a list (lines starting with "- "), not a mapping`},
		{"was is current", "  t2: {group: G, text: T, was: t1, positions: {a1: silent, b1: silent}}\n", `t.yaml:7:32: "was" names term "t1", which is a term now: give the old id, which no term has any more`},
		{"was twice", "  t2: {group: G, text: T, was: tx, positions: {a1: silent, b1: silent}}\n", `t.yaml:7:32: term id "tx" is named in "was" twice: only one term can have been it`},
	} {
		t.Run(tc.name, func(t *testing.T) {
			src := head + tc.src
			_, got := parseTermsString(src)
			qt.Check(t, got, qt.Equals, tc.want, qt.Commentf("%s", annotate(src, got)))
		})
	}
}
