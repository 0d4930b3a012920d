//! The drift warnings of decoding (target `intercom_sdk::drift`): what an answer holds that the
//! models do not expect, kept as sent. The decode span around them names the operation.

/// Reports a member of an unexpected JSON type.
pub(crate) fn surprise(model: &'static str, member: &str) {
    tracing::warn!(
        target: "intercom_sdk::drift",
        model,
        member,
        "a member of an unexpected JSON type was kept as sent"
    );
}

/// Reports a value an open enum does not know.
pub(crate) fn unknown_value(enum_name: &'static str, value: &str) {
    tracing::warn!(target: "intercom_sdk::drift", enum_name, value, "unknown enum value kept as Unknown");
}
