package main

import (
	"os"
	"path/filepath"
	"strings"
	"testing"

	qt "github.com/frankban/quicktest"
	"github.com/goccy/go-yaml"
)

// Under CI=true a build without the repository's full history fails (the
// explainers' updates come from it): every job of the GitHub workflow that
// builds or tests checks out the whole history.
func TestWorkflowFetchesFullHistory(t *testing.T) {
	b, err := os.ReadFile(filepath.Join("..", "..", ".github", "workflows", "ci.yml"))
	qt.Assert(t, err, qt.IsNil)
	var wf struct {
		Jobs map[string]struct {
			Steps []struct {
				Uses string         `yaml:"uses"`
				Run  string         `yaml:"run"`
				With map[string]any `yaml:"with"`
			} `yaml:"steps"`
		} `yaml:"jobs"`
	}
	qt.Assert(t, yaml.Unmarshal(b, &wf), qt.IsNil)
	builds := 0
	for name, job := range wf.Jobs {
		parley, full := false, false
		for _, s := range job.Steps {
			if strings.Contains(s.Run, "parley build") || strings.Contains(s.Run, ".ci/run") {
				parley = true
			}
			if strings.HasPrefix(s.Uses, "actions/checkout@") {
				depth, ok := s.With["fetch-depth"]
				full = ok && (depth == uint64(0) || depth == int64(0) || depth == 0 || depth == "0")
			}
		}
		if parley {
			builds++
			qt.Check(t, full, qt.IsTrue, qt.Commentf("job %s runs parley but checks out without fetch-depth: 0", name))
		}
	}
	qt.Check(t, builds >= 2, qt.IsTrue, qt.Commentf("the workflow should test and deploy with parley"))
}
