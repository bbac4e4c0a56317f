//! OMEMO (XEP-0384) cryptographic core: pure Rust, no I/O, no XML.
//!
//! OMEMO is the Signal protocol (X3DH key agreement plus the Double Ratchet) run once per
//! device pair, with the message body encrypted once under a random key that is then
//! ratchet-encrypted for every recipient device. Two incompatible namespaces are in use:
//!
//! - [`Namespace::Legacy`], `eu.siacs.conversations.axolotl` (XEP-0384 v0.3, libsignal's wire
//!   format): what Conversations, Dino, Gajim, Monal and Profanity speak.
//! - [`Namespace::V2`], `urn:xmpp:omemo:2` (XEP-0384 v0.8+): what Kaidan and Converse.js speak;
//!   its payload is an SCE (XEP-0420) envelope built elsewhere; here it is just bytes.
//!
//! One identity key serves both namespaces, as in python-omemo: a 32-byte Ed25519 seed, shown
//! as Curve25519 (`0x05`-prefixed on the wire) to legacy peers and as Ed25519 to OMEMO 2 peers.
//!
//! Details that break interop when wrong, and where they live:
//! - legacy signed-prekey signatures carry the Ed25519 sign bit in bit 7 of byte 63
//!   (libsignal's curve_sigs, python-oldmemo's etree): `keys.rs`;
//! - X3DH infos `WhisperText` / `OMEMO X3DH`, associated data as identity encodings: `x3dh.rs`;
//! - root infos `WhisperRatchet` / `OMEMO Root Chain`, chain constants 0x01/0x02, message keys
//!   through HKDF `WhisperMessageKeys` / `OMEMO Message Key Material`: `ratchet.rs`;
//! - legacy: version byte 0x33, 8-byte MAC over sender identity || receiver identity ||
//!   message, key element = AES-128-GCM key(16) || tag(16): `legacy.rs`;
//! - OMEMO 2: 16-byte MAC over initiator identity || responder identity || OMEMOMessage,
//!   payload key(32) || HMAC(16) with HKDF `OMEMO Payload`: `v2.rs`.
//!
//! `device.rs` holds our own keys (signed prekey rotation, one-time prekeys), `session.rs`
//! the calls below.
//!
//! Usage by the session service (load state, call a pure function, save the new state):
//!
//! ```text
//! // once: let own = OwnDevice::generate(&mut rng, now); store own.to_bytes()
//! // publish:  own.bundle(Namespace::Legacy), own.bundle(Namespace::V2)
//! // daily:    if own.rotate_signed_prekey(&mut rng, now) { store; publish both bundles }
//! // sending to a device without a session:
//! let bundle = Bundle::from_wire(ns, ik, spk_id, spk, sig, &prekeys)?;   // parsed from PEP
//! let mut session = Session::initiate(ns, &own, &bundle, &mut rng)?;      // verifies the bundle
//! let (payload, material) = encrypt_message(ns, plaintext, &mut rng)?;
//! let key: KeyElement = session.encrypt_key(&material)?;                  // per device
//! store(session.to_bytes());
//! // receiving: the <key rid=our id prekey/kex=..> addressed to us
//! let existing = load().map(|b| Session::from_bytes(&b)).transpose()?;
//! let got = receive_key(ns, &own, existing, &key, &mut rng)?;
//! store(got.session.to_bytes());
//! if let Some(id) = got.used_prekey { own.remove_prekey(id); own.replenish_prekeys(&mut rng); }
//! let body = decrypt_payload(ns, &got.material, &payload)?;  // None payload = empty message
//! if got.new_session { /* answer with encrypt_empty(ns, &mut rng) through got.session */ }
//! ```

pub mod device;
pub mod keys;
pub mod legacy;
pub mod ratchet;
pub mod session;
pub mod v2;
pub mod wire;
pub mod x3dh;
// The XML of both namespaces, XEP-0420 envelopes, XEP-0380 markers and PEP publications.
pub mod eme;
pub mod legacy_xml;
pub mod pep;
pub mod sce;
pub mod stanza2;

pub use device::OwnDevice;
pub use keys::{Bundle, IdentityKeyPair, PreKey, SignedPreKey, fingerprint, identity_fingerprint};
pub use session::{
    EncryptedPayload, KeyElement, KeyMaterial, Received, Session, decrypt_payload, encrypt_empty,
    encrypt_message, receive_key,
};

use rand::{CryptoRng, Rng};

/// Which OMEMO namespace a key, message or session belongs to (the core's vocabulary).
pub use crate::core::OmemoNamespace as Namespace;

impl Namespace {
    /// The namespace of an XML namespace string.
    pub fn from_ns(ns: &str) -> Option<Self> {
        match ns {
            "eu.siacs.conversations.axolotl" => Some(Namespace::Legacy),
            "urn:xmpp:omemo:2" => Some(Namespace::V2),
            _ => None,
        }
    }

    pub(crate) fn to_byte(self) -> u8 {
        match self {
            Namespace::Legacy => 0,
            Namespace::V2 => 2,
        }
    }

    pub(crate) fn from_byte(b: u8) -> Result<Self, Error> {
        match b {
            0 => Ok(Namespace::Legacy),
            2 => Ok(Namespace::V2),
            _ => Err(Error::Malformed("namespace byte")),
        }
    }
}

/// An OMEMO device id: 1..=2^31-1 (XEP-0384; libsignal registration ids are 31-bit).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct DeviceId(u32);

impl DeviceId {
    pub const MAX: u32 = 0x7fff_ffff;

    /// `None` outside 1..=2^31-1.
    pub fn new(id: u32) -> Option<Self> {
        (1..=Self::MAX).contains(&id).then_some(DeviceId(id))
    }

    /// A uniformly random valid id.
    pub fn random<R: CryptoRng + ?Sized>(rng: &mut R) -> Self {
        DeviceId(rng.random_range(1..=Self::MAX))
    }

    pub fn get(self) -> u32 {
        self.0
    }
}

impl std::fmt::Display for DeviceId {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        self.0.fmt(f)
    }
}

/// Everything that can go wrong; no variant carries secret material.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum Error {
    #[error("bad signature on the signed prekey")]
    BadSignature,
    #[error("message authentication failed")]
    BadMac,
    #[error("unknown one-time prekey {0}")]
    UnknownPreKey(u32),
    #[error("unknown signed prekey {0}")]
    UnknownSignedPreKey(u32),
    #[error("no session with this device")]
    NoSession,
    #[error("message already decrypted (replay or duplicate)")]
    Duplicate,
    #[error("too many skipped messages")]
    TooManySkipped,
    #[error("bundle has no one-time prekey")]
    NoPreKey,
    #[error("weak or invalid public key")]
    InvalidKey,
    #[error("decryption failed")]
    DecryptFailed,
    #[error("malformed {0}")]
    Malformed(&'static str),
    #[error("unsupported state format version {0}")]
    UnsupportedVersion(u8),
}

/// Compact binary encoding for stored state: fixed-size fields and u32 lengths, big endian.
/// Our own format so that the store keeps each state as one BLOB; the first byte of every
/// encoded state is a format version.
pub(crate) mod codec {
    use super::Error;

    #[derive(Default)]
    pub struct Writer(pub Vec<u8>);

    impl Writer {
        pub fn u8(&mut self, v: u8) {
            self.0.push(v);
        }
        pub fn u32(&mut self, v: u32) {
            self.0.extend_from_slice(&v.to_be_bytes());
        }
        pub fn u64(&mut self, v: u64) {
            self.0.extend_from_slice(&v.to_be_bytes());
        }
        pub fn bytes(&mut self, v: &[u8]) {
            self.0.extend_from_slice(v);
        }
        pub fn opt32(&mut self, v: &Option<[u8; 32]>) {
            match v {
                Some(k) => {
                    self.u8(1);
                    self.bytes(k);
                }
                None => self.u8(0),
            }
        }
    }

    pub struct Reader<'a>(pub &'a [u8]);

    impl<'a> Reader<'a> {
        pub fn take(&mut self, n: usize) -> Result<&'a [u8], Error> {
            if self.0.len() < n {
                return Err(Error::Malformed("stored state"));
            }
            let (a, b) = self.0.split_at(n);
            self.0 = b;
            Ok(a)
        }
        pub fn u8(&mut self) -> Result<u8, Error> {
            Ok(self.take(1)?[0])
        }
        pub fn u32(&mut self) -> Result<u32, Error> {
            let b = self.take(4)?;
            Ok(u32::from_be_bytes([b[0], b[1], b[2], b[3]]))
        }
        pub fn u64(&mut self) -> Result<u64, Error> {
            let mut a = [0u8; 8];
            a.copy_from_slice(self.take(8)?);
            Ok(u64::from_be_bytes(a))
        }
        pub fn arr<const N: usize>(&mut self) -> Result<[u8; N], Error> {
            let mut a = [0u8; N];
            a.copy_from_slice(self.take(N)?);
            Ok(a)
        }
        pub fn opt32(&mut self) -> Result<Option<[u8; 32]>, Error> {
            match self.u8()? {
                0 => Ok(None),
                1 => Ok(Some(self.arr()?)),
                _ => Err(Error::Malformed("stored state")),
            }
        }
        /// A count that must fit in what is left at `min_item` bytes per item (no huge allocations).
        pub fn count(&mut self, min_item: usize) -> Result<usize, Error> {
            let n = self.u32()? as usize;
            if n.saturating_mul(min_item) > self.0.len() {
                return Err(Error::Malformed("stored state"));
            }
            Ok(n)
        }
        pub fn end(&self) -> Result<(), Error> {
            if self.0.is_empty() {
                Ok(())
            } else {
                Err(Error::Malformed("stored state: trailing bytes"))
            }
        }
    }
}

/// Test helpers shared by the files' tests.
#[cfg(test)]
pub(crate) mod testutil {
    use rand::SeedableRng;
    use rand::rngs::StdRng;

    pub fn rng(seed: u64) -> StdRng {
        StdRng::seed_from_u64(seed)
    }

    pub fn h(s: &str) -> Vec<u8> {
        hex::decode(s).unwrap()
    }

    pub fn h32(s: &str) -> [u8; 32] {
        h(s).try_into().unwrap()
    }

    /// Same as the python script's `fixed(label)`: sha256 of the label.
    pub fn fixed(label: &str) -> [u8; 32] {
        use sha2::Digest;
        sha2::Sha256::digest(label.as_bytes()).into()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn namespaces_round_trip() {
        for ns in [Namespace::Legacy, Namespace::V2] {
            assert_eq!(Namespace::from_ns(ns.ns()), Some(ns));
            assert_eq!(Namespace::from_byte(ns.to_byte()), Ok(ns));
        }
        assert_eq!(Namespace::from_ns("urn:xmpp:omemo:1"), None);
    }

    #[test]
    fn device_id_range() {
        assert!(DeviceId::new(0).is_none());
        assert!(DeviceId::new(1).is_some());
        assert!(DeviceId::new(0x7fff_ffff).is_some());
        assert!(DeviceId::new(0x8000_0000).is_none());
        let mut rng = testutil::rng(1);
        for _ in 0..1000 {
            let id = DeviceId::random(&mut rng).get();
            assert!((1..=DeviceId::MAX).contains(&id));
        }
    }

    fn assert_send_sync<T: Send + Sync>() {}

    #[test]
    fn types_are_send_and_sync() {
        assert_send_sync::<OwnDevice>();
        assert_send_sync::<Session>();
        assert_send_sync::<Bundle>();
        assert_send_sync::<KeyMaterial>();
        assert_send_sync::<ratchet::RatchetState>();
        assert_send_sync::<Error>();
    }
}
