#!/usr/bin/env python3
"""tests/report/html_check.py - check an HTML digest against its JSON twin

usage: html_check.py [--archive-url URL] [--hostile] PAGE DOM JSON

PAGE is what `listdigest --format html` printed, DOM what headless Chromium
made of it (--dump-dom), JSON what `--format json` printed for the same
inbox and options.  Prints one line per check, "ok - ..." or
"not ok - ..." followed by "#" lines saying why; html.sh counts them.
Standard library only (html.parser).

Checked: the DOM is not empty and has exactly the elements of the page's
source, in the same order (so Chromium made no element out of message
text and had no markup to repair); no script, img, iframe, object, embed,
link, base, form or style element outside <head>, no element outside the
set the renderer writes, no event-handler or style attribute, nothing that
loads a resource (src, srcset, url( or @import in the CSS); the head has
the viewport, one <style> with a prefers-color-scheme: dark block; every
table sits in a horizontally scrolling box; every href is the archive URL
plus a Message-ID of the JSON and a slash (no link without --archive-url);
the charts (one <svg role=img> per non-empty table, with its <title>) and
their tables hold the JSON's numbers, messages per day with the quiet days
filled (per month past 400 days); the patch list has a row per series,
each series a <details> with its commit messages in <pre> as the JSON has
them (control characters shown as the text report shows them); the
participants, pull requests, statistics and totals match.  --hostile: the
hostile subject, sender name and commit message (tests/corpora/hostile)
appear verbatim as text, and no raw control character or bidi override
reaches the DOM's text.
"""
import argparse
import html.parser
import json
import os
import re
import sys
import urllib.parse
from datetime import date, timedelta

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)),
                                '..', 'tools'))
from safetext import raw_controls, visible  # noqa: E402

VOID = {'area', 'base', 'br', 'col', 'embed', 'hr', 'img', 'input', 'link',
        'meta', 'source', 'track', 'wbr'}
# What html.c and svg.c write; anything else came from somewhere else.
ALLOWED = {'html', 'head', 'meta', 'title', 'style', 'body', 'header',
           'main', 'footer', 'section', 'h1', 'h2', 'h3', 'p', 'div',
           'span', 'strong', 'code', 'pre', 'a', 'br', 'ul', 'li', 'dl',
           'dt', 'dd', 'details', 'summary', 'article', 'figure',
           'figcaption', 'table', 'thead', 'tbody', 'tr', 'th', 'td',
           'small', 'svg', 'rect', 'line', 'text'}
FORBIDDEN = {'script', 'img', 'iframe', 'object', 'embed', 'link', 'base',
             'form', 'input', 'frame', 'frameset', 'video', 'audio',
             'source', 'image', 'use', 'foreignobject', 'b'}
RESOURCE_ATTRS = {'src', 'srcset', 'poster', 'data', 'action', 'formaction',
                  'background', 'xlink:href', 'ping', 'style'}
# The renderer's day chart limit (html.c MAX_DAYS, MAX_MONTHS).
MAX_DAYS, MAX_MONTHS = 400, 600

HOSTILE_SUBJECT = ('[PATCH] <img src=x onerror=alert(1)> net: mana: `fix` '
                   '*leak* | in _hwc_ [x](y) #1')
HOSTILE_NAME = '</pre><script>alert(1)</script>'
HOSTILE_BODY = ['</pre><script>alert(2)</script>',
                '<b>bold</b> & &amp; ]]> -->']


class Node:
    def __init__(self, tag, attrs, parent):
        self.tag, self.attrs, self.parent = tag, dict(attrs), parent
        self.children = []

    def text(self):
        return ''.join(c if isinstance(c, str) else c.text()
                       for c in self.children)

    def iter(self):
        yield self
        for c in self.children:
            if isinstance(c, Node):
                yield from c.iter()

    def find_all(self, tag=None, cls=None):
        return [n for n in self.iter() if n is not self and
                (tag is None or n.tag == tag) and
                (cls is None or cls in n.attrs.get('class', '').split())]

    def by_id(self, ident):
        for n in self.iter():
            if n.attrs.get('id') == ident:
                return n
        return None

    def ancestors(self):
        n = self.parent
        while n is not None:
            yield n
            n = n.parent


class Tree(html.parser.HTMLParser):
    """A DOM-ish tree, the start tags in order, and every text run."""

    def __init__(self, source, source_pre=False):
        super().__init__(convert_charrefs=True)
        self.source_pre = source_pre
        self.root = Node('#document', [], None)
        self.cur, self.tags, self.texts = self.root, [], []
        self.feed(source)
        self.close()

    def handle_starttag(self, tag, attrs):
        self.tags.append(tag)
        node = Node(tag, attrs, self.cur)
        self.cur.children.append(node)
        if tag not in VOID:
            self.cur = node

    def handle_startendtag(self, tag, attrs):
        self.tags.append(tag)
        self.cur.children.append(Node(tag, attrs, self.cur))

    def handle_endtag(self, tag):
        n = self.cur
        while n is not self.root and n.tag != tag:
            n = n.parent
        if n is not self.root:
            self.cur = n.parent

    def handle_data(self, data):
        # As an HTML parser does, drop a newline opening a <pre> of a
        # page's source (Chromium's --dump-dom writes the DOM's text as it
        # is, without the extra newline that would protect a leading one).
        if self.source_pre and self.cur.tag == 'pre' and \
                not self.cur.children and data.startswith('\n'):
            data = data[1:]
        self.cur.children.append(data)
        self.texts.append(data)

    def by_id(self, ident):
        return self.root.by_id(ident)


class Checker:
    def __init__(self):
        self.failed = 0

    def check(self, cond, what, why=None):
        if cond:
            print('ok - ' + what)
        else:
            self.failed += 1
            print('not ok - ' + what)
            for line in str(why or '').splitlines()[:12]:
                print('#   ' + line)
        return cond

    def same(self, got, want, what):
        """got == want; else the first difference of two lists."""
        why = 'got:  %r\nwant: %r' % (got, want)
        if isinstance(got, list) and isinstance(want, list):
            diff = [i for i, (g, w) in enumerate(zip(got, want)) if g != w]
            i = diff[0] if diff else min(len(got), len(want))
            why = '%d items, want %d; first difference at %d:\n' \
                  'got:  %r\nwant: %r' % (len(got), len(want), i,
                                         got[i:i + 1], want[i:i + 1])
        return self.check(got == want, what, why[:2000])


def rows(table):
    body = table.find_all('tbody')
    trs = body[0].find_all('tr') if body else []
    return [[td.text() for td in tr.find_all('td')] for tr in trs]


def message_ids(obj, out):
    """Every Message-ID the JSON names (any *message_id field)."""
    if isinstance(obj, dict):
        for k, v in obj.items():
            if k.endswith('message_id') and isinstance(v, str) and v:
                out.add(v)
            else:
                message_ids(v, out)
    elif isinstance(obj, list):
        for v in obj:
            message_ids(v, out)
    return out


def periods(per_day):
    """The rows of the messages-per-day chart: html.c's filling."""
    if not per_day:
        return 'Day', []
    days = [(date.fromisoformat(r['date']), r['messages']) for r in per_day]
    first, last = days[0][0], days[-1][0]
    counts = dict(days)
    if (last - first).days < MAX_DAYS:
        return 'Day', [(str(first + timedelta(n)),
                        counts.get(first + timedelta(n), 0))
                       for n in range((last - first).days + 1)]
    months = {}
    for d, n in days:
        key = d.year * 12 + d.month - 1
        months[key] = months.get(key, 0) + n
    lo, hi = min(months), max(months)
    keys = range(lo, hi + 1) if hi - lo < MAX_MONTHS else sorted(months)
    return 'Month', [('%04d-%02d' % (k // 12, k % 12 + 1), months.get(k, 0))
                     for k in keys]


def check_structure(c, page, dom):
    c.check(len(dom.tags) > 10 and 'html' in dom.tags and
            'body' in dom.tags, 'the DOM is not empty (%d elements)' %
            len(dom.tags))
    c.same(dom.tags, page.tags, 'the DOM has exactly the elements of the '
           'page source, in order')
    names = set(dom.tags)
    c.check(not names & FORBIDDEN, 'no script, img, iframe, object, embed, '
            'link, b ... element', sorted(names & FORBIDDEN))
    c.check(names <= ALLOWED, 'only the elements the renderer writes',
            sorted(names - ALLOWED))
    bad = sorted({'%s@%s' % (n.tag, a) for n in dom.root.iter()
                  for a in n.attrs
                  if a.startswith('on') or a in RESOURCE_ATTRS or
                  (a == 'href' and n.tag != 'a')})
    c.check(not bad, 'no event handler, style or resource attribute', bad)
    styles = dom.root.find_all('style')
    c.check(len(styles) == 1 and styles[0].parent.tag == 'head',
            'one <style>, in <head>', [s.parent.tag for s in styles])
    css = styles[0].text() if styles else ''
    c.check('prefers-color-scheme:dark' in css.replace(' ', ''),
            'the CSS has a prefers-color-scheme: dark block')
    c.check('url(' not in css and '@import' not in css,
            'the CSS loads nothing (no url(, no @import)')
    c.check(re.search(r'pre\{[^}]*overflow-x:auto', css) is not None,
            '<pre> scrolls horizontally')
    metas = [m.attrs for m in dom.root.find_all('meta')]
    c.check(any(m.get('name') == 'viewport' and 'width=device-width' in
                m.get('content', '') for m in metas) and
            any(m.get('charset', '').lower() == 'utf-8' for m in metas),
            'viewport and charset meta elements')
    loose = [t for t in dom.root.find_all('table')
             if not any('scroll' in a.attrs.get('class', '').split()
                        for a in t.ancestors())]
    c.check(not loose, 'every table sits in a scrolling box',
            '%d tables outside' % len(loose))


def check_links(c, dom, data, url):
    links = [n for n in dom.root.iter() if 'href' in n.attrs]
    if not url:
        c.same(len(links), 0, 'without --archive-url, no link')
        return
    mids = message_ids(data, set())
    pat = re.compile(re.escape(url.rstrip('/')) + r'/([^/]+)/$')
    bad = [n.attrs['href'] for n in links
           if n.tag != 'a' or not pat.match(n.attrs['href']) or
           urllib.parse.unquote(pat.match(n.attrs['href']).group(1))
           not in mids]
    c.check((links or not mids) and not bad, '%d links, each the archive '
            'URL, a Message-ID of the JSON and "/"' % len(links), bad[:5])
    hrefs = {n.attrs['href'] for n in links}
    want = [m['message_id'] for s in data['series']
            for m in s['commit_messages']] + \
        [p['message_id'] for p in data['pull_requests']]
    missing = [m for m in want if '%s/%s/' % (url.rstrip('/'),
               urllib.parse.quote(m, safe="!$&'()*+,;=:@")) not in hrefs]
    c.check(not missing, 'every commit message and pull request is linked',
            missing[:5])


def chart_rows(data, key):
    """(label, table cells) of each row of a top-N table of the JSON."""
    out = []
    for r in data.get(key) or []:
        if 'domain' in r or 'organisation' in r:
            k = r.get('domain', r.get('organisation'))
            out.append((k, [visible(k), str(r['count'])], r['count']))
        else:
            label = r['name'] or r['email']
            out.append((label, [visible(r['name']), visible(r['email']),
                                str(r['count'])], r['count']))
    return out


def check_bars(c, dom, data, ident, key):
    fig = dom.by_id('fig-' + ident)
    want = chart_rows(data, key)
    if key not in data:
        c.check(fig is None, 'no %s chart (not in the JSON)' % ident)
        return 0
    if not c.check(fig is not None, 'a %s figure' % ident):
        return 0
    svgs = fig.find_all('svg')
    if not want:
        c.same(len(svgs), 0, '%s: no chart for an empty table' % ident)
        return 0
    if not c.same(len(svgs), 1, '%s: one <svg>' % ident):
        return 0
    svg = svgs[0]
    title = dom.by_id(svg.attrs.get('aria-labelledby', ''))
    c.check(svg.attrs.get('role') == 'img' and title is not None and
            title.tag == 'title' and title.parent is svg and
            title.text().strip(), '%s: <svg role=img> named by its <title>'
            % ident)
    tables = fig.find_all('table')
    c.same([r for r in rows(tables[0])] if tables else None,
           [w[1] for w in want], '%s: the table has the JSON\'s rows' % ident)
    tips = [r.find_all('title')[0].text() if r.find_all('title') else None
            for r in svg.find_all('rect', 'bar')]
    c.same(tips, ['%s: %d' % (visible(w[0]), w[2]) for w in want],
           '%s: one bar per row, its tooltip "label: count"' % ident)
    c.same([t.text() for t in svg.find_all('text', 'value')],
           [str(w[2]) for w in want], '%s: the bars\' values' % ident)
    return 1


def check_days(c, dom, data):
    heading, want = periods(data.get('per_day', []))
    fig = dom.by_id('fig-days')
    if not c.check(fig is not None, 'a messages-over-time figure'):
        return 0
    svgs = fig.find_all('svg')
    if not want:
        c.same(len(svgs), 0, 'no time chart without dated messages')
        return 0
    c.same(len(svgs), 1, 'one time chart')
    tables = fig.find_all('table')
    ths = tables[0].find_all('th') if tables else []
    c.same(ths[0].text() if ths else None, heading,
           'time chart by %s' % heading.lower())
    c.same(rows(tables[0]) if tables else None,
           [[d, str(n)] for d, n in want],
           'time chart table: %d %ss, quiet ones at 0, as the JSON\'s '
           'per_day' % (len(want), heading.lower()))
    tips = [r.find_all('title')[0].text() for s in svgs[:1]
            for r in s.find_all('rect', 'column')]
    c.same(tips, ['%s: %d' % (d, n) for d, n in want if n],
           'time chart: one column per period with messages')
    return 1


def check_charts(c, dom, data):
    n = check_days(c, dom, data)
    for ident, key in (('domains', 'top_domains'),
                       ('contributors', 'top_contributors'),
                       ('organisations', 'top_organisations'),
                       ('reviewers', 'top_reviewers')):
        n += check_bars(c, dom, data, ident, key)
    c.same(len(dom.root.find_all('svg')), n, 'the page has %d charts' % n)


def check_series(c, page, dom, data):
    series = data['series']
    tables = dom.root.find_all('table', 'patch-list')
    got = rows(tables[0]) if tables else []
    c.same(len(got), len(series), 'the patch list has a row per series')
    c.check(all(visible(s['title']) in r[0] for s, r in zip(series, got)),
            'each row shows its series\' title',
            [r[0] for r in got][:3])
    details = dom.root.find_all('details', 'series')
    c.same(len(details), len(series), 'a <details> per series')
    want = [[visible(m['text']) for m in s['commit_messages']]
            for s in series]
    for tree, what in ((page, 'the source'), (dom, 'the DOM')):
        pres = [[p.text() for p in d.find_all('pre')]
                for d in tree.root.find_all('details', 'series')]
        c.same(pres, want, 'each series\' commit messages in <pre>, as the '
               'JSON has them, in %s' % what)
    c.check(all(visible(s['title']) in d.find_all('summary')[0].text()
                for s, d in zip(series, details)),
            'each <details> is summed up by its title')


def check_lists(c, dom, data):
    tables = dom.by_id('participants')
    got = rows(tables.find_all('table')[0]) if tables and \
        tables.find_all('table') else []
    c.same(got, [[visible(r['name']), visible(r['email']), str(r['count'])]
                 for r in data['top_participants']],
           'top participants as the JSON\'s')
    pulls = dom.root.find_all('table', 'pulls')
    got = [r[0] for r in rows(pulls[0])] if pulls else []
    c.same(got, [visible(p['subject']) for p in data['pull_requests']],
           'the pull requests, by subject')
    for ident, key in (('first-time-authors', 'first_time_authors'),
                       ('unanswered', 'unanswered_series')):
        h = dom.by_id(ident)
        c.check(h is not None and h.text().endswith(': %d' %
                                                     len(data[key])),
                '%s: %d' % (ident, len(data[key])),
                h.text() if h else 'no heading')
    sect = dom.by_id('statistics')
    text = sect.text() if sect else ''
    for t in data['busiest_threads']:
        c.check(visible(t['subject']) in text, 'busiest thread shown: %s' %
                t['subject'][:50])
    fr = data['first_response']
    c.check('(%d answered, %d unanswered)' % (fr['answered'],
                                             fr['unanswered']) in text,
            'time to first response: answered and unanswered')
    for key in ('messages', 'series', 'authors'):
        card = dom.by_id('total-' + key)
        num = card.find_all('span', 'num') if card else []
        c.same(num[0].text() if num else None, str(data['totals'][key]),
               'total %s' % key)


def check_hostile(c, dom):
    texts = dom.texts
    for what, s in (('subject', HOSTILE_SUBJECT), ('sender name',
                                                     HOSTILE_NAME)):
        c.check(any(s in t for t in texts), 'hostile %s shown verbatim as '
                'text: %s' % (what, s))
    pres = [p.text() for p in dom.root.find_all('pre')]
    for s in HOSTILE_BODY:
        c.check(any(s in p for p in pres), 'commit message text shown '
                'verbatim in <pre>: %s' % s)
    alltext = ''.join(texts)
    bad = raw_controls(alltext, '\t\n\r')
    c.check(not bad, 'no raw control character or bidi override in the '
            'text', ' '.join(bad))
    c.check('leak \\u202ecod.exe' in alltext,
            'U+202E shown as the visible "\\u202e"')


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument('--archive-url')
    ap.add_argument('--hostile', action='store_true')
    ap.add_argument('page')
    ap.add_argument('dom')
    ap.add_argument('json')
    a = ap.parse_args()
    with open(a.page, encoding='utf-8') as f:
        page = Tree(f.read(), source_pre=True)
    with open(a.dom, encoding='utf-8') as f:
        dom = Tree(f.read())
    with open(a.json, encoding='utf-8') as f:
        data = json.load(f)
    c = Checker()
    check_structure(c, page, dom)
    check_links(c, dom, data, a.archive_url)
    check_charts(c, dom, data)
    check_series(c, page, dom, data)
    check_lists(c, dom, data)
    if a.hostile:
        check_hostile(c, dom)
    return 1 if c.failed else 0


if __name__ == '__main__':
    sys.exit(main())
