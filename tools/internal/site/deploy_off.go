//go:build !withdeploy

package site

import "errors"

// DeployAvailable reports whether this binary can deploy: Hugo's deploy
// (gocloud.dev: s3://, gs://, azblob://, file://) is linked only with
// -tags withdeploy.
const DeployAvailable = false

// Deploy needs a binary built with -tags withdeploy.
func Deploy(root, dir, deployConfig string, dryRun bool, maxDeletes int) error {
	return errors.New("this parley was built without deploy support: run go run -tags withdeploy ./tools/parley deploy …")
}
