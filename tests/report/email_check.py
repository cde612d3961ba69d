#!/usr/bin/env python3
"""tests/report/email_check.py - check a --format email message with
Python's email package, a parser independent of GMime

usage: email_check.py MESSAGE [options]   (see main() for the options)

Prints one line per check, "ok DESCRIPTION" or "not ok DESCRIPTION" (the
shell test counts them), and exits 0.  Checks, on the raw bytes: LF line
endings, no line over 998 octets, no header the options did not ask for
(a "Bcc:" header line would be an injected header), the header section in
printable ASCII (GMime RFC 2047-encodes the rest); parsed with
policy.default and with compat32: no defects on any part, each expected
header exactly once and no other, addresses as given (compared after both
are parsed by Python), Subject, Date, Message-ID, MIME-Version, the parts'
types, charsets and transfer encodings, and the decoded bodies byte for
byte against the text and HTML reports.
"""
import argparse
import email
import email.policy
import email.utils
import re
import sys
from email.headerregistry import HeaderRegistry

results = []


def check(cond, desc):
    results.append(('ok ' if cond else 'not ok ') + desc)
    return cond


def norm_addresses(header):
    """(group name, display name, user, domain) of every address of an
    address header as Python's header registry parsed it; domains
    lower-cased and in their IDNA form (GMime writes IDN domains so)."""
    out = []
    for g in header.groups:
        for a in g.addresses or (None,):
            if a is None:
                out.append((g.display_name, None, None, None))
                continue
            dom = a.domain.lower()
            try:
                dom = dom.encode('idna').decode('ascii')
            except UnicodeError:
                pass
            out.append((g.display_name, a.display_name, a.username, dom))
    return out


def parse_addresses(value):
    """An address header value given on the command line, parsed."""
    return norm_addresses(HeaderRegistry()('To', value))


def raw_checks(raw, allowed):
    check(b'\r' not in raw, 'raw: LF line endings, no CR anywhere')
    lines = raw.split(b'\n')
    longest = max(len(line) for line in lines)
    check(longest <= 998, 'raw: every line at most 998 octets (longest %d)'
          % longest)
    head = raw.split(b'\n\n', 1)[0]
    names = [line.split(b':', 1)[0].decode('ascii', 'replace').lower()
             for line in head.split(b'\n') if line and line[0] not in b' \t']
    bad = [n for n in names if n not in allowed]
    check(not bad, 'raw: only the expected header names (%s)' %
          (', '.join(bad) or ', '.join(names)))
    bcc = [line for line in head.split(b'\n') if line[:4].lower() == b'bcc:']
    check(not bcc, 'raw: no header line starting with "Bcc:"')
    bad = re.findall(rb'[^\n -~]', head)
    check(not bad, 'raw: the header section is printable ASCII (%r)'
          % sorted(set(bad)))


def defects(msg, label):
    found = []
    for part in msg.walk():
        found += ['%s: %r' % (part.get_content_type(), d)
                  for d in part.defects]
        for name, value in part.items():
            found += ['%s: %r' % (name, d)
                      for d in getattr(value, 'defects', ())]
    check(not found, '%s: no defects%s' % (label, (': ' + '; '.join(
        found)) if found else ''))


def header_checks(msg, args, expect_names):
    for name in expect_names:
        n = len(msg.get_all(name, []))
        check(n == 1, '%s: exactly once (%d)' % (name, n))
    for name in ('Bcc', 'Resent-To', 'Resent-Bcc', 'Reply-To', 'Sender'):
        check(name not in msg, 'no %s header' % name)
    for name, want in (('From', args.sender), ('To', args.to),
                       ('Cc', args.cc)):
        if want is None:
            check(name not in msg, 'no %s header' % name)
            continue
        if not check(name in msg, '%s present' % name):
            continue
        got = norm_addresses(msg[name])
        exp = parse_addresses(want)
        check(got == exp and got, '%s: %r, expected %r' % (name, got, exp))
    if args.subject is not None:
        check(msg['Subject'] == args.subject, 'Subject: %r, expected %r'
              % (msg['Subject'], args.subject))
    date = email.utils.parsedate_to_datetime(str(msg['Date']))
    check(date.tzinfo is not None, 'Date has a zone: %s' % msg['Date'])
    if args.after is not None:
        t = date.timestamp()
        check(args.after <= t <= args.before, 'Date %s within the run '
              '(%d <= %d <= %d)' % (msg['Date'], args.after, t, args.before))
    mid = str(msg['Message-ID'])
    m = re.fullmatch(r'<([!#-\'*+/-9=?A-Z^-~.]+)@([A-Za-z0-9.-]+)>', mid)
    check(m is not None, 'Message-ID well formed: %s' % mid)
    if m and args.sender:
        dom = parse_addresses(args.sender)[0][3]
        check(m.group(2).lower() == dom, 'Message-ID in the From domain '
              '(%s)' % dom)
    if args.msgid_out:
        with open(args.msgid_out, 'w') as f:
            f.write(mid + '\n')
    check(str(msg['MIME-Version']) == '1.0', 'MIME-Version: 1.0')


def part_checks(part, label, ctype, want, ctes):
    check(part.get_content_type() == ctype, '%s: %s (%s)' % (
        label, ctype, part.get_content_type()))
    cs = part.get_param('charset')
    check(cs is not None and cs.lower() == 'utf-8', '%s: charset utf-8 '
          '(%s)' % (label, cs))
    cte = str(part.get('Content-Transfer-Encoding', '')).lower()
    check(cte in ctes, '%s: Content-Transfer-Encoding %s (%s)' % (
        label, ' or '.join(ctes), cte))
    body = part.get_payload(decode=True)
    check(body == want, '%s: decoded body equals the report byte for byte '
          '(%d and %d bytes)' % (label, len(body or b''), len(want)))


def body_checks(msg, args, label):
    text = open(args.text, 'rb').read()
    if args.html is None:
        part_checks(msg, label + ' text', 'text/plain', text, [args.cte])
        check(not msg.is_multipart(), label + ': a single part')
        return
    html = open(args.html, 'rb').read()
    check(msg.get_content_type() == 'multipart/alternative',
          '%s: multipart/alternative (%s)' % (label, msg.get_content_type()))
    parts = msg.get_payload() if msg.is_multipart() else []
    check(len(parts) == 2, '%s: two parts (%d)' % (label, len(parts)))
    if len(parts) != 2:
        return
    part_checks(parts[0], label + ' part 1', 'text/plain', text,
                [args.cte])
    part_checks(parts[1], label + ' part 2', 'text/html', html,
                ['8bit', 'quoted-printable', 'base64'])


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument('message')
    ap.add_argument('--text', required=True,
                    help='the --format text --color=never output')
    ap.add_argument('--html', help='the --format html output: expect '
                    'multipart/alternative')
    ap.add_argument('--from', dest='sender', required=True)
    ap.add_argument('--to')
    ap.add_argument('--cc')
    ap.add_argument('--subject', help='default: the text\'s first line')
    ap.add_argument('--cte', default='8bit',
                    help='of the text/plain part')
    ap.add_argument('--after', type=int, help='Date at or after (epoch)')
    ap.add_argument('--before', type=int)
    ap.add_argument('--msgid-out', help='write the Message-ID there')
    args = ap.parse_args()
    raw = open(args.message, 'rb').read()
    if args.subject is None:
        first = open(args.text, 'rb').read().split(b'\n', 1)[0]
        args.subject = first.decode('utf-8')

    names = ['From', 'Subject', 'Date', 'Message-ID', 'MIME-Version',
             'Content-Type']
    names += ['To'] if args.to is not None else []
    names += ['Cc'] if args.cc is not None else []
    allowed = {n.lower() for n in names}
    allowed |= {'content-transfer-encoding'}
    raw_checks(raw, allowed)
    if not check(raw.strip() != b'', 'message not empty'):
        print('\n'.join(results))
        return

    msg = email.message_from_bytes(raw, policy=email.policy.default)
    defects(msg, 'policy.default')
    header_checks(msg, args, names)
    body_checks(msg, args, 'policy.default')
    old = email.message_from_bytes(raw, policy=email.policy.compat32)
    defects(old, 'compat32')
    body_checks(old, args, 'compat32')
    print('\n'.join(results))


if __name__ == '__main__':
    sys.exit(main())
