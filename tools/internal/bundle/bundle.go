// Package bundle compiles the widgets' TypeScript and the site's CSS with
// esbuild into fingerprinted, minified files, and enforces a gzip size budget
// on them, read from esbuild's metafile.
package bundle

import (
	"bytes"
	"compress/gzip"
	"crypto/sha512"
	"encoding/base64"
	"encoding/json"
	"fmt"
	"path/filepath"
	"slices"
	"strings"

	"github.com/evanw/esbuild/pkg/api"
	"github.com/parley-news/parley/tools/internal/diag"
)

// Entry points, relative to the project root.
const (
	ScriptEntry = "assets/widgets/main.ts"
	StyleEntry  = "assets/css/main.css"
	// LoaderEntry is the embed loader other sites include: published at a
	// stable path, LoaderPath, since snippets pasted elsewhere never change.
	LoaderEntry = "assets/widgets/embed-loader.ts"
	LoaderPath  = "embed.js"
)

// Budget caps the gzip size of each kind of output, in bytes; zero means no cap.
type Budget struct {
	JS  int `toml:"js"`
	CSS int `toml:"css"`
}

// Asset is one published file: its path under the site root, the Subresource
// Integrity value of its exact bytes, and its sizes.
type Asset struct {
	Path      string `json:"path"`
	Integrity string `json:"integrity"`
	Bytes     int    `json:"bytes"`
	Gzip      int    `json:"gzip"`
}

// Manifest is what templates need to link the bundle, and the bundle.
type Manifest struct {
	JS     Asset `json:"js"`
	CSS    Asset `json:"css"`
	Loader Asset `json:"loader"`

	// Files holds the bytes of each asset, by its Path: the caller writes
	// them where the site's static files come from.
	Files map[string][]byte `json:"-"`
}

// Build bundles root's entry points (js/ and css/, and the embed loader)
// and returns their manifest, writing nothing. Errors in sources come back
// as a diag.List; a budget overrun as an error naming the biggest inputs.
func Build(root string, budget Budget) (*Manifest, error) {
	root, err := filepath.Abs(root)
	if err != nil {
		return nil, err
	}
	outDir := filepath.Join(root, "bundle") // names the outputs; nothing is written
	opts := options(root)
	opts.EntryPoints = []string{ScriptEntry, StyleEntry}
	opts.Outdir = outDir
	opts.EntryNames = "[ext]/[name]-[hash]"
	opts.Metafile = true
	opts.Format = api.FormatESModule
	// Nearly every function of the widgets runs on load or at a reader's
	// first interaction: have V8 compile them all while the script loads,
	// off the main thread, rather than one by one on the main thread during
	// that first interaction (an explicit compile hint, which browsers
	// without it read as a comment).
	opts.Banner = map[string]string{"js": "//# allFunctionsCalledOnLoad"}
	res := api.Build(opts)
	if len(res.Errors) > 0 {
		return nil, messages(root, res.Errors)
	}
	outputs := map[string][]byte{}
	for _, f := range res.OutputFiles {
		rel, err := filepath.Rel(outDir, f.Path)
		if err != nil {
			return nil, err
		}
		outputs[filepath.ToSlash(rel)] = f.Contents
	}
	var meta metafile
	if err := json.Unmarshal([]byte(res.Metafile), &meta); err != nil {
		return nil, fmt.Errorf("bundle: reading esbuild metafile: %w", err)
	}
	// Check every budget before writing anything: over budget, nothing is
	// published.
	m := &Manifest{}
	paths := make([]string, 0, len(meta.Outputs))
	for rel := range meta.Outputs {
		paths = append(paths, rel)
	}
	slices.Sort(paths)
	var write []string
	for _, metaPath := range paths {
		rel := strings.TrimPrefix(filepath.ToSlash(metaPath), filepath.ToSlash(mustRel(root, outDir))+"/")
		b, ok := outputs[rel]
		if !ok {
			return nil, fmt.Errorf("bundle: metafile names %s, which esbuild did not produce", rel)
		}
		a := asset(rel, b)
		var limit int
		switch {
		case strings.HasSuffix(rel, ".js"):
			m.JS, limit = a, budget.JS
		case strings.HasSuffix(rel, ".css"):
			m.CSS, limit = a, budget.CSS
		default:
			continue
		}
		if limit > 0 && a.Gzip > limit {
			return nil, fmt.Errorf("bundle: %s is %d bytes gzipped, over its budget of %d; biggest inputs: %s",
				rel, a.Gzip, limit, biggest(meta.Outputs[metaPath].Inputs, 3))
		}
		write = append(write, rel)
	}
	loader, err := buildLoader(root)
	if err != nil {
		return nil, err
	}
	m.Loader = asset(LoaderPath, loader)
	if budget.JS > 0 && m.JS.Gzip+m.Loader.Gzip > budget.JS {
		return nil, fmt.Errorf("bundle: the widgets and the embed loader are %d bytes gzipped together, over the budget of %d", m.JS.Gzip+m.Loader.Gzip, budget.JS)
	}
	outputs[LoaderPath] = loader
	write = append(write, LoaderPath)
	m.Files = map[string][]byte{}
	for _, rel := range write {
		m.Files[rel] = outputs[rel]
	}
	return m, nil
}

// buildLoader bundles the embed loader: one small classic script.
func buildLoader(root string) ([]byte, error) {
	opts := options(root)
	opts.EntryPoints = []string{LoaderEntry}
	opts.Outfile = LoaderPath
	opts.Format = api.FormatIIFE
	res := api.Build(opts)
	if len(res.Errors) > 0 {
		return nil, messages(root, res.Errors)
	}
	return res.OutputFiles[0].Contents, nil
}

// options are what every bundle shares: ES2020 for browsers, minified, in
// memory, with no comments or source maps in the output.
func options(root string) api.BuildOptions {
	return api.BuildOptions{
		AbsWorkingDir:     root,
		Bundle:            true,
		Write:             false,
		Platform:          api.PlatformBrowser,
		Target:            api.ES2020,
		MinifyWhitespace:  true,
		MinifyIdentifiers: true,
		MinifySyntax:      true,
		// The widgets keep their state in TypeScript-private fields named
		// _x (ES2020 has no #x: esbuild would lower each access to a
		// WeakMap lookup); shorten those names too.
		MangleProps:   "^_[a-zA-Z]",
		LegalComments: api.LegalCommentsNone,
		Charset:       api.CharsetUTF8,
		Sourcemap:     api.SourceMapNone,
		LogLevel:      api.LogLevelSilent,
		TsconfigRaw:   `{"compilerOptions":{"strict":true}}`,
	}
}

type metafile struct {
	Outputs map[string]struct {
		Bytes  int `json:"bytes"`
		Inputs map[string]struct {
			BytesInOutput int `json:"bytesInOutput"`
		} `json:"inputs"`
	} `json:"outputs"`
}

// biggest lists the n inputs that contribute most to an output.
func biggest(inputs map[string]struct {
	BytesInOutput int `json:"bytesInOutput"`
}, n int) string {
	names := make([]string, 0, len(inputs))
	for name := range inputs {
		names = append(names, name)
	}
	slices.SortFunc(names, func(a, b string) int {
		if d := inputs[b].BytesInOutput - inputs[a].BytesInOutput; d != 0 {
			return d
		}
		return strings.Compare(a, b)
	})
	var parts []string
	for _, name := range names[:min(n, len(names))] {
		parts = append(parts, fmt.Sprintf("%s (%d bytes)", name, inputs[name].BytesInOutput))
	}
	return strings.Join(parts, ", ")
}

func asset(path string, b []byte) Asset {
	return Asset{
		Path:      path,
		Integrity: Integrity(b),
		Bytes:     len(b),
		Gzip:      GzipSize(b),
	}
}

// Integrity is the Subresource Integrity value of a file holding b.
func Integrity(b []byte) string {
	sum := sha512.Sum384(b)
	return "sha384-" + base64.StdEncoding.EncodeToString(sum[:])
}

// GzipSize is the size of b compressed as a CDN would serve it.
func GzipSize(b []byte) int {
	var buf bytes.Buffer
	w, _ := gzip.NewWriterLevel(&buf, gzip.BestCompression)
	w.Write(b)
	w.Close()
	return buf.Len()
}

// messages turns esbuild's errors into positioned diagnostics. esbuild's
// columns count bytes from zero; ours count from one.
func messages(root string, msgs []api.Message) diag.List {
	var l diag.List
	for _, m := range msgs {
		if m.Location == nil {
			l.Add(ScriptEntry, 0, 0, "%s", m.Text)
			continue
		}
		file := filepath.ToSlash(m.Location.File)
		if filepath.IsAbs(file) {
			file = filepath.ToSlash(mustRel(root, file))
		}
		l.Add(file, m.Location.Line, m.Location.Column+1, "%s", m.Text)
	}
	return l.Sort()
}

func mustRel(base, target string) string {
	rel, err := filepath.Rel(base, target)
	if err != nil {
		return target
	}
	return rel
}
