// Package content loads and validates editors' sources: one explainer per
// directory content/<slug>/, holding index.md (prose with YAML front matter)
// and terms.yaml (actors, sides, terms, positions, sources, events).
//
// Everything wrong with the sources is reported at once as a diag.List, each
// error at file:line:col; a caller gets explainers only when there is none.
package content

import (
	"errors"
	"io/fs"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"time"

	"github.com/parley-news/parley/tools/internal/diag"
	"github.com/parley-news/parley/tools/internal/markdown"
	"github.com/parley-news/parley/tools/internal/parallel"
)

// Stance is a side's position on a term, from a closed set.
type Stance string

const (
	Supports    Stance = "supports"
	Opposes     Stance = "opposes"
	Conditional Stance = "conditional"
	Silent      Stance = "silent" // the side does not address the term
	Unclear     Stance = "unclear"
)

// Stances is the closed set, in the order legends list them.
var Stances = []Stance{Supports, Opposes, Conditional, Unclear, Silent}

// Claim marks information that is not confirmed. The zero value is confirmed.
type Claim string

const (
	Reported Claim = "reported" // reported by others, not confirmed by the side
	Disputed Claim = "disputed" // its accuracy is contested
)

// Date is a day or a month: "2025-04-23" or "2025-04".
type Date string

// Month returns the date's month, "2025-04".
func (d Date) Month() string { return string(d[:min(len(d), 7)]) }

// MonthName returns the date's month as a reader's short word, "Apr", or
// the date itself when it has no valid month.
func (d Date) MonthName() string {
	t, err := time.Parse("2006-01", d.Month())
	if err != nil {
		return string(d)
	}
	return t.Format("Jan")
}

// Explainer is one content/<slug>/ directory.
type Explainer struct {
	Slug  string
	Dir   string // relative to the project root, slash-separated
	Front Front

	Actors  []Actor
	Sides   []Side
	Groups  []string // in order of first use
	Terms   []Term
	Sources []Source
	Events  []Event

	// What terms.yaml says of its own history (see package compile's
	// History): the day before which changes are drafting, not news;
	// editors' lines explaining changes; corrections.
	Since       Date
	Updates     []Notice
	Corrections []Notice

	// TermsYAML is terms.yaml as read: its history compares versions of
	// the file.
	TermsYAML []byte

	// Editions are its translations (index.<lang>.md and terms.<lang>.yaml),
	// by language code.
	Editions []*Edition

	// Warnings are what the editor should know but fails nothing: raw HTML
	// dropped from the prose, an actor no side uses.
	Warnings diag.List
}

// Front is index.md's front matter.
type Front struct {
	Title      string
	Summary    string
	Date       Date
	Lastmod    Date
	Importance int
	Authors    []string
	Topics     []string
	Draft      bool
	DraftAt    [2]int // line and column of draft: true in index.md
}

type Actor struct {
	ID      string
	Name    string
	Short   string   // an abbreviation for narrow screens; defaults to Name
	Members []string // e.g. the states behind "European powers"
	Main    bool     // counts towards consensus (default true)
}

type Side struct {
	ID      string
	Name    string
	Short   string // its column heading on phones: as written, or derived (sideShorts)
	Actors  []string
	Date    Date
	Claim   Claim
	Summary string
	Sources []string
	Was     []string // ids it had before, oldest history first
}

type Term struct {
	ID        string
	Group     string
	Text      string
	Explain   string
	Positions []Position // one per side, in the order of Sides
	Was       []string   // ids it had before
}

// Cell is one side's position on one term, written "term/side".
type Cell struct {
	Term string `json:"term"`
	Side string `json:"side"`
}

func (c Cell) String() string { return c.Term + "/" + c.Side }

// Notice is an entry of updates (an editor's line for readers on why cells
// changed) or corrections (what was wrong in the cells named, and when it
// was put right).
type Notice struct {
	Date  Date // a day
	Cells []Cell
	Text  string
}

type Position struct {
	Side    string
	Stance  Stance
	Note    string // inline Markdown
	Sources []string
	Claim   Claim // as written; compile applies the side's claim when empty
}

type Source struct {
	ID        string
	Publisher string
	Title     string
	Date      Date
	URL       string
}

type Event struct {
	Date    Date
	Title   string
	Text    string
	Sources []string
}

var slugRE = regexp.MustCompile(`^[a-z0-9]+(-[a-z0-9]+)*$`)

// ValidSlug reports whether s may name an explainer or an id: lower-case
// letters and digits in words joined by single hyphens.
func ValidSlug(s string) bool { return len(s) <= 64 && slugRE.MatchString(s) }

// Load reads every explainer under root/content. Paths in errors are relative
// to root. Explainers come sorted by slug.
func Load(root string) ([]*Explainer, error) {
	slugs, err := Dirs(root)
	if err != nil {
		return nil, err
	}
	var (
		out  []*Explainer
		errs diag.List
	)
	for _, r := range LoadEach(root, slugs) {
		var l diag.List
		if errors.As(r.Err, &l) {
			errs = append(errs, l...)
			continue
		}
		if r.Err != nil {
			return nil, r.Err
		}
		out = append(out, r.X)
	}
	if err := errs.Err(); err != nil {
		return nil, err
	}
	return out, nil
}

// Dirs lists the explainers' directories under root/content, by name
// (sorted); none when there is no content/.
func Dirs(root string) ([]string, error) {
	entries, err := os.ReadDir(filepath.Join(root, "content"))
	if errors.Is(err, fs.ErrNotExist) {
		return nil, nil
	}
	if err != nil {
		return nil, err
	}
	var names []string
	for _, e := range entries {
		if e.IsDir() && IsExplainerDir(e.Name()) {
			names = append(names, e.Name())
		}
	}
	return names, nil
}

// Loaded is one explainer read by LoadEach: X, or Err (a diag.List for
// what is wrong with the content).
type Loaded struct {
	X   *Explainer
	Err error
}

// LoadEach reads the explainers of root/content named by slugs, each on its
// own and on every core, in the order given.
func LoadEach(root string, slugs []string) []Loaded {
	out := make([]Loaded, len(slugs))
	parallel.Each(len(slugs), func(i int) {
		out[i].X, out[i].Err = LoadDir(root, "content/"+slugs[i])
	})
	return out
}

// LoadDir reads one explainer from root/rel.
func LoadDir(root, rel string) (*Explainer, error) {
	x := &Explainer{Slug: filepath.Base(rel), Dir: rel}
	var errs diag.List
	if !ValidSlug(x.Slug) {
		errs.Add(rel, 0, 0, "invalid explainer directory name %q: use lower-case letters, digits and single hyphens", x.Slug)
	}
	read := func(name string) []byte {
		b, err := os.ReadFile(filepath.Join(root, rel, name))
		switch {
		case errors.Is(err, fs.ErrNotExist):
			errs.Add(rel, 0, 0, "missing %s", name)
		case err != nil:
			errs.Add(rel+"/"+name, 0, 0, "%v", err)
		case len(b) > MaxFileSize:
			errs.Add(rel+"/"+name, 0, 0, "file is %.1f MiB (%d bytes), over the limit of 1 MiB (%d bytes) a file: split the explainer", float64(len(b))/(1<<20), len(b), MaxFileSize)
			return nil
		default:
			checkBidi(rel+"/"+name, b, &errs)
		}
		return b
	}
	index := read("index.md")
	proseOK := true
	if index != nil {
		x.Front = parseFront(rel+"/index.md", index, &errs)
		n := errs.Errors()
		checkProse(rel+"/index.md", index, &errs)
		proseOK = errs.Errors() == n
	}
	termsOK := false
	if b := read("terms.yaml"); b != nil {
		x.TermsYAML = b
		n := errs.Errors()
		parseTerms(rel+"/terms.yaml", b, x, &errs)
		termsOK = errs.Errors() == n
	}
	if index != nil && proseOK {
		checkBody(rel+"/index.md", index, x, termsOK, &errs)
	}
	if errs.Errors() == 0 {
		loadEditions(root, rel, x, index, &errs)
	}
	if err := errs.Err(); err != nil {
		return nil, err
	}
	x.Warnings = errs
	return x, nil
}

// checkBody checks the prose of index.md as a build would render it: its
// shortcodes (checkShortcodes, against the explainer's sides and groups
// when terms.yaml is valid), and its Markdown, for what the renderer would
// drop (warnings) or what would load from another site (errors).
func checkBody(file string, src []byte, x *Explainer, termsOK bool, errs *diag.List) {
	from, _ := bodyStart(src)
	scs := scanShortcodes(file, src, from, errs)
	checkShortcodes(file, src, scs, x, termsOK, errs)
	for _, f := range markdown.Parse(blank(src, scs)[from:]).Findings() {
		line, col := markdown.Position(src, from+f.Offset)
		if f.Error {
			errs.Add(file, line, col, "%s", f.Msg)
		} else {
			errs.Warn(file, line, col, "%s", f.Msg)
		}
	}
}

// Limits that keep a hostile or broken file from costing unbounded time or
// memory. They are far above what any real negotiation needs.
const (
	MaxFileSize = 1 << 20
	MaxSides    = 40
	MaxTerms    = 400
)

// IsExplainerDir reports whether a directory directly under content/ holds
// an explainer: every one does but hidden ones and Hugo's _index sections.
func IsExplainerDir(name string) bool {
	return !strings.HasPrefix(name, ".") && !strings.HasPrefix(name, "_")
}
