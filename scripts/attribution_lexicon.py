#!/usr/bin/env python3
"""Counts the attribution vocabulary of PolNeAR's train split into config/attribution/.

Usage (from the project's root):
  python3 scripts/attribution_lexicon.py ../shared/eval/polnear/train

Writes two tables of facts about the corpus, never its text:
  cues.tsv     word, times it is part of an annotated cue, times it occurs outside quotes,
               times it ends a cue whose source follows at once ("…, said Smith"),
               times it ends a cue whose content follows it after other words ("told
               reporters …": the listener), times its content follows at once or after "that",
               times it follows a form of "be" (adverbs between), and times it did so in a cue
               whose source came first ("they are convinced …", not "she was criticized …")
  sources.tsv  word, times it is part of an annotated source, times it occurs outside quotes
Words are lower-cased runs of letters, digits, apostrophes and hyphens, the same tokens
src/attribution/tokens.rs makes. Only attributions with a source are counted, the ones the
scorer counts. A word is kept when it was annotated at least MIN_COUNT times.
"""
import collections
import glob
import os
import re
import sys

MIN_COUNT = 2
WORD = re.compile(r"[\w][\w'’\-]*", re.UNICODE)
BE = {"is", "was", "were", "are", "am", "be", "been", "being"}
OPEN_QUOTES = "“"
CLOSE_QUOTES = "”"


def read_ann(path):
    spans, events = {}, []
    for line in open(path, encoding="utf-8"):
        parts = line.rstrip("\n").split("\t")
        if parts[0].startswith("T") and len(parts) >= 2:
            head = parts[1].split(" ")
            ranges = [tuple(int(x) for x in r.split()) for r in " ".join(head[1:]).split(";")]
            spans[parts[0]] = (head[0], ranges)
        elif parts[0].startswith("E") and len(parts) >= 2:
            events.append(dict(r.split(":", 1) for r in parts[1].split() if ":" in r))
    out = []
    for roles in events:
        src = spans.get(roles.get("Source", ""))
        cue = spans.get(roles.get("Cue", ""))
        content = spans.get(roles.get("Content", ""))
        if src and cue and content:
            out.append((src[1], cue[1], content[1]))
    return out


def quoted(text):
    """Flags, per character, whether it lies inside a quotation."""
    flags = [False] * len(text)
    inside = False
    straight = False
    for i, c in enumerate(text):
        if c in OPEN_QUOTES:
            inside = True
        elif c in CLOSE_QUOTES:
            inside = False
        elif c == '"':
            straight = not straight
        elif c == "\n":
            straight = False
        flags[i] = inside or straight
    return flags


def norm(w):
    return w.lower().replace("’", "'")


def main():
    split = sys.argv[1]
    out_dir = sys.argv[2] if len(sys.argv) > 2 else "config/attribution"
    cue, src, total = collections.Counter(), collections.Counter(), collections.Counter()
    inverted = collections.Counter()
    addressed, direct = collections.Counter(), collections.Counter()
    after_be, stative = collections.Counter(), collections.Counter()
    files = sorted(glob.glob(os.path.join(split, "*.txt")))
    for path in files:
        text = open(path, encoding="utf-8").read()
        q = quoted(text)
        cue_at, src_at = set(), set()
        stative_at = set()
        for sources, cues, content in read_ann(path[:-4] + ".ann"):
            for a, b in cues:
                cue_at.update(range(a, b))
            # The cue's last word, when the source comes right after it.
            b = cues[-1][1]
            s0 = sources[0][0]
            last = WORD.findall(text[cues[-1][0]:b])
            if last and 0 <= s0 - b <= 2 and not text[b:s0].strip():
                inverted[norm(last[-1])] += 1
            # What lies between the cue's last word and a content after it.
            c0 = content[0][0]
            if last and c0 >= b:
                between = [norm(w) for w in WORD.findall(text[b:c0])]
                if [w for w in between if w != "that"]:
                    addressed[norm(last[-1])] += 1
                else:
                    direct[norm(last[-1])] += 1
            for a, b in sources:
                src_at.update(range(a, b))
            if sources[-1][1] <= cues[0][0]:
                stative_at.update(range(cues[0][0], cues[-1][1]))
        words = list(WORD.finditer(text))
        for i, m in enumerate(words):
            if q[m.start()]:
                continue
            w = norm(m.group())
            total[w] += 1
            k = i - 1
            while k >= 0 and k >= i - 3 and (norm(words[k].group()).endswith("ly") or norm(words[k].group()) in ("not", "also", "now", "still")):
                k -= 1
            if k >= 0 and norm(words[k].group()) in BE:
                after_be[w] += 1
                if m.start() in stative_at:
                    stative[w] += 1
            if m.start() in cue_at:
                cue[w] += 1
            if m.start() in src_at:
                src[w] += 1
    os.makedirs(out_dir, exist_ok=True)
    tables = (
        ("cues.tsv", cue, "part of a cue",
         "<TAB>times it ends a cue its source follows at once<TAB>times its content follows after other"
         " words<TAB>times its content follows at once<TAB>times after a form of \"be\"<TAB>times so in"
         " a cue its source came before", (inverted, addressed, direct, after_be, stative)),
        ("sources.tsv", src, "part of a source", "", ()),
    )
    for name, counts, what, extra, more in tables:
        with open(os.path.join(out_dir, name), "w", encoding="utf-8") as f:
            f.write(f"# Made by scripts/attribution_lexicon.py from PolNeAR train ({len(files)} articles).\n")
            f.write(f"# word<TAB>times {what}<TAB>times outside quotes{extra}\n")
            for w, k in sorted(counts.items(), key=lambda kv: (-kv[1], kv[0])):
                if k >= MIN_COUNT:
                    tail = "".join(f"\t{m[w]}" for m in more)
                    f.write(f"{w}\t{k}\t{total[w]}{tail}\n")


if __name__ == "__main__":
    main()
