//! [`MemberNames`]: the JSON names of a model's members, which decoding, `Extra`'s `null` bits
//! and writing back count in.

/// The JSON names of a model's members, in declaration order.
pub(crate) struct MemberNames(pub(crate) &'static [&'static str]);

impl MemberNames {
    /// The index of the member `key`.
    pub(crate) fn find(&self, key: &str) -> Option<usize> {
        self.0.iter().position(|name| *name == key)
    }

    /// The name at `index`.
    pub(crate) fn get(&self, index: usize) -> Option<&'static str> {
        self.0.get(index).copied()
    }

    /// Every name, in order.
    pub(crate) fn all(&self) -> &'static [&'static str] {
        self.0
    }
}
