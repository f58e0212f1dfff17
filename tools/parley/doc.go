// Parley compiles negotiation explainers into a fast, accessible static site
// whose centrepiece is a comparison of terms: what each side proposes or
// accepts, issue by issue, where the sides agree, differ, or stay silent.
//
// Usage:
//
//	parley [-s DIR] <command> [flags]
//
// The project directory (-s, default ".") holds hugo.toml, content/,
// layouts/ and assets/. Each explainer is a directory content/SLUG/ with
// index.md (prose, YAML front matter) and terms.yaml (actors, sides, terms,
// positions, sources, events); README.md documents the format.
//
// The commands are:
//
//	serve [--port N] [--bind ADDR]
//	    Preview the site at http://127.0.0.1:1313/ (the next free port when
//	    that one is taken), rendered to memory with drafts and future pages.
//	    A page renders when it is first opened; saving a file under
//	    content/, assets/ or layouts/, or hugo.toml, recompiles what it
//	    touches (an explainer's save, that explainer alone) and reloads the
//	    browser once the pages in view are rendered again. Every explainer
//	    is validated: errors show in the browser in place of the page and in
//	    the terminal, as file:line:col: message, until fixed; warnings print
//	    in the terminal. Ctrl-C stops it. PARLEY_DEBUG=1 in the environment
//	    prints each file event and each rebuild's times.
//
//	build [-d DIR] [--baseURL URL]
//	    Load, validate and compile the content, bundle the widgets with
//	    esbuild (minified, fingerprinted, within the gzip budgets of
//	    [params.parley.budgets] in hugo.toml), render the site with Hugo in
//	    process, minify it, check the page budgets and that nothing loads
//	    from another site, and publish it to DIR (default public/). Drafts
//	    are checked but left out. The site is built in a temporary directory
//	    beside DIR and swapped in only on success: a failed build leaves DIR
//	    exactly as it was. DIR must be new, empty, or a site Parley
//	    published there (recorded in .parley/published/); build refuses,
//	    with exit status 2 and before writing anything, the project
//	    directory, a directory that holds it, any other path inside the
//	    project, a file, a symbolic link, and a directory holding files
//	    Parley did not write.
//
//	check [--since REV]
//	    Everything build does, Hugo and the budgets included, in memory:
//	    it fails exactly when build would, with the same messages, and
//	    writes nothing. Exits 0 when the content is valid, 1 otherwise.
//	    Then it says what readers will see changed, a line each, since the
//	    commit the site in public/ was built from (public/build.json), or
//	    since REV (a commit, tag or branch).
//
// History. Each explainer's updates come from the git history of its
// terms.yaml (git must be installed; nothing else needs it). Without it (no
// repository, a shallow clone) build and check warn once and the pages show
// no updates; under CI=true, or with [params.parley.history] require = true
// in hugo.toml, they fail instead, so that production never loses history.
//
//	new SLUG [--title T]
//	    Create content/SLUG/ with an index.md and a terms.yaml (two actors,
//	    two sides, two terms, their positions and a source) that check and
//	    preview at once, as a draft (draft: true): build publishes it once
//	    index.md says draft: false. Refuses an invalid slug or an existing
//	    directory.
//
//	translate SLUG LANG
//	    Start the LANG edition of an explainer (LANG a language of
//	    [languages] in hugo.toml, e.g. uk): index.LANG.md, a copy of
//	    index.md to translate in place, and terms.LANG.yaml, every string
//	    of terms.yaml by key with its English (en:) and an empty
//	    translation (LANG:). Run again after terms.yaml gains strings, it
//	    adds them at the end of terms.LANG.yaml. It never changes what is
//	    written there.
//
//	translate --confirm SLUG LANG [KEY...]
//	    Record that the translations of the KEYs (every stale one when none
//	    is given; "prose" for index.LANG.md) still hold for the English as
//	    it is now, after a change that did not alter the meaning (a typo
//	    fixed): it rewrites their en: lines (translates: for the prose) and
//	    nothing else.
//
// Editions. An explainer's edition in another language is served at
// /LANG/SLUG/, with its own embeds, downloads, card and feeds. check warns,
// at its key, of each translation whose English changed since it was made
// (stale), and of strings not yet translated; until translated, readers of
// the edition see the English there, marked and in lang="en", and a notice
// says so. docs/editions.md has the workflow.
//
// build and serve hold a lock on .parley.lock in the project directory: a
// second build waits for the first (up to five minutes); a build while serve
// runs stops at once. HUGO_* environment variables are refused: Hugo would
// read them as configuration over the locked-down hugo.toml.
//
// Errors in content are reported all at once, sorted, one per line, in the
// compiler style, with warnings (what the editor should know but fails
// nothing: raw HTML left out of a page, a draft, an actor with no side)
// among them:
//
//	content/talks/terms.yaml:12:5: unknown side "usa" (did you mean "us"?)
//	content/talks/index.md:9:12: warning: raw HTML "<b>" left out of the page: write Markdown (raw HTML is off, for safety)
//	parley: 1 error, 1 warning
//
// Content is data: shortcodes work in the prose of index.md only (compare,
// matchup, scoreboard, timeline), and template syntax anywhere else is
// text, shown as written.
//
// Exit status: 0 on success (warnings or not), 1 when the content or the
// build failed, 2 for a bad command line or output directory.
//
// Generated files (the compiled models, embed pages, social cards and the
// bundle) live in .parley/, mounted into Hugo by hugo.toml, and stay there
// between builds and serves (a file is rewritten only when it changes).
// .parley/spare-site/ keeps the site that the last build replaced; the next
// build writes into it and swaps it with public/. Neither .parley/ nor
// public/ belongs in git. ARCHITECTURE.md, at the repository's root, says
// where each stage of the pipeline lives.
package main
