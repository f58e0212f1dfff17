package main

import (
	"encoding/json"
	"io/fs"
	"net/http"
	"net/http/httptest"
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"strings"
	"sync"
	"testing"

	qt "github.com/frankban/quicktest"
	"github.com/johannesboyne/gofakes3"
	"github.com/johannesboyne/gofakes3/backend/s3mem"
)

// parleyWithDeploy builds the parley binary with -tags withdeploy: Hugo's
// deploy and the real gocloud drivers, as CI uses them.
func parleyWithDeploy(t *testing.T) string {
	t.Helper()
	bin := filepath.Join(t.TempDir(), "parley")
	out, err := exec.Command("go", "build", "-tags", "withdeploy", "-o", bin, ".").CombinedOutput()
	qt.Assert(t, err, qt.IsNil, qt.Commentf("%s", out))
	return bin
}

// deployable returns the parley binary that deploys and a project built
// into its public/, ready to deploy.
func deployable(t *testing.T) (bin, dir string) {
	t.Helper()
	if testing.Short() {
		t.Skip("builds a second parley binary")
	}
	bin = parleyWithDeploy(t)
	dir = t.TempDir()
	copyProject(t, dir)
	_, err := build(dir, filepath.Join(dir, "public"))
	qt.Assert(t, err, qt.IsNil)
	return bin, dir
}

// Deploying to a file:// bucket with gocloud's fileblob driver: everything
// the first time, nothing the second, one file when one changed, and no
// more deletions than --max-deletes allows.
func TestDeployToFileBucket(t *testing.T) {
	bin, dir := deployable(t)
	bucket := t.TempDir()
	target := "file://" + bucket
	deploy := func(args ...string) string {
		t.Helper()
		out, err := exec.Command(bin, append([]string{"-s", dir, "deploy", "--target", target}, args...)...).CombinedOutput()
		qt.Assert(t, err, qt.IsNil, qt.Commentf("%s", out))
		return string(out)
	}
	var files int
	filepath.WalkDir(filepath.Join(dir, "public"), func(_ string, d os.DirEntry, err error) error {
		if err == nil && !d.IsDir() && d.Name() != "_headers" {
			files++
		}
		return nil
	})

	qt.Assert(t, deploy("--dry-run"), qt.Contains, "to upload")
	_, err := os.Stat(filepath.Join(bucket, "index.html"))
	qt.Assert(t, os.IsNotExist(err), qt.IsTrue, qt.Commentf("a dry run changes nothing"))

	qt.Assert(t, deploy(), qt.Contains, "Identified "+strconv.Itoa(files)+" file(s) to upload")
	qt.Assert(t, deploy(), qt.Contains, "No changes required.")

	// Cache lifetimes, content types and gzip, as _headers gives them.
	attrs := func(name string) map[string]any {
		b, err := os.ReadFile(filepath.Join(bucket, name+".attrs"))
		qt.Assert(t, err, qt.IsNil)
		var m map[string]any
		qt.Assert(t, json.Unmarshal(b, &m), qt.IsNil)
		return m
	}
	js, _ := filepath.Glob(filepath.Join(bucket, "js", "main-*.js"))
	qt.Assert(t, js, qt.HasLen, 1)
	qt.Assert(t, attrs("js/" + filepath.Base(js[0]))["user.cache_control"], qt.Equals, "public, max-age=31536000, immutable")
	qt.Assert(t, attrs("index.html")["user.cache_control"], qt.Equals, "public, max-age=300, must-revalidate")
	qt.Assert(t, attrs("index.html")["user.content_encoding"], qt.Equals, "gzip")
	qt.Assert(t, attrs("ukraine-peace-talks/terms.csv")["user.content_type"], qt.Equals, "text/csv; charset=utf-8")
	_, err = os.Stat(filepath.Join(bucket, "_headers"))
	qt.Assert(t, os.IsNotExist(err), qt.IsTrue, qt.Commentf("_headers is for hosts that read it, not for buckets"))

	// One changed file, one upload.
	robots := filepath.Join(dir, "public", "robots.txt")
	qt.Assert(t, os.WriteFile(robots, []byte("User-agent: *\nDisallow: /private/\n"), 0o644), qt.IsNil)
	qt.Assert(t, deploy(), qt.Contains, "Identified 1 file(s) to upload")

	// Deletions above the limit are refused; the files stay.
	qt.Assert(t, os.Remove(robots), qt.IsNil)
	qt.Assert(t, os.Remove(filepath.Join(dir, "public", "404.html")), qt.IsNil)
	out := deploy("--max-deletes", "1")
	qt.Assert(t, out, qt.Contains, "Skipping 2 deletes because it is more than --maxDeletes (1)")
	_, err = os.Stat(filepath.Join(bucket, "404.html"))
	qt.Assert(t, err, qt.IsNil)
	qt.Assert(t, deploy("--max-deletes", "2"), qt.Contains, "and 2 file(s) to delete")
	_, err = os.Stat(filepath.Join(bucket, "404.html"))
	qt.Assert(t, os.IsNotExist(err), qt.IsTrue)

	// A bad target is refused before anything runs.
	out2, err := exec.Command(bin, "-s", dir, "deploy", "--target", "ftp://x").CombinedOutput()
	qt.Assert(t, err, qt.Not(qt.IsNil))
	qt.Assert(t, strings.Contains(string(out2), `--target "ftp://x": want a bucket URL`), qt.IsTrue, qt.Commentf("%s", out2))
}

// Deploying to a real S3 API: an S3-compatible server (gofakes3) on
// 127.0.0.1, reached through gocloud's s3blob driver with no credentials
// from the environment. Every object is uploaded with the content type,
// cache lifetime and encoding the matchers give it (the headers of each
// upload, as the server received them: gofakes3 keeps no Cache-Control);
// a second deploy uploads nothing.
func TestDeployToS3(t *testing.T) {
	bin, dir := deployable(t)
	public := filepath.Join(dir, "public")

	backend := s3mem.New()
	qt.Assert(t, backend.CreateBucket("site"), qt.IsNil)
	rec := &uploads{next: gofakes3.New(backend).Server(), headers: map[string]http.Header{}}
	srv := httptest.NewServer(rec)
	t.Cleanup(srv.Close)
	target := "s3://site?region=us-east-1&endpoint=" + srv.URL + "&use_path_style=true&disable_https=true&anonymous=true&request_checksum_calculation=when_required"
	// Nothing of this machine's AWS setup may reach the deploy.
	env := []string{"HOME=" + t.TempDir(), "PATH=" + os.Getenv("PATH"), "AWS_CONFIG_FILE=/dev/null", "AWS_SHARED_CREDENTIALS_FILE=/dev/null", "AWS_EC2_METADATA_DISABLED=true"}
	deploy := func() string {
		t.Helper()
		cmd := exec.Command(bin, "-s", dir, "deploy", "--target", target)
		cmd.Env = env
		out, err := cmd.CombinedOutput()
		qt.Assert(t, err, qt.IsNil, qt.Commentf("%s", out))
		return string(out)
	}

	var files []string
	qt.Assert(t, filepath.WalkDir(public, func(path string, d fs.DirEntry, err error) error {
		if err == nil && !d.IsDir() && d.Name() != "_headers" {
			rel, _ := filepath.Rel(public, path)
			files = append(files, filepath.ToSlash(rel))
		}
		return err
	}), qt.IsNil)
	qt.Assert(t, deploy(), qt.Contains, "Identified "+strconv.Itoa(len(files))+" file(s) to upload")

	// What the matchers of deployConfig say, file by file: the type is a
	// prefix where Hugo picks it.
	type want struct{ contentType, cacheControl, encoding string }
	const revalidate, immutable = "public, max-age=300, must-revalidate", "public, max-age=31536000, immutable"
	expect := func(name string) want {
		switch ext := filepath.Ext(name); {
		case strings.HasPrefix(name, "js/"):
			return want{"text/javascript", immutable, "gzip"}
		case strings.HasPrefix(name, "css/"):
			return want{"text/css", immutable, "gzip"}
		case ext == ".csv":
			return want{"text/csv; charset=utf-8", revalidate, "gzip"}
		case strings.HasSuffix(name, "/oembed.json"):
			return want{"application/json+oembed", revalidate, "gzip"}
		case ext == ".html":
			return want{"text/html", revalidate, "gzip"}
		case ext == ".xml":
			return want{"application/", revalidate, "gzip"} // rss+xml or xml
		case ext == ".json":
			return want{"application/json", revalidate, "gzip"}
		case ext == ".js":
			return want{"text/javascript", revalidate, "gzip"}
		case ext == ".txt":
			return want{"text/plain", revalidate, "gzip"}
		}
		return want{"", revalidate, ""}
	}
	qt.Assert(t, rec.headers, qt.HasLen, len(files))
	for _, name := range files {
		h, ok := rec.headers[name]
		if !qt.Check(t, ok, qt.IsTrue, qt.Commentf("%s was not uploaded", name)) {
			continue
		}
		w := expect(name)
		qt.Check(t, strings.HasPrefix(h.Get("Content-Type"), w.contentType), qt.IsTrue, qt.Commentf("%s: Content-Type %q, want %q", name, h.Get("Content-Type"), w.contentType))
		qt.Check(t, h.Get("Cache-Control"), qt.Equals, w.cacheControl, qt.Commentf("%s", name))
		qt.Check(t, h.Get("Content-Encoding"), qt.Equals, w.encoding, qt.Commentf("%s", name))
		obj, err := backend.HeadObject("site", name)
		qt.Assert(t, err, qt.IsNil, qt.Commentf("%s is not in the bucket", name))
		qt.Check(t, obj.Metadata["Content-Encoding"], qt.Equals, w.encoding, qt.Commentf("%s", name))
	}
	_, err := backend.HeadObject("site", "_headers")
	qt.Check(t, err, qt.Not(qt.IsNil), qt.Commentf("_headers is for hosts that read it, not for buckets"))

	rec.reset()
	qt.Assert(t, deploy(), qt.Contains, "No changes required.")
	qt.Assert(t, rec.headers, qt.HasLen, 0)
}

// uploads records the headers of every object uploaded (PUT) through it.
type uploads struct {
	next    http.Handler
	mu      sync.Mutex
	headers map[string]http.Header // by object key
}

func (u *uploads) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	if r.Method == http.MethodPut {
		if key, ok := strings.CutPrefix(r.URL.Path, "/site/"); ok {
			u.mu.Lock()
			u.headers[key] = r.Header.Clone()
			u.mu.Unlock()
		}
	}
	u.next.ServeHTTP(w, r)
}

func (u *uploads) reset() {
	u.mu.Lock()
	defer u.mu.Unlock()
	u.headers = map[string]http.Header{}
}
