// Package card draws an explainer's social card: the 1200 × 630 PNG that
// link previews show (og:image), with the explainer's title and its
// agreed / contested / unaddressed bar, the answer at a glance.
//
// It draws in pure Go with the Go fonts (which cover Latin, Greek and
// Cyrillic), so the same card comes out byte for byte on every machine.
package card

import (
	"bytes"
	"crypto/sha256"
	"encoding/binary"
	"encoding/hex"
	"encoding/json"
	"fmt"
	"hash/crc32"
	"image"
	"image/color"
	"image/draw"
	"image/png"
	"strings"
	"sync"
	"unicode/utf8"

	"golang.org/x/image/font"
	"golang.org/x/image/font/gofont/gobold"
	"golang.org/x/image/font/gofont/goregular"
	"golang.org/x/image/font/opentype"
	"golang.org/x/image/math/fixed"
)

// Size is the card's size in pixels: the 1.91:1 that link previews crop to.
var Size = image.Pt(1200, 630)

// Card is what a card shows.
type Card struct {
	Site  string // the site's name, above the title
	Title string // the explainer's title
	// How many terms the main parties agree on, contest and leave
	// unaddressed (the scoreboard's consensus).
	Agreed, Contested, Unaddressed int
	// Words are the three counts in words and the line at the foot, as
	// shown ("= 2 agreed", …, "Where the main parties stand on 16 terms"),
	// in the page's language; English when empty.
	Words [4]string
}

// The colours of the site's light theme (assets/css/main.css): the bar's
// parts are the scoreboard's.
var (
	paper       = color.RGBA{0xf4, 0xf4, 0xf2, 0xff} // --panel
	ink         = color.RGBA{0x1a, 0x1a, 0x1a, 0xff} // --fg
	muted       = color.RGBA{0x59, 0x59, 0x59, 0xff} // --muted
	agreed      = color.RGBA{0x00, 0x70, 0x4a, 0xff} // --supports
	contested   = color.RGBA{0xb3, 0x26, 0x1e, 0xff} // --opposes
	unaddressed = color.RGBA{0x59, 0x59, 0x59, 0xff} // --silent
)

// parts are the colours of the bar's parts: agreed, contested, unaddressed.
var parts = [3]color.RGBA{agreed, contested, unaddressed}

// bar is where the bar is drawn.
var bar = image.Rect(72, 404, 1128, 468)

// Shares reads the bar back from a card Draw drew: the share of its width
// in each part's colour (agreed, contested, unaddressed), for tests that
// check a card shows its data.
func Shares(b []byte) ([3]float64, error) {
	var s [3]float64
	img, err := png.Decode(bytes.NewReader(b))
	if err != nil {
		return s, err
	}
	if img.Bounds().Size() != Size {
		return s, fmt.Errorf("card is %v, not %v", img.Bounds().Size(), Size)
	}
	y := (bar.Min.Y + bar.Max.Y) / 2
	for x := bar.Min.X; x < bar.Max.X; x++ {
		for i, c := range parts {
			if color.RGBAModel.Convert(img.At(x, y)) == c {
				s[i] += 1 / float64(bar.Dx())
			}
		}
	}
	return s, nil
}

const margin = 72

// fonts are the Go fonts, parsed once.
var fonts = sync.OnceValues(func() ([2]*opentype.Font, error) {
	regular, err := opentype.Parse(goregular.TTF)
	if err != nil {
		return [2]*opentype.Font{}, err
	}
	bold, err := opentype.Parse(gobold.TTF)
	return [2]*opentype.Font{regular, bold}, err
})

func face(f *opentype.Font, size float64) (font.Face, error) {
	return opentype.NewFace(f, &opentype.FaceOptions{Size: size, DPI: 72, Hinting: font.HintingNone})
}

// version names the drawing: bump it whenever Draw would draw a card
// differently (TestDrawingIsVersioned says when), so that no card drawn
// before is kept as current (see Key).
const version = 2

// Key identifies what Draw draws for c, this version of it: Draw writes it
// into the PNG, and KeyOf reads it back, so a card already drawn need not
// be drawn again to know whether it is current.
func Key(c Card) string {
	b, _ := json.Marshal(struct {
		V int
		C Card
	}{version, c})
	sum := sha256.Sum256(b)
	return hex.EncodeToString(sum[:16])
}

// keyword names the PNG text chunk that holds the key.
const keyword = "parley-card"

// KeyOf returns the key of a card drawn by Draw from its first bytes (at
// least 128), or "" if they are not such a card's.
func KeyOf(b []byte) string {
	const sig, ihdr = 8, 25 // the PNG signature, then the IHDR chunk
	if len(b) < sig+ihdr+8 || string(b[1:4]) != "PNG" {
		return ""
	}
	b = b[sig+ihdr:]
	n := int(binary.BigEndian.Uint32(b))
	if string(b[4:8]) != "tEXt" || len(b) < 8+n {
		return ""
	}
	k, v, ok := bytes.Cut(b[8:8+n], []byte{0})
	if !ok || string(k) != keyword {
		return ""
	}
	return string(v)
}

// withKey returns the PNG b with a text chunk holding key after its header.
func withKey(b []byte, key string) []byte {
	const at = 8 + 25
	data := append([]byte(keyword+"\x00"), key...)
	chunk := binary.BigEndian.AppendUint32(nil, uint32(len(data)))
	chunk = append(chunk, "tEXt"...)
	chunk = append(chunk, data...)
	chunk = binary.BigEndian.AppendUint32(chunk, crc32.ChecksumIEEE(chunk[4:]))
	return append(append(append([]byte{}, b[:at]...), chunk...), b[at:]...)
}

// Draw returns the card as a PNG.
func Draw(c Card) ([]byte, error) {
	fs, err := fonts()
	if err != nil {
		return nil, err
	}
	regular, bold := fs[0], fs[1]
	img := image.NewRGBA(image.Rectangle{Max: Size})
	draw.Draw(img, img.Bounds(), image.NewUniform(paper), image.Point{}, draw.Src)
	// A rule across the top, in the ink of the text.
	draw.Draw(img, image.Rect(0, 0, Size.X, 12), image.NewUniform(ink), image.Point{}, draw.Src)

	small, err := face(bold, 30)
	if err != nil {
		return nil, err
	}
	text(img, small, muted, margin, 84, strings.ToUpper(c.Site))

	// The title, as large as fits in three lines between the site's name
	// and the bar.
	var lines []string
	var title font.Face
	for _, size := range []float64{68, 60, 52, 46} {
		if title, err = face(bold, size); err != nil {
			return nil, err
		}
		lines = wrap(title, c.Title, Size.X-2*margin)
		if len(lines) <= 3 {
			break
		}
	}
	if len(lines) > 3 {
		lines = lines[:3]
		lines[2] = ellipsis(title, lines[2], Size.X-2*margin)
	}
	lh := title.Metrics().Height.Ceil() * 9 / 8
	for i, l := range lines {
		text(img, title, ink, margin, 168+i*lh, l)
	}

	// The bar: each part as wide as its share of the terms, a gap between.
	counts := []int{c.Agreed, c.Contested, c.Unaddressed}
	total := c.Agreed + c.Contested + c.Unaddressed
	if total > 0 {
		x, sum := bar.Min.X, 0
		for i, n := range counts {
			if n == 0 {
				continue
			}
			sum += n
			end := bar.Min.X + bar.Dx()*sum/total
			r := image.Rect(x, bar.Min.Y, end, bar.Max.Y)
			if end < bar.Max.X {
				r.Max.X -= 4
			}
			draw.Draw(img, r, image.NewUniform(parts[i]), image.Point{}, draw.Src)
			x = end
		}
	}

	// The counts in words under the bar, with the verdicts' symbols: the
	// bar is never colour alone.
	legend, err := face(bold, 34)
	if err != nil {
		return nil, err
	}
	x := margin
	for i, part := range []string{"= %d agreed", "≠ %d contested", "○ %d unaddressed"} {
		s := c.Words[i]
		if s == "" {
			s = fmt.Sprintf(part, counts[i])
		}
		x = text(img, legend, parts[i], x, bar.Max.Y+60, s) + 40
	}
	foot, err := face(regular, 28)
	if err != nil {
		return nil, err
	}
	terms := "terms"
	if total == 1 {
		terms = "term"
	}
	if c.Words[3] != "" {
		text(img, foot, muted, margin, Size.Y-44, c.Words[3])
	} else {
		text(img, foot, muted, margin, Size.Y-44, fmt.Sprintf("Where the main parties stand on %d %s", total, terms))
	}

	var buf bytes.Buffer
	if err := (&png.Encoder{CompressionLevel: png.BestSpeed}).Encode(&buf, paletted(img)); err != nil {
		return nil, err
	}
	return withKey(buf.Bytes(), Key(c)), nil
}

// text draws s with its baseline at y, returning where it ends.
func text(img draw.Image, f font.Face, c color.Color, x, y int, s string) int {
	d := font.Drawer{Dst: img, Src: image.NewUniform(c), Face: f, Dot: fixed.P(x, y)}
	d.DrawString(s)
	return d.Dot.X.Ceil()
}

// wrap breaks s into lines no wider than width, at spaces; a word wider
// than a line has a line of its own, cut by ellipsis.
func wrap(f font.Face, s string, width int) []string {
	var lines []string
	line := ""
	for _, w := range strings.Fields(s) {
		try := w
		if line != "" {
			try = line + " " + w
		}
		if font.MeasureString(f, try).Ceil() <= width || line == "" {
			line = try
			continue
		}
		lines = append(lines, line)
		line = w
	}
	if line != "" {
		lines = append(lines, line)
	}
	for i, l := range lines {
		if font.MeasureString(f, l).Ceil() > width {
			lines[i] = ellipsis(f, l, width)
		}
	}
	return lines
}

// ellipsis shortens s to fit width with "…" at its end.
func ellipsis(f font.Face, s string, width int) string {
	for s != "" && font.MeasureString(f, s+"…").Ceil() > width {
		_, n := utf8.DecodeLastRuneInString(s)
		s = strings.TrimRight(s[:len(s)-n], " ")
	}
	return s + "…"
}

// palette holds the card's colours, each blended with the paper in 32
// steps (the anti-aliased edges of letters): drawn in it, the PNG comes out
// a third of the size and several times quicker to encode, and a step of
// 1/32 between shades is too fine to see.
var palette = sync.OnceValue(func() color.Palette {
	pal := color.Palette{paper}
	for _, c := range []color.RGBA{ink, muted, agreed, contested, unaddressed} {
		for k := 1; k <= 32; k++ {
			pal = append(pal, blend(paper, c, k, 32))
		}
	}
	return pal
})

// paletted returns img in the palette.
func paletted(img *image.RGBA) *image.Paletted {
	pal := palette()
	out := image.NewPaletted(img.Bounds(), pal)
	// Most pixels are as the one before; a colour not seen before is
	// matched once.
	seen := map[color.RGBA]uint8{paper: 0}
	last, idx := paper, uint8(0)
	for i := 0; i < len(img.Pix); i += 4 {
		c := color.RGBA{img.Pix[i], img.Pix[i+1], img.Pix[i+2], img.Pix[i+3]}
		if c != last {
			k, ok := seen[c]
			if !ok {
				k = uint8(pal.Index(c))
				seen[c] = k
			}
			last, idx = c, k
		}
		out.Pix[i/4] = idx
	}
	return out
}

// blend is k/n of the way from a to b.
func blend(a, b color.RGBA, k, n int) color.RGBA {
	mix := func(x, y uint8) uint8 { return uint8((int(x)*(n-k) + int(y)*k + n/2) / n) }
	return color.RGBA{mix(a.R, b.R), mix(a.G, b.G), mix(a.B, b.B), 0xff}
}
