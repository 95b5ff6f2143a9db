#!/usr/bin/env bash
# Release the action: scripts/release.sh X.Y.Z
#   Checks that the tree is clean, that package.json and src/version.ts say X.Y.Z, that
#   CHANGELOG.md has a "## [X.Y.Z]" section and that the tag is new; rebuilds dist/ and
#   refuses if it differs from the committed one; then tags HEAD vX.Y.Z, moves the major tag
#   vX to it (unless a higher vX.* release exists: a fix to an older line keeps vX where it
#   is) and pushes both tags.
# scripts/release.sh --notes X.Y.Z prints that version's CHANGELOG section (release notes).
#
# The release workflow (.github/workflows/release.yml) runs it; a maintainer can too.
# RELEASE_REMOTE (default origin) and RELEASE_BUILD_COMMAND (default "npm run build") exist
# for its test, which releases into a scratch repository.
set -euo pipefail

remote="${RELEASE_REMOTE:-origin}"
build="${RELEASE_BUILD_COMMAND:-npm run build}"

die() {
  echo "release: $*" >&2
  exit 1
}

changelog_section() {
  awk -v heading="## [$1]" '
    index($0, heading) == 1 { inside = 1; next }
    inside && /^## / { exit }
    inside { print }
  ' CHANGELOG.md
}

notes_only=false
if [ "${1:-}" = "--notes" ]; then
  notes_only=true
  shift
fi
[ $# -eq 1 ] || die "usage: scripts/release.sh [--notes] X.Y.Z"
version="$1"
[[ "$version" =~ ^(0|[1-9][0-9]*)\.(0|[1-9][0-9]*)\.(0|[1-9][0-9]*)$ ]] ||
  die "version must be X.Y.Z (digits only, no leading v): got '$version'"
tag="v$version"
major="v${BASH_REMATCH[1]}"
cd "$(git rev-parse --show-toplevel)"

notes="$(changelog_section "$version")"
[ -n "$(tr -d '[:space:]' <<<"$notes")" ] ||
  die "CHANGELOG.md has no '## [$version]' section with content: move the Unreleased entries under it"
if $notes_only; then
  printf '%s\n' "$notes"
  exit 0
fi

git diff --quiet && git diff --cached --quiet || die "the working tree has uncommitted changes"
package_version="$(node -p 'JSON.parse(require("node:fs").readFileSync("package.json", "utf8")).version')"
[ "$package_version" = "$version" ] ||
  die "package.json says $package_version: run 'npm version $version --no-git-tag-version' and commit"
# The version the action sends in its user agent is a constant of the source (and so of dist/).
grep -q "^export const ACTION_VERSION = '$version';\$" src/version.ts ||
  die "src/version.ts does not say ACTION_VERSION = '$version': update it, rebuild dist/ and commit"
git fetch --quiet --tags "$remote"
if git rev-parse --quiet --verify "refs/tags/$tag" >/dev/null; then
  die "$tag exists already"
fi

echo "release: rebuilding dist/ ($build)"
$build >/dev/null
if ! git diff --quiet -- dist || [ -n "$(git ls-files --others --exclude-standard -- dist)" ]; then
  git status --short -- dist >&2
  die "dist/ differs from a fresh build of the source: run 'npm run build' and commit dist/"
fi

git tag -a "$tag" -m "$tag"
git push --quiet "$remote" "refs/tags/$tag"
echo "release: tagged $tag at $(git rev-parse --short HEAD) and pushed it"

# The highest release of this major line, the one just tagged included.
newest="$(git tag --list "$major.*.*" | grep -E "^$major\.[0-9]+\.[0-9]+$" | sort -V | tail -n 1)"
if [ "$newest" = "$tag" ]; then
  git tag -f -a "$major" -m "$major: $tag" "$tag^{commit}" >/dev/null
  git push --quiet --force "$remote" "refs/tags/$major"
  echo "release: moved $major to $tag"
else
  echo "release: $major stays at $newest, a higher release of that line"
fi
