package main

import (
	"errors"
	"fmt"
	"net/url"
	"os"
	"path/filepath"
	"slices"
	"strconv"
	"strings"

	"github.com/parley-news/parley/tools/internal/publish"
	"github.com/parley-news/parley/tools/internal/site"
	"github.com/spf13/cobra"
)

func deployCmd(opts *options) *cobra.Command {
	var (
		target     string
		dir        = "public"
		dryRun     bool
		maxDeletes = 256
		cloudFront string
	)
	cmd := &cobra.Command{
		Use:   "deploy --target URL [--dry-run] [--max-deletes N] [-d DIR]",
		Short: "Upload the built site to a bucket (s3://, gs://, azblob://, file://); needs -tags withdeploy",
		Args:  noArgs,
		RunE: func(cmd *cobra.Command, _ []string) error {
			if !site.DeployAvailable {
				return usageError{errors.New("deploy is not in this build: run it as go run -tags withdeploy ./tools/parley deploy --target URL (Hugo's deploy and its cloud drivers are linked only then)")}
			}
			u, err := url.Parse(target)
			if target == "" || err != nil || !slices.Contains([]string{"s3", "gs", "azblob", "file"}, u.Scheme) {
				return usageError{fmt.Errorf("--target %q: want a bucket URL: s3://bucket?region=…, gs://bucket, azblob://container or file:///path", target)}
			}
			if !filepath.IsAbs(dir) {
				dir = filepath.Join(opts.source, dir)
			}
			if _, err := os.Stat(filepath.Join(dir, "index.html")); err != nil {
				return fmt.Errorf("%s holds no built site: run parley build first", dir)
			}
			cfg, err := deployConfig(target, cloudFront)
			if err != nil {
				return err
			}
			defer os.RemoveAll(filepath.Dir(cfg))
			return site.Deploy(opts.source, dir, cfg, dryRun, maxDeletes)
		},
	}
	cmd.Flags().StringVar(&target, "target", "", "the bucket `URL`")
	cmd.Flags().StringVarP(&dir, "destination", "d", dir, "deploy the site built in `DIR`")
	cmd.Flags().BoolVar(&dryRun, "dry-run", false, "report what would change, change nothing")
	cmd.Flags().IntVar(&maxDeletes, "max-deletes", maxDeletes, "refuse to delete more than `N` remote files (-1: no limit)")
	cmd.Flags().StringVar(&cloudFront, "cloudfront", "", "invalidate this CloudFront distribution `ID` after an s3:// deploy")
	return cmd
}

// deployConfig writes the Hugo configuration of one deployment to target:
// the same cache lifetimes as _headers (which buckets do not read), content
// types, and gzip for text. It returns the file's path, in a new temporary
// directory.
func deployConfig(target, cloudFront string) (string, error) {
	tmp, err := os.MkdirTemp("", "parley-deploy-")
	if err != nil {
		return "", err
	}
	q := strconv.Quote
	var b strings.Builder
	fmt.Fprintf(&b, "[deployment]\n[[deployment.targets]]\nname = \"parley\"\nurl = %s\nexclude = \"_headers\"\n", q(target))
	if cloudFront != "" {
		fmt.Fprintf(&b, "cloudFrontDistributionID = %s\n", q(cloudFront))
	}
	matcher := func(pattern, cache, contentType string, gzip bool) {
		fmt.Fprintf(&b, "[[deployment.matchers]]\npattern = %s\ncacheControl = %s\ngzip = %t\n", q(pattern), q(cache), gzip)
		if contentType != "" {
			fmt.Fprintf(&b, "contentType = %s\n", q(contentType))
		}
	}
	matcher(`^(js|css)/.+$`, publish.CacheImmutable, "", true)
	matcher(`^.+\.csv$`, publish.CacheRevalidate, "text/csv; charset=utf-8", true)
	matcher(`^.+/oembed\.json$`, publish.CacheRevalidate, "application/json+oembed", true)
	matcher(`^.+\.(html|xml|json|js|css|svg|txt)$`, publish.CacheRevalidate, "", true)
	matcher(`^.+$`, publish.CacheRevalidate, "", false)
	path := filepath.Join(tmp, "deploy.toml")
	return path, os.WriteFile(path, []byte(b.String()), 0o644)
}
