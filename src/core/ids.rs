//! Database ids as named types, so an account id can never be passed as a message id.

use std::fmt;

macro_rules! id_type {
    ($name:ident) => {
        #[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
        pub struct $name(pub i64);

        impl fmt::Display for $name {
            fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                self.0.fmt(f)
            }
        }
    };
}

id_type!(AccountId);
id_type!(ConversationId);
id_type!(MessageId);

/// A fresh, unpredictable identifier for stanzas (origin-id, IQ ids): 128 random bits.
/// IQ ids must not be guessable (Smack CVE-2014-0364).
pub fn new_stanza_id() -> String {
    let bytes: [u8; 16] = rand::random();
    hex::encode(bytes)
}
