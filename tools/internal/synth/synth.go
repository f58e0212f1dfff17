// Package synth writes deterministic synthetic explainers of realistic shape,
// for benchmarks and stress tests: N explainers of T terms × S sides, with
// prose, notes, sources and events. The same arguments give the same bytes.
package synth

import (
	"fmt"
	"math/rand/v2"
	"os"
	"path/filepath"
	"strings"
)

// Shape is the size of one explainer.
type Shape struct {
	Terms, Sides int
}

var (
	groups  = []string{"Sequencing", "Territory", "Security", "Economy", "Governance", "Humanitarian"}
	stances = []string{"supports", "opposes", "conditional", "unclear", "silent", "silent"}
	words   = strings.Fields("the a parties ceasefire border guarantee sanctions troops observers corridor referendum treaty monitoring withdrawal assets reconstruction elections prisoners exchange phased verification zone control recognition membership neutrality deadline envoy summit framework draft")
)

// Write creates n explainers named synth-0001... under root/content.
func Write(root string, n int, shape Shape) error {
	for i := range n {
		slug := fmt.Sprintf("synth-%04d", i+1)
		dir := filepath.Join(root, "content", slug)
		if err := os.MkdirAll(dir, 0o755); err != nil {
			return err
		}
		r := rand.New(rand.NewPCG(uint64(i), uint64(shape.Terms*1000+shape.Sides)))
		if err := os.WriteFile(filepath.Join(dir, "index.md"), []byte(index(r, slug, i)), 0o644); err != nil {
			return err
		}
		if err := os.WriteFile(filepath.Join(dir, "terms.yaml"), []byte(terms(r, shape)), 0o644); err != nil {
			return err
		}
	}
	return nil
}

func sentence(r *rand.Rand, n int) string {
	w := make([]string, n)
	for i := range w {
		w[i] = words[r.IntN(len(words))]
	}
	s := strings.Join(w, " ")
	return strings.ToUpper(s[:1]) + s[1:] + "."
}

func index(r *rand.Rand, slug string, i int) string {
	var b strings.Builder
	fmt.Fprintf(&b, "---\ntitle: \"Synthetic talks %d\"\nsummary: \"%s\"\ndate: 2025-%02d-%02d\nimportance: %d\n---\n", i+1, sentence(r, 12), i%12+1, i%28+1, r.IntN(101))
	for s := range 4 {
		fmt.Fprintf(&b, "\n## Section %d\n\n", s+1)
		for range 3 {
			b.WriteString(sentence(r, 20) + " " + sentence(r, 15) + "\n\n")
		}
		if s == 1 {
			b.WriteString("{{< compare >}}\n")
		}
	}
	b.WriteString("\n{{< scoreboard >}}\n\n{{< timeline >}}\n")
	return b.String()
}

func terms(r *rand.Rand, shape Shape) string {
	var b strings.Builder
	actors := max(2, shape.Sides*2/3)
	b.WriteString("actors:\n")
	for a := range actors {
		fmt.Fprintf(&b, "  actor-%d: {name: Actor %d}\n", a+1, a+1)
	}
	b.WriteString("sides:\n")
	for s := range shape.Sides {
		fmt.Fprintf(&b, "  side-%d:\n    actor: actor-%d\n    name: Side %d position\n    date: 2025-%02d\n", s+1, s%actors+1, s+1, s/actors+1)
		if s%4 == 3 {
			b.WriteString("    claim: reported\n")
		}
	}
	b.WriteString("terms:\n")
	for t := range shape.Terms {
		fmt.Fprintf(&b, "  term-%d:\n    group: %s\n    text: %q\n    explain: %q\n    positions:\n",
			t+1, groups[t*len(groups)/max(1, shape.Terms)], strings.TrimSuffix(sentence(r, 7), "."), sentence(r, 14))
		for s := range shape.Sides {
			st := stances[r.IntN(len(stances))]
			if st == "silent" {
				fmt.Fprintf(&b, "      side-%d: silent\n", s+1)
				continue
			}
			fmt.Fprintf(&b, "      side-%d: {stance: %s, note: %q, sources: [src-%d]}\n", s+1, st, sentence(r, 12), r.IntN(3)+1)
		}
	}
	b.WriteString("sources:\n")
	for s := range 3 {
		fmt.Fprintf(&b, "  src-%d: {publisher: Wire %d, title: %q, date: 2025-04-%02d}\n", s+1, s+1, strings.TrimSuffix(sentence(r, 6), "."), s+1)
	}
	b.WriteString("events:\n")
	for e := range 5 {
		fmt.Fprintf(&b, "  - {date: 2025-%02d-10, title: %q, sources: [src-1]}\n", e+1, strings.TrimSuffix(sentence(r, 5), "."))
	}
	return b.String()
}
