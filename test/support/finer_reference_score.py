#!/usr/bin/env python3
"""Independent Python implementation of the FINER scoring rules (see /work/shared/FINER.md),
written with Python's own str / re / Counter semantics, used as the oracle of the differential
test test/unit/scoring/referenceAgreement.test.ts.

Input (stdin or a file argument): JSONL, one {"prediction": str, "labels": [str]} per line.
Output (stdout): one JSON object per non-blank input line with, for the prediction taken as is
("raw") and after answer extraction ("extracted"):
  the normalized prediction, per-label scores, and the maxima finer_em / strict_em / f1.
Standard library only.
"""
import json
import re
import string
import sys
from collections import Counter

PUNCTUATION = frozenset(string.punctuation)
ARTICLES = re.compile(r"\b(a|an|the)\b")


def normalize(text):
    text = text.lower()
    text = "".join(c for c in text if c not in PUNCTUATION)
    text = ARTICLES.sub(" ", text)
    return " ".join(text.split())


def extract(text):
    marker = "Answer:"
    pos = text.find(marker)
    rest = text if pos < 0 else text[pos + len(marker):]
    return rest.strip().replace("</s>", "")


def f1(prediction, gold):
    pred_tokens = normalize(prediction).split()
    gold_tokens = normalize(gold).split()[:10]
    common = Counter(pred_tokens) & Counter(gold_tokens)
    same = sum(common.values())
    if same == 0:
        return 0.0
    precision = 1.0 * same / len(pred_tokens)
    recall = 1.0 * same / len(gold_tokens)
    return (2 * precision * recall) / (precision + recall)


def finer_em(prediction, gold):
    norm_pred = normalize(prediction)
    if normalize(gold) in " ".join(norm_pred.split()[:20]):
        return 1.0
    return float(norm_pred == normalize(gold))


def strict_em(prediction, gold):
    return float(normalize(prediction) == normalize(gold))


def score(prediction, labels):
    per_label = [
        {"finer_em": finer_em(prediction, g), "strict_em": strict_em(prediction, g), "f1": f1(prediction, g)}
        for g in labels
    ]
    best = {k: max(s[k] for s in per_label) for k in ("finer_em", "strict_em", "f1")}
    return {"normalized": normalize(prediction), "labels": per_label, **best}


def main():
    source = open(sys.argv[1], encoding="utf-8") if len(sys.argv) > 1 else sys.stdin
    out = sys.stdout
    totals = Counter()
    count = 0
    for line in source:
        if not line.strip():
            continue
        record = json.loads(line)
        prediction, labels = record["prediction"], record["labels"]
        extracted = extract(prediction)
        raw_scores = score(prediction, labels)
        for k in ("finer_em", "strict_em", "f1"):
            totals[k] += raw_scores[k]
        count += 1
        out.write(json.dumps({"extracted": extracted, "raw": raw_scores, "extracted_scores": score(extracted, labels)}))
        out.write("\n")
    out.write(json.dumps({"count": count, "mean": {k: (totals[k] / count if count else None) for k in ("finer_em", "strict_em", "f1")}}))
    out.write("\n")


if __name__ == "__main__":
    sys.stdin.reconfigure(encoding="utf-8", errors="surrogatepass")
    sys.stdout.reconfigure(encoding="utf-8", errors="surrogatepass")
    main()
