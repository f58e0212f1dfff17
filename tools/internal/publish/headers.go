package publish

import (
	"os"
	"path/filepath"
	"slices"
	"strings"
)

// Cache lifetimes: fingerprinted assets never change under their name; every
// other file is fresh for five minutes, then revalidated.
const (
	CacheImmutable  = "public, max-age=31536000, immutable"
	CacheRevalidate = "public, max-age=300, must-revalidate"
)

// Headers writes dir/_headers, the Netlify and Cloudflare Pages format, for
// the finished site in dir: the security headers and csp for every path;
// no framing except for embed pages (/<slug>/embed/...), which other sites
// frame; and cache lifetimes. Hosts apply every rule whose path matches and
// join repeated headers, so each header is set by exactly one rule per path,
// but the Content-Security-Policy, where two policies both apply.
func Headers(dir, csp string) error {
	var b strings.Builder
	rule := func(path string, headers ...string) {
		b.WriteString(path + "\n")
		for i := 0; i < len(headers); i += 2 {
			b.WriteString("  " + headers[i] + ": " + headers[i+1] + "\n")
		}
	}
	rule("/*",
		"Content-Security-Policy", csp,
		"Referrer-Policy", "strict-origin-when-cross-origin",
		"X-Content-Type-Options", "nosniff",
		"Permissions-Policy", "accelerometer=(), camera=(), geolocation=(), gyroscope=(), magnetometer=(), microphone=(), payment=(), usb=(), interest-cohort=()",
	)
	entries, err := os.ReadDir(dir)
	if err != nil {
		return err
	}
	for _, e := range entries {
		switch name := e.Name(); {
		case name == "js" || name == "css":
			rule("/"+name+"/*", "Cache-Control", CacheImmutable)
		case e.IsDir():
			rule("/"+name+"/*", "Cache-Control", CacheRevalidate)
		case name == "index.html":
			rule("/", "Cache-Control", CacheRevalidate)
			rule("/index.html", "Cache-Control", CacheRevalidate)
		case name == "embed.js": // loaded by other sites, with an integrity check
			rule("/"+name, "Cache-Control", CacheRevalidate, "Access-Control-Allow-Origin", "*")
		default:
			rule("/"+name, "Cache-Control", CacheRevalidate)
		}
	}
	// No framing, but for embeds: a second policy with frame-ancestors 'none'
	// on every other page (a policy in a <meta> cannot say this).
	var pages, shared []string
	err = filepath.WalkDir(dir, func(path string, d os.DirEntry, err error) error {
		if err != nil || d.IsDir() {
			return err
		}
		rel, _ := filepath.Rel(dir, path)
		rel = "/" + filepath.ToSlash(rel)
		switch filepath.Base(rel) {
		case "terms.json", "terms.csv", "oembed.json": // data for other sites' scripts
			shared = append(shared, rel)
		}
		if !strings.HasSuffix(rel, ".html") || isEmbed(rel) {
			return nil
		}
		pages = append(pages, rel)
		if dirURL, ok := strings.CutSuffix(rel, "index.html"); ok {
			pages = append(pages, dirURL)
		}
		return nil
	})
	if err != nil {
		return err
	}
	for _, p := range shared {
		rule(p, "Access-Control-Allow-Origin", "*")
	}
	slices.Sort(pages)
	for _, p := range pages {
		rule(p, "Content-Security-Policy", "frame-ancestors 'none'", "X-Frame-Options", "DENY")
	}
	return os.WriteFile(filepath.Join(dir, "_headers"), []byte(b.String()), 0o644)
}

// isEmbed reports whether a site path is an embed page: /<slug>/embed/...
func isEmbed(path string) bool {
	parts := strings.Split(strings.TrimPrefix(path, "/"), "/")
	return len(parts) >= 3 && parts[1] == "embed"
}
