"""Site's id tables: a page depends on the entries it looks up, and on the whole table only if it walks it."""

from __future__ import annotations

from conftest import REPO, make_site
from gazette import deps, pipeline
from gazette.model import Lookup


def test_lookup_reads_become_entry_keys_and_walks_the_whole_table(tmp_path):
    root = make_site(tmp_path / "site", content_from=REPO / "content")
    result = pipeline.build(root, tmp_path / "out")
    assert result.ok
    site, config = result.site, result.config
    assert isinstance(site.issue_by_id, Lookup) and isinstance(site.department_by_id, Lookup)
    index = deps.Index(site, config)
    with deps.recording():
        deps.start()
        site.issue_by_id["2022-03"]
        assert index.keys(deps.reads()) == {"s.issue_by_id[2022-03]"}
        for form in (list, lambda t: t.values(), lambda t: "2022-03" in t, len, lambda t: t.get("x")):
            deps.start()
            form(site.department_by_id)
            assert index.keys(deps.reads()) == {"s.department_by_id"}
    # Outside a recording nothing is noted, and the digests name every entry.
    site.issue_by_id["2022-03"]
    digests = deps.site_digests(site, config, {deps.key_of(d): (dict.fromkeys(("", "body_path", "outline", "text_length"), b""), d)
                                               for d in site.documents}, {})
    assert "s.issue_by_id[2022-03]" in digests and f"s.department_by_id[{site.departments[0].id}]" in digests
