package project

import (
	"context"
	"errors"
	"path/filepath"

	"github.com/parley-news/parley/tools/internal/diag"
	"github.com/parley-news/parley/tools/internal/history"
)

// readHistory reads, once per build or serve, every version of the
// explainers' terms.yaml from the project's repository: what the pages'
// updates and dates of change come from. Without it (no repository, git
// missing, a shallow clone) the site builds without history and the
// warning returned says so, unless history is required (a build's, with
// Options.RequireHistory or [params.parley.history] require in hugo.toml):
// then that is the error, so that production never silently loses history.
func (p *Project) readHistory(ctx context.Context, required bool) (*history.Log, *diag.Error, error) {
	l, err := history.Read(ctx, filepath.Join(p.root, "content"), "*/terms.yaml")
	var why string
	switch {
	case errors.Is(err, history.ErrNoRepository):
		why = "content/ is in no git repository, or git is not installed"
	case err != nil:
		return nil, nil, err
	case l.Shallow:
		why = "the repository is a shallow clone"
	default:
		return l, nil, nil
	}
	e := diag.Error{Msg: "no git history (" + why + "): "}
	if required {
		e.Msg += "history is required (CI=true, or [params.parley.history] require): build from a full clone (git fetch --unshallow; actions/checkout with fetch-depth: 0)"
		return nil, nil, diag.List{e}
	}
	e.Msg += "pages show no updates and no dates of change; under CI=true this fails"
	e.Warning = true
	return nil, &e, nil
}
