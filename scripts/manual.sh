#!/bin/sh
# Regenerates man/scimify.1 with swift-argument-parser's generate-manual plugin. The plugin builds scimify in
# release mode first (about 10 minutes on a 2-core machine; use a clone if you are building elsewhere).
# `swift test` checks that every command and option of the current CLI is in the committed page.
set -eu
cd "$(dirname "$0")/.."
swift package --allow-writing-to-package-directory generate-manual
mkdir -p man
cp .build/plugins/GenerateManual/outputs/scimify/scimify.1 man/scimify.1
echo "man/scimify.1 regenerated; read it with: man ./man/scimify.1"
