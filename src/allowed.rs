//! The per-method status table that `status-not-allowed-for-method` reads (Zalando guideline
//! 150): which status keys each method may declare, as a team configures it in
//! `statuslint.yaml`.

use crate::model::{range_class, status_code};

#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct AllowedStatuses {
    /// Allowed for every method (the table's `all` entry).
    pub all: Vec<String>,
    /// Lower-case method → its own allowed entries (added to `all`).
    pub methods: Vec<(String, Vec<String>)>,
}

impl AllowedStatuses {
    /// Whether `method` may declare the response key `key`; `None` when the table says nothing
    /// about `method` (no entry of its own and no `all`), so nothing is judged.
    pub fn allows(&self, method: &str, key: &str) -> Option<bool> {
        let own = self
            .methods
            .iter()
            .find(|(m, _)| m == method)
            .map(|(_, list)| list.as_slice());
        if own.is_none() && self.all.is_empty() {
            return None;
        }
        let mut entries = self.all.iter().chain(own.unwrap_or_default());
        Some(entries.any(|entry| entry_allows(entry, key)))
    }
}

/// An entry allows its own key, and a class entry (`4XX`) also every code of the class.
fn entry_allows(entry: &str, key: &str) -> bool {
    entry == key
        || range_class(entry).is_some_and(|class| {
            status_code(key).is_some_and(|code| code / 100 == u16::from(class))
        })
}

/// Whether `entry` may appear in the table: a code 100–599, a class `4XX` or `default`.
pub fn is_entry(entry: &str) -> bool {
    crate::checks::is_valid_key(entry)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn table() -> AllowedStatuses {
        AllowedStatuses {
            all: vec!["400".into(), "5XX".into(), "default".into()],
            methods: vec![("get".into(), vec!["200".into(), "304".into()])],
        }
    }

    #[test]
    fn a_method_may_declare_its_own_and_the_shared_entries() {
        let t = table();
        assert_eq!(t.allows("get", "200"), Some(true));
        assert_eq!(t.allows("get", "400"), Some(true));
        assert_eq!(t.allows("get", "503"), Some(true));
        assert_eq!(t.allows("get", "5XX"), Some(true));
        assert_eq!(t.allows("get", "default"), Some(true));
        assert_eq!(t.allows("get", "201"), Some(false));
        assert_eq!(t.allows("get", "4XX"), Some(false));
        assert_eq!(t.allows("post", "201"), Some(false));
        assert_eq!(t.allows("post", "400"), Some(true));
    }

    #[test]
    fn a_table_without_all_judges_only_the_methods_it_names() {
        let t = AllowedStatuses {
            all: Vec::new(),
            methods: vec![("get".into(), vec!["200".into()])],
        };
        assert_eq!(t.allows("post", "418"), None);
        assert_eq!(t.allows("get", "418"), Some(false));
    }
}
