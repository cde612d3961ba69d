#!/usr/bin/env python3
"""tests/ranges2/msgs.py - what a date range must select, from the messages

usage: msgs.py [--tz ZONE] [--now EPOCH] [--since SPEC] [--until SPEC]
               [--show WHAT] FILE...
       msgs.py --batch CASES.tsv OUTDIR

Reads the Date header of each message FILE (RFC 5322, parsed by Python's
email.utils, independently of listdigest) and keeps those inside
[since, until): --since inclusive, --until exclusive.  SPEC is written in
this tool's own unambiguous notation, not listdigest's:

  day:YYYY-MM-DD     the start of that day in ZONE
  dayend:YYYY-MM-DD  the start of the next day in ZONE (a bare --until day)
  at:ISO             datetime.fromisoformat(); without an offset, ZONE
  ago:SECONDS        NOW - SECONDS
  today, yesterday, today-end, yesterday-end
                     the start of today / yesterday in ZONE; -end: the
                     start of the day after

ZONE defaults to UTC, NOW to the current time.  --show picks the output:

  expect   (default) a jsoncheck.py expectation: range.since/until (ISO
           UTC or null) and totals.messages
  count    the number of messages kept
  files    the kept files, one a line
  dated    ", dated D1 to D2" as the first line of a git report must end
           when dates narrow the range: D1 the day (in ZONE) --since falls
           on, else the UTC day of the first kept message; D2 the day (in
           ZONE) of the last second before --until, else the UTC day of
           the last kept message; "(start)"/"(end)" when there is none
  edges    the epoch seconds of since and until (or "none")

--batch checks many runs at once (starting Python for each would make the
tests slow): each line of CASES.tsv is, tab-separated,

  NAME ZONE NOW SINCE UNTIL FILELIST MODE FIRSTLINE EXTRA

with "-" for a missing SINCE/UNTIL; FILELIST a file naming the messages
the run's SOURCE/RANGE holds, one a line; MODE "full" (range.since,
range.until and totals.messages of OUTDIR/NAME-json.out, and the first
line of OUTDIR/NAME.out = FIRSTLINE + the "dated" text), "exact" (the
same without the text run) or "count"
(totals.messages only: "N ago" moves between the test and the run);
EXTRA a JSON object whose "range" members (full commit ids) are expected
too.  Prints "ok TEXT" or "not ok TEXT" lines, with "#" detail lines.
"""
import argparse
import email.parser
import email.policy
import email.utils
import json
import sys
import time
from datetime import datetime, timedelta, timezone
from zoneinfo import ZoneInfo

UTC = timezone.utc


def start_of(day, zone):
    return datetime(day.year, day.month, day.day, tzinfo=zone)


def edge(spec, zone, now):
    if spec is None:
        return None
    kind, _, arg = spec.partition(':')
    today = datetime.fromtimestamp(now, zone).date()
    if kind == 'day':
        return start_of(datetime.strptime(arg, '%Y-%m-%d'), zone)
    if kind == 'dayend':
        return start_of(datetime.strptime(arg, '%Y-%m-%d') +
                        timedelta(days=1), zone)
    if kind == 'at':
        t = datetime.fromisoformat(arg)
        return t if t.tzinfo else t.replace(tzinfo=zone)
    if kind == 'ago':
        return datetime.fromtimestamp(now - int(arg), UTC)
    days = {'today': 0, 'yesterday': -1, 'today-end': 1,
            'yesterday-end': 0}
    if spec in days:
        return start_of(today + timedelta(days=days[spec]), zone)
    raise SystemExit('msgs.py: bad SPEC %r' % spec)


def date_of(path):
    with open(path, 'rb') as f:
        head = email.parser.BytesHeaderParser(
            policy=email.policy.compat32).parse(f)
    value = head.get('Date')
    if value is None:
        return None
    d = email.utils.parsedate_to_datetime(' '.join(value.split()))
    # "-0000" (no zone information) still means UTC here
    return d if d.tzinfo else d.replace(tzinfo=UTC)


def iso(t):
    return None if t is None else \
        t.astimezone(UTC).strftime('%Y-%m-%dT%H:%M:%SZ')


def select(files, since, until, dates):
    kept = []
    for path in files:
        d = dates[path]
        if d is None:
            continue
        if since is not None and d < since:
            continue
        if until is not None and d >= until:
            continue
        kept.append((d, path))
    return kept


def dated(kept, since, until, zone):
    dates = sorted(d for d, _ in kept)
    if since is not None:
        d1 = since.astimezone(zone).strftime('%Y-%m-%d')
    elif dates:
        d1 = dates[0].astimezone(UTC).strftime('%Y-%m-%d')
    else:
        d1 = '(start)'
    if until is not None:
        d2 = (until - timedelta(seconds=1)).astimezone(zone) \
            .strftime('%Y-%m-%d')
    elif dates:
        d2 = dates[-1].astimezone(UTC).strftime('%Y-%m-%d')
    else:
        d2 = '(end)'
    return ', dated %s to %s' % (d1, d2)


def batch(cases, outdir):
    dates = {}
    for line in open(cases, encoding='utf-8'):
        name, tz, now, s, u, flist, mode, first, extra = \
            line.rstrip('\n').split('\t')
        zone = UTC if tz == 'UTC' else ZoneInfo(tz)
        files = open(flist, encoding='utf-8').read().split()
        for f in files:
            if f not in dates:
                dates[f] = date_of(f)
        since = edge(None if s == '-' else s, zone, float(now))
        until = edge(None if u == '-' else u, zone, float(now))
        kept = select(files, since, until, dates)
        try:
            d = json.load(open('%s/%s-json.out' % (outdir, name),
                               encoding='utf-8'))
        except (OSError, ValueError) as e:
            print('not ok %s: no JSON output (%s)' % (name, e))
            continue
        want = {'messages': len(kept)}
        got = {'messages': d.get('totals', {}).get('messages')}
        if mode in ('full', 'exact'):
            want['since'], want['until'] = iso(since), iso(until)
            got['since'] = d.get('range', {}).get('since')
            got['until'] = d.get('range', {}).get('until')
        for k, v in json.loads(extra).get('range', {}).items():
            want[k] = v
            got[k] = d.get('range', {}).get(k)
        if got == want:
            print('ok %s: %s' % (name, json.dumps(want, sort_keys=True)))
        else:
            print('not ok %s: JSON range/totals' % name)
            print('#   expected %s' % json.dumps(want, sort_keys=True))
            print('#   got      %s' % json.dumps(got, sort_keys=True))
        if mode != 'full':
            continue
        want_line = first + dated(kept, since, until, zone)
        try:
            got_line = open('%s/%s.out' % (outdir, name),
                            encoding='utf-8').readline().rstrip('\n')
        except OSError:
            got_line = None
        if got_line == want_line:
            print('ok %s: first line: %s' % (name, want_line))
        else:
            print('not ok %s: first line' % name)
            print('#   expected %s' % want_line)
            print('#   got      %s' % got_line)
    return 0


def main():
    if len(sys.argv) == 4 and sys.argv[1] == '--batch':
        return batch(sys.argv[2], sys.argv[3])
    ap = argparse.ArgumentParser()
    ap.add_argument('--tz', default='UTC')
    ap.add_argument('--now', type=float, default=None)
    ap.add_argument('--since')
    ap.add_argument('--until')
    ap.add_argument('--show', default='expect',
                    choices=['expect', 'count', 'files', 'dated', 'edges'])
    ap.add_argument('files', nargs='*')
    a = ap.parse_args()
    zone = UTC if a.tz == 'UTC' else ZoneInfo(a.tz)
    now = time.time() if a.now is None else a.now
    since, until = edge(a.since, zone, now), edge(a.until, zone, now)
    kept = select(a.files, since, until, {f: date_of(f) for f in a.files})
    if a.show == 'count':
        print(len(kept))
    elif a.show == 'files':
        for _, p in kept:
            print(p)
    elif a.show == 'edges':
        print(' '.join('none' if t is None else str(int(t.timestamp()))
                       for t in (since, until)))
    elif a.show == 'dated':
        print(dated(kept, since, until, zone))
    else:
        print(json.dumps({'range': {'since': iso(since), 'until': iso(until)},
                          'totals': {'messages': len(kept)}}))
    return 0


if __name__ == '__main__':
    sys.exit(main())
