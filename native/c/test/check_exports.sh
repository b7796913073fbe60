#!/bin/sh
# Every function libsealcore exports starts with sc_ (the rest is hidden by -fvisibility=hidden
# and the version script). Prints "N passed, N failed" like the C tests.
lib="$1"
all=$(nm -D --defined-only "$lib" | awk '$2 ~ /^[TtWwi]$/ { print $3 }')
bad=$(printf '%s\n' "$all" | grep -v '^sc_' | grep -v '^$')
count=$(printf '%s\n' "$all" | grep -c '^sc_')
if [ -n "$bad" ]; then
  echo "exported functions without the sc_ prefix:"; printf '  %s\n' $bad
  echo "1 passed, 1 failed"; exit 1
fi
if [ "$count" -lt 30 ]; then echo "only $count sc_ functions exported"; echo "0 passed, 1 failed"; exit 1; fi
echo "exports: $count functions, all sc_*"
echo "1 passed, 0 failed"
