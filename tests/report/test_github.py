from __future__ import annotations

from report_fixtures import checked

from pipeline.report import render
from pipeline.report.github import escape_data, escape_property


def test_github_annotations_one_per_finding():
    findings, annotations = checked()
    lines = render(findings, format="github", annotations=annotations).splitlines()
    assert len(lines) == len(findings)
    assert lines[0] == (
        "::error file=drafts/draft.txt,line=3,col=34,endLine=3,endColumn=44,title=CIT001::"
        "Citation 'CSTO, 2022f' matches no entry in the reference list%0ADid you mean 'CSTO 2022e'?"
    )
    assert sum(line.startswith("::warning ") for line in lines) == 4


def test_github_escaping_follows_the_runner_rules():
    assert escape_data("100% done\r\nnext") == "100%25 done%0D%0Anext"
    assert escape_property("a,b:c%d\n") == "a%2Cb%3Ac%25d%0A"
    findings, annotations = checked(source="drafts/odd, name: 100%.txt")
    first = render(findings, format="github", annotations=annotations).splitlines()[0]
    assert first.startswith("::error file=drafts/odd%2C name%3A 100%25.txt,line=3,")
    assert "\n" not in first
