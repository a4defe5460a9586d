//! [`Id`]: a record's id as a report hands it out, cheap to copy.

use std::borrow::Borrow;
use std::fmt;
use std::ops::Deref;

use serde::{Deserialize, Serialize};
use smol_str::SmolStr;

/// The id of a node, link, country, corridor or source in a report, read like a string.
///
/// A route names every link, place, country, corridor and source it passes, a hundred ids
/// for a long one. An `Id` holds an id of up to 23 bytes in place, with no allocation to make
/// or free, and a longer one shared; so building a report costs little more than the search
/// behind it. It reads as a `&str` (it dereferences to one), compares equal with `str`,
/// `&str` and `String`, orders and hashes as its text does, and is written in JSON as a plain
/// string.
///
/// # Example
/// ```
/// use corridors::{Id, Network, RouteQuery};
///
/// let net = Network::trans_afghan();
/// let route = net.route(&RouteQuery::new("termez", "karachi"))?.route.unwrap();
/// let first: &Id = &route.legs[0].from;
/// assert_eq!(first, "termez");
/// assert!(first.starts_with("ter")); // any `str` method
/// let owned: String = first.to_string();
/// assert_eq!(owned, *first);
/// assert_eq!(serde_json::to_string(first)?, "\"termez\"");
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
#[derive(Clone, Default, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(transparent)]
pub struct Id(SmolStr);

impl Id {
    /// An id with this text.
    pub fn new(text: impl AsRef<str>) -> Id {
        Id(SmolStr::new(text))
    }

    /// The id's text.
    pub fn as_str(&self) -> &str {
        self.0.as_str()
    }
}

impl Deref for Id {
    type Target = str;

    fn deref(&self) -> &str {
        self.0.as_str()
    }
}

impl AsRef<str> for Id {
    fn as_ref(&self) -> &str {
        self.0.as_str()
    }
}

impl Borrow<str> for Id {
    fn borrow(&self) -> &str {
        self.0.as_str()
    }
}

impl fmt::Display for Id {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        fmt::Display::fmt(self.as_str(), f)
    }
}

impl fmt::Debug for Id {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        fmt::Debug::fmt(self.as_str(), f)
    }
}

impl From<&str> for Id {
    fn from(text: &str) -> Id {
        Id::new(text)
    }
}

impl From<&String> for Id {
    fn from(text: &String) -> Id {
        Id::new(text)
    }
}

impl From<String> for Id {
    fn from(text: String) -> Id {
        Id(SmolStr::from(text))
    }
}

impl From<Id> for String {
    fn from(id: Id) -> String {
        id.0.into()
    }
}

/// `Id == str`, `str == Id` and the like for `&str` and `String`, so an id compares with text
/// as a `String` does.
macro_rules! eq_text {
    ($($text:ty),*) => {$(
        impl PartialEq<$text> for Id {
            fn eq(&self, other: &$text) -> bool {
                self.as_str() == AsRef::<str>::as_ref(other)
            }
        }

        impl PartialEq<Id> for $text {
            fn eq(&self, other: &Id) -> bool {
                AsRef::<str>::as_ref(self) == other.as_str()
            }
        }
    )*};
}

eq_text!(str, &str, String);

#[cfg(test)]
mod tests {
    use super::Id;

    #[test]
    fn long_and_short_ids_read_compare_and_order_as_their_text() {
        let short = Id::new("termez");
        let long = Id::new("tehrantimes-2025-chabahar-zahedan");
        for (id, text) in [
            (&short, "termez"),
            (&long, "tehrantimes-2025-chabahar-zahedan"),
        ] {
            assert_eq!(id.as_str(), text);
            assert_eq!(*id, text);
            assert_eq!(text, *id);
            assert_eq!(*id, text.to_string());
            assert_eq!(text.to_string(), *id);
            assert_eq!(id.clone(), *id);
            assert_eq!(format!("{id}"), text);
            assert_eq!(format!("{id:?}"), format!("{text:?}"));
            assert_eq!(String::from(id.clone()), text);
            assert_eq!(Id::from(text.to_string()), *id);
        }
        assert!(long < short);
        assert_ne!(short, "termez ");
        let ids: std::collections::BTreeSet<Id> = [short.clone(), long.clone()].into();
        assert!(ids.contains("termez"));
    }
}
