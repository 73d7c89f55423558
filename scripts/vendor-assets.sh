#!/usr/bin/env bash
# Re-vendor the front-end assets from the npm registry (build time only; nothing is fetched at run time).
set -euo pipefail
here=$(cd "$(dirname "$0")/.." && pwd)
tmp=$(mktemp -d)
cd "$tmp"
npm pack htmx.org@2 bootstrap@5 axe-core@4 >/dev/null
for f in *.tgz; do tar xzf "$f" --one-top-level="${f%.tgz}"; done
dest="$here/kehoach/static/vendor"
cp htmx.org-*/package/dist/htmx.min.js "$dest/htmx/"
cp bootstrap-*/package/dist/css/bootstrap.min.css bootstrap-*/package/dist/js/bootstrap.bundle.min.js "$dest/bootstrap/"
# Source maps are not shipped: drop their references so collectstatic can hash the files.
sed -i "/sourceMappingURL=/d" "$dest"/bootstrap/* "$dest"/htmx/*
# axe-core is for the accessibility crawl only (injected by the test browser, never served to users).
axe="$here/kehoach/site/tests/data/axe-core"
cp axe-core-*/package/axe.min.js axe-core-*/package/LICENSE "$axe/"
echo "vendored into $dest and $axe"
