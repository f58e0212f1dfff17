// Package diag holds positioned diagnostics: the errors Parley reports about
// an editor's files, in the compiler style file:line:col: message.
package diag

import (
	"cmp"
	"fmt"
	"slices"
	"strings"
)

// Error is one problem at one place in one file. Line and Col are 1-based;
// zero means the position is unknown (the message then applies to the file).
// A warning is reported like an error but fails nothing: something the
// editor should know (raw HTML dropped from Markdown, a draft left out).
type Error struct {
	File    string
	Line    int
	Col     int
	Msg     string
	Warning bool
}

func (e Error) Error() string {
	msg := e.Msg
	if e.Warning {
		msg = "warning: " + msg
	}
	switch {
	case e.File == "":
		return msg
	case e.Line == 0:
		return fmt.Sprintf("%s: %s", e.File, msg)
	case e.Col == 0:
		return fmt.Sprintf("%s:%d: %s", e.File, e.Line, msg)
	}
	return fmt.Sprintf("%s:%d:%d: %s", e.File, e.Line, e.Col, msg)
}

// List collects the errors and warnings of a run so that all of them are
// reported at once.
type List []Error

// Add appends an error at file:line:col with a formatted message.
func (l *List) Add(file string, line, col int, format string, args ...any) {
	*l = append(*l, Error{File: file, Line: line, Col: col, Msg: fmt.Sprintf(format, args...)})
}

// Warn appends a warning at file:line:col with a formatted message.
func (l *List) Warn(file string, line, col int, format string, args ...any) {
	*l = append(*l, Error{File: file, Line: line, Col: col, Msg: fmt.Sprintf(format, args...), Warning: true})
}

// Sort returns the list ordered by file, then position, then message, without
// exact duplicates, so that output is stable whatever order checks ran in.
// The receiver is left as it is.
func (l List) Sort() List {
	s := slices.Clone(l)
	slices.SortFunc(s, func(a, b Error) int {
		return cmp.Or(
			cmp.Compare(a.File, b.File),
			cmp.Compare(a.Line, b.Line),
			cmp.Compare(a.Col, b.Col),
			cmp.Compare(a.Msg, b.Msg),
			cmp.Compare(btoi(a.Warning), btoi(b.Warning)),
		)
	})
	return slices.Compact(s)
}

func btoi(b bool) int {
	if b {
		return 1
	}
	return 0
}

// Error joins the sorted list one error per line, so a List is itself an error.
func (l List) Error() string {
	var b strings.Builder
	for i, e := range l.Sort() {
		if i > 0 {
			b.WriteByte('\n')
		}
		b.WriteString(e.Error())
	}
	return b.String()
}

// Err returns the sorted list, warnings included, as an error when it
// holds an error; nil when it holds warnings only, or nothing.
func (l List) Err() error {
	if l.Errors() == 0 {
		return nil
	}
	return l.Sort()
}

// Errors counts the entries that are not warnings.
func (l List) Errors() int {
	n := 0
	for _, e := range l {
		if !e.Warning {
			n++
		}
	}
	return n
}

// Summary is the line that ends a report of l: "parley: 2 errors, 1
// warning"; "" when l is empty.
func (l List) Summary() string {
	l = l.Sort()
	errs, warns := l.Errors(), len(l)-l.Errors()
	var parts []string
	if errs > 0 {
		parts = append(parts, count(errs, "error"))
	}
	if warns > 0 {
		parts = append(parts, count(warns, "warning"))
	}
	return strings.Join(parts, ", ")
}

func count(n int, what string) string {
	if n == 1 {
		return "1 " + what
	}
	return fmt.Sprintf("%d %ss", n, what)
}

// Suggest returns ` (did you mean "x"?)` for the known name closest to name,
// or "" when none is close enough to be a likely typo.
func Suggest(name string, known []string) string {
	best, bestDist, bestPrefix := "", 0, false
	lname := strings.ToLower(name)
	for _, k := range known {
		lk := strings.ToLower(k)
		d := distance(lname, lk)
		// On equal distance a shared prefix wins ("usa" is "us", not "ua").
		prefix := strings.HasPrefix(lname, lk) || strings.HasPrefix(lk, lname)
		if best == "" || d < bestDist || (d == bestDist && (prefix && !bestPrefix || prefix == bestPrefix && k < best)) {
			best, bestDist, bestPrefix = k, d, prefix
		}
	}
	// Allow about one edit in three characters ("opose" for "opposes"), and at
	// least one; a prefix match ("usa" for "us") also counts.
	limit := max(1, (len([]rune(name))+1)/3)
	if best == "" || (bestDist > limit && !strings.HasPrefix(strings.ToLower(name), strings.ToLower(best))) {
		return ""
	}
	if len(best) < 2 && bestDist > 0 {
		return ""
	}
	return fmt.Sprintf(" (did you mean %q?)", best)
}

// distance is the optimal string alignment distance between a and b, in
// runes: insertions, deletions, substitutions and swaps of two neighbours
// ("mian" for "main") each cost one.
func distance(a, b string) int {
	ra, rb := []rune(a), []rune(b)
	d := make([][]int, len(ra)+1)
	for i := range d {
		d[i] = make([]int, len(rb)+1)
		d[i][0] = i
	}
	for j := range d[0] {
		d[0][j] = j
	}
	for i := 1; i <= len(ra); i++ {
		for j := 1; j <= len(rb); j++ {
			cost := 1
			if ra[i-1] == rb[j-1] {
				cost = 0
			}
			d[i][j] = min(d[i-1][j]+1, d[i][j-1]+1, d[i-1][j-1]+cost)
			if i > 1 && j > 1 && ra[i-1] == rb[j-2] && ra[i-2] == rb[j-1] {
				d[i][j] = min(d[i][j], d[i-2][j-2]+1)
			}
		}
	}
	return d[len(ra)][len(rb)]
}
