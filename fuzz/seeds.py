#!/usr/bin/env python3
"""fuzz/seeds.py - seed corpora for the libFuzzer harnesses, from fixtures

Usage: seeds.py SOURCE_ROOT OUT_DIR

Writes OUT_DIR/<target>/ for each harness (message, subject, inbody, mbox,
when), replacing what was there:

  message  every .eml under tests/corpora/ and tests/containers/
  subject  their Subject lines (decoded, and as written), and the string
           literals of tests/parse/subject.c
  inbody   their text bodies (text/plain and patch parts, LF line ends),
           and the string literals of tests/parse/inbody.c and commitmsg.c
  mbox     small mboxes of those messages in every variant (mboxrd, mboxo,
           mboxcl, mboxcl2, CRLF, gzip, a bare .eml)
  when     the string literals of tests/util/when.c and the messages' Date
           header values

and every target also gets its regression inputs, tests/corpora/fuzz/<t>/.

The seeds are generated, never committed: the fixtures are the source.
"""
import email
import email.header
import email.policy
import gzip
import hashlib
import os
import re
import shutil
import sys

# adjacent C string literals, joined as the compiler would
C_STRINGS = re.compile(r'(?:"(?:\\.|[^"\\\n])*"\s*)+')
C_PIECE = re.compile(r'"((?:\\.|[^"\\\n])*)"')
ESCAPES = {'n': b'\n', 't': b'\t', 'r': b'\r', '0': b'\0', '\\': b'\\',
           '"': b'"', "'": b"'", 'a': b'\a', 'b': b'\b', 'f': b'\f',
           'v': b'\v', 'e': b'\x1b'}


def c_literals(path):
    """The string literals of a C file, as bytes."""
    with open(path, encoding='utf-8', errors='surrogateescape') as f:
        text = f.read()
    out = []
    for m in C_STRINGS.finditer(text):
        data = b''
        for piece in C_PIECE.findall(m.group(0)):
            raw = piece.encode('utf-8', 'surrogateescape')

            def unescape(e):
                s = e.group(1).decode()
                if s[0] == 'x':
                    return bytes([int(s[1:], 16) & 0xff])
                if s[0] in '01234567':
                    return bytes([int(s, 8) & 0xff])
                return ESCAPES.get(s, s.encode())
            data += re.sub(rb'\\(x[0-9a-fA-F]+|[0-7]{1,3}|.)', unescape, raw)
        if data and not data.startswith(b'#include'):
            out.append(data)
    return out


def fixtures(root):
    """Every .eml fixture, by path."""
    paths = []
    for top in ('tests/corpora', 'tests/containers'):
        for d, _, files in os.walk(os.path.join(root, top)):
            if os.sep + 'fuzz' in d[len(root):]:
                continue
            paths += [os.path.join(d, f) for f in files
                      if f.endswith('.eml')]
    return sorted(paths)


def decode_header(value):
    try:
        return str(email.header.make_header(
            email.header.decode_header(value)))
    except Exception:
        return value


def body_text(msg):
    """The text a human wrote, roughly as message.c finds it."""
    parts = []
    for part in msg.walk():
        if part.is_multipart():
            continue
        ctype = part.get_content_type()
        name = part.get_filename() or ''
        if ctype not in ('text/plain', 'text/x-patch', 'text/x-diff') and \
                not name.endswith(('.patch', '.diff')):
            continue
        payload = part.get_payload(decode=True) or b''
        charset = part.get_content_charset() or 'utf-8'
        try:
            text = payload.decode(charset, 'replace')
        except LookupError:
            text = payload.decode('latin-1')
        parts.append(text.replace('\r\n', '\n'))
    return '\n'.join(parts)


def mbox_from_quote(data, rd):
    """Quote body "From " lines: mboxrd every >*From, mboxo only From."""
    pat = rb'^(>*From )' if rd else rb'^(From )'
    return re.sub(pat, rb'>\1', data, flags=re.M)


TARGETS = ('message', 'subject', 'inbody', 'mbox', 'when')
FROM_LINE = b'From mboxrd@z Thu Jan  1 00:00:00 1970\n'


def mbox(messages, variant):
    out = b''
    for data in messages:
        if not data.endswith(b'\n'):
            data += b'\n'
        if variant in ('rd', 'o'):
            out += FROM_LINE + mbox_from_quote(data, variant == 'rd') + b'\n'
            continue
        head, sep, body = data.partition(b'\n\n')
        if variant == 'cl':
            body = mbox_from_quote(body, False)
        head = re.sub(rb'^Content-Length:.*\n', b'', head + b'\n',
                      flags=re.M | re.I).rstrip(b'\n')
        out += (FROM_LINE + head + b'\nContent-Length: %d\n\n' % len(body)
                + body + b'\n')
    return out


class Writer:
    def __init__(self, out):
        self.out = out
        self.seen = {}

    def add(self, target, data, name=None):
        if isinstance(data, str):
            data = data.encode('utf-8', 'surrogateescape')
        if not data:
            return
        digest = hashlib.sha1(data).hexdigest()
        if digest in self.seen.setdefault(target, set()):
            return
        self.seen[target].add(digest)
        d = os.path.join(self.out, target)
        os.makedirs(d, exist_ok=True)
        with open(os.path.join(d, name or digest[:16]), 'wb') as f:
            f.write(data)


def main():
    root, out = sys.argv[1], sys.argv[2]
    for t in TARGETS:
        shutil.rmtree(os.path.join(out, t), ignore_errors=True)
    w = Writer(out)
    raws = []
    for path in fixtures(root):
        with open(path, 'rb') as f:
            raw = f.read()
        raws.append(raw)
        rel = os.path.relpath(path, root).replace(os.sep, '_')
        w.add('message', raw, rel)
        msg = email.message_from_bytes(raw, policy=email.policy.compat32)
        for subject in msg.get_all('Subject') or []:
            subject = re.sub(r'\r?\n[ \t]', ' ', subject)
            w.add('subject', subject)
            w.add('subject', decode_header(subject))
        body = body_text(msg)
        w.add('inbody', body)
        for date in msg.get_all('Date') or []:
            w.add('when', date.strip())

    for lit in c_literals(os.path.join(root, 'tests/parse/subject.c')):
        w.add('subject', lit)
    for name in ('inbody.c', 'commitmsg.c'):
        for lit in c_literals(os.path.join(root, 'tests/parse', name)):
            w.add('inbody', lit)
    for lit in c_literals(os.path.join(root, 'tests/util/when.c')):
        w.add('when', lit)

    # mboxes of three or four messages each, in every variant
    groups = [raws[i:i + 3] for i in range(0, min(len(raws), 30), 3)]
    for n, group in enumerate(groups):
        for variant in ('rd', 'o', 'cl', 'cl2'):
            w.add('mbox', mbox(group, variant), 'g%02d-%s.mbox' % (n, variant))
    sample = mbox(raws[:3], 'rd')
    w.add('mbox', sample.replace(b'\n', b'\r\n'), 'crlf.mbox')
    w.add('mbox', gzip.compress(sample, mtime=0), 'rd.mbox.gz')
    w.add('mbox', gzip.compress(mbox(raws[3:5], 'cl2'), mtime=0) +
          gzip.compress(mbox(raws[5:6], 'cl2'), mtime=0), 'cl2-2members.gz')
    w.add('mbox', raws[0], 'bare.eml')
    w.add('mbox', b'\n\n' + FROM_LINE + b'Subject: x\n\n' + FROM_LINE +
          b'Subject: y\n\nFrom inside\n>From x\n>>From y\n', 'quoting.mbox')

    regressions = os.path.join(root, 'tests/corpora/fuzz')
    for t in TARGETS:
        d = os.path.join(regressions, t)
        for name in sorted(os.listdir(d)) if os.path.isdir(d) else []:
            if not name.startswith(('.', 'README')):
                with open(os.path.join(d, name), 'rb') as f:
                    w.add(t, f.read(), 'regression-' + name)

    for t in sorted(w.seen):
        print('%-8s %4d seeds' % (t, len(w.seen[t])))


if __name__ == '__main__':
    main()
