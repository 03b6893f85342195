#!/usr/bin/env bash
# Packs what a GPU machine without Swift needs to run the CUDA self-test and the GPU benchmarks:
# release binaries built with --static-swift-stdlib, the shared libraries `ldd` lists for them
# (OpenBLAS, LAPACKE, libcurl and their dependencies; glibc's own libraries stay behind, since the
# GPU machine has its own and mixing two is what breaks), the data the benchmarks read, and a
# `run` wrapper. Then it checks the bundle: every library resolves inside it (or to glibc), and
# the comparison suite passes on the fake device from the bundle alone.
#
#   scripts/gpu-bundle.sh [OUT]          default OUT: .bundle (git-ignored), and OUT.tar.xz to carry
#   OUT/run gravitas-selftest            on the GPU machine: CPU against CUDA, exit 0 when all pass
#   OUT/run bench gnn-peer --device cuda
# (Each binary holds a static Foundation with ICU's data, ~60 MB; the archive is about a third.)
set -euo pipefail
cd "$(dirname "$0")/.."
out="${1:-.bundle}"
products=(gravitas-selftest bench)  # bench gnn-peer / cosmo-peer are the GPU benchmarks
flags=(-c release --static-swift-stdlib)
for product in "${products[@]}"; do swift build "${flags[@]}" --product "$product"; done
bin="$(swift build "${flags[@]}" --show-bin-path)"

staging="$out.partial"
rm -rf "$staging"
mkdir -p "$staging/bin" "$staging/lib" "$staging/Data"
for product in "${products[@]}"; do cp "$bin/$product" "$staging/bin/"; strip "$staging/bin/$product" 2>/dev/null || true; done
glibc='/(libc|libm|libdl|libpthread|librt|libresolv|libutil|ld-linux[^/]*)\.so'
for product in "${products[@]}"; do ldd "$staging/bin/$product"; done |
  awk '$2 == "=>" && $3 ~ /^\// { print $3 }' | sort -u | { grep -vE "$glibc" || true; } |
  while read -r library; do cp -L "$library" "$staging/lib/"; done
cp Data/de421_1980_2030.bsp Data/gm.csv Data/Pantheon+SH0ES.dat "$staging/Data/"
cat > "$staging/run" <<'EOF'
#!/usr/bin/env bash
# Runs a bundled program against the bundle's libraries, from the bundle's folder (so Data/ resolves).
here="$(cd "$(dirname "$0")" && pwd)"
cd "$here"
export LD_LIBRARY_PATH="$here/lib${LD_LIBRARY_PATH:+:$LD_LIBRARY_PATH}"
program="$1"; shift
exec "$here/bin/$program" "$@"
EOF
chmod +x "$staging/run"

# The check: nothing unresolved, nothing outside the bundle but glibc, and the suite runs.
for product in "${products[@]}"; do
  resolved="$(LD_LIBRARY_PATH="$staging/lib" ldd "$staging/bin/$product")"
  if grep -q "not found" <<<"$resolved"; then echo "gpu-bundle: $product: $(grep 'not found' <<<"$resolved")" >&2; exit 1; fi
  outside="$(awk '$2 == "=>" && $3 ~ /^\// { print $3 }' <<<"$resolved" | grep -v "^$(cd "$staging/lib" && pwd)/" | { grep -vE "$glibc" || true; })"
  if [ -n "$outside" ]; then echo "gpu-bundle: $product loads libraries from outside the bundle: $outside" >&2; exit 1; fi
done
"$staging/run" gravitas-selftest --device fake --quiet

rm -rf "$out" "$out.tar.xz"
mv "$staging" "$out"
tar -C "$(dirname "$out")" -cf - "$(basename "$out")" | xz -T0 -6 > "$out.tar.xz.partial"
mv "$out.tar.xz.partial" "$out.tar.xz"
echo "gpu-bundle: $out ($(du -sh "$out" | cut -f1); $out.tar.xz $(du -sh "$out.tar.xz" | cut -f1)):" \
  "$(ls "$out/bin" | tr '\n' ' ')+ $(ls "$out/lib" | wc -l) libraries"
