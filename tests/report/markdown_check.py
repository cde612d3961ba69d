#!/usr/bin/env python3
"""tests/report/markdown_check.py - check a --format markdown report

usage: markdown_check.py [--archive-url URL] REPORT.md REPORT.json

REPORT.md and REPORT.json are the Markdown and JSON reports of the same
inbox and range.  The Markdown is rendered to HTML with cmark-gfm and the
table, autolink, strikethrough and tagfilter extensions (what GitHub uses),
then read back with html.parser and compared with the JSON:

  raw      no C0 control but tab and newline, no DEL, no C1 control, no
           bidirectional override, isolate or mark in the Markdown source
  tags     the HTML holds only the elements the report writes itself (no
           <img>, <script>, <em>, <del>, ... made from message text); each
           <strong> is one of the report's labels
  links    every <a> is an archive link, href = URL/MESSAGE-ID/ of a
           Message-ID in the JSON (none at all without --archive-url), and
           the ones the layout promises are there
  tables   every row of the Markdown source has as many cells as its
           header (read from the source, cells ending at a "|" not preceded
           by a backslash as in cmark-gfm: the HTML would not show it, as
           cmark-gfm drops a row's extra cells)
  content  the tables say what the JSON says (counts, names, addresses,
           subjects, totals, per-day counts; the warnings under "Not
           counted"), the headings of the commit
           message section are the series' titles and subjects, and each
           commit message is verbatim inside a <pre><code>

Text from messages is compared after visible(), the escaping of
src/report/safe.c: control characters show as \\xNN, bidi characters as
\\uNNNN.  Prints "ok - ..." or "not ok - ..." lines; exit status 1 if any
check failed.
"""
import argparse
import json
import os
import re
import subprocess
import sys
import urllib.parse
from html.parser import HTMLParser

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)),
                                '..', 'tools'))
from safetext import raw_controls, visible  # noqa: E402

ALLOWED = {'h1', 'h2', 'h3', 'h4', 'p', 'table', 'thead', 'tbody', 'tr',
           'th', 'td', 'a', 'code', 'pre', 'strong', 'ul', 'li'}
LABELS = {'Author:', 'Previous:'}
BLOCKS = {'h1', 'h2', 'h3', 'h4', 'p', 'pre', 'table'}

results = []


def check(cond, what, detail=''):
    results.append((bool(cond), what, detail))
    return cond


def inline(text):
    """What an inline field shows: visible(), newlines as spaces."""
    return visible(text.replace('\n', ' '))


class Doc(HTMLParser):
    """The rendered report as a list of blocks, in order:
    ('h1'..'h4'|'p', text, links), ('pre', text),
    ('table', [header cells], [[cells]]), a cell being (text, links);
    links are (href, text)."""

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.blocks = []
        self.bad_tags = []
        self.strong = []
        self.links = []
        self.stack = []
        self.cur = None      # the text of the block or cell being read
        self.cur_links = None
        self.link = None
        self.table = None
        self.row = None

    def handle_starttag(self, tag, attrs):
        if tag not in ALLOWED:
            self.bad_tags.append(tag)
        self.stack.append(tag)
        if tag in ('h1', 'h2', 'h3', 'h4', 'p', 'li', 'pre', 'th', 'td'):
            self.cur, self.cur_links = [], []
        if tag == 'table':
            self.table = ([], [])
        elif tag == 'tr':
            self.row = []
        elif tag == 'a':
            self.link = [dict(attrs).get('href'), []]
        elif tag == 'strong':
            self.strong.append([])

    def handle_endtag(self, tag):
        if self.stack and self.stack[-1] == tag:
            self.stack.pop()
        text = ''.join(self.cur) if self.cur is not None else ''
        if tag in ('h1', 'h2', 'h3', 'h4', 'p', 'li'):
            self.blocks.append((tag, text, self.cur_links))
        elif tag == 'pre':
            self.blocks.append(('pre', text))
        elif tag in ('th', 'td'):
            self.row.append((text, self.cur_links))
        elif tag == 'tr':
            if self.table[0]:
                self.table[1].append(self.row)
            else:
                self.table[0].extend(c[0] for c in self.row)
        elif tag == 'table':
            self.blocks.append(('table', self.table[0], self.table[1]))
            self.table = None
        elif tag == 'a':
            link = (self.link[0], ''.join(self.link[1]))
            self.links.append(link)
            if self.cur_links is not None:
                self.cur_links.append(link)
            self.link = None
        elif tag == 'strong':
            self.strong[-1] = ''.join(self.strong[-1])
        if tag in ('h1', 'h2', 'h3', 'h4', 'p', 'li', 'pre', 'th', 'td'):
            self.cur, self.cur_links = None, None

    def handle_data(self, data):
        if self.cur is not None:
            self.cur.append(data)
        if self.link is not None:
            self.link[1].append(data)
        if 'strong' in self.stack and self.strong:
            self.strong[-1].append(data)


def render(md):
    return subprocess.run(
        ['cmark-gfm', '-e', 'table', '-e', 'autolink', '-e',
         'strikethrough', '-e', 'tagfilter'],
        input=md, capture_output=True, check=True).stdout.decode('utf-8')


def check_raw(raw):
    try:
        text = raw.decode('utf-8')
    except UnicodeDecodeError as e:
        check(False, 'raw: valid UTF-8', str(e))
        return
    bad = raw_controls(text, '\t\n')
    check(not bad, 'raw: no control or bidi character in the Markdown',
          ' '.join(bad))


def source_cells(line):
    """The cells of a table row of the source, split as cmark-gfm does."""
    cells, cur, prev = [], [], ''
    for ch in line.strip()[1:]:
        if ch == '|' and prev != '\\':
            cells.append(''.join(cur))
            cur = []
        else:
            cur.append(ch)
        prev = ch
    return cells


def check_source_tables(text):
    bad, header, fence = [], None, None
    for line in text.split('\n'):
        # the report's fences: a line of backticks only, closed by one at
        # least as long
        ticks = re.fullmatch(r'(`{3,})', line)
        if fence is not None:
            if ticks and len(line) >= fence:
                fence = None
            continue
        if ticks:
            fence, header = len(line), None
        elif not line.startswith('|'):
            header = None
        elif header is None:
            header = source_cells(line)
        elif len(source_cells(line)) != len(header):
            bad.append('%d cells under %r: %r' % (
                len(source_cells(line)), header, line[:80]))
    check(not bad, 'tables: every row of the source has as many cells as '
          'its header', '; '.join(bad[:2]))


def sections(doc):
    """{heading text: [blocks up to the next heading]} (h2 and h3)."""
    out, cur = {}, None
    for b in doc.blocks:
        if b[0] in ('h2', 'h3'):
            cur = out.setdefault(b[1], [])
        elif cur is not None:
            cur.append(b)
    return out


def table_in(secs, heading):
    for b in secs.get(heading, []):
        if b[0] == 'table':
            return b
    return None


def rows_of(secs, heading):
    t = table_in(secs, heading)
    return [[c[0] for c in row] for row in t[2]] if t else []


def local_name(p):
    """The Name column: the name, else the address's local part."""
    if p['name']:
        return inline(p['name'])
    return inline(p['email'].split('@')[0]) or '(unknown)'


class Checker:
    def __init__(self, doc, js, url):
        self.doc, self.js, self.url = doc, js, url
        self.secs = sections(doc)
        self.top = None
        for h in self.secs:
            m = re.match(r'Top (-?\d+) contributors', h)
            if m:
                self.top = int(m.group(1))

    def shown(self, rows):
        if self.top is None or self.top < 0:
            return rows
        return rows[:self.top]

    def href(self, mid):
        return self.url.rstrip('/') + '/' + mid + '/'

    def tags(self):
        check(not self.doc.bad_tags, 'tags: only the report\'s own '
              'elements', ' '.join(sorted(set(self.doc.bad_tags))))
        odd = [s for s in self.doc.strong if s not in LABELS]
        check(not odd, 'tags: every <strong> is a label', repr(odd[:3]))

    def mids(self):
        js = self.js
        mids = set()
        for s in js['series']:
            mids.update(m['message_id'] for m in s['commit_messages'])
            if s['previous']:
                mids.add(s['previous']['message_id'])
        mids.update(p['message_id'] for p in js['pull_requests'])
        mids.update(n['first_message_id'] for n in js['first_time_authors'])
        mids.update(t['message_id'] for t in js['busiest_threads'])
        mids.update(u['message_id'] for u in js['unanswered_series'])
        mids.update(s['message_id'] for s in js['first_response']['slowest'])
        return mids

    def links(self):
        links = self.doc.links
        if not self.url:
            check(not links, 'links: none without --archive-url',
                  repr(links[:3]))
            return
        want = {self.href(m) for m in self.mids()}
        bad = [h for h, _ in links
               if h is None or urllib.parse.unquote(h) not in want]
        check(links and not bad, 'links: all %d <a> are archive links to '
              'Message-IDs of the report' % len(links), repr(bad[:3]))

    def link_bad(self, cell_links, mid):
        """Why a cell's links are not the one to `mid` (None: they are);
        without an archive URL, or for no Message-ID, there is none."""
        hrefs = [urllib.parse.unquote(h) for h, _ in cell_links]
        want = [self.href(mid)] if self.url and mid else []
        return None if hrefs == want else '%r, expected %r' % (hrefs, want)

    def links_to(self, what, pairs):
        """One check: each (cell links, Message-ID) of `pairs` links to
        its message's archive page (when there is an archive URL)."""
        bad = [b for b in (self.link_bad(c, m) for c, m in pairs) if b]
        if self.url and pairs:
            check(not bad, 'links: %s (%d) link to their messages' %
                  (what, len(pairs)), '; '.join(bad[:2]))

    def counts(self, heading_start, rows_js, people, org=False):
        heads = [h for h in self.secs if h.startswith(heading_start)]
        if not check(len(heads) == 1, 'content: one "%s" section' %
                     heading_start, repr(heads)):
            return
        got = rows_of(self.secs, heads[0])
        if people:
            want = [[str(r['count']), local_name(r), inline(r['email'])]
                    for r in rows_js]
        else:
            key = 'organisation' if org else 'domain'
            want = [[str(r['count']), inline(r[key])] for r in rows_js]
        check(got == want, 'content: "%s" table as in the JSON (%d rows)' %
              (heads[0], len(want)), '%r != %r' % (got[:3], want[:3]))

    def tops(self):
        js = self.js
        self.counts('Top %d contributor email domains' % self.top,
                    js['top_domains'], False)
        self.counts('Top %d contributors' % self.top,
                    js['top_contributors'], True)
        if 'top_organisations' in js:
            self.counts('Top %d organisations' % self.top,
                        js['top_organisations'], False, org=True)
        self.counts('Top %d reviewers' % self.top, js['top_reviewers'], True)
        self.counts('Top %d participants' % self.top,
                    js['top_participants'], True)

    def totals(self):
        names = {'Messages': 'messages', 'Patches': 'patches',
                 'Cover letters': 'cover_letters', 'Replies': 'replies',
                 'Pull requests': 'pull_requests', 'Other': 'other',
                 'From bots': 'bots', 'Series': 'series',
                 'New series': 'series_new',
                 'Revisions': 'series_revisions',
                 'Resends': 'series_resends', 'Authors': 'authors',
                 'Participants': 'participants'}
        got = {r[0]: r[1] for r in rows_of(self.secs, 'Totals')}
        want = {k: str(self.js['totals'][v]) for k, v in names.items()}
        check(got == want, 'content: totals as in the JSON',
              '%r != %r' % (got, want))

    def patch_list(self):
        t = table_in(self.secs, 'Patch list in this time period')
        series = self.js['series']
        if not check(t is not None or not series,
                     'content: a patch list table'):
            return
        got = [[c[0] for c in row] for row in t[2]] if t else []
        want = []
        for s in series:
            status = s['status']
            if s['previous']:
                status += ' of v%d' % s['previous']['version']
            want.append([inline(s['title']) or '(no subject)',
                         status, str(s['replies']), str(len(s['reviews']))])
        got_cut = [[r[1], r[3], r[5], r[6]] for r in got]
        check(got_cut == want, 'content: patch list (title, status, '
              'replies, reviews) as in the JSON (%d series)' % len(want),
              '%r != %r' % (got_cut[:2], want[:2]))
        recv = [r[4].split(',')[0] for r in got]
        want = ['%d/%d' % (len(s['patches']), s['total']) for s in series]
        check(recv == want, 'content: patch list "received" as in the JSON',
              '%r != %r' % (recv, want))
        self.links_to('patch list titles', [
            (row[1][1], s['commit_messages'][0]['message_id']
             if s['commit_messages'] else None)
            for s, row in zip(series, t[2] if t else [])])

    def counted(self, prefix, rows_js, col, key, link_key):
        heads = [h for h in self.secs if h.startswith(prefix)]
        if not check(heads == ['%s%d' % (prefix, len(rows_js))],
                     'content: heading "%s%d"' % (prefix, len(rows_js)),
                     repr(heads)):
            return
        t = table_in(self.secs, heads[0])
        rows = t[2] if t else []
        got = [r[col][0] for r in rows]
        want = [inline(r[key]) for r in self.shown(rows_js)]
        check(got == want, 'content: "%s" rows as in the JSON' % heads[0],
              '%r != %r' % (got[:2], want[:2]))
        more = len(rows_js) - len(want)
        paras = [b[1] for b in self.secs[heads[0]] if b[0] == 'p']
        if more:
            check(any(p.startswith('... and %d more' % more) for p in paras),
                  'content: "... and %d more" under "%s"' % (more, heads[0]),
                  repr(paras))
        self.links_to('"%s" rows' % heads[0], [
            (row[col][1], r[link_key]) for r, row in zip(rows_js, rows)])

    def threads(self):
        t = table_in(self.secs, 'Busiest threads (replies in this period)')
        rows = t[2] if t else []
        got = [[c[0] for c in r[:3]] for r in rows]
        want = [[str(x['replies']), str(x['messages']), inline(x['subject'])]
                for x in self.js['busiest_threads']]
        check(got == want, 'content: busiest threads as in the JSON',
              '%r != %r' % (got[:2], want[:2]))
        self.links_to('busiest threads', [
            (row[2][1], x['message_id'])
            for x, row in zip(self.js['busiest_threads'], rows)])

    def response(self):
        fr = self.js['first_response']
        paras = [b[1] for b in self.secs.get('Time to first response', [])
                 if b[0] == 'p']
        tail = '(%d answered, %d unanswered).' % (fr['answered'],
                                                  fr['unanswered'])
        check(paras and paras[0].endswith(tail),
              'content: first response "%s"' % tail, repr(paras))
        t = table_in(self.secs, 'Time to first response')
        rows = t[2] if t else []
        got = [r[1][0] for r in rows]
        want = [inline(s['title']) for s in fr['slowest']]
        check(got == want, 'content: slowest series as in the JSON',
              '%r != %r' % (got, want))
        self.links_to('slowest series', [
            (row[1][1], s['message_id'])
            for s, row in zip(fr['slowest'], rows)])

    def per_day(self):
        days = self.js['per_day']
        if 'Messages per day' in self.secs:
            got = [(r[0], int(r[1])) for r in
                   rows_of(self.secs, 'Messages per day') if r[1] != '0']
            want = [(d['date'], d['messages']) for d in days]
        else:
            got = [(r[0], int(r[1])) for r in
                   rows_of(self.secs, 'Messages per month')]
            months = {}
            for d in days:
                months[d['date'][:7]] = months.get(d['date'][:7], 0) + \
                    d['messages']
            want = sorted(months.items())
        check(got == want and (got or not days),
              'content: messages per day/month as in the JSON (%d rows)' %
              len(want), '%r != %r' % (got[:3], want[:3]))

    def pulls(self):
        pulls = self.js['pull_requests']
        t = table_in(self.secs, 'Pull requests')
        rows = t[2] if t else []
        got = [r[1][0] for r in rows]
        want = [inline(p['subject']) for p in pulls]
        check(got == want, 'content: pull requests as in the JSON (%d)' %
              len(want), '%r != %r' % (got, want))
        for p, row in zip(pulls, rows):
            want = ' '.join(x for x in (p['url'], p['ref']) if x)
            check(row[3][0] == inline(want), 'content: pull of %r' %
                  p['subject'][:40], '%r != %r' % (row[3][0], want))
        self.links_to('pull requests', [
            (row[1][1], p['message_id']) for p, row in zip(pulls, rows)])

    def messages(self):
        """The commit-message section: per series "### Label: title",
        "Previous:", then per printed message "#### subject", "Author:"
        and the <pre>."""
        blocks = self.doc.blocks
        i = [k for k, b in enumerate(blocks)
             if b[0] == 'h2' and b[1] == 'Patch commit messages']
        if not check(len(i) == 1, 'content: one "Patch commit messages"'):
            return
        rest = blocks[i[0] + 1:]
        for k, b in enumerate(rest):
            if b[0] == 'h2':
                rest = rest[:k]
                break
        want = []
        for s in self.js['series']:
            label = s['status'].capitalize()
            want.append(('h3', '%s: %s' % (label, inline(s['title']) or
                                            '(no subject)')))
            if s['previous']:
                want.append(('p', 'Previous: v%d of ' %
                             s['previous']['version'],
                             s['previous']['message_id']))
            subjects = {m['message_id']: m['subject'] for m in s['patches']}
            if s['cover']:
                subjects[s['cover']['message_id']] = s['cover']['subject']
            for m in s['commit_messages']:
                want.append(('h4', inline(subjects[m['message_id']]) or
                             '(no subject)', m['message_id']))
                want.append(('p', 'Author: ', None))
                text = visible(m['text'])
                want.append(('pre', text + ('\n' if text and
                                            not text.endswith('\n')
                                            else '')))
        got = rest
        bad = None
        pairs = []
        if len(got) != len(want):
            bad = '%d blocks, expected %d' % (len(got), len(want))
        for g, w in zip(got, want):
            if bad:
                break
            if g[0] != w[0]:
                bad = '%s where %s expected: %r' % (g[0], w[0], g[1][:60])
            elif w[0] == 'p' and not g[1].startswith(w[1]):
                bad = '%r does not start with %r' % (g[1], w[1])
            elif w[0] != 'p' and g[1] != w[1]:
                bad = '%r != %r' % (g[1], w[1])
            if w[0] in ('p', 'h4'):
                pairs.append((g[2], w[2]))
        check(not bad, 'content: commit messages section (%d series, '
              'messages verbatim in <pre>)' % len(self.js['series']),
              bad or '')
        if not bad:
            self.links_to('commit message headings and "Previous:"', pairs)

    def skipped(self):
        got = [b[1] for b in self.secs.get('Not counted', [])
               if b[0] == 'li']
        want = [inline(w) for w in self.js['warnings']]
        check(got == want, 'content: "Not counted" lists the JSON\'s %d '
              'warnings' % len(want), '%r != %r' % (got, want))

    def run(self):
        self.tags()
        self.links()
        if not check(self.top is not None, 'content: a contributors table'):
            return
        self.tops()
        self.patch_list()
        self.pulls()
        self.totals()
        js = self.js
        self.counted('First-time authors: ', js['first_time_authors'], 2,
                     'subject', 'first_message_id')
        self.threads()
        self.counted('Unanswered series: ', js['unanswered_series'], 0,
                     'subject', 'message_id')
        self.response()
        self.per_day()
        self.messages()
        self.skipped()


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument('--archive-url')
    ap.add_argument('--heading', action='append', default=[],
                    help='a "####" heading that must read exactly so')
    ap.add_argument('--code', action='append', default=[],
                    help='text that must be inside one <pre><code>')
    ap.add_argument('md')
    ap.add_argument('json')
    a = ap.parse_args()
    raw = open(a.md, 'rb').read()
    js = json.load(open(a.json, encoding='utf-8'))
    check_raw(raw)
    check_source_tables(raw.decode('utf-8', 'replace'))
    doc = Doc()
    doc.feed(render(raw))
    doc.close()
    Checker(doc, js, a.archive_url).run()
    for h in a.heading:
        check(any(b[0] == 'h4' and b[1] == h for b in doc.blocks),
              'verbatim: heading %r' % h)
    for c in a.code:
        check(any(b[0] == 'pre' and c in b[1] for b in doc.blocks),
              'verbatim: in a code block: %r' % c)
    failed = 0
    for good, what, detail in results:
        print('%s - %s%s' % ('ok' if good else 'not ok', what,
                             '' if good or not detail else ': ' + detail))
        failed += not good
    return 1 if failed else 0


if __name__ == '__main__':
    sys.exit(main())
