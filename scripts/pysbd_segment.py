#!/usr/bin/env python3
"""Segments texts with pysbd for `sverka-bench segmentation --pysbd PYTHON`.

Reads one JSON object per line on stdin, {"lang": "ru", "text": "..."},
and writes one JSON line per request on stdout: the list of sentences, or
null when pysbd has no rules for the language. A development tool for the
comparison in docs/quality.md, not part of sverka.
"""
import json
import sys

import pysbd


def main() -> int:
    segmenters = {}
    for line in sys.stdin:
        request = json.loads(line)
        lang = request["lang"]
        if lang not in segmenters:
            try:
                # clean=False: segment the text as given, no rewriting.
                segmenters[lang] = pysbd.Segmenter(language=lang, clean=False)
            except ValueError:
                segmenters[lang] = None
        segmenter = segmenters[lang]
        sentences = segmenter.segment(request["text"]) if segmenter else None
        sys.stdout.write(json.dumps(sentences, ensure_ascii=False) + "\n")
    return 0


if __name__ == "__main__":
    sys.exit(main())
