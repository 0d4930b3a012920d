//! Finding what the models do not expect: members and enum values they do not know, and values
//! of an unexpected JSON type. All of it is kept and written back; this says where it is.

/// Lists the parts of a decoded answer that this SDK's models do not describe.
///
/// Nothing is lost either way (unknown members are kept and written back, unknown enum values are
/// kept as text, a value of an unexpected JSON type is kept as sent); this tells you where the
/// API has drifted from the manifest.
///
/// ```
/// # #[cfg(feature = "v2")] fn main() -> Result<(), serde_json::Error> {
/// use intercom_sdk::{v2::models::Contact, UnknownFields};
/// let contact: Contact =
///     serde_json::from_str(r#"{"type": "contact", "id": "1", "new_field": 3, "email": 5}"#)?;
/// assert_eq!(contact.unknown_fields(), ["$.new_field"]);
/// assert_eq!(contact.surprises(), ["$.email"]); // kept, but `contact.email` is `None`
/// assert_eq!(serde_json::to_value(&contact)?["email"], 5);
/// # Ok(()) }
/// # #[cfg(not(feature = "v2"))] fn main() {}
/// ```
pub trait UnknownFields {
    /// Appends the JSON path (from `path`) of every unknown member or enum value to `out`.
    fn collect_unknown_fields(&self, path: &str, out: &mut Vec<String>);

    /// Appends the JSON path (from `path`) of every member or list item whose JSON type did not
    /// fit its field to `out`.
    fn collect_surprises(&self, path: &str, out: &mut Vec<String>) {
        let _ = (path, out);
    }

    /// The JSON paths (from `$`) of every unknown member or enum value.
    fn unknown_fields(&self) -> Vec<String> {
        let mut out = Vec::new();
        self.collect_unknown_fields("$", &mut out);
        out
    }

    /// The JSON paths (from `$`) of every member or list item whose JSON type did not fit its
    /// field: its typed field is `None` (a list item is left out of the list), and the value is
    /// kept as sent.
    fn surprises(&self) -> Vec<String> {
        let mut out = Vec::new();
        self.collect_surprises("$", &mut out);
        out
    }
}

impl<T: UnknownFields> UnknownFields for Option<T> {
    fn collect_unknown_fields(&self, path: &str, out: &mut Vec<String>) {
        if let Some(v) = self {
            v.collect_unknown_fields(path, out);
        }
    }

    fn collect_surprises(&self, path: &str, out: &mut Vec<String>) {
        if let Some(v) = self {
            v.collect_surprises(path, out);
        }
    }
}

impl<T: UnknownFields> UnknownFields for Vec<T> {
    fn collect_unknown_fields(&self, path: &str, out: &mut Vec<String>) {
        for (i, v) in self.iter().enumerate() {
            v.collect_unknown_fields(&format!("{path}[{i}]"), out);
        }
    }

    fn collect_surprises(&self, path: &str, out: &mut Vec<String>) {
        for (i, v) in self.iter().enumerate() {
            v.collect_surprises(&format!("{path}[{i}]"), out);
        }
    }
}
