#!/usr/bin/env python3
"""tests/ranges2/fastinbox.py - a big public-inbox v2 epoch, fast

usage: fastinbox.py [--variant N] EPOCH.git FILE...

Appends one commit per FILE (a message, byte for byte) to refs/heads/master
of the bare repository EPOCH.git (created when missing), each commit's tree
holding only blob "m" = the message: the layout public-inbox-mda writes
(see tests/tools/mkinbox.sh), made with `git fast-import` because
delivering hundreds of messages through mda takes minutes.  Commit author
and dates are fixed and unrelated to the messages (listdigest reads the
headers).  Used where only the size of the archive matters (kill.sh).

--variant N stores each message with "vN." inserted after every "<" of its
Message-ID, In-Reply-To and References headers: the same mail again as new,
distinct messages threaded among themselves, so one corpus can make an
archive of any size.
"""
import os
import re
import subprocess
import sys


ID_HEADERS = re.compile(rb'^(message-id|in-reply-to|references):',
                        re.IGNORECASE)


def variant(data, n):
    """data with the ids of its threading headers made unique to n"""
    end = data.find(b'\n\n')
    head, body = (data, b'') if end < 0 else (data[:end], data[end:])
    lines = head.split(b'\n')
    inside = False
    for i, line in enumerate(lines):
        if line[:1] in (b' ', b'\t'):
            pass                    # a folded line continues the header
        else:
            inside = bool(ID_HEADERS.match(line))
        if inside:
            lines[i] = line.replace(b'<', b'<v%d.' % n)
    return b'\n'.join(lines) + body


def main(argv):
    var = None
    if len(argv) >= 2 and argv[0] == '--variant':
        var = int(argv[1])
        argv = argv[2:]
    if len(argv) < 2:
        print(__doc__.split('\n\n')[1], file=sys.stderr)
        return 2
    repo, files = argv[0], argv[1:]
    env = dict(os.environ, GIT_CONFIG_NOSYSTEM='1')
    if not os.path.isdir(repo):
        subprocess.run(['git', 'init', '-q', '--bare', repo], check=True,
                       env=env)
    have = subprocess.run(['git', '-C', repo, 'rev-parse', '-q', '--verify',
                           'refs/heads/master'], capture_output=True,
                          env=env).returncode == 0
    out = []
    when = 1000000000
    for i, path in enumerate(files):
        with open(path, 'rb') as f:
            data = f.read()
        if var is not None:
            data = variant(data, var)
        msg = b'message %d\n' % i
        out.append(b'commit refs/heads/master\n')
        out.append(b'committer Fast <fast@example.org> %d +0000\n' %
                   (when + i))
        out.append(b'data %d\n%s' % (len(msg), msg))
        if i == 0 and have:
            out.append(b'from refs/heads/master^0\n')
        out.append(b'deleteall\n')
        out.append(b'M 100644 inline m\n')
        out.append(b'data %d\n%s\n' % (len(data), data))
    subprocess.run(['git', '-C', repo, 'fast-import', '--quiet'],
                   input=b''.join(out), check=True, env=env)
    return 0


if __name__ == '__main__':
    sys.exit(main(sys.argv[1:]))
