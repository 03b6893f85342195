#!/usr/bin/env bash
# Man pages for the commands named, into .build/man/NAME.1, by swift-argument-parser's
# generate-manual: its plugin builds the tool offline from the package's own checkout of
# swift-argument-parser (and the release products, already built by `make release`).
#
# generate-manual 1.8 drops every non-ASCII character (Tools/generate-manual/MDoc/
# String+Escaping.swift: `for character in self where character.isASCII`), which would print
# "flat ΛCDM" as "flat CDM" and "χ²/N" as "/N". So the tool is run on a wrapper that spells the
# few such characters of our help in ASCII before it reads them.
#
#   scripts/man-pages.sh cosmo orbits gnn
set -euo pipefail
cd "$(dirname "$0")/.."
out=.build/man
mkdir -p "$out/wrappers"
swift package plugin generate-manual --configuration release > "$out/plugin.log" 2>&1 || { cat "$out/plugin.log"; exit 1; }
tool="$(find .build -name generate-manual-tool -type f -perm -u+x | head -1)"
[ -n "$tool" ] || { echo "man-pages: the generate-manual plugin built no generate-manual-tool" >&2; exit 1; }
for command in "$@"; do
  wrapper="$out/wrappers/$command"
  cat > "$wrapper" <<WRAPPER
#!/bin/sh
"$PWD/.build/release/$command" "\$@" | sed -e 's/Λ/Lambda/g; s/Ω/Omega_/g; s/Δ/Delta/g; s/χ/chi/g; s/²/^2/g; s/→/->/g; s/–/-/g; s/…/.../g; s/×/x/g; s/₁/1/g; s/₂/2/g'
WRAPPER
  chmod +x "$wrapper"
  "$tool" "$wrapper" --output-directory "$out" --authors "the Gravitas authors"
  # Anything non-ASCII left was dropped by the tool: say so rather than ship a garbled page.
  if LC_ALL=C grep -q '[^[:print:][:space:]]' <("$wrapper" --experimental-dump-help); then
    echo "man-pages: $command's help has characters generate-manual drops; add them to $0's sed" >&2; exit 1
  fi
done
