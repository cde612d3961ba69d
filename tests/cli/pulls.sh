#!/bin/bash
# tests/cli/pulls.sh - pull requests: the text section and the JSON list
#
# One inbox, in this order: p-01 [GIT PULL] for 5.2 (Sasha Levin, dated
# 23:31 -0400: the 6th in UTC), p-02 [GIT PULL] for 5.6-rc whose tag is
# alone on the line after the URL, p-03 pr-tracker-bot's "Re: [GIT PULL]"
# answer to it (a reply, not a pull request), p-04 [GIT PULL] for 5.9-rc1
# ("Please pull the following changes since commit ..."), e1-08 (a patch),
# p-05 [GIT PULL] for v6.19-rc6 (4 authors, one named "Anirudh Rayabharam
# (Microsoft) (1):"), and p-06 with its Subject edited here to drop
# "[GIT PULL]": git's request-pull text alone makes it a pull request.
# (tests/corpora/e2e/README.md says where each comes from.)
. "$(dirname "$0")/lib.sh"

sed 's/^Subject: \[GIT PULL\] Hyper-V fixes for v7.0-rc5$/Subject: Hyper-V fixes for v7.0-rc5/' \
	"$corp"/p-06-pull-7.0-rc5.eml >"$tmp/p-06.eml"
if cmp -s "$tmp/p-06.eml" "$corp"/p-06-pull-7.0-rc5.eml; then
	echo "Bail out! sed did not edit p-06's Subject"
	exit 1
fi
"$tools/mkinbox.sh" -q "$tmp/p" "$corp"/p-0[1-4]-*.eml \
	"$corp"/e1-08-mshv-pmd.eml "$corp"/p-05-*.eml "$tmp/p-06.eml" \
	>/dev/null || { echo "Bail out! mkinbox.sh failed"; exit 1; }
P=$tmp/p

run whole --no-cache "$P"
check_rc whole 0
check_section whole "$expected/pulls-section.txt" "$P"
run whole-json --no-cache --format json "$P"
check_rc whole-json 0
check_json_str whole-json "$P" '{
  "totals": {"messages": 7, "patches": 1, "cover_letters": 0, "replies": 1,
             "other": 0, "pull_requests": 5, "series": 1},
  "pull_requests": [
    {"message_id": "20190506033111.A3EBA205F4@mail.kernel.org",
     "subject": "[GIT PULL] Hyper-V commits for 5.2",
     "sender": {"name": "Sasha Levin", "email": "sashal@kernel.org"},
     "date": "2019-05-06T03:31:04Z",
     "url": "git://git.kernel.org/pub/scm/linux/kernel/git/hyperv/linux.git",
     "ref": "tags/hyperv-next-signed",
     "base": "9e98c678c2d6ae3a17cb2de55d17f69dddaa231b", "authors": 1},
    {"message_id": "20200305155901.xmstcqwutrb6s7pi@debian",
     "subject": "[GIT PULL] Hyper-V commits for 5.6-rc",
     "sender": {"name": "Wei Liu", "email": "wei.liu@kernel.org"},
     "date": "2020-03-05T15:59:02Z",
     "url": "git://git.kernel.org/pub/scm/linux/kernel/git/hyperv/linux.git",
     "ref": "tags/hyperv-fixes-signed",
     "base": "98d54f81e36ba3bf92172791eba5ca5bd813989b", "authors": 3},
    {"message_id": "20200814100751.uirns3llugywet2x@liuwe-devbox-debian-v2",
     "subject": "[GIT PULL] Hyper-V fixes for 5.9-rc1",
     "sender": {"name": "Wei Liu", "email": "wei.liu@kernel.org"},
     "date": "2020-08-14T10:07:51Z",
     "url": "ssh://git@gitolite.kernel.org/pub/scm/linux/kernel/git/hyperv/linux.git",
     "ref": "tags/hyperv-fixes-signed",
     "base": "bcf876870b95592b52519ed4aafcf9d95999bc9c", "authors": 1},
    {"message_id": "20260113064709.GA3099059@liuwe-devbox-debian-v2.local",
     "subject": "[GIT PULL] Hyper-V fixes for v6.19-rc6",
     "sender": {"name": "Wei Liu", "email": "wei.liu@kernel.org"},
     "date": "2026-01-13T06:47:09Z",
     "url": "ssh://git@gitolite.kernel.org/pub/scm/linux/kernel/git/hyperv/linux.git",
     "ref": "tags/hyperv-fixes-signed-20260112",
     "base": "8f0b4cce4481fb22653697cced8d0d04027cb1e8", "authors": 4},
    {"message_id": "20260320051524.GA759166@liuwe-devbox-debian-v2.local",
     "subject": "Hyper-V fixes for v7.0-rc5",
     "sender": {"name": "Wei Liu", "email": "wei.liu@kernel.org"},
     "date": "2026-03-20T05:15:24Z",
     "url": "ssh://git@gitolite.kernel.org/pub/scm/linux/kernel/git/hyperv/linux.git",
     "ref": "tags/hyperv-fixes-signed-20260319",
     "base": "6de23f81a5e08be8fbf5e8d7e9febc72a5b5f27f", "authors": 7}
  ]
}'
check_agree whole whole-json

# A range without pull requests has no such section, and an empty list.
run nopull --no-cache "$P" "$(rev $P 0 4)..$(rev $P 0 5)"
check_rc nopull 0
if grep -q '^===== Pull requests =====$' "$tmp/nopull.out"; then
	not_ok "nopull: a pull-request section without pull requests"
else
	ok "nopull: no pull-request section"
fi
run nopull-json --no-cache --format json "$P" "$(rev $P 0 4)..$(rev $P 0 5)"
check_json_str nopull-json "$P" '{
  "totals": {"pull_requests": 0, "patches": 1}, "pull_requests": []
}'
check_agree nopull nopull-json

# Only the bot's answer: a reply.
run bot --no-cache --format json "$P" "$(rev $P 0 2)..$(rev $P 0 3)"
check_json_str bot "$P" '{
  "totals": {"messages": 1, "replies": 1, "pull_requests": 0},
  "pull_requests": []
}'

finish
