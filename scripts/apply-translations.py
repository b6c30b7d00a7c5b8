#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-3.0-or-later
"""Fills unfinished entries of translations/*.ts from translations/pending/*.tsv.

Run `ninja -C build service-studio_lupdate` first (it adds the new strings as unfinished),
then this, then lupdate again (it rewrites the files in its own layout). A .tsv line is
  context<TAB>source<TAB>japanese<TAB>english plural forms ("singular|plural") or empty
with \\n and \\t escaped. Japanese entries with no line are listed and left unfinished;
English entries take their source text, or for %n messages the plural forms of the line
(or the source with "(s)" dropped / made "s").
"""
import glob
import os
import sys
import xml.etree.ElementTree as ET

root = os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "translations")


def unescape(s):
    return s.replace("\\n", "\n").replace("\\t", "\t")


pending = {}
for path in sorted(glob.glob(os.path.join(root, "pending", "*.tsv"))):
    with open(path, encoding="utf-8") as f:
        for n, line in enumerate(f, 1):
            if line.startswith("#") or not line.strip():
                continue
            cols = line.rstrip("\n").split("\t")
            if len(cols) < 3:
                sys.exit(f"{path}:{n}: expected context, source, japanese[, plural forms]")
            plural = cols[3] if len(cols) > 3 else ""
            pending[(cols[0], unescape(cols[1]))] = (unescape(cols[2]), unescape(plural))


def fill(ts_path, lang):
    tree = ET.parse(ts_path)
    missing = []
    filled = 0
    for ctx in tree.getroot().iter("context"):
        cname = ctx.findtext("name")
        for msg in ctx.iter("message"):
            tr = msg.find("translation")
            if tr is None or tr.get("type") not in ("unfinished",):
                continue
            if tr.get("type") == "unfinished" and (tr.text or "").strip() and lang == "ja" and len(tr) == 0:
                pass  # an old translation lupdate kept as unfinished: replace it if we can
            source = msg.findtext("source")
            entry = pending.get((cname, source))
            numerus = msg.get("numerus") == "yes"
            if lang == "ja":
                if entry is None:
                    missing.append((cname, source))
                    continue
                text = entry[0]
                if numerus:
                    for child in list(tr):
                        tr.remove(child)
                    tr.text = None
                    form = ET.SubElement(tr, "numerusform")
                    form.text = text
                else:
                    tr.text = text
            else:
                if numerus:
                    if entry and entry[1]:
                        forms = entry[1].split("|")
                    else:
                        forms = [source.replace("(s)", ""), source.replace("(s)", "s")]
                    for child in list(tr):
                        tr.remove(child)
                    tr.text = None
                    for f_ in forms:
                        ET.SubElement(tr, "numerusform").text = f_
                else:
                    tr.text = source
            del tr.attrib["type"]
            filled += 1
    with open(ts_path, "wb") as f:
        f.write(b'<?xml version="1.0" encoding="utf-8"?>\n<!DOCTYPE TS>\n')
        tree.write(f, encoding="utf-8", xml_declaration=False)
    print(f"{os.path.basename(ts_path)}: {filled} filled, {len(missing)} without a translation")
    for c, s in missing:
        print(f"  {c}\t{s!r}")
    return not missing


ok = fill(os.path.join(root, "service-studio_ja.ts"), "ja")
fill(os.path.join(root, "service-studio_en.ts"), "en")
sys.exit(0 if ok else 1)
