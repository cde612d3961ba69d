#!/bin/bash
# tests/cli/valgrind.sh - valgrind memcheck over every format (issue 7)
#
# The sanitizer build checks every suite; this runs the optimised binary
# (no sanitizer runtime in the way) under valgrind's memcheck on the main
# inbox (30 real messages, two epochs) and the hostile one: every output
# format, a cold and a warm cache, -j 1 and -j 2.  Any invalid read or
# write, use of uninitialised memory or definite leak fails the run
# (--error-exitcode).  Skipped without valgrind.
. "$(dirname "$0")/lib.sh"

if ! command -v valgrind >/dev/null 2>&1; then
	echo "SKIP: valgrind not installed"
	exit 77
fi
# Under `make test` the binary given is the sanitizer build's, which
# valgrind cannot run; the Makefile names the optimised one.
if ldd "$ld" 2>/dev/null | grep -q libasan; then
	if [ -x "${LD_TEST_PLAIN_BINARY:-}" ]; then
		ld=$LD_TEST_PLAIN_BINARY
	else
		echo "SKIP: $ld is built with ASan; set LD_TEST_PLAIN_BINARY"
		exit 77
	fi
fi
main_inbox "$tmp/m"
"$tools/mkinbox.sh" -q "$tmp/h" "$srcroot"/tests/corpora/hostile/h-0*.eml \
	>/dev/null || { echo "Bail out! mkinbox.sh failed"; exit 1; }

# vg NAME ARG...: listdigest under memcheck; exit status 9 on any error
vg() {
	local name=$1
	shift
	valgrind -q --error-exitcode=9 --leak-check=full \
		--errors-for-leak-kinds=definite --show-leak-kinds=definite \
		"$ld" "$@" >"$tmp/$name.out" 2>"$tmp/$name.err"
	echo $? >"$tmp/$name.rc"
}

for inbox in m h; do
	for fmt in text json markdown html; do
		vg "$inbox-$fmt" --no-cache -q -j 2 --orgmap default \
			--archive-url https://lore.kernel.org/linux-hyperv \
			--format "$fmt" "$tmp/$inbox"
		check_rc "$inbox-$fmt" 0
	done
	vg "$inbox-email" --no-cache -q --format email --html-alternative \
		--from 'Digest <digest@example.org>' --to list@example.org \
		"$tmp/$inbox"
	check_rc "$inbox-email" 0
done
vg cold --cache-dir "$tmp/cache" -q -j 1 "$tmp/m"
check_rc cold 0
vg warm --cache-dir "$tmp/cache" -q -j 2 --mailmap /dev/null "$tmp/m" \
	"$(rev "$tmp/m" 0 5)..$(rev "$tmp/m" 1 3)"
check_rc warm 0
vg usage --no-cache --format nonsense "$tmp/m"
check_rc usage 2

finish
