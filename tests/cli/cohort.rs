//! The instructors' cohort overview (`report --all`'s `index.html`): the needs-attention list
//! and its order, the heat bands, the heatmap in two orders (docs/FORMATS.md § The cohort
//! overview). The generation date is 24 Nov 2025 (support.rs), so the course's 30-day window
//! starts on 25 Oct 2025.
//!
//! Values by hand (decaying average, w = 0.65; `direction` weighs 2, `listening` 1): a student
//! scored 1 and 1 stands at 1 (two levels below mastery, 3); 1 and 2 at (2 + 2) / 3 = 1.33;
//! 4 and 4 in s1 then 2 and 2 in s2 at 4 · 0.35 + 2 · 0.65 = 2.70, down from 4 (falling).

use std::fs;

use crate::support::{Test, assert_whole_snapshot};

/// Fifteen students: twelve with a reason (more than the ten listed in full), three without.
fn cohort() -> Test {
    Test::with_fixture("minimal")
        .write(
            "roster.csv",
            "id,name
ada,Ada
bo,Bo
cy,Cy
dee,Dee
eli,Eli
fay,Fay
gus,Gus
hal,Hal
ivy,Ivy
kai,Kai
lea,Lea
max,Max
ned,Ned
ola,Ola
pia,Pia
",
        )
        .given(&["student", "import", "roster.csv"])
        .given(&["instructor", "add", "jo", "--name", "Jo Park"])
        .given(&[
            "session",
            "add",
            "s1",
            "--date",
            "2025-10-01",
            "--kind",
            "live",
            "--title",
            "Before",
        ])
        .given(&[
            "session",
            "add",
            "s2",
            "--date",
            "2025-11-10",
            "--kind",
            "live",
            "--title",
            "Within",
        ])
        .write(
            "scores.csv",
            "session,student,rater,role,rubric,criterion,level
s2,ada,jo,,oral-communication,direction,1
s2,ada,jo,,oral-communication,listening,1
s2,bo,jo,,oral-communication,direction,1
s2,bo,jo,,oral-communication,listening,1
s1,cy,jo,,oral-communication,direction,1
s1,cy,jo,,oral-communication,listening,1
s1,dee,jo,,oral-communication,direction,4
s1,dee,jo,,oral-communication,listening,4
s2,dee,jo,,oral-communication,direction,2
s2,dee,jo,,oral-communication,listening,2
s2,eli,jo,,oral-communication,direction,2
s2,eli,jo,,oral-communication,listening,2
s2,eli,eli,self,oral-communication,direction,4
s2,eli,eli,self,oral-communication,listening,4
s1,fay,jo,,oral-communication,direction,3
s1,fay,jo,,oral-communication,listening,3
s2,hal,jo,,oral-communication,direction,1
s2,hal,jo,,oral-communication,listening,1
s2,hal,hal,self,oral-communication,listening,4
s1,ivy,jo,,oral-communication,direction,4
s1,ivy,jo,,oral-communication,listening,4
s2,ivy,jo,,oral-communication,direction,2
s2,ivy,jo,,oral-communication,listening,2
s2,ivy,ivy,self,oral-communication,direction,4
s2,kai,jo,,oral-communication,direction,1
s2,kai,jo,,oral-communication,listening,2
s1,max,jo,,oral-communication,direction,2
s1,max,jo,,oral-communication,listening,2
s2,ned,jo,,oral-communication,direction,3
s2,ned,jo,,oral-communication,listening,3
s2,ola,jo,,oral-communication,direction,4
s2,ola,jo,,oral-communication,listening,4
s2,pia,jo,,oral-communication,direction,3
s2,pia,jo,,oral-communication,listening,2
",
        )
        .given(&["import", "scores.csv"])
}

/// The overview, written by `report --all`, with its style sheet replaced by a marker.
fn overview(test: Test) -> String {
    let test = test.args(&["report", "--all", "-o", "out"]);
    test.expect(
        0,
        "",
        "wrote 15 reports and the cohort overview: open out/index.html\n",
    );
    let html = fs::read_to_string(test.path("out/index.html")).unwrap();
    let start = html.find("<style>").unwrap() + "<style>".len();
    let end = html.find("</style>").unwrap();
    assert!(
        html[start..end].contains(".heat-far {"),
        "the page's own CSS"
    );
    format!("{}/* style.css */{}", &html[..start], &html[end..])
}

/// The names in the order of the elements that hold them, between `from` and `to`.
fn names_between(html: &str, from: &str, to: &str) -> Vec<String> {
    let start = html.find(from).unwrap_or_else(|| panic!("{from}"));
    let end = start + html[start..].find(to).unwrap_or_else(|| panic!("{to}"));
    html[start..end]
        .split(".html\">")
        .skip(1)
        .map(|s| s[..s.find('<').unwrap()].to_owned())
        .collect()
}

#[test]
fn needs_attention_lists_more_reasons_first_then_furthest_below_then_by_name() {
    let html = overview(cohort());
    // Two reasons: Cy and Hal (both at −2.00: by name), Ivy (−0.30). One reason: never
    // assessed (no value) Gus and Lea; Ada and Bo at −2.00 (by name); Kai −1.67; Eli and Max at
    // −1.00 (by name); then, after the ten listed, Dee −0.30 and Fay 0.00.
    assert_eq!(
        names_between(&html, "<ol class=\"attention\">", "</ol>"),
        [
            "Cy", "Hal", "Ivy", "Gus", "Lea", "Ada", "Bo", "Kai", "Eli", "Max"
        ]
    );
    for expected in [
        "<li>
<h3><a href=\"students/cy.html\">Cy</a></h3>
<p class=\"meta\">Overall −2.00 levels from mastery</p>
<ul>
<li>More than a level below mastery in Oral communication (1.00).</li>
<li>Not assessed in the last 30 days: last on 1 Oct 2025 (54 days ago).</li>
</ul>
</li>",
        "<li>Blind spot: rates themself well above the instructors on Listening.</li>",
        "<li>Falling in the last 30 days: Oral communication 4.00 → 2.70.</li>",
        "<li>Never assessed by an instructor.</li>",
        "<p>Also with a reason: <a href=\"students/dee.html\">Dee</a> (falling); <a href=\"students/fay.html\">Fay</a> (not assessed recently).</p>",
    ] {
        assert!(html.contains(expected), "missing {expected:?}");
    }
    // Ned (mastered), Ola (top level) and Pia (2.67: within ½ level) have no reason.
    for name in ["Ned", "Ola", "Pia"] {
        assert!(
            !names_between(&html, "id=\"attention\"", "</section>").contains(&name.to_owned()),
            "{name}"
        );
    }
}

#[test]
fn the_heatmap_comes_by_name_and_by_overall_standing_with_bands_at_quarter_levels() {
    let html = overview(cohort());
    assert_eq!(
        names_between(&html, "aria-label=\"Heatmap by name\"", "</table>"),
        [
            "Ada", "Bo", "Cy", "Dee", "Eli", "Fay", "Gus", "Hal", "Ivy", "Kai", "Lea", "Max",
            "Ned", "Ola", "Pia"
        ]
    );
    // Furthest below first, ties by name; never assessed last.
    assert_eq!(
        names_between(
            &html,
            "aria-label=\"Heatmap by overall standing\"",
            "</table>"
        ),
        [
            "Ada", "Bo", "Cy", "Hal", "Kai", "Eli", "Max", "Pia", "Dee", "Ivy", "Fay", "Ned",
            "Ola", "Gus", "Lea"
        ]
    );
    for expected in [
        // 1.33: more than a level below; 2.00: exactly one; 2.67: ⅓ of a level below, within ½;
        // 2.70: within ½; 3.00: mastered; 4.00: the top level.
        "<td class=\"heat-far\">1.33<span class=\"visually-hidden\"> Emerging</span></td>",
        "<td class=\"overall heat-level\">−1.00<span class=\"visually-hidden\"> up to 1 level below</span></td><td class=\"heat-level\">2.00<span class=\"visually-hidden\"> Developing</span></td>",
        "<td class=\"overall heat-half\">−0.33<span class=\"visually-hidden\"> up to ½ level below</span></td><td class=\"heat-half\">2.67<span class=\"visually-hidden\"> Developing</span></td>",
        "<td class=\"overall heat-met\">0.00<span class=\"visually-hidden\"> mastered</span></td><td class=\"heat-met\">3.00 ✓<span class=\"visually-hidden\"> Proficient</span></td>",
        "<td class=\"overall heat-met\">+1.00<span class=\"visually-hidden\"> mastered</span></td><td class=\"heat-top\">4.00 ✓<span class=\"visually-hidden\"> Exemplary</span></td>",
        "<td class=\"overall heat-none\">–</td><td class=\"heat-none\">–</td>",
        "<li><span class=\"swatch heat-quarter\" aria-hidden=\"true\"></span> up to ¼ level below (2.75–2.99)</li>",
        "<li><span class=\"swatch heat-far\" aria-hidden=\"true\"></span> more than 1 level below mastery (below 2.00)</li>",
    ] {
        assert!(html.contains(expected), "missing {expected:?}");
    }
    assert_whole_snapshot!("overview", &html);
}
