//! `rapport catalog -o DIR`: the curriculum as a static HTML handbook; with `--watch`, rebuilt
//! whenever a course file or template changes (`watch.rs`).

mod watch;

use std::path::Path;

use rayon::prelude::*;

use crate::cli::{CatalogArgs, Global};
use crate::error::{Error, Result, plural};
use crate::output::{Marker, Staging};
use crate::render::Renderer;
use crate::views::catalog;
use crate::{course::Course, status};

pub fn run(global: &Global, args: &CatalogArgs) -> Result<()> {
    if args.output == Path::new("-") {
        return Err(Error::refused_with(
            "the handbook is a folder of pages; it cannot go to standard output".to_owned(),
            "give a folder with `-o`, such as `-o handbook`",
        ));
    }
    if args.watch {
        return watch::run(global, args);
    }
    let course = super::valid_course(global)?;
    let renderer = Renderer::new(Some(&course.root))?;
    let pages = pages(&course, &renderer, &super::generation_date())?;
    let removed = publish(global, &args.output, pages, args.force)?;
    status(global, &wrote(&course, removed, &args.output));
    Ok(())
}

/// What a build wrote, for the status line.
fn wrote(course: &Course, removed: usize, output: &Path) -> String {
    let removed = match removed {
        0 => String::new(),
        n => format!(
            " (and removed {n} earlier {} of modules or rubrics the course no longer has)",
            plural(n, "page", "pages")
        ),
    };
    format!(
        "wrote the handbook of {} {} and {} {}{removed}: open {}",
        course.modules.len(),
        plural(course.modules.len(), "module", "modules"),
        course.rubrics.len(),
        plural(course.rubrics.len(), "rubric", "rubrics"),
        output.join("index.html").display()
    )
}

/// The folders of the handbook whose pages are rapport's to replace and remove.
const FOLDERS: [&str; 2] = ["modules", "rubrics"];

/// Publishes `pages` (paths relative to `dir`) all at once through a staging folder (see
/// `output`), removing pages of modules and rubrics the course no longer has; how many.
pub fn publish(
    global: &Global,
    dir: &Path,
    pages: Vec<(String, String)>,
    force: bool,
) -> Result<usize> {
    let staging = Staging::begin(dir, &FOLDERS, Marker::Page, force)?;
    let written: Vec<String> = pages.iter().map(|(path, _)| path.clone()).collect();
    // Staged on every core; the first failure in page order is the one reported.
    let staged: Vec<Result<()>> = pages
        .into_par_iter()
        .map(|(path, html)| staging.write(&path, html))
        .collect();
    staged.into_iter().collect::<Result<()>>()?;
    let removed = staging.publish(&FOLDERS)?;
    if global.verbose {
        for path in written {
            status(global, &format!("wrote {}", dir.join(path).display()));
        }
    }
    Ok(removed)
}

/// Every page of the handbook: (path relative to the output folder, HTML).
pub fn pages(
    course: &Course,
    renderer: &Renderer,
    generated: &str,
) -> Result<Vec<(String, String)>> {
    let mut pages = vec![(
        "index.html".to_owned(),
        renderer.render(
            "catalog/index.html",
            &catalog::index(course, generated, &crate::badges::image::data_uris(course)?),
        )?,
    )];
    let order = course.study_order();
    // Pages are independent: rendered on every core, kept in the course's order.
    let modules: Vec<(String, String)> = course
        .modules
        .par_iter()
        .map(|module| {
            let view = catalog::module(course, &order, module, generated);
            Ok((
                format!("modules/{}.html", module.id),
                renderer.render("catalog/module.html", &view)?,
            ))
        })
        .collect::<Result<_>>()?;
    let rubrics: Vec<(String, String)> = course
        .rubrics
        .par_iter()
        .map(|rubric| {
            let view = catalog::rubric(course, rubric, generated);
            Ok((
                format!("rubrics/{}.html", rubric.id),
                renderer.render("catalog/rubric.html", &view)?,
            ))
        })
        .collect::<Result<_>>()?;
    pages.extend(modules);
    pages.extend(rubrics);
    Ok(pages)
}
