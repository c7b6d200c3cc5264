//! `rapport schema module|rubric|course`: the JSON Schema of a file format, for editors.

use crate::cli::{Global, SchemaArgs, SchemaKind};
use crate::course::raw::{RawCourse, RawModule, RawRubric};
use crate::emit;
use crate::error::Result;

pub fn run(_global: &Global, args: &SchemaArgs) -> Result<()> {
    emit(&schema(args.kind))
}

/// The schema as pretty JSON with a final newline (draft 2020-12, schemars' default).
#[must_use]
pub fn schema(kind: SchemaKind) -> String {
    let schema = match kind {
        SchemaKind::Module => schemars::schema_for!(RawModule),
        SchemaKind::Rubric => schemars::schema_for!(RawRubric),
        SchemaKind::Course => schemars::schema_for!(RawCourse),
    };
    format!(
        "{}\n",
        serde_json::to_string_pretty(&schema).expect("a schema is plain JSON")
    )
}
