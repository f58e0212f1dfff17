//go:build withdeploy

package site

import (
	"path/filepath"
	"strconv"

	"github.com/gohugoio/hugo/commands"
)

// DeployAvailable reports whether this binary can deploy: Hugo's deploy
// (gocloud.dev: s3://, gs://, azblob://, file://) is linked only with
// -tags withdeploy.
const DeployAvailable = true

// Deploy uploads the built site in dir to the first deployment target of the
// extra Hugo configuration file deployConfig (targets and matchers), with
// Hugo's deploy: only files whose content changed are uploaded, and it
// refuses to delete more than maxDeletes files (-1: no limit).
func Deploy(root, dir, deployConfig string, dryRun bool, maxDeletes int) error {
	root, err := filepath.Abs(root)
	if err != nil {
		return err
	}
	dir, err = filepath.Abs(dir)
	if err != nil {
		return err
	}
	args := []string{
		"deploy",
		"--source", root,
		"--config", filepath.Join(root, "hugo.toml") + "," + deployConfig,
		"--destination", dir,
		"--maxDeletes", strconv.Itoa(maxDeletes),
		"--logLevel", "info",
		"--noBuildLock",
	}
	if dryRun {
		args = append(args, "--dryRun")
	}
	if err := commands.Execute(args); err != nil {
		return relativeErr(root, err)
	}
	return nil
}
