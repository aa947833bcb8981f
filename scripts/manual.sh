#!/bin/sh
# Regenerates man/scimify.1 with swift-argument-parser's generate-manual plugin. The plugin builds scimify in
# release mode first (about 10 minutes on a 2-core machine; use a clone if you are building elsewhere).
# `swift test` checks that every command and option of the current CLI is in the committed page.
set -eu
cd "$(dirname "$0")/.."
swift package --allow-writing-to-package-directory generate-manual
mkdir -p man
# The generated page ends with a generic EXIT STATUS; ours (ENVIRONMENT, FILES, the documented exit codes) replaces it.
python3 - .build/plugins/GenerateManual/outputs/scimify/scimify.1 man/sections.mdoc man/scimify.1 <<'PY'
import sys
page, sections, out = sys.argv[1:4]
text = open(page).read()
cut = text.rfind('.Sh "EXIT STATUS"')
text = (text[:cut] if cut >= 0 else text.rstrip() + "\n") + open(sections).read()
open(out, "w").write(text)
PY
echo "man/scimify.1 regenerated; read it with: man ./man/scimify.1"
