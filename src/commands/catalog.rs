//! `rapport catalog -o DIR`: the curriculum as a static HTML handbook.

use std::fs;

use crate::cli::{CatalogArgs, Global};
use crate::error::{Error, Result, plural};
use crate::render::Renderer;
use crate::views::catalog;
use crate::{course::Course, status};

pub fn run(global: &Global, args: &CatalogArgs) -> Result<()> {
    let course = super::valid_course(global)?;
    let renderer = Renderer::new(Some(&course.root))?;
    let generated = super::generation_date();
    let pages = pages(&course, &renderer, &generated)?;
    write(global, &args.output, &pages)?;
    status(
        global,
        &format!(
            "wrote the handbook of {} {} and {} {}: open {}",
            course.modules.len(),
            plural(course.modules.len(), "module", "modules"),
            course.rubrics.len(),
            plural(course.rubrics.len(), "rubric", "rubrics"),
            args.output.join("index.html").display()
        ),
    );
    Ok(())
}

/// Writes `pages` (paths relative to `dir`), creating their folders.
pub fn write(global: &Global, dir: &std::path::Path, pages: &[(String, String)]) -> Result<()> {
    for (path, html) in pages {
        let target = dir.join(path);
        if let Some(parent) = target.parent() {
            fs::create_dir_all(parent).map_err(Error::io("create", parent))?;
        }
        fs::write(&target, html).map_err(Error::io("write", &target))?;
        if global.verbose {
            status(global, &format!("wrote {}", target.display()));
        }
    }
    Ok(())
}

/// Every page of the handbook: (path relative to the output folder, HTML).
pub fn pages(
    course: &Course,
    renderer: &Renderer,
    generated: &str,
) -> Result<Vec<(String, String)>> {
    let mut pages = vec![(
        "index.html".to_owned(),
        renderer.render("catalog/index.html", &catalog::index(course, generated))?,
    )];
    let order = catalog::study_order(course);
    for module in &course.modules {
        let view = catalog::module(course, &order, module, generated);
        pages.push((
            format!("modules/{}.html", module.id),
            renderer.render("catalog/module.html", &view)?,
        ));
    }
    for rubric in &course.rubrics {
        let view = catalog::rubric(course, rubric, generated);
        pages.push((
            format!("rubrics/{}.html", rubric.id),
            renderer.render("catalog/rubric.html", &view)?,
        ));
    }
    Ok(pages)
}
