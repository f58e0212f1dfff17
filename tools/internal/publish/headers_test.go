package publish

import (
	"testing"

	qt "github.com/frankban/quicktest"
)

func TestHeaders(t *testing.T) {
	dir := t.TempDir()
	write(t, dir, map[string]string{
		"index.html":                     "",
		"404.html":                       "",
		"embed.js":                       "",
		"js/main-AB.js":                  "",
		"css/main-CD.css":                "",
		"talks/index.html":               "",
		"talks/terms.csv":                "",
		"talks/embed/compare/index.html": "",
	})
	qt.Assert(t, Headers(dir, "default-src 'self'"), qt.IsNil)
	qt.Assert(t, read(t, dir+"/_headers"), qt.Equals, `/*
  Content-Security-Policy: default-src 'self'
  Referrer-Policy: strict-origin-when-cross-origin
  X-Content-Type-Options: nosniff
  Permissions-Policy: accelerometer=(), camera=(), geolocation=(), gyroscope=(), magnetometer=(), microphone=(), payment=(), usb=(), interest-cohort=()
/404.html
  Cache-Control: public, max-age=300, must-revalidate
/css/*
  Cache-Control: public, max-age=31536000, immutable
/embed.js
  Cache-Control: public, max-age=300, must-revalidate
  Access-Control-Allow-Origin: *
/
  Cache-Control: public, max-age=300, must-revalidate
/index.html
  Cache-Control: public, max-age=300, must-revalidate
/js/*
  Cache-Control: public, max-age=31536000, immutable
/talks/*
  Cache-Control: public, max-age=300, must-revalidate
/talks/terms.csv
  Access-Control-Allow-Origin: *
/
  Content-Security-Policy: frame-ancestors 'none'
  X-Frame-Options: DENY
/404.html
  Content-Security-Policy: frame-ancestors 'none'
  X-Frame-Options: DENY
/index.html
  Content-Security-Policy: frame-ancestors 'none'
  X-Frame-Options: DENY
/talks/
  Content-Security-Policy: frame-ancestors 'none'
  X-Frame-Options: DENY
/talks/index.html
  Content-Security-Policy: frame-ancestors 'none'
  X-Frame-Options: DENY
`)
}

func TestIsEmbed(t *testing.T) {
	for path, want := range map[string]bool{
		"/talks/embed/compare/index.html": true,
		"/talks/embed/":                   true,
		"/talks/index.html":               false,
		"/embed/x/index.html":             false,
		"/embed.js":                       false,
	} {
		qt.Check(t, isEmbed(path), qt.Equals, want, qt.Commentf(path))
	}
}
