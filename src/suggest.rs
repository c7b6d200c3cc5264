//! "Did you mean …?" for misspelt field names and IDs.

/// The candidate closest to `word`, when one is close enough to be a likely typo.
pub fn did_you_mean<'a, I>(word: &str, candidates: I) -> Option<&'a str>
where
    I: IntoIterator<Item = &'a str>,
{
    let word = word.to_lowercase();
    candidates
        .into_iter()
        .map(|candidate| {
            let lower = candidate.to_lowercase();
            let similarity = strsim::jaro_winkler(&word, &lower);
            let edits = strsim::damerau_levenshtein(&word, &lower);
            (candidate, similarity, edits)
        })
        .filter(|&(_, similarity, edits)| {
            similarity >= 0.84 || (word.len() >= 2 && edits <= (word.len().min(10) / 4).max(1))
        })
        .max_by(|a, b| a.1.total_cmp(&b.1).then(b.2.cmp(&a.2)))
        .map(|(candidate, ..)| candidate)
}

/// `, did you mean `x`?` or nothing: ready to append to a message.
pub fn hint<'a, I>(word: &str, candidates: I) -> String
where
    I: IntoIterator<Item = &'a str>,
{
    did_you_mean(word, candidates).map_or_else(String::new, |c| format!(", did you mean `{c}`?"))
}

#[cfg(test)]
mod tests {
    use super::did_you_mean;

    #[test]
    fn suggests_near_misses() {
        let fields = ["id", "title", "description", "weight", "descriptors"];
        assert_eq!(did_you_mean("wieght", fields), Some("weight"));
        assert_eq!(did_you_mean("descriptor", fields), Some("descriptors"));
        assert_eq!(did_you_mean("Title", fields), Some("title"));
        let rubrics = ["oral-communication", "collaboration", "adaptability"];
        assert_eq!(
            did_you_mean("oral-comms", rubrics),
            Some("oral-communication")
        );
        assert_eq!(did_you_mean("colaboration", rubrics), Some("collaboration"));
        assert_eq!(did_you_mean("s9", ["s1", "s10"]), Some("s1"));
    }

    #[test]
    fn stays_quiet_when_nothing_is_close() {
        let rubrics = ["oral-communication", "collaboration", "adaptability"];
        assert_eq!(did_you_mean("teamwork", rubrics), None);
        assert_eq!(did_you_mean("x", ["id", "title"]), None);
        assert_eq!(did_you_mean("anything", []), None);
    }
}
