#!/usr/bin/env python3
"""tests/tools/textjson.py - check that a text and a JSON digest agree

usage: textjson.py TEXT JSON

Both files are listdigest outputs for the same SOURCE, RANGE and options.
Checked: the first line's list name and range ends against "list" and
"range"; the two tables, row by row, against "top_domains" and
"top_contributors"; every patch-list line against its series, field by
field (the layout below); the "Pull requests" section (present exactly when
"pull_requests" is not empty) against "pull_requests"; the commit-message
blocks (label from "status", the message's title, the "Previous:" line from
"previous", subject, "Author: " line, text) against each series'
"commit_messages", "patches"/"cover" and (for the cover letter's block,
else the first patch's) "sender"; the reviewers and participants tables
against "top_reviewers" and "top_participants"; the "Statistics" section
(issue 5) against "totals", "first_time_authors", "busiest_threads",
"unanswered_series", "first_response" and "per_day"; the "Not counted"
footer against "warnings".

Patch-list line of a series (issue 3):
  [<RFC ><RESEND ><tags >v<version>, <total> patch|patches] <title> |
  <author name, or address> | <status>[ of v<previous version>] |
  <received>/<total> received[, missing <runs a-b, space-separated>] |
  <n> reply|replies, <m> review|reviews
(one line; received = patches present, the cover not counted).

Prints one line per disagreement; exit 1 if any, 0 if none.
"""
import json
import re
import sys

DASHES = '-' * 70
LABELS = {'new': 'New:  ', 'revision': 'Revision:  ', 'resend': 'Resend:  '}


def runs(nums):
    out, i = [], 0
    while i < len(nums):
        j = i
        while j + 1 < len(nums) and nums[j + 1] == nums[j] + 1:
            j += 1
        out.append(str(nums[i]) if i == j else '%d-%d' % (nums[i], nums[j]))
        i = j + 1
    return ' '.join(out)


def plural(n, one, many):
    return '%d %s' % (n, one if n == 1 else many)


def series_line(s):
    head = ('RFC ' if s['rfc'] else '') + ('RESEND ' if s['resend'] else '')
    if s['tags']:
        head += s['tags'] + ' '
    head += 'v%d, %s' % (s['version'], plural(s['total'], 'patch', 'patches'))
    status = s['status']
    if s['previous'] is not None:
        status += ' of v%d' % s['previous']['version']
    got = '%d/%d received' % (len(s['patches']), s['total'])
    if s['missing']:
        got += ', missing ' + runs(s['missing'])
    return '[%s] %s | %s | %s | %s | %s, %s' % (
        head, s['title'], s['author']['name'] or s['author']['email'],
        status, got, plural(s['replies'], 'reply', 'replies'),
        plural(len(s['reviews']), 'review', 'reviews'))


def person(p):
    """"Name <addr>"; a person without a name shows the local part"""
    return '%s <%s>' % (p['name'] or p['email'].split('@')[0], p['email'])


def pull_lines(p):
    lines = [p['subject'],
             '  From: %s, %s' % (person(p['sender']),
                                 (p['date'] or 'unknown date')[:10])]
    if p['url']:
        lines.append('  Pull: ' + p['url'] + (' ' + p['ref'] if p['ref']
                                               else ''))
    if p['base']:
        lines.append('  Since: %s (%s)' % (
            p['base'], plural(p['authors'], 'author', 'authors')))
    return lines


def section(lines, heading):
    """the lines after `heading` (and its blank line) up to a blank one"""
    for i, l in enumerate(lines):
        if l.startswith(heading):
            rows = []
            for r in lines[i + 2:]:
                if r == '':
                    break
                rows.append(r)
            return l, rows
    return None, []


def check_stats(lines, js):
    """the Statistics section against the JSON"""
    bad = []
    t = js['totals']
    want = 'Messages: %d (%s, %d cover %s, %s, %d pull %s, %d other)' % (
        t['messages'], plural(t['patches'], 'patch', 'patches'),
        t['cover_letters'], 'letter' if t['cover_letters'] == 1
        else 'letters', plural(t['replies'], 'reply', 'replies'),
        t['pull_requests'], 'request' if t['pull_requests'] == 1
        else 'requests', t['other'])
    if t['bots']:
        want += ', %d from bots' % t['bots']
    want = [want,
            'Series: %d (%d new, %s, %s)' % (
                t['series'], t['series_new'],
                plural(t['series_revisions'], 'revision', 'revisions'),
                plural(t['series_resends'], 'resend', 'resends')),
            'People: %s, %s' % (
                plural(t['authors'], 'author', 'authors'),
                plural(t['participants'], 'participant', 'participants'))]
    if lines[:3] != want:
        bad.append('totals:\n   text %r\n   json %r' % (lines[:3], want))

    head, rows = section(lines, 'First-time authors: ')
    fta = js['first_time_authors']
    if head != 'First-time authors: %d' % len(fta):
        bad.append('%r, json has %d' % (head, len(fta)))
    got = [r[2:] for r in rows if not r.startswith('    ') and
           not r.startswith('  ... and') and r != '  (none)']
    want = [person(a) for a in fta][:len(got)]
    if got != want:
        bad.append('first-time authors: text %r, json %r' % (got, want))

    head, rows = section(lines, 'Busiest threads ')
    got = [(int(r[:7]), r[8:]) for r in rows
           if not r.startswith('        ') and r != '  (none)']
    want = [(b['replies'], b['subject']) for b in js['busiest_threads']]
    if got != want:
        bad.append('busiest threads: text %r, json %r' % (got, want))

    head, rows = section(lines, 'Unanswered series: ')
    un = js['unanswered_series']
    if head != 'Unanswered series: %d' % len(un):
        bad.append('%r, json has %d' % (head, len(un)))
    got = [r for r in rows
           if not r.startswith('  ... and') and r != '  (none)']
    want = ['  %s | %s | %s' % (u['subject'], u['author']['name'] or
                                u['author']['email'],
                                (u['date'] or 'unknown date')[:10])
            for u in un][:len(got)]
    if got != want:
        bad.append('unanswered: text %r, json %r' % (got, want))

    fr = js['first_response']
    head = next((l for l in lines if l.startswith('Time to first')), '')
    if '(%d answered, %d unanswered)' % (fr['answered'],
                                         fr['unanswered']) not in head:
        bad.append('%r, json %r' % (head, fr))
    if (fr['median_seconds'] is None) != ('no series answered' in head):
        bad.append('%r, json median %r' % (head, fr['median_seconds']))

    head, rows = section(lines, 'Messages per ')
    days = js['per_day']
    got = sum(int(r[13:19]) for r in rows)
    if got != sum(d['messages'] for d in days):
        bad.append('per day: text sums to %d, json to %d' %
                   (got, sum(d['messages'] for d in days)))
    if head == 'Messages per day':
        got = {r[2:12]: int(r[13:19]) for r in rows if int(r[13:19])}
        want = {d['date']: d['messages'] for d in days}
        if got != want:
            bad.append('per day: text %r, json %r' % (got, want))
    elif days and head != 'Messages per month':
        bad.append('no per-day chart, json has %d days' % len(days))
    return bad


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

    for heading, key in ((r'^Top \d+ reviewers ', 'top_reviewers'),
                         (r'^Top \d+ participants ', 'top_participants')):
        got = table(heading)
        want = [(c['count'], person(c)) for c in js[key]]
        if got != want:
            bad.append('%s: text %r, json %r' % (key, got, want))

    i = lines.index('===== Patch list in this time period =====')
    j = lines.index('===== Statistics =====')
    bad += check_stats(lines[j + 2:lines.index(
        '===== Patch Commit Messages ====')], js)
    pull_head = '===== Pull requests ====='
    k = lines.index(pull_head) if pull_head in lines else j
    if k > j:
        bad.append('the pull-request section is after the commit messages')
        k = j
    plist = lines[i + 2:k - 1]
    want = [series_line(s) for s in js['series']]
    if len(plist) != len(want):
        bad.append('patch list: %d lines, json %d series' %
                   (len(plist), len(want)))
    for n, (t, w) in enumerate(zip(plist, want)):
        if t != w:
            bad.append('patch list line %d:\n   text %s\n   json %s' %
                       (n + 1, t, w))
    if lines[k - 1] != '':
        bad.append('no blank line after the patch list')

    pulls = js.get('pull_requests', [])
    if (pull_head in lines) != bool(pulls):
        bad.append('pull-request section %s, json has %d pull requests' %
                   ('present' if pull_head in lines else 'absent',
                    len(pulls)))
    if pull_head in lines and pulls:
        want = ['']
        for p in pulls:
            want += pull_lines(p) + ['']
        got = lines[k + 1:j]
        if got != want:
            bad.append('pull requests:\n   text %r\n   json %r' %
                       (got, want))

    blocks = text.split('\n===== Patch Commit Messages ====\n\n', 1)[1]
    footer = '\n===== Not counted =====\n\n'
    if footer in blocks:
        blocks, skipped = blocks.split(footer, 1)
        blocks += '\n'
        got = skipped.rstrip('\n').split('\n')
        if got != js['warnings']:
            bad.append('not counted:\n   text %r\n   json %r' %
                       (got, js['warnings']))
    elif js['warnings']:
        bad.append('no "Not counted" footer, json has %d warnings' %
                   len(js['warnings']))
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
        head = s['cover'] or (s['patches'][0] if s['patches'] else None)
        for cm in s['commit_messages']:
            want.append((s, subj.get(cm['message_id']), cm['text'],
                         head is not None and
                         cm['message_id'] == head['message_id']))
    if len(blocks) != len(want):
        bad.append('text has %d commit-message blocks, json %d' %
                   (len(blocks), len(want)))
    for n, (b, (s, subject, body, is_head)) in enumerate(zip(blocks, want)):
        bl = b.split('\n')
        label = LABELS[s['status']]
        if not bl[0].startswith(label):
            bad.append('block %d: %r, json status %r' %
                       (n, bl[0], s['status']))
        elif subject is None or bl[0][len(label):] not in subject:
            bad.append('block %d: title %r not in the subject %r' %
                       (n, bl[0][len(label):], subject))
        p = s['previous']
        if p is not None:
            prev = 'Previous: v%d of %s, <%s> (matched by %s)' % (
                p['version'], (p['date'] or 'unknown date')[:10],
                p['message_id'], p['matched_by'])
            if bl[1] != prev:
                bad.append('block %d: %r, json %r' % (n, bl[1], prev))
            bl = bl[:1] + bl[2:]
        if bl[1] != subject:
            bad.append('block %d: subject %r, json %r' % (n, bl[1], subject))
        # "sender" is the header From of the series' cover letter (else of
        # its first patch); another patch may come from someone else
        if not bl[2].startswith('Author: '):
            bad.append('block %d: no "Author: " line: %r' % (n, bl[2]))
        elif is_head and not bl[2].endswith('<%s>' % s['sender']['email']):
            bad.append('block %d: %r, json sender %r' %
                       (n, bl[2], s['sender']))
        if '\n'.join(bl[4:]).rstrip('\n') != body:
            bad.append('block %d: commit message differs from json' % n)

    tot = js['totals']
    if tot['series'] != len(js['series']):
        bad.append('totals.series %d, %d series' %
                   (tot['series'], len(js['series'])))
    if tot.get('pull_requests', 0) != len(pulls):
        bad.append('totals.pull_requests %d, %d pull requests' %
                   (tot.get('pull_requests', 0), len(pulls)))
    if sum(d['count'] for d in js['top_domains']) > \
            tot['patches'] + tot['cover_letters']:
        bad.append('domain counts exceed patches + cover letters')
    for b in bad:
        print(b)
    return 1 if bad else 0


if __name__ == '__main__':
    sys.exit(main(sys.argv[1:]))
