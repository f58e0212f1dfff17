package content

import (
	"bytes"

	"github.com/parley-news/parley/tools/internal/diag"
)

// Limits on the shape of index.md's prose. Hugo renders it with goldmark,
// which takes time quadratic in some shapes no writer produces: 64 KB of
// ">" (blockquotes nested 65,536 deep) took 2.6 s and 256 KB more than 30,
// "[](" repeated in one paragraph 1.9 s for 64 KB, "**a_" 1.2 s; through
// the whole build 32 KB of ">" took 8.6 s and 256 KB over five minutes.
// Hugo's own page timeout does not stop it. These limits keep any 1 MB
// index.md to seconds, far above what real prose needs.
const (
	MaxProseDepth  = 32   // blockquote and list markers opening one line
	MaxProseIndent = 128  // columns of indentation, outside code fences
	MaxMarkup      = 4000 // [ ] * _ ~ ` < in one block (a paragraph, list or table)
)

// checkProse reports lines of index.md's body nested or indented past the
// limits, and blocks with more markup characters than MaxMarkup; the first
// of each kind only, at its line and column. Fenced code is not checked:
// goldmark does not parse inside it.
func checkProse(file string, src []byte, errs *diag.List) {
	lines := bytes.Split(src, []byte("\n"))
	start := 0 // the first line of the body: after the front matter, when it is closed
	if from, closed := bodyStart(src); closed {
		start = bytes.Count(src[:from], []byte("\n"))
	}
	var (
		fence                    []byte // the open fence, if any
		deep, indented, markedUp bool
		markup, blockLine        int
	)
	for i := start; i < len(lines); i++ {
		line := bytes.TrimRight(lines[i], "\r")
		n := i + 1
		trimmed := bytes.TrimLeft(line, " ")
		if fence != nil {
			if bytes.HasPrefix(trimmed, fence) && len(bytes.TrimSpace(bytes.TrimLeft(trimmed, string(fence[:1])))) == 0 {
				fence = nil
			}
			continue
		}
		if len(line)-len(trimmed) <= 3 && (bytes.HasPrefix(trimmed, []byte("```")) || bytes.HasPrefix(trimmed, []byte("~~~"))) {
			fence = trimmed[:len(trimmed)-len(bytes.TrimLeft(trimmed, string(trimmed[:1])))]
			continue
		}
		if len(bytes.TrimSpace(line)) == 0 {
			markup = 0
			continue
		}
		if markup == 0 {
			blockLine = n
		}
		depth, col, indent := containers(line)
		if depth > MaxProseDepth && !deep {
			deep = true
			errs.Add(file, n, col, "blockquotes and lists nested more than %d deep: over the limit", MaxProseDepth)
		}
		if indent > MaxProseIndent && !indented {
			indented = true
			errs.Add(file, n, 1, "line indented %d columns, over the limit of %d", indent, MaxProseIndent)
		}
		for _, c := range line {
			switch c {
			case '[', ']', '*', '_', '~', '`', '<':
				markup++
			}
		}
		if markup > MaxMarkup && !markedUp {
			markedUp = true
			errs.Add(file, blockLine, 1, "more than %d markup characters ([ ] * _ ~ ` <) in one paragraph, list or table: over the limit; split it", MaxMarkup)
		}
	}
}

// containers counts the blockquote (">") and list ("-", "*", "+", "1." or
// "1)" before a space) markers that open a line, returning their number,
// the column of the one past MaxProseDepth, and the line's indentation in
// columns (a tab counts four).
func containers(line []byte) (depth, col, indent int) {
	leading := true
	for i := 0; i < len(line); {
		switch c := line[i]; {
		case c == ' ' || c == '\t':
			if leading && c == '\t' {
				indent += 4
			} else if leading {
				indent++
			}
			i++
			continue
		case c == '>':
			i++
		case (c == '-' || c == '*' || c == '+') && i+1 < len(line) && (line[i+1] == ' ' || line[i+1] == '\t'):
			i++
		case c >= '0' && c <= '9':
			j := i
			for j < len(line) && j-i < 9 && line[j] >= '0' && line[j] <= '9' {
				j++
			}
			if j+1 < len(line) && (line[j] == '.' || line[j] == ')') && (line[j+1] == ' ' || line[j+1] == '\t') {
				i = j + 1
				break
			}
			return depth, col, indent
		default:
			return depth, col, indent
		}
		leading = false
		if depth++; depth == MaxProseDepth+1 {
			col = i
		}
	}
	return depth, col, indent
}
