//! The vocabulary of end-to-end encryption shared by the store, the session, the CLI and the
//! window: which OMEMO namespace, how far a key is trusted, and what we know of a device.
//! The cryptography itself is in src/omemo.

use chrono::{DateTime, Utc};
use jid::BareJid;

/// The two OMEMO wire formats (docs/protocol.md, Encryption).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum OmemoNamespace {
    /// eu.siacs.conversations.axolotl (XEP-0384 v0.3): Conversations, Dino, Gajim, Monal.
    Legacy,
    /// urn:xmpp:omemo:2 with XEP-0420 envelopes: Kaidan, Converse.js 14.
    V2,
}

impl OmemoNamespace {
    pub const ALL: [OmemoNamespace; 2] = [OmemoNamespace::Legacy, OmemoNamespace::V2];

    pub fn ns(self) -> &'static str {
        match self {
            OmemoNamespace::Legacy => "eu.siacs.conversations.axolotl",
            OmemoNamespace::V2 => "urn:xmpp:omemo:2",
        }
    }

    /// The short name the CLI prints and JSON carries.
    pub fn label(self) -> &'static str {
        match self {
            OmemoNamespace::Legacy => "legacy",
            OmemoNamespace::V2 => "v2",
        }
    }

    /// The number the store keeps.
    pub fn code(self) -> i64 {
        match self {
            OmemoNamespace::Legacy => 0,
            OmemoNamespace::V2 => 1,
        }
    }

    pub fn from_code(code: i64) -> Option<OmemoNamespace> {
        match code {
            0 => Some(OmemoNamespace::Legacy),
            1 => Some(OmemoNamespace::V2),
            _ => None,
        }
    }
}

/// The OMEMO namespaces a message travelled in: none for plain text (and for encrypted
/// messages stored before the namespace was kept). An incoming message comes in one; an
/// outgoing one carries an `<encrypted>` for each namespace its recipients' devices speak.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct Namespaces {
    pub legacy: bool,
    pub v2: bool,
}

impl Namespaces {
    pub fn contains(self, ns: OmemoNamespace) -> bool {
        match ns {
            OmemoNamespace::Legacy => self.legacy,
            OmemoNamespace::V2 => self.v2,
        }
    }

    pub fn is_empty(self) -> bool {
        !self.legacy && !self.v2
    }

    pub fn iter(self) -> impl Iterator<Item = OmemoNamespace> {
        OmemoNamespace::ALL
            .into_iter()
            .filter(move |ns| self.contains(*ns))
    }
}

impl FromIterator<OmemoNamespace> for Namespaces {
    fn from_iter<I: IntoIterator<Item = OmemoNamespace>>(iter: I) -> Self {
        let mut set = Namespaces::default();
        for ns in iter {
            match ns {
                OmemoNamespace::Legacy => set.legacy = true,
                OmemoNamespace::V2 => set.v2 = true,
            }
        }
        set
    }
}

/// Whether a conversation is end-to-end encrypted (security.md: a conversation marked encrypted
/// never sends plain text).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Encryption {
    /// OMEMO when the contact has a device for it, and from then on always (the first
    /// encrypted message in either direction turns it On).
    Automatic,
    /// Always OMEMO: a message that cannot be encrypted waits with an error.
    On,
    /// Plain text, because the user turned encryption off explicitly.
    Off,
}

impl Encryption {
    pub fn code(self) -> i64 {
        match self {
            Encryption::Automatic => 0,
            Encryption::On => 1,
            Encryption::Off => 2,
        }
    }

    pub fn from_code(code: i64) -> Encryption {
        match code {
            1 => Encryption::On,
            2 => Encryption::Off,
            _ => Encryption::Automatic,
        }
    }
}

/// How far a device's identity key is trusted (security.md: Blind Trust Before Verification).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Trust {
    /// A key seen after the user verified another key of this contact: nothing is encrypted
    /// to it until the user decides.
    Undecided,
    /// Trusted without verification, because the user has verified no key of this contact.
    Blind,
    /// The user compared the fingerprint (QR code, URI or side by side).
    Verified,
    /// The user said no: never encrypted to, its messages shown as from an untrusted key.
    Distrusted,
}

impl Trust {
    /// Whether messages are encrypted to a device with this trust.
    pub fn encrypts(self) -> bool {
        matches!(self, Trust::Blind | Trust::Verified)
    }

    pub fn label(self) -> &'static str {
        match self {
            Trust::Undecided => "undecided",
            Trust::Blind => "blind",
            Trust::Verified => "verified",
            Trust::Distrusted => "distrusted",
        }
    }

    pub fn code(self) -> i64 {
        match self {
            Trust::Undecided => 0,
            Trust::Blind => 1,
            Trust::Verified => 2,
            Trust::Distrusted => 3,
        }
    }

    pub fn from_code(code: i64) -> Trust {
        match code {
            1 => Trust::Blind,
            2 => Trust::Verified,
            3 => Trust::Distrusted,
            _ => Trust::Undecided,
        }
    }
}

/// One OMEMO device of a contact or of our own account, as the store knows it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Device {
    pub jid: BareJid,
    pub namespace: OmemoNamespace,
    pub id: u32,
    pub label: Option<String>,
    /// Still in the owner's latest device list.
    pub active: bool,
    /// Lowercase hex of the identity key, once its bundle was fetched and verified.
    pub fingerprint: Option<String>,
    /// Trust of that fingerprint; Undecided until the fingerprint is known.
    pub trust: Trust,
    /// When we first heard of it (its owner's list, or a message from it).
    pub first_seen: DateTime<Utc>,
}

/// Splits a fingerprint into blocks of eight characters, as people compare them.
pub fn fingerprint_blocks(hex: &str) -> String {
    let chars: Vec<char> = hex.chars().collect();
    chars
        .chunks(8)
        .map(|c| c.iter().collect::<String>())
        .collect::<Vec<_>>()
        .join(" ")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn codes_round_trip() {
        for n in OmemoNamespace::ALL {
            assert_eq!(OmemoNamespace::from_code(n.code()), Some(n));
        }
        assert_eq!(OmemoNamespace::from_code(7), None);
        for t in [
            Trust::Undecided,
            Trust::Blind,
            Trust::Verified,
            Trust::Distrusted,
        ] {
            assert_eq!(Trust::from_code(t.code()), t);
        }
    }

    #[test]
    fn namespaces_collect_and_list_in_order() {
        let both: Namespaces = [
            OmemoNamespace::V2,
            OmemoNamespace::Legacy,
            OmemoNamespace::V2,
        ]
        .into_iter()
        .collect();
        assert_eq!(both.iter().collect::<Vec<_>>(), OmemoNamespace::ALL);
        let v2: Namespaces = std::iter::once(OmemoNamespace::V2).collect();
        assert!(v2.contains(OmemoNamespace::V2) && !v2.contains(OmemoNamespace::Legacy));
        assert!(Namespaces::default().is_empty() && !v2.is_empty());
    }

    #[test]
    fn encryption_codes_round_trip() {
        for e in [Encryption::Automatic, Encryption::On, Encryption::Off] {
            assert_eq!(Encryption::from_code(e.code()), e);
        }
    }

    #[test]
    fn only_blind_and_verified_keys_are_encrypted_to() {
        assert!(Trust::Blind.encrypts() && Trust::Verified.encrypts());
        assert!(!Trust::Undecided.encrypts() && !Trust::Distrusted.encrypts());
    }

    #[test]
    fn fingerprints_read_in_blocks_of_eight() {
        assert_eq!(
            fingerprint_blocks("0123456789abcdef01234567"),
            "01234567 89abcdef 01234567"
        );
        assert_eq!(fingerprint_blocks("abc"), "abc");
    }
}
