#!/usr/bin/env python3
"""bench/cosimilar-ref.py: a brute-force co-similar reference, written for
cibscope's benchmark (it is not the coordination-network-toolkit, which is
not packaged for Debian and could not be installed here).

    cosimilar-ref.py CASE.db THRESHOLD WINDOW [CIBSCOPE_EDGES.csv]

Reads the posts of a case that have text and are not reposts, puts each
text in cibscope's normal form (minhash.h: lowercased, URLs dropped, runs
of white space made one space), takes its set of character 5-grams, and
compares every pair of posts by different accounts at most WINDOW seconds
apart (all pairs when WINDOW is 0) by exact Jaccard similarity. The edge
rule is co-post's: the weight of A->B is the number of distinct posts of
A with a post of B at least THRESHOLD similar. Prints the time taken and
the edge count, and, given cibscope's `coordination --type co-similar
--min-weight 1 --format csv` output, how many edges agree.
"""
import csv
import re
import sqlite3
import sys
import time

K = 5
URL = re.compile(r"^https?://", re.I)


def normal(text):
    words = [w for w in text.split() if not URL.match(w)]
    return " ".join(words).lower()


def shingles(text):
    s = normal(text)
    return frozenset(s[i:i + K] for i in range(len(s) - K + 1))


def main():
    db, t, window = sys.argv[1], float(sys.argv[2]), int(sys.argv[3])
    con = sqlite3.connect(db)
    con.text_factory = lambda b: b.decode("utf-8", "replace")
    t0 = time.time()
    rows = con.execute(
        "SELECT p.id, a.native_id, p.posted_at, p.text FROM posts p"
        " JOIN accounts a ON a.id = p.account_id WHERE p.text IS NOT NULL"
        " AND p.text <> '' AND (p.repost_of IS NULL OR p.repost_of = '')"
        " AND p.posted_at IS NOT NULL ORDER BY p.posted_at").fetchall()
    posts = [(pid, acct, at, shingles(text)) for pid, acct, at, text in rows]
    posts = [p for p in posts if p[3]]
    read = time.time() - t0
    matched = {}          # (a, b) -> set of a's post ids
    compared = 0
    n = len(posts)
    for i in range(n):
        pi, ai, ti, si = posts[i]
        for j in range(i + 1, n):
            pj, aj, tj, sj = posts[j]
            if window > 0 and tj - ti > window:
                break
            if ai == aj:
                continue
            compared += 1
            inter = len(si & sj)
            if inter == 0 or inter / (len(si) + len(sj) - inter) < t:
                continue
            matched.setdefault((ai, aj), set()).add(pi)
            matched.setdefault((aj, ai), set()).add(pj)
    total = time.time() - t0
    edges = {k: len(v) for k, v in matched.items()}
    print("posts %d, pairs compared %d, edges %d; read and shingle %.1f s,"
          " total %.1f s" % (n, compared, len(edges), read, total))
    if len(sys.argv) > 4:
        theirs = {}
        with open(sys.argv[4], newline="") as f:
            for r in csv.DictReader(f):
                theirs[(r["user_1"], r["user_2"])] = int(r["weight"])
        same = sum(1 for k, w in edges.items() if theirs.get(k) == w)
        only_ref = sum(1 for k in edges if k not in theirs)
        only_cib = sum(1 for k in theirs if k not in edges)
        diff = sum(1 for k, w in edges.items()
                   if k in theirs and theirs[k] != w)
        print("cibscope edges %d: %d equal, %d with another weight, %d only"
              " in the reference, %d only in cibscope" %
              (len(theirs), same, diff, only_ref, only_cib))


if __name__ == "__main__":
    main()
