package main

import (
	"os"
	"path/filepath"
	"testing"

	"github.com/rogpeppe/go-internal/testscript"
)

func TestMain(m *testing.M) {
	testscript.Main(m, map[string]func(){
		"parley": func() { os.Exit(run(os.Args[1:], os.Stdout, os.Stderr)) },
	})
}

// TestScripts runs the end-to-end tests in testdata/script: each txtar holds
// content files, parley commands and assertions on their output. The real
// hugo.toml, layouts/ and assets/ are copied into every script's work
// directory first, so the scripts exercise what we ship.
func TestScripts(t *testing.T) {
	testscript.Run(t, testscript.Params{
		Dir:                 "testdata/script",
		RequireExplicitExec: true,
		UpdateScripts:       os.Getenv("UPDATE_SCRIPTS") == "1",
		Setup: func(env *testscript.Env) error {
			for _, dir := range []string{"layouts", "assets"} {
				if err := os.CopyFS(filepath.Join(env.WorkDir, dir), os.DirFS(filepath.Join("..", "..", dir))); err != nil {
					return err
				}
			}
			b, err := os.ReadFile(filepath.Join("..", "..", "hugo.toml"))
			if err != nil {
				return err
			}
			return os.WriteFile(filepath.Join(env.WorkDir, "hugo.toml"), b, 0o644)
		},
	})
}
