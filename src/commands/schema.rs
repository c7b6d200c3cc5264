//! `rapport schema module|rubric|course`: the JSON Schema of a file format, for editors.

use crate::cli::{Global, SchemaArgs, SchemaKind};
use crate::course::scaffold::{self, Kind};
use crate::emit;
use crate::error::Result;

pub fn run(_global: &Global, args: &SchemaArgs) -> Result<()> {
    emit(&schema(args.kind))
}

/// The schema of `kind` (see `course::scaffold`).
#[must_use]
pub fn schema(kind: SchemaKind) -> String {
    scaffold::schema(match kind {
        SchemaKind::Module => Kind::Module,
        SchemaKind::Rubric => Kind::Rubric,
        SchemaKind::Course => Kind::Course,
    })
}
