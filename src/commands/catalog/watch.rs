//! `rapport catalog --watch -o DIR`: build the handbook, then rebuild it whenever course.yaml, a
//! module, a rubric or a template changes (changes a quarter of a second apart are one rebuild),
//! printing the check's findings each time. While the course has errors the handbook keeps its
//! last good pages; Ctrl-C stops (exit 130).

use std::path::{Component, Path, PathBuf};
use std::sync::atomic::Ordering;
use std::sync::mpsc::{self, RecvTimeoutError};
use std::time::Duration;

use notify::event::ModifyKind;
use notify::{Event, EventKind, RecursiveMode, Watcher as _};

use crate::cli::{CatalogArgs, Global};
use crate::error::{self, Error, Result};
use crate::render::Renderer;
use crate::{course, emit_styled, status};

/// Changes closer together than this are one rebuild (an editor's save is often several).
const SETTLE: Duration = Duration::from_millis(250);
/// How often the loop looks at the Ctrl-C flag while nothing changes.
const POLL: Duration = Duration::from_millis(100);
/// What a course reads: course.yaml and these folders (docs/FORMATS.md § Course layout).
const FOLDERS: [&str; 3] = ["curriculum", "rubrics", "templates"];
/// How many changed paths a rebuild's line names before "and N more".
const NAMED: usize = 3;

pub fn run(global: &Global, args: &CatalogArgs) -> Result<()> {
    let root = super::super::course_root(global)?;
    // Events name paths from the folder watched: canonical, like the output folder compared.
    let watched = root.canonicalize().unwrap_or_else(|_| root.clone());
    let interrupted = super::super::interrupted();
    let (sender, events) = mpsc::channel::<notify::Result<Event>>();
    let mut notifier = notify::recommended_watcher(sender).map_err(|e| cannot_watch(&root, &e))?;
    notifier
        .watch(&watched, RecursiveMode::Recursive)
        .map_err(|e| cannot_watch(&root, &e))?;
    let mut built = build(global, args, &root, false)?;
    status(
        global,
        &format!(
            "watching {} for changes to course.yaml, curriculum/, rubrics/ and templates/ (Ctrl-C to stop)",
            root.display()
        ),
    );
    loop {
        if interrupted.load(Ordering::SeqCst) {
            return Err(Error::Interrupted(if built {
                "stopped watching; the handbook holds the last good build"
            } else {
                "stopped watching; the course had errors, so no handbook was written"
            }));
        }
        match events.recv_timeout(POLL) {
            Ok(Ok(first)) => {
                let mut changed = Vec::new();
                let mut next = Some(first);
                // Everything until a quarter of a second passes without a change is one edit.
                while let Some(event) = next {
                    changed.extend(course_files(&watched, &args.output, &event));
                    next = match events.recv_timeout(SETTLE) {
                        Ok(Ok(event)) => Some(event),
                        _ => None,
                    };
                }
                changed.sort();
                changed.dedup();
                if changed.is_empty() {
                    continue;
                }
                status(global, &format!("{} changed; rebuilding", named(&changed)));
                built |= build(global, args, &root, built)?;
            }
            Ok(Err(e)) => status(global, &format!("warning: {}", cannot_watch(&root, &e))),
            Err(RecvTimeoutError::Timeout) => {}
            Err(RecvTimeoutError::Disconnected) => {
                return Err(Error::Io {
                    path: root,
                    action: "watch",
                    source: std::io::Error::other("the file watcher stopped"),
                });
            }
        }
    }
}

/// One build: the check's findings, then the pages when the course is valid. A course with
/// errors (or a template that fails to render) leaves the handbook as it was and the watch
/// goes on; a handbook that cannot be written ends it. Whether pages were written.
fn build(global: &Global, args: &CatalogArgs, root: &Path, had_pages: bool) -> Result<bool> {
    let kept = if had_pages {
        "the handbook keeps its last good pages; fix the course and save to rebuild"
    } else {
        "no handbook written yet; fix the course and save to build it"
    };
    let loaded = match course::load(root) {
        Ok(loaded) => loaded,
        Err(e) => {
            error::print(&e);
            status(global, kept);
            return Ok(false);
        }
    };
    emit_styled(&loaded.report.render(true))?;
    let Some(course) = loaded.course.filter(|_| !loaded.report.has_errors()) else {
        status(global, kept);
        return Ok(false);
    };
    let pages = Renderer::new(Some(&course.root))
        .and_then(|renderer| super::pages(&course, &renderer, &super::super::generation_date()));
    match pages {
        Ok(pages) => {
            let removed = super::publish(global, &args.output, pages, args.force)?;
            status(global, &super::wrote(&course, removed, &args.output));
            Ok(true)
        }
        Err(e @ Error::Template { .. }) => {
            error::print(&e);
            status(global, kept);
            Ok(false)
        }
        Err(e) => Err(e),
    }
}

/// The paths (relative to the course folder) that `event` changed and a course reads:
/// course.yaml and what is inside its folders, without editors' hidden and backup files or
/// anything in the output. Reading a file (rapport's own reading of the course) changes nothing;
/// neither does a new access time.
fn course_files(root: &Path, output: &Path, event: &Event) -> Vec<String> {
    let changes = match event.kind {
        EventKind::Access(_) | EventKind::Modify(ModifyKind::Metadata(_)) => false,
        EventKind::Any
        | EventKind::Create(_)
        | EventKind::Modify(_)
        | EventKind::Remove(_)
        | EventKind::Other => true,
    };
    if !changes {
        return Vec::new();
    }
    let output = output.canonicalize().ok();
    event
        .paths
        .iter()
        .filter(|path| output.as_ref().is_none_or(|o| !path.starts_with(o)))
        .filter_map(|path| relative(root, path))
        .filter(|path| read_by_a_course(path))
        .map(|path| path.to_string_lossy().into_owned())
        .collect()
}

/// `path` inside `root` (the watcher names paths from the canonical folder it was given).
fn relative(root: &Path, path: &Path) -> Option<PathBuf> {
    path.strip_prefix(root).ok().map(Path::to_path_buf)
}

fn read_by_a_course(path: &Path) -> bool {
    let mut parts = path.components();
    let first = match parts.next() {
        Some(Component::Normal(first)) => first.to_string_lossy(),
        _ => return false,
    };
    let name = path
        .file_name()
        .map(|n| n.to_string_lossy())
        .unwrap_or_default();
    let scratch = name.starts_with('.')
        || name.ends_with('~')
        || name.ends_with(".swp")
        || name.ends_with(".swx")
        || name.chars().all(|c| c.is_ascii_digit());
    if scratch {
        return false;
    }
    let extension = Path::new(name.as_ref())
        .extension()
        .map(std::ffi::OsStr::to_ascii_lowercase);
    match parts.next() {
        None => first == "course.yaml" || FOLDERS.contains(&first.as_ref()),
        // An editor's or a tool's temporary file beside the modules changes nothing a course
        // reads (a `.yml` file does: check says to rename it).
        Some(_) if first == "templates" => true,
        Some(_) => {
            FOLDERS.contains(&first.as_ref())
                && extension.is_some_and(|e| e == "yaml" || e == "yml")
        }
    }
}

/// `a.yaml`, `a.yaml and b.yaml`, `a.yaml, b.yaml, c.yaml and 2 more`.
fn named(paths: &[String]) -> String {
    let shown = &paths[..paths.len().min(NAMED)];
    let rest = paths.len() - shown.len();
    match (shown, rest) {
        ([one], 0) => one.clone(),
        ([init @ .., last], 0) => format!("{} and {last}", init.join(", ")),
        (_, rest) => format!("{} and {rest} more", shown.join(", ")),
    }
}

fn cannot_watch(root: &Path, error: &notify::Error) -> Error {
    Error::Io {
        path: root.to_path_buf(),
        action: "watch",
        source: std::io::Error::other(error.to_string()),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn only_what_a_course_reads_starts_a_rebuild() {
        for (path, read) in [
            ("course.yaml", true),
            ("curriculum/adaptability.yaml", true),
            ("rubrics", true),
            ("templates/report/student.html", true),
            ("curriculum/.adaptability.yaml.swp", false),
            ("curriculum/adaptability.yaml~", false),
            ("curriculum/4913", false),
            ("curriculum/sedep8SNT", false),
            ("rubrics/old.YML", true),
            ("rapport.db-wal", false),
            ("handbook/index.html", false),
            (".git/index", false),
            ("notes/curriculum/x.yaml", false),
        ] {
            assert_eq!(read_by_a_course(Path::new(path)), read, "{path}");
        }
    }

    #[test]
    fn changed_paths_are_named_up_to_three() {
        let paths = |n: usize| (1..=n).map(|i| format!("{i}.yaml")).collect::<Vec<_>>();
        assert_eq!(named(&paths(1)), "1.yaml");
        assert_eq!(named(&paths(2)), "1.yaml and 2.yaml");
        assert_eq!(named(&paths(3)), "1.yaml, 2.yaml and 3.yaml");
        assert_eq!(named(&paths(5)), "1.yaml, 2.yaml, 3.yaml and 2 more");
    }
}
