//! Names: models and enums in PascalCase, and each operation's group and method as Intercom's
//! official SDKs name them (Fern's overrides), or by one rule where they do not.
//!
//! The rule for an operation Fern does not name: its group is the Fern group most operations of
//! its first tag are in (`Help Center` → `help_centers`), or the tag in snake_case
//! (`Office Hours` → `office_hours`); its method is its `operationId` in snake_case without the
//! words of the group's name (singular or plural) and without a preposition left at the end
//! (`listOfficeHoursExceptions` → `list_exceptions`, `attachTagToArticle` → `attach_tag`). A
//! method that would be empty, or taken in its group, keeps its whole `operationId`.

use heck::{ToPascalCase, ToSnakeCase};

/// `admin_with_app` → `AdminWithApp` (an identifier: no leading digit).
pub(super) fn pascal(name: &str) -> String {
    crate::naming::pascal(name)
        .trim_start_matches("r#")
        .to_owned()
}

/// Whether a generated type of this name would shadow one the generated code uses.
pub(super) fn is_reserved(name: &str) -> bool {
    crate::validate::taken_type_name(name, true).is_some()
}

/// `helpCenters` → `help_centers`.
pub(super) fn snake(name: &str) -> String {
    name.to_snake_case()
}

/// Fern's group path (`["helpCenters", "collections"]`) as the manifest writes it:
/// `help_centers.collections`.
pub(super) fn fern_group(path: &[String]) -> String {
    path.iter().map(|g| snake(g)).collect::<Vec<_>>().join(".")
}

/// The words of a group's name, each also as its singular, for [`method`].
fn group_words(group: &str) -> Vec<String> {
    let mut words = Vec::new();
    for word in group.split(['.', '_']) {
        words.push(word.to_owned());
        if let Some(one) = word.strip_suffix("ies") {
            words.push(format!("{one}y"));
        } else if let Some(one) = word.strip_suffix('s') {
            words.push(one.to_owned());
        }
    }
    words
}

/// The method of an operation Fern does not name: see the module docs.
pub(super) fn method(operation_id: &str, group: &str) -> String {
    let words = group_words(group);
    let mut kept: Vec<String> = snake(operation_id)
        .split('_')
        .filter(|w| !w.is_empty() && !words.iter().any(|g| g == w))
        .map(str::to_owned)
        .collect();
    while kept.len() > 1
        && kept
            .last()
            .is_some_and(|w| matches!(w.as_str(), "to" | "from" | "for" | "by" | "of" | "a" | "in"))
    {
        kept.pop();
    }
    if kept.is_empty() {
        snake(operation_id)
    } else {
        kept.join("_")
    }
}

/// A name for an operation the description gives no `operationId`: its method and the literal
/// parts of its path (`POST /export/reporting_data/enqueue` →
/// `postExportReportingDataEnqueue`).
pub(super) fn operation_id_of(method: &str, path: &str) -> String {
    let literal: Vec<&str> = path
        .split('/')
        .filter(|s| !s.is_empty() && !s.starts_with('{'))
        .collect();
    format!("{} {}", method, literal.join(" "))
        .to_pascal_case()
        .chars()
        .enumerate()
        .map(|(i, c)| if i == 0 { c.to_ascii_lowercase() } else { c })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn methods_lose_the_group_words_and_a_trailing_preposition() {
        assert_eq!(
            method("listOfficeHoursExceptions", "office_hours"),
            "list_exceptions"
        );
        assert_eq!(method("attachTagToArticle", "articles"), "attach_tag");
        assert_eq!(method("listMacros", "macros"), "list");
        assert_eq!(method("getCompanyNotes", "notes"), "get_company");
        assert_eq!(
            method("listHelpCenterRedirects", "help_centers"),
            "list_redirects"
        );
        assert_eq!(method("listActivities", "activities"), "list");
        assert_eq!(method("contacts", "contacts"), "contacts");
    }

    #[test]
    fn fern_groups_and_missing_operation_ids() {
        assert_eq!(
            fern_group(&["helpCenters".to_owned(), "collections".to_owned()]),
            "help_centers.collections"
        );
        assert_eq!(
            operation_id_of("post", "/export/reporting_data/enqueue"),
            "postExportReportingDataEnqueue"
        );
        assert_eq!(
            operation_id_of("get", "/download/reporting_data/{job_identifier}"),
            "getDownloadReportingData"
        );
    }
}
