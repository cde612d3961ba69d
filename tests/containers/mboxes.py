#!/usr/bin/env python3
# tests/containers/mboxes.py - write messages as mboxrd, mboxo, mboxcl and
# mboxcl2, as mbox(5) says each variant is written
#
# usage: mboxes.py OUTDIR MESSAGE...
#
# Writes OUTDIR/rd.mbox, o.mbox, cl.mbox and cl2.mbox holding the MESSAGE
# files (raw RFC 5322 bytes) in order.  Every message is preceded by a
# "From " line and followed by one blank line (mbox(5): "a blank line is
# appended to each message"; the last one too).
#   mboxrd   a line matching /^>*From / gets one more '>' (reversible)
#   mboxo    a line matching /^From / becomes ">From " (">From " lines
#            are kept as they are, so they come back as "From ")
#   mboxcl   mboxo quoting of the body, and a Content-Length header giving
#            the length of the body as written (after quoting)
#   mboxcl2  no quoting; Content-Length gives the length of the body
# Content-Length is added as the last header (an existing one is dropped);
# the body is everything after the first empty line.  Bytes are never
# decoded, so CRLF, NULs and 8-bit text pass through unchanged.

import re
import sys

FROM_LINE = b"From MAILER-DAEMON Thu Jan  1 00:00:00 1970\n"


def split(msg):
    """(headers with their final newline, body) at the first empty line."""
    m = re.search(rb"\r?\n\r?\n", msg)
    if not m:
        return msg if msg.endswith(b"\n") else msg + b"\n", b""
    cut = m.start() + (2 if msg[m.start()] == 0x0d else 1)
    return msg[:cut], msg[m.end():]


def with_length(msg, quote):
    headers, body = split(msg)
    lines = re.split(rb"(?<=\n)", headers)
    kept = []
    skipping = False
    for line in lines:
        if not line:
            continue
        if re.match(rb"(?i)content-length\s*:", line):
            skipping = True
            continue
        if skipping and line[:1] in (b" ", b"\t"):
            continue
        skipping = False
        kept.append(line)
    body = quote(body)
    return (b"".join(kept) + b"Content-Length: %d\n\n" % len(body) + body
            + b"\n")


def rd(msg):
    msg = re.sub(rb"(?m)^(>*From )", rb">\1", msg)
    return (msg if msg.endswith(b"\n") else msg + b"\n") + b"\n"


def o_quote(data):
    return re.sub(rb"(?m)^From ", rb">From ", data)


def o(msg):
    msg = o_quote(msg)
    return (msg if msg.endswith(b"\n") else msg + b"\n") + b"\n"


WRITERS = {
    "rd": rd,
    "o": o,
    "cl": lambda msg: with_length(msg, o_quote),
    "cl2": lambda msg: with_length(msg, lambda body: body),
}


def main():
    if len(sys.argv) < 3:
        sys.exit("usage: mboxes.py OUTDIR MESSAGE...")
    outdir = sys.argv[1]
    msgs = []
    for path in sys.argv[2:]:
        with open(path, "rb") as f:
            msgs.append(f.read())
    for name, write in WRITERS.items():
        with open("%s/%s.mbox" % (outdir, name), "wb") as out:
            for msg in msgs:
                out.write(FROM_LINE + write(msg))


if __name__ == "__main__":
    main()
