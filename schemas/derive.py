"""Everything derived from the Pandera models: pyarrow schemas and the data dictionary.

Deriving them (rather than writing them again) is what keeps the Parquet files,
the DuckDB views and the documentation from drifting away from the models.
"""

from __future__ import annotations

import pandera.pandas as pa
import pyarrow as pyarrow

_ARROW_BY_DTYPE = {
    "str": pyarrow.string(),
    "string": pyarrow.string(),
    "string[pyarrow]": pyarrow.string(),
    "string[python]": pyarrow.string(),
    "int8": pyarrow.int8(),
    "int16": pyarrow.int16(),
    "int32": pyarrow.int32(),
    "int64": pyarrow.int64(),
    "float64": pyarrow.float64(),
    "bool": pyarrow.bool_(),
    "datetime64[ns]": pyarrow.timestamp("us"),
    "datetime64[us]": pyarrow.timestamp("us"),
}
_ARROW_BY_NAME = {"date32": pyarrow.date32(), "string": pyarrow.string()}


def arrow_schema(model: type[pa.DataFrameModel]) -> pyarrow.Schema:
    """The pyarrow schema of a model: column order, types and nullability."""
    schema = model.to_schema()
    fields = []
    for name, col in schema.columns.items():
        meta = (col.metadata or {}) if hasattr(col, "metadata") else {}
        arrow_name = meta.get("arrow")
        if arrow_name:
            typ = _ARROW_BY_NAME[arrow_name]
        else:
            key = str(col.dtype)
            if key not in _ARROW_BY_DTYPE:
                raise TypeError(f"{model.__name__}.{name}: no arrow type for dtype {key}")
            typ = _ARROW_BY_DTYPE[key]
        fields.append(
            pyarrow.field(
                name,
                typ,
                nullable=bool(col.nullable),
                metadata={"description": col.description or ""},
            )
        )
    return pyarrow.schema(fields, metadata={"table": schema.name or model.__name__})


def _allowed_values(col: pa.Column) -> str:
    parts = []
    for check in col.checks:
        stats = getattr(check, "statistics", {}) or {}
        name = check.name
        if name == "isin":
            parts.append(", ".join(f"`{v}`" for v in stats["allowed_values"]))
        elif name in {"greater_than_or_equal_to", "less_than_or_equal_to"}:
            op = ">=" if name.startswith("greater") else "<="
            parts.append(f"{op} {next(iter(stats.values()))}")
        elif name == "str_matches":
            parts.append(f"matches `{stats['pattern']}`")
        elif name == "str_length":
            parts.append("not empty")
        elif name:
            parts.append(name)
    if col.unique:
        parts.append("unique")
    return "; ".join(parts)


def data_dictionary(models: list[type[pa.DataFrameModel]]) -> str:
    """Markdown data dictionary of the given models (column, type, allowed values, meaning)."""
    lines = [
        "# Data dictionary",
        "",
        "Generated from the Pandera models in `schemas/` by `eventdata docs`; do not edit by hand.",
        "",
    ]
    for model in models:
        schema = model.to_schema()
        arrow = arrow_schema(model)
        lines += [f"## {schema.name}", "", (model.__doc__ or "").strip(), ""]
        lines += [
            "| column | type | nullable | allowed values | meaning |",
            "|---|---|---|---|---|",
        ]
        for name, col in schema.columns.items():
            allowed = _allowed_values(col).replace("|", "\\|")
            desc = (col.description or "").replace("|", "\\|")
            typ = str(arrow.field(name).type)
            lines.append(
                f"| `{name}` | {typ} | {'yes' if col.nullable else 'no'} | {allowed} | {desc} |"
            )
        checks = [c.name for c in schema.checks]
        if checks:
            lines += ["", "Rules across columns: " + ", ".join(f"`{c}`" for c in checks) + "."]
        lines.append("")
    return "\n".join(lines)
