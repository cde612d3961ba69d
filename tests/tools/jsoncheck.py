#!/usr/bin/env python3
"""tests/tools/jsoncheck.py - compare listdigest JSON output with an expectation

usage: jsoncheck.py [--inbox DIR] EXPECTED ACTUAL

EXPECTED is a JSON file written by hand from the fixture messages; ACTUAL is
the program's output.  The comparison is structural (json.load on both):

  - every key of an expected object must be in the actual object with an
    equal value; keys the expectation does not name are ignored, so an
    expectation may be partial (e.g. only "totals");
  - lists must have the same length and equal items, in order;
  - numbers, booleans, null and strings must be equal (true is not 1);
  - strings "@E<epoch>.<position>@" stand for the full id of the commit at
    that 1-based position of DIR/git/<epoch>.git's first-parent history,
    oldest first (commit ids differ from build to build, so the files name
    positions instead);
  - nothing else is normalised: Message-IDs are written without <> and
    commit-message texts without a trailing newline (docs/json.md).

Prints one line per difference, with its path, and exits 1 if there is any,
0 if none, 2 on bad usage or unreadable input.
"""
import difflib
import json
import re
import subprocess
import sys

PLACEHOLDER = re.compile(r'^@E(\d+)\.(\d+)@$')


class Resolver:
    def __init__(self, inbox):
        self.inbox = inbox
        self.cache = {}

    def commit(self, epoch, pos):
        if self.inbox is None:
            raise SystemExit('jsoncheck: placeholder without --inbox')
        if epoch not in self.cache:
            gd = '%s/git/%d.git' % (self.inbox, epoch)
            out = subprocess.run(['git', '-C', gd, 'rev-list', '--reverse',
                                  '--first-parent', 'HEAD'],
                                 capture_output=True, text=True, check=True)
            self.cache[epoch] = out.stdout.split()
        revs = self.cache[epoch]
        if not 1 <= pos <= len(revs):
            raise SystemExit('jsoncheck: no commit @E%d.%d@' % (epoch, pos))
        return revs[pos - 1]

    def value(self, v):
        if isinstance(v, str):
            m = PLACEHOLDER.match(v)
            if m:
                return self.commit(int(m.group(1)), int(m.group(2)))
        return v


def short(v):
    s = json.dumps(v, ensure_ascii=False)
    return s if len(s) <= 200 else s[:200] + '...'


def compare(exp, act, path, res, diffs):
    if isinstance(exp, dict):
        if not isinstance(act, dict):
            diffs.append('%s: expected an object, got %s' % (path, short(act)))
            return
        for k, v in exp.items():
            if k not in act:
                diffs.append('%s.%s: missing' % (path, k))
            else:
                compare(v, act[k], '%s.%s' % (path, k), res, diffs)
    elif isinstance(exp, list):
        if not isinstance(act, list):
            diffs.append('%s: expected a list, got %s' % (path, short(act)))
            return
        if len(exp) != len(act):
            diffs.append('%s: expected %d items, got %d' %
                         (path, len(exp), len(act)))
        for i, (e, a) in enumerate(zip(exp, act)):
            compare(e, a, '%s[%d]' % (path, i), res, diffs)
    else:
        e, a = res.value(exp), act
        if type(e) is not type(a) or e != a:
            if isinstance(e, str) and isinstance(a, str) and '\n' in e + a:
                d = difflib.unified_diff(e.split('\n'), a.split('\n'),
                                         'expected', 'actual', lineterm='')
                diffs.append('%s: differs:\n%s' % (path, '\n'.join(d)))
            else:
                diffs.append('%s: expected %s, got %s' %
                             (path, short(e), short(a)))


def main(argv):
    inbox = None
    if len(argv) >= 2 and argv[0] == '--inbox':
        inbox = argv[1]
        argv = argv[2:]
    if len(argv) != 2:
        print(__doc__.split('\n\n')[1], file=sys.stderr)
        return 2
    try:
        with open(argv[0], encoding='utf-8') as f:
            exp = json.load(f)
        with open(argv[1], encoding='utf-8') as f:
            act = json.load(f)
    except (OSError, ValueError) as e:
        print('jsoncheck: %s' % e, file=sys.stderr)
        return 2
    diffs = []
    compare(exp, act, '$', Resolver(inbox), diffs)
    for d in diffs:
        print(d)
    return 1 if diffs else 0


if __name__ == '__main__':
    sys.exit(main(sys.argv[1:]))
