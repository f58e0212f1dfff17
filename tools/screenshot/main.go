// Command screenshot captures a page in headless Chromium as PNG slices of
// one viewport each, for reviewing layouts by eye:
//
//	go run ./tools/screenshot -url http://127.0.0.1:1313/ukraine-peace-talks/ -size 390x844 -out /tmp/shot
//
// writes /tmp/shot-390-0.png, /tmp/shot-390-1.png, ... down the whole page.
// It needs Debian's chromium at /usr/bin/chromium (or -chromium PATH, or
// $CHROME_PATH).
package main

import (
	"cmp"
	"context"
	"flag"
	"fmt"
	"log"
	"os"
	"time"

	"github.com/chromedp/cdproto/emulation"
	"github.com/chromedp/chromedp"
)

func main() {
	url := flag.String("url", "", "the page to capture")
	size := flag.String("size", "1280x800", "viewport `WxH` in CSS pixels")
	out := flag.String("out", "shot", "output path prefix")
	max := flag.Int("max", 12, "at most this many slices")
	eval := flag.String("eval", "", "print what this JavaScript `expression` returns (as a string)")
	measure := flag.String("measure", "", "print the height of each element this CSS `selector` finds")
	from := flag.String("from", "", "start at the element this CSS `selector` finds (default: the top)")
	dark := flag.Bool("dark", false, "emulate prefers-color-scheme: dark")
	before := flag.String("before", "", "run this JavaScript `statement` once the page loads, then load it again (e.g. to set localStorage)")
	chromium := flag.String("chromium", cmp.Or(os.Getenv("CHROME_PATH"), "/usr/bin/chromium"), "the Chromium binary")
	flag.Parse()
	var w, h int64
	if _, err := fmt.Sscanf(*size, "%dx%d", &w, &h); err != nil || *url == "" {
		flag.Usage()
		os.Exit(2)
	}
	opts := append(chromedp.DefaultExecAllocatorOptions[:], chromedp.ExecPath(*chromium), chromedp.NoSandbox,
		chromedp.Flag("disable-gpu", true), chromedp.Flag("disable-quic", true),
		chromedp.Flag("disable-component-update", true), chromedp.Flag("disable-sync", true))
	actx, cancel := chromedp.NewExecAllocator(context.Background(), opts...)
	defer cancel()
	ctx, cancel := chromedp.NewContext(actx)
	defer cancel()
	var vp []chromedp.EmulateViewportOption
	if w < 600 {
		vp = append(vp, chromedp.EmulateMobile, chromedp.EmulateTouch, chromedp.EmulateScale(2))
	}
	if err := chromedp.Do(ctx, chromedp.EmulateViewport(w, h, vp...)); err != nil {
		log.Fatal(err)
	}
	if *dark {
		if _, err := chromedp.Call(ctx, emulation.SetEmulatedMedia, emulation.SetEmulatedMediaParams{
			Features: []*emulation.MediaFeature{{Name: "prefers-color-scheme", Value: "dark"}},
		}); err != nil {
			log.Fatal(err)
		}
	}
	if err := chromedp.Do(ctx, chromedp.Navigate(*url)); err != nil {
		log.Fatal(err)
	}
	if *before != "" {
		if _, err := chromedp.Run(ctx, chromedp.Evaluate[bool]("("+*before+"), true")); err != nil {
			log.Fatal(err)
		}
		if err := chromedp.Do(ctx, chromedp.Reload()); err != nil {
			log.Fatal(err)
		}
	}
	height, err := chromedp.Run(ctx, chromedp.Evaluate[int64]("document.documentElement.scrollHeight"))
	if err != nil {
		log.Fatal(err)
	}
	fmt.Printf("page height %d px\n", height)
	if *eval != "" {
		out, err := chromedp.Run(ctx, chromedp.Evaluate[string]("String("+*eval+")"))
		if err != nil {
			log.Fatal(err)
		}
		fmt.Println(out)
	}
	if *measure != "" {
		list, err := chromedp.Run(ctx, chromedp.Evaluate[string](fmt.Sprintf(`Array.from(document.querySelectorAll(%q), e => {
			const r = e.getBoundingClientRect();
			return (e.id ? e.tagName.toLowerCase() + "#" + e.id : e.tagName.toLowerCase() + "." + e.className.split(" ")[0]) + ": " + Math.round(r.height) + " px high at " + Math.round(r.top + scrollY);
		}).join("\n")`, *measure)))
		if err != nil {
			log.Fatal(err)
		}
		fmt.Println(list)
	}
	var top int64
	if *from != "" {
		top, err = chromedp.Run(ctx, chromedp.Evaluate[int64](fmt.Sprintf("Math.round(document.querySelector(%q).getBoundingClientRect().top + scrollY)", *from)))
		if err != nil {
			log.Fatal(err)
		}
		fmt.Printf("%s at %d px\n", *from, top)
	}
	for i := 0; top+int64(i)*h < height && i < *max; i++ {
		if _, err := chromedp.Run(ctx, chromedp.Evaluate[int](fmt.Sprintf("window.scrollTo(0, %d), 0", top+int64(i)*h))); err != nil {
			log.Fatal(err)
		}
		// Rows skipped off screen (content-visibility) are drawn a frame
		// after they come on screen.
		time.Sleep(150 * time.Millisecond)
		shot, err := chromedp.Run(ctx, chromedp.CaptureScreenshot())
		if err != nil {
			log.Fatal(err)
		}
		name := fmt.Sprintf("%s-%d-%d.png", *out, w, i)
		if err := os.WriteFile(name, shot, 0o644); err != nil {
			log.Fatal(err)
		}
		fmt.Println(name)
	}
}
