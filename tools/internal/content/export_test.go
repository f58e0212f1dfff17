package content

import "github.com/parley-news/parley/tools/internal/diag"

// Hooks for the external tests (fuzz_test.go imports compile, which imports
// this package).

func ParseTerms(file string, src []byte) (*Explainer, diag.List) {
	x := &Explainer{Slug: "fuzz", Dir: "content/fuzz"}
	var errs diag.List
	parseTerms(file, src, x, &errs)
	return x, errs
}

// ParseIndex checks index.md as LoadDir does: front matter, then prose.
func ParseIndex(file string, src []byte) (Front, diag.List) {
	var errs diag.List
	fm := parseFront(file, src, &errs)
	checkProse(file, src, &errs)
	return fm, errs
}

// TermsSeeds and FrontSeeds are the sources of the table tests.
func TermsSeeds() []string {
	var out []string
	for _, tc := range termsErrorCases {
		out = append(out, tc.src)
	}
	return append(out, decodesSource)
}

func FrontSeeds() []string {
	var out []string
	for _, tc := range frontErrorCases {
		out = append(out, tc.src)
	}
	return out
}
