package site

import (
	"bytes"
	"errors"
	"fmt"
	"hash/fnv"
	"os"
	"path/filepath"
	"regexp"
	"strconv"
	"strings"
	"sync"
	"time"

	"github.com/bep/logg"
	"github.com/gohugoio/hugo/common/loggers"
	"github.com/gohugoio/hugo/config"
	"github.com/gohugoio/hugo/config/allconfig"
	"github.com/gohugoio/hugo/deps"
	"github.com/gohugoio/hugo/hugofs"
	"github.com/gohugoio/hugo/hugolib"
	"github.com/parley-news/parley/tools/internal/diag"
	"github.com/spf13/afero"
	"golang.org/x/sync/errgroup"
)

// WriteFunc writes one file of the site: path is absolute, under the
// destination, and data its whole content, which the function must not keep
// after it returns. It is called from several goroutines at once.
type WriteFunc func(path string, data []byte) error

// Options say what Build renders, and where its files go.
type Options struct {
	Root    string    // the Hugo project
	Dest    string    // the publish directory: every file handed to Write is under it
	BaseURL string    // the site's public address; hugo.toml's when empty
	Write   WriteFunc // finishes each file of the site

	// Generated, when not nil, holds the project's .parley/, the input
	// Parley generates: Hugo reads .parley/ from it and the rest of the
	// project from the disk. With it, Build creates nothing on the disk,
	// not even Dest: Write keeps the files as it pleases.
	Generated afero.Fs
}

// Build renders the Hugo project o.Root into o.Dest, at o.BaseURL, as Render
// does, but hands every file of the site, pages and static files alike, to
// o.Write instead of writing it: so that the caller can finish each file
// (minify it, measure it) while Hugo renders the next, with no second pass
// over the files. The pages and their bytes are those of Render.
//
// Hugo renders pages on one goroutine per core, and these wait at times:
// for a partialCached render that another page has begun, for the file
// system. Had they to finish each file too, cores would idle (a third of a
// core in a build of 1000 explainers). So the files Hugo renders are handed
// to write on goroutines of their own (see writeFs.start), which use the cores
// while Hugo's goroutines wait; a file Hugo writes twice is handed over in
// the order Hugo wrote it.
func Build(o Options) error {
	root, err := start(o.Root)
	if err != nil {
		return err
	}
	dest, err := filepath.Abs(o.Dest)
	if err != nil {
		return err
	}
	baseURL, write := o.BaseURL, o.Write
	var source afero.Fs = hugofs.Os
	if o.Generated != nil {
		source = &generatedFs{Fs: hugofs.Os, dir: filepath.Join(root, ".parley"), gen: o.Generated}
	}
	mu.Lock()
	defer mu.Unlock()

	// As `hugo build --environment production --logLevel warn --noBuildLock`
	// configures itself (see Render).
	var log bytes.Buffer
	logger := loggers.New(loggers.Options{Level: logg.LevelWarn, StdOut: &log, StdErr: &log, DistinctLevel: logg.LevelWarn})
	flags := config.New()
	flags.Set("workingDir", root)
	flags.Set("source", root)
	flags.Set("publishDir", dest)
	flags.Set("environment", "production")
	flags.Set("logLevel", "warn")
	flags.Set("noBuildLock", true)
	if baseURL != "" {
		flags.Set("baseURL", baseURL)
	}
	conf, err := allconfig.LoadConfig(allconfig.ConfigSourceDescriptor{Flags: flags, Fs: source, Logger: logger, Environment: "production"})
	if err != nil {
		return positioned(root, []string{err.Error()})
	}
	publishDir := conf.Base.PublishDir
	flags.Set("publishDir", publishDir)
	flags.Set("publishDirStatic", publishDir)
	flags.Set("publishDirDynamic", publishDir)
	out := &writeFs{Fs: afero.NewOsFs(), dir: publishDir, write: write, memory: o.Generated != nil}
	fs := hugofs.NewFromSourceAndDestination(source, out, flags)
	h, err := hugolib.NewHugoSites(deps.DepsCfg{Configs: conf, Fs: fs, StdOut: &log, StdErr: &log, LogLevel: logg.LevelWarn})
	if err != nil {
		return positioned(root, []string{err.Error()})
	}
	defer h.Close()
	out.start(config.GetNumWorkerMultiplier()) // as many writers as Hugo renders pages on

	// Like Hugo's build command: static files are copied while the pages render.
	var g errgroup.Group
	g.Go(func() error {
		if err := copyStatic(h, publishDir, conf, write, !out.memory); err != nil {
			return fmt.Errorf("error copying static files: %w", err)
		}
		return nil
	})
	// Hugo reads the data files (.parley's compiled models, some 30 MB at
	// 1000 explainers) when a template first asks for them, every page
	// render waiting: read them while Hugo reads the content instead. A
	// failure is Hugo's to report, when a template asks.
	g.Go(func() error {
		h.Data()
		return nil
	})
	g.Go(func() error {
		if err := h.Build(hugolib.BuildCfg{NoBuildLock: true}); err != nil {
			return fmt.Errorf("error building site: %w", err)
		}
		return nil
	})
	err = g.Wait()
	out.stop()
	if werr := out.err(); werr != nil { // Hugo does not check what Close returns
		return werr
	}
	if err == nil {
		return nil
	}
	msgs := logged(log.String())
	if len(msgs) == 0 {
		msgs = []string{err.Error()}
	}
	return positioned(root, msgs)
}

// hugoPos finds the position Hugo gives a template error in its message:
// "/abs/layouts/page.html:12:3": execute of template failed: ...
var hugoPos = regexp.MustCompile(`^(?:.*?: )?"([^"\n]+):(\d+):(\d+)": (.*)$`)

// positioned turns Hugo's error messages into a diag.List, each at the
// file:line:col it names (relative to root) where it names one, so that
// they are reported like every other error of a build.
func positioned(root string, msgs []string) diag.List {
	var l diag.List
	for _, m := range msgs {
		m = relative(root, m)
		if p := hugoPos.FindStringSubmatch(m); p != nil {
			line, _ := strconv.Atoi(p[2])
			col, _ := strconv.Atoi(p[3])
			l = append(l, diag.Error{File: p[1], Line: line, Col: col, Msg: p[4]})
			continue
		}
		l = append(l, diag.Error{Msg: m})
	}
	return l
}

// copyStatic hands the static files of every mount to write, as Hugo's
// build command copies them (fsync): then, when write puts them on the
// disk (onDisk), it gives each the mode (when its owner may write it) and
// modification time of its source.
func copyStatic(h *hugolib.HugoSites, publishDir string, conf *allconfig.Configs, write WriteFunc, onDisk bool) error {
	for _, src := range h.BaseFs.SourceFilesystems.Static {
		to := publishDir
		if src.PublishFolder != "" {
			to = filepath.Join(to, src.PublishFolder)
		}
		err := afero.Walk(src.Fs, string(filepath.Separator), func(name string, fi os.FileInfo, err error) error {
			if err != nil || fi.IsDir() {
				return err
			}
			data, err := afero.ReadFile(src.Fs, name)
			if err != nil {
				return err
			}
			dst := filepath.Join(to, name)
			if err := write(dst, data); err != nil {
				return err
			}
			if !onDisk {
				return nil
			}
			out, err := os.Stat(dst)
			if err != nil {
				return err
			}
			if perm := fi.Mode().Perm(); !conf.Base.NoChmod && perm&0o200 != 0 && out.Mode().Perm() != perm {
				if err := os.Chmod(dst, perm); err != nil {
					return err
				}
			}
			if !conf.Base.NoTimes && !out.ModTime().Equal(fi.ModTime()) {
				return os.Chtimes(dst, fi.ModTime(), fi.ModTime())
			}
			return nil
		})
		if err != nil && !errors.Is(err, os.ErrNotExist) {
			return err
		}
	}
	return nil
}

// writeFs is the destination file system of a Build: files created for
// writing under dir are collected in memory and, once closed, handed to
// write by one of the goroutines start starts (until then, by Close itself);
// everything else goes to the operating system.
type writeFs struct {
	afero.Fs
	dir    string
	write  WriteFunc
	memory bool // nothing under dir goes to the disk: not even a directory

	// queues holds one channel per writer goroutine; the files of one path
	// all go to one of them, in the order they were closed.
	queues []chan *writeFile
	wg     sync.WaitGroup

	mu    sync.Mutex
	first error
}

// start starts n goroutines to hand closed files to write.
func (fs *writeFs) start(n int) {
	fs.queues = make([]chan *writeFile, n)
	for i := range fs.queues {
		q := make(chan *writeFile, 2) // a little slack: Close waits when the writers lag
		fs.queues[i] = q
		fs.wg.Go(func() {
			for f := range q {
				f.hand()
			}
		})
	}
}

// stop waits for the files closed so far to be handed to write; files
// closed later are handed over by Close.
func (fs *writeFs) stop() {
	for _, q := range fs.queues {
		close(q)
	}
	fs.wg.Wait()
	fs.queues = nil
}

// queue returns the channel of the writer of the file at name.
func (fs *writeFs) queue(name string) chan *writeFile {
	h := fnv.New32a()
	h.Write([]byte(name))
	return fs.queues[h.Sum32()%uint32(len(fs.queues))]
}

func (fs *writeFs) err() error {
	fs.mu.Lock()
	defer fs.mu.Unlock()
	return fs.first
}

func (fs *writeFs) fail(err error) {
	fs.mu.Lock()
	defer fs.mu.Unlock()
	if fs.first == nil {
		fs.first = err
	}
}

func (fs *writeFs) under(name string) bool {
	return strings.HasPrefix(filepath.Clean(name), fs.dir+string(filepath.Separator))
}

func (fs *writeFs) Create(name string) (afero.File, error) {
	if !fs.under(name) {
		return fs.Fs.Create(name)
	}
	return &writeFile{fs: fs, name: name, buf: bufs.Get().(*bytes.Buffer)}, nil
}

// inMemory reports whether the directory name is one a build in memory
// (Options.Generated) must not create: dir or one below it.
func (fs *writeFs) inMemory(name string) bool {
	return fs.memory && (fs.under(name) || filepath.Clean(name) == fs.dir)
}

func (fs *writeFs) MkdirAll(name string, perm os.FileMode) error {
	if fs.inMemory(name) {
		return nil
	}
	return fs.Fs.MkdirAll(name, perm)
}

func (fs *writeFs) Mkdir(name string, perm os.FileMode) error {
	if fs.inMemory(name) {
		return nil
	}
	return fs.Fs.Mkdir(name, perm)
}

func (fs *writeFs) OpenFile(name string, flag int, perm os.FileMode) (afero.File, error) {
	if fs.under(name) && flag&(os.O_WRONLY|os.O_RDWR) != 0 && flag&os.O_TRUNC != 0 && flag&os.O_CREATE != 0 {
		return fs.Create(name)
	}
	return fs.Fs.OpenFile(name, flag, perm)
}

var bufs = sync.Pool{New: func() any { return new(bytes.Buffer) }}

// writeFile is a file being written through a writeFs.
type writeFile struct {
	fs     *writeFs
	name   string
	buf    *bytes.Buffer
	closed bool
}

func (f *writeFile) Name() string { return f.name }

func (f *writeFile) Write(p []byte) (int, error) {
	if f.closed {
		return 0, os.ErrClosed
	}
	return f.buf.Write(p)
}

func (f *writeFile) WriteString(s string) (int, error) { return f.Write([]byte(s)) }

// Close hands the file to a writer goroutine, or, when there are none, to
// write, returning its error. Either way errors of write reach Build (see
// writeFs.err): Hugo does not check what Close returns.
func (f *writeFile) Close() error {
	if f.closed {
		return os.ErrClosed
	}
	f.closed = true
	if f.fs.queues != nil {
		f.fs.queue(f.name) <- f
		return nil
	}
	return f.hand()
}

// hand gives the closed file's bytes to write, then its buffer back.
func (f *writeFile) hand() error {
	err := f.fs.write(f.name, f.buf.Bytes())
	f.buf.Reset()
	bufs.Put(f.buf)
	f.buf = nil
	if err != nil {
		f.fs.fail(err)
	}
	return err
}

func (f *writeFile) Sync() error { return nil }

func (f *writeFile) Truncate(size int64) error {
	if f.closed || size < 0 || size > int64(f.buf.Len()) {
		return os.ErrInvalid
	}
	f.buf.Truncate(int(size))
	return nil
}

func (f *writeFile) Stat() (os.FileInfo, error) {
	if f.closed {
		return nil, os.ErrClosed
	}
	return fileInfo{name: filepath.Base(f.name), size: int64(f.buf.Len())}, nil
}

func (f *writeFile) unsupported(op string) error {
	return &os.PathError{Op: op, Path: f.name, Err: errors.ErrUnsupported}
}

func (f *writeFile) Read([]byte) (int, error)           { return 0, f.unsupported("read") }
func (f *writeFile) ReadAt([]byte, int64) (int, error)  { return 0, f.unsupported("read") }
func (f *writeFile) Seek(int64, int) (int64, error)     { return 0, f.unsupported("seek") }
func (f *writeFile) WriteAt([]byte, int64) (int, error) { return 0, f.unsupported("write") }
func (f *writeFile) Readdir(int) ([]os.FileInfo, error) { return nil, f.unsupported("readdir") }
func (f *writeFile) Readdirnames(int) ([]string, error) { return nil, f.unsupported("readdir") }

type fileInfo struct {
	name string
	size int64
}

func (fi fileInfo) Name() string       { return fi.name }
func (fi fileInfo) Size() int64        { return fi.size }
func (fi fileInfo) Mode() os.FileMode  { return 0o644 }
func (fi fileInfo) ModTime() time.Time { return time.Time{} }
func (fi fileInfo) IsDir() bool        { return false }
func (fi fileInfo) Sys() any           { return nil }
