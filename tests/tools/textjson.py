#!/usr/bin/env python3
"""tests/tools/textjson.py - check that a text and a JSON digest agree

usage: textjson.py TEXT JSON

Both files are listdigest outputs for the same SOURCE, RANGE and options.
Checked: the first line's list name and range ends against "list" and
"range"; the two tables, row by row, against "top_domains" and
"top_contributors"; the patch list against the series' "subject"s; the
commit-message blocks ("New:  " title, subject, "Author: " line, text)
against each series' "commit_messages" and "patches"/"cover".
Prints one line per disagreement; exit 1 if any, 0 if none.
"""
import json
import re
import sys

DASHES = '-' * 70


def main(argv):
    if len(argv) != 2:
        print(__doc__.split('\n\n')[1], file=sys.stderr)
        return 2
    with open(argv[0], encoding='utf-8') as f:
        text = f.read()
    with open(argv[1], encoding='utf-8') as f:
        js = json.load(f)
    bad = []
    lines = text.split('\n')

    m = re.match(r'^(.*) mailing list update from (\S+) to (\S+)$', lines[0])
    if not m:
        return print('first line unreadable: %r' % lines[0]) or 1
    if m.group(1) != js['list']:
        bad.append('list name: text %r, json %r' % (m.group(1), js['list']))
    jfrom = js['range']['from']
    if (m.group(2) == '(start)') != (jfrom is None) or \
            (jfrom is not None and not jfrom.startswith(m.group(2))):
        bad.append('from: text %r, json %r' % (m.group(2), jfrom))
    if not js['range']['to'].startswith(m.group(3)):
        bad.append('to: text %r, json %r' % (m.group(3), js['range']['to']))

    def table(heading_re):
        i = next(i for i, l in enumerate(lines) if re.match(heading_re, l))
        rows = []
        for l in lines[i + 2:]:
            if l == '':
                break
            rows.append((int(l[:7]), l[8:]))
        return rows

    dom = table(r'^Top \d+ contributor Email domains')
    jd = [(d['count'], d['domain']) for d in js['top_domains']]
    if dom != jd:
        bad.append('domains: text %r, json %r' % (dom, jd))
    con = table(r'^Top \d+ contributors ')
    jc = [(c['count'], '%s <%s>' % (c['name'], c['email']))
          for c in js['top_contributors']]
    if con != jc:
        bad.append('contributors: text %r, json %r' % (con, jc))

    i = lines.index('===== Patch list in this time period =====')
    j = lines.index('===== Patch Commit Messages ====')
    plist = [l for l in lines[i + 2:j - 1]]
    js_subjects = [s['subject'] for s in js['series']]
    if plist != js_subjects:
        bad.append('patch list: text %r, json %r' % (plist, js_subjects))

    blocks = text.split('\n===== Patch Commit Messages ====\n\n', 1)[1]
    blocks = blocks.split('\n' + DASHES + '\n\n')
    if blocks and blocks[-1] == '':
        blocks.pop()
    want = []
    for s in js['series']:
        subj = {}
        if s['cover']:
            subj[s['cover']['message_id']] = s['cover']['subject']
        for p in s['patches']:
            subj[p['message_id']] = p['subject']
        for cm in s['commit_messages']:
            want.append((subj.get(cm['message_id']), s['sender'],
                         cm['text']))
    if len(blocks) != len(want):
        bad.append('text has %d commit-message blocks, json %d' %
                   (len(blocks), len(want)))
    for n, (b, (subject, sender, body)) in enumerate(zip(blocks, want)):
        bl = b.split('\n')
        if not bl[0].startswith('New:  '):
            bad.append('block %d: no "New:  " line: %r' % (n, bl[0]))
        if bl[1] != subject:
            bad.append('block %d: subject %r, json %r' % (n, bl[1], subject))
        if not bl[2].endswith('<%s>' % sender['email']):
            bad.append('block %d: %r, json sender %r' % (n, bl[2], sender))
        if '\n'.join(bl[4:]).rstrip('\n') != body:
            bad.append('block %d: commit message differs from json' % n)

    tot = js['totals']
    if tot['series'] != len(js['series']):
        bad.append('totals.series %d, %d series' %
                   (tot['series'], len(js['series'])))
    if sum(d['count'] for d in js['top_domains']) > \
            tot['patches'] + tot['cover_letters']:
        bad.append('domain counts exceed patches + cover letters')
    for b in bad:
        print(b)
    return 1 if bad else 0


if __name__ == '__main__':
    sys.exit(main(sys.argv[1:]))
