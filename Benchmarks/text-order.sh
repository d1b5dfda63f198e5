#!/bin/sh
# Writes the functions a running daemon executes, one symbol per line, for the release link's
# `--symbol-ordering-file` (see the Makefile's RELEASE). Usage: text-order.sh BUILD_DIR OUTPUT
#
# `feedd-bench daemon` runs against a `feedd` that is valgrind's callgrind over the real binary, with
# a few hundred feeds so that its cold cycle and several all-304 cycles finish under valgrind; the hook
# latency part adds the exec hooks. Every function callgrind saw in the feedd binary is listed in the
# order it first appears. A stale list is harmless: the linker skips names it does not find, and
# functions not listed are laid out after the listed ones as before.
set -eu
build=$1
output=$2
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
cp "$build/feedd-bench" "$work/feedd-bench"
real=$(cd "$build" && pwd)/feedd
cat > "$work/feedd" <<WRAPPER
#!/bin/sh
exec valgrind --tool=callgrind --demangle=no --compress-strings=no --dump-line=no \
  --callgrind-out-file="$work/callgrind.%p" "$real" "\$@"
WRAPPER
chmod +x "$work/feedd"
FEEDD_BENCH_DAEMON_FEEDS=${FEEDD_TEXT_ORDER_FEEDS:-300} "$work/feedd-bench" daemon
# `ob=` names the object of the `fn=` lines that follow; `'2` marks a recursive call of a function
# already listed, and a bare address is a function without a symbol.
cat "$work"/callgrind.* | awk '
  /^ob=/ { inFeedd = ($0 ~ /\/feedd$/); next }
  /^fn=/ && inFeedd { name = substr($0, 4); sub(/'"'"'[0-9]+$/, "", name)
                      if (name !~ /^0x/ && !seen[name]++) print name }' > "$output.tmp"
mv "$output.tmp" "$output"
echo "$(wc -l < "$output") functions written to $output"
