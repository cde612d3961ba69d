"""tests/tools/safetext.py - what src/report/safe.c does, for the checkers

The Markdown and HTML checkers (tests/report/*_check.py) compare message
text in a report with the JSON report's after the same visible escaping,
and look for characters that must never appear raw.
"""

# Bidi overrides and isolates, and the invisible direction marks.
BIDI = set(range(0x202a, 0x202f)) | set(range(0x2066, 0x206a)) | \
    {0x200e, 0x200f, 0x061c}


def is_raw_control(ch, allowed='\t\n'):
    """Whether `ch` is a character safe.c never lets through raw."""
    c = ord(ch)
    return (c < 0x20 and ch not in allowed) or 0x7f <= c < 0xa0 or c in BIDI


def visible(text):
    """ld_report_safe_append() on a str: controls as \\xNN, bidi as
    \\uNNNN."""
    out = []
    for ch in text:
        c = ord(ch)
        if (c < 0x20 and ch not in '\t\n') or 0x7f <= c < 0xa0:
            out.append('\\x%02x' % c)
        elif c in BIDI:
            out.append('\\u%04x' % c)
        else:
            out.append(ch)
    return ''.join(out)


def raw_controls(text, allowed='\t\n'):
    """The raw control and bidi characters of `text`, as sorted U+XXXX."""
    return sorted({'U+%04X' % ord(ch) for ch in text
                   if is_raw_control(ch, allowed)})
