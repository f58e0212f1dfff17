package card

import (
	"bytes"
	"crypto/sha256"
	"encoding/hex"
	"image"
	"image/png"
	"math"
	"testing"

	qt "github.com/frankban/quicktest"
	"golang.org/x/image/font"
	"golang.org/x/image/font/sfnt"
)

func TestBarIsProportional(t *testing.T) {
	for _, c := range []Card{
		{Site: "Parley", Title: "Ukraine peace talks", Agreed: 2, Contested: 9, Unaddressed: 4},
		{Site: "Parley", Title: "Coalition talks", Agreed: 9, Contested: 1},
		{Site: "Parley", Title: "Nothing settled", Unaddressed: 3},
		{Site: "Parley", Title: "No terms yet"},
	} {
		b, err := Draw(c)
		qt.Assert(t, err, qt.IsNil)
		got, err := Shares(b)
		qt.Assert(t, err, qt.IsNil)
		total := float64(c.Agreed + c.Contested + c.Unaddressed)
		for i, n := range []int{c.Agreed, c.Contested, c.Unaddressed} {
			want := 0.0
			if total > 0 {
				want = float64(n) / total
			}
			// Within the gaps between parts (4 px each) and rounding; none
			// at all for none.
			qt.Check(t, math.Abs(got[i]-want) < 0.01 && (n == 0) == (got[i] == 0), qt.IsTrue, qt.Commentf("%s: part %d: %.3f of the bar, want %.3f", c.Title, i, got[i], want))
		}
	}
}

func TestKeyRoundTrips(t *testing.T) {
	c := Card{Site: "Parley", Title: "Ukraine peace talks", Agreed: 2, Contested: 9, Unaddressed: 4}
	b, err := Draw(c)
	qt.Assert(t, err, qt.IsNil)
	qt.Check(t, KeyOf(b[:128]), qt.Equals, Key(c))
	again, err := Draw(c)
	qt.Assert(t, err, qt.IsNil)
	qt.Check(t, again, qt.DeepEquals, b) // deterministic
	d := c
	d.Contested++
	qt.Check(t, Key(d), qt.Not(qt.Equals), Key(c))
	// Other PNGs, and other files, have no key.
	var plain bytes.Buffer
	qt.Assert(t, png.Encode(&plain, image.NewGray(image.Rect(0, 0, 4, 4))), qt.IsNil)
	for _, b := range [][]byte{plain.Bytes(), []byte("GIF89a"), nil} {
		qt.Check(t, KeyOf(b), qt.Equals, "")
	}
}

// A change to the drawing must come with a new version, or builds would
// keep cards drawn the old way (Key). When this fails after a deliberate
// change, bump version and set want to what it printed.
func TestDrawingIsVersioned(t *testing.T) {
	const want = "2 a94dedba0a89f5b7"
	b, err := Draw(Card{Site: "Parley", Title: "Переговори: Sondierungspapier, ≠ and ○", Agreed: 1, Contested: 2, Unaddressed: 3})
	qt.Assert(t, err, qt.IsNil)
	sum := sha256.Sum256(b)
	qt.Check(t, string(rune('0'+version))+" "+hex.EncodeToString(sum[:8]), qt.Equals, want)
}

func TestTitleFits(t *testing.T) {
	fs, err := fonts()
	qt.Assert(t, err, qt.IsNil)
	f, err := face(fs[1], 46)
	qt.Assert(t, err, qt.IsNil)
	width := Size.X - 2*margin
	for _, s := range []string{
		"Short",
		"Koalitionsverhandlungen Sondierungspapier Bundestagswahl Mehrheitsverhältnisse Regierungsbildung Koalitionsvertrag Haushaltsgesetz",
		"Donaudampfschifffahrtsgesellschaftskapitänswitwenrentenversicherungsanstaltsgebäudeverwaltungsangestellter",
	} {
		for _, l := range wrap(f, s, width) {
			qt.Check(t, font.MeasureString(f, l).Ceil() <= width, qt.IsTrue, qt.Commentf("%q", l))
		}
	}
	qt.Check(t, wrap(f, "a b", width), qt.DeepEquals, []string{"a b"})
}

// The fonts draw every letter a title or the legend may hold in Latin,
// Cyrillic and Greek, and the verdicts' symbols.
func TestFontsCoverScripts(t *testing.T) {
	fs, err := fonts()
	qt.Assert(t, err, qt.IsNil)
	for _, f := range fs {
		buf := &sfnt.Buffer{}
		for _, r := range "AZaz09ÄÖÜßäöüéèçñ АЯаяЁёІіЇїЄєҐґ ΑΩαω=≠○…—" {
			if r == ' ' {
				continue
			}
			i, err := f.GlyphIndex(buf, r)
			qt.Check(t, err == nil && i != 0, qt.IsTrue, qt.Commentf("%q", r))
		}
	}
}

// BenchmarkDraw is one card, drawn and encoded:
//
//	go test ./tools/internal/card -run '^$' -bench Draw
func BenchmarkDraw(b *testing.B) {
	c := Card{Site: "Parley", Title: "Ukraine peace talks 2025: who proposes what, and where the sides stand", Agreed: 2, Contested: 9, Unaddressed: 4}
	for range b.N {
		if _, err := Draw(c); err != nil {
			b.Fatal(err)
		}
	}
}
