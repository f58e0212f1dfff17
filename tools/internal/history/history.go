// Package history reads from the project's git repository every version
// of the files it is asked for, in one pass over the repository: git log
// with raw diffs names the blob of each file at each commit that changed
// it, along the first-parent line of HEAD, and one git cat-file --batch
// reads each blob once. Parley derives an explainer's history from the
// versions of its terms.yaml, as Hugo's GitInfo derives a page's lastmod:
// by reading the repository at build time. Only this package runs git.
package history

import (
	"bufio"
	"bytes"
	"context"
	"errors"
	"fmt"
	"io"
	"os/exec"
	"path"
	"slices"
	"strconv"
	"strings"
	"time"
)

// A Version is a file as one commit left it.
type Version struct {
	Commit string    // the commit's full hash
	Time   time.Time // the commit's committer date
	Blob   string    // the file's blob; "" when the commit deleted it
	Data   []byte    // the blob's bytes; nil when deleted
}

// A Log is what the repository holds of the files asked for.
type Log struct {
	// Files are the versions of each file, oldest first, by its path from
	// the repository's root, slash-separated.
	Files map[string][]Version
	// Shallow is set for a shallow clone: the versions of the commits it
	// lacks are missing, and the oldest it has may not be the first.
	Shallow bool
	// Head is the commit checked out ("" before the first commit).
	Head string
}

// ErrNoRepository is returned, wrapped, when dir is not in a git
// repository, or git is not installed.
var ErrNoRepository = errors.New("no git repository")

// Read reads the versions of the files that the git pathspecs match, from
// the repository that holds dir; pathspecs, and the paths in Files, are
// relative to dir. A repository without commits has no versions.
func Read(ctx context.Context, dir string, pathspecs ...string) (*Log, error) {
	out, err := git(ctx, dir, nil, "rev-parse", "--is-shallow-repository")
	if err != nil {
		return nil, fmt.Errorf("%w: %v", ErrNoRepository, err)
	}
	l := &Log{Files: map[string][]Version{}, Shallow: strings.TrimSpace(string(out)) == "true"}
	head, err := git(ctx, dir, nil, "rev-parse", "--verify", "--quiet", "HEAD")
	if err != nil {
		return l, nil // no commit yet
	}
	l.Head = strings.TrimSpace(string(head))
	args := []string{"log", "--first-parent", "--diff-merges=first-parent", "--raw", "--relative", "--no-renames", "--no-abbrev",
		"--reverse", "--format=" + commitMark + "%H %ct", "--"}
	out, err = git(ctx, dir, nil, append(args, pathspecs...)...)
	if err != nil {
		return nil, err
	}
	if err := l.parseLog(out); err != nil {
		return nil, err
	}
	return l, l.readBlobs(ctx, dir)
}

// At reads the files under dir that match one of patterns (path.Match's,
// relative to dir) as the revision rev (a commit, branch or tag; anything
// git rev-parse takes) left them, by path relative to dir, with the commit
// it names and that commit's time.
func At(ctx context.Context, dir, rev string, patterns ...string) (map[string][]byte, Version, error) {
	out, err := git(ctx, dir, nil, "log", "-1", "--format=%H %ct", rev+"^{commit}", "--")
	if err != nil {
		return nil, Version{}, err
	}
	hash, secs, _ := strings.Cut(strings.TrimSpace(string(out)), " ")
	t, err := strconv.ParseInt(secs, 10, 64)
	if err != nil {
		return nil, Version{}, fmt.Errorf("git log: unexpected %q", out)
	}
	at := Version{Commit: hash, Time: time.Unix(t, 0).UTC()}
	out, err = git(ctx, dir, nil, "ls-tree", "-r", "-z", hash, "--", ".")
	if err != nil {
		return nil, Version{}, err
	}
	l := &Log{Files: map[string][]Version{}}
	for _, entry := range strings.Split(string(out), "\x00") {
		meta, file, ok := strings.Cut(entry, "\t")
		f := strings.Fields(meta)
		if !ok || len(f) != 3 || f[1] != "blob" || !slices.ContainsFunc(patterns, func(p string) bool { ok, _ := path.Match(p, file); return ok }) {
			continue
		}
		l.Files[file] = []Version{{Commit: hash, Time: at.Time, Blob: f[2]}}
	}
	if err := l.readBlobs(ctx, dir); err != nil {
		return nil, Version{}, err
	}
	files := map[string][]byte{}
	for path, vs := range l.Files {
		files[path] = vs[0].Data
	}
	return files, at, nil
}

// commitMark starts each commit's line in the log Read asks for.
const commitMark = "\x01"

// zeroBlob names no blob: the file's side of an addition or a deletion.
const zeroBlob = "0000000000000000000000000000000000000000"

// parseLog reads git log's output: a line per commit, then a raw diff line
// per file it changed (":100644 100644 <old> <new> M\t<path>").
func (l *Log) parseLog(out []byte) error {
	var commit string
	var when time.Time
	sc := bufio.NewScanner(bytes.NewReader(out))
	sc.Buffer(nil, 1<<20)
	for sc.Scan() {
		line := sc.Text()
		switch {
		case strings.HasPrefix(line, commitMark):
			hash, secs, ok := strings.Cut(strings.TrimPrefix(line, commitMark), " ")
			t, err := strconv.ParseInt(secs, 10, 64)
			if !ok || err != nil {
				return fmt.Errorf("git log: bad commit line %q", line)
			}
			commit, when = hash, time.Unix(t, 0).UTC()
		case strings.HasPrefix(line, ":"):
			meta, path, ok := strings.Cut(line, "\t")
			fields := strings.Fields(meta)
			if !ok || len(fields) < 5 || commit == "" {
				return fmt.Errorf("git log: bad diff line %q", line)
			}
			v := Version{Commit: commit, Time: when}
			if blob := fields[3]; blob != zeroBlob {
				v.Blob = blob
			}
			l.Files[path] = append(l.Files[path], v)
		}
	}
	return sc.Err()
}

// readBlobs fills in each version's bytes, reading every blob once.
func (l *Log) readBlobs(ctx context.Context, dir string) error {
	var ids []string
	seen := map[string]bool{}
	for _, vs := range l.Files {
		for _, v := range vs {
			if v.Blob != "" && !seen[v.Blob] {
				seen[v.Blob] = true
				ids = append(ids, v.Blob)
			}
		}
	}
	if len(ids) == 0 {
		return nil
	}
	out, err := git(ctx, dir, strings.NewReader(strings.Join(ids, "\n")+"\n"), "cat-file", "--batch")
	if err != nil {
		return err
	}
	blobs := map[string][]byte{}
	r := bufio.NewReader(bytes.NewReader(out))
	for range ids {
		head, err := r.ReadString('\n')
		if err != nil {
			return fmt.Errorf("git cat-file: %w", err)
		}
		f := strings.Fields(head)
		if len(f) != 3 || f[1] != "blob" {
			return fmt.Errorf("git cat-file: unexpected %q", strings.TrimSpace(head))
		}
		n, err := strconv.Atoi(f[2])
		if err != nil {
			return fmt.Errorf("git cat-file: unexpected %q", strings.TrimSpace(head))
		}
		b := make([]byte, n+1) // and the newline after it
		if _, err := io.ReadFull(r, b); err != nil {
			return fmt.Errorf("git cat-file: %w", err)
		}
		blobs[f[0]] = b[:n]
	}
	for _, vs := range l.Files {
		for i := range vs {
			if vs[i].Blob != "" {
				vs[i].Data = blobs[vs[i].Blob]
			}
		}
	}
	return nil
}

// git runs git in dir with stdin, and returns its output. The user's
// configuration cannot change what Read parses: no colour, no signatures
// in the log, no pager.
func git(ctx context.Context, dir string, stdin io.Reader, args ...string) ([]byte, error) {
	sub := args[0]
	args = append([]string{"-C", dir, "-c", "color.ui=false", "-c", "log.showSignature=false", "-c", "core.quotePath=false", "--no-pager"}, args...)
	cmd := exec.CommandContext(ctx, "git", args...)
	cmd.Stdin = stdin
	var stderr bytes.Buffer
	cmd.Stderr = &stderr
	out, err := cmd.Output()
	if err != nil {
		if msg := strings.TrimSpace(stderr.String()); msg != "" {
			return nil, fmt.Errorf("git %s: %s", sub, msg)
		}
		return nil, fmt.Errorf("git %s: %w", sub, err)
	}
	return out, nil
}
