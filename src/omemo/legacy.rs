//! `eu.siacs.conversations.axolotl` wire formats (XEP-0384 v0.3 = libsignal's
//! WhisperTextProtocol.proto) and payload encryption.
//!
//! - WhisperMessage: `0x33 || protobuf{1 ratchetKey (0x05||key), 2 counter, 3 previousCounter,
//!   4 ciphertext} || mac[8]`, the MAC being HMAC-SHA-256 over sender identity (33 bytes) ||
//!   receiver identity (33) || everything before the MAC.
//! - PreKeyWhisperMessage: `0x33 || protobuf{1 preKeyId, 2 baseKey, 3 identityKey,
//!   4 message (a whole WhisperMessage), 5 registrationId, 6 signedPreKeyId}`.
//! - Payload: AES-128-GCM under a random 16-byte key and 12-byte IV; what gets
//!   ratchet-encrypted per device is key(16) || tag(16). Decryption also takes 16-byte IVs
//!   (older Conversations) and a bare 16-byte key with the tag appended to the payload.
//!
//! Fields are declared in tag order: prost then serialises as python-protobuf and libsignal do.

use std::borrow::Cow;

use aes_gcm::aead::consts::U16;
use aes_gcm::aead::{Aead, KeyInit, Payload};
use aes_gcm::{Aes128Gcm, AesGcm, Nonce};
use prost::Message;
use zeroize::Zeroizing;

use super::keys::{decode_public, encode_public};
use super::ratchet::{Header, Parsed};
use super::{Error, Namespace};

pub const VERSION: u8 = 0x33;
pub const MAC_LEN: usize = 8;
pub const KEY_LEN: usize = 16;
pub const TAG_LEN: usize = 16;

#[derive(Clone, PartialEq, Message)]
struct WhisperMessage {
    #[prost(bytes = "vec", optional, tag = "1")]
    ratchet_key: Option<Vec<u8>>,
    #[prost(uint32, optional, tag = "2")]
    counter: Option<u32>,
    #[prost(uint32, optional, tag = "3")]
    previous_counter: Option<u32>,
    #[prost(bytes = "vec", optional, tag = "4")]
    ciphertext: Option<Vec<u8>>,
}

#[derive(Clone, PartialEq, Message)]
struct PreKeyWhisperMessage {
    #[prost(uint32, optional, tag = "1")]
    pre_key_id: Option<u32>,
    #[prost(bytes = "vec", optional, tag = "2")]
    base_key: Option<Vec<u8>>,
    #[prost(bytes = "vec", optional, tag = "3")]
    identity_key: Option<Vec<u8>>,
    #[prost(bytes = "vec", optional, tag = "4")]
    message: Option<Vec<u8>>,
    #[prost(uint32, optional, tag = "5")]
    registration_id: Option<u32>,
    #[prost(uint32, optional, tag = "6")]
    signed_pre_key_id: Option<u32>,
}

/// Accepts libsignal's rule: the high nibble of the version byte must be 3.
fn check_version(bytes: &[u8]) -> Result<&[u8], Error> {
    match bytes.split_first() {
        Some((v, rest)) if v >> 4 == 3 => Ok(rest),
        Some(_) => Err(Error::Malformed("legacy version byte")),
        None => Err(Error::Malformed("empty legacy message")),
    }
}

/// Version byte and protobuf: what the MAC covers after the identities.
pub(crate) fn encode_message(h: &Header, ciphertext: &[u8]) -> Vec<u8> {
    let m = WhisperMessage {
        ratchet_key: Some(encode_public(Namespace::Legacy, &h.dh)),
        counter: Some(h.n),
        previous_counter: Some(h.pn),
        ciphertext: Some(ciphertext.to_vec()),
    };
    let mut out = Vec::with_capacity(1 + m.encoded_len() + MAC_LEN);
    out.push(VERSION);
    m.encode(&mut out).expect("Vec grows");
    out
}

pub(crate) fn frame_message(mut body: Vec<u8>, mac: &[u8; 32]) -> Vec<u8> {
    body.extend_from_slice(&mac[..MAC_LEN]);
    body
}

pub(crate) fn parse_message(bytes: &[u8]) -> Result<Parsed<'_>, Error> {
    if bytes.len() < 1 + MAC_LEN {
        return Err(Error::Malformed("legacy message too short"));
    }
    let (authenticated, mac) = bytes.split_at(bytes.len() - MAC_LEN);
    let m = WhisperMessage::decode(check_version(authenticated)?)
        .map_err(|_| Error::Malformed("legacy WhisperMessage"))?;
    let dh = decode_public(
        Namespace::Legacy,
        m.ratchet_key.as_deref().unwrap_or_default(),
    )?;
    Ok(Parsed {
        header: Header {
            dh,
            n: m.counter.ok_or(Error::Malformed("legacy counter"))?,
            pn: m.previous_counter.unwrap_or(0),
        },
        ciphertext: m.ciphertext.ok_or(Error::Malformed("legacy ciphertext"))?,
        mac: Cow::Borrowed(mac),
        authenticated: Cow::Borrowed(authenticated),
    })
}

/// A PreKeyWhisperMessage: the key exchange around the first ratchet messages.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct KeyExchange {
    pub registration_id: Option<u32>,
    pub pre_key_id: Option<u32>,
    pub signed_pre_key_id: u32,
    /// The initiator's ephemeral (base) key.
    pub base_key: [u8; 32],
    /// The initiator's Curve25519 identity.
    pub identity_key: [u8; 32],
    /// A whole WhisperMessage.
    pub message: Vec<u8>,
}

impl KeyExchange {
    pub fn encode(&self) -> Vec<u8> {
        let m = PreKeyWhisperMessage {
            pre_key_id: self.pre_key_id,
            base_key: Some(encode_public(Namespace::Legacy, &self.base_key)),
            identity_key: Some(encode_public(Namespace::Legacy, &self.identity_key)),
            message: Some(self.message.clone()),
            registration_id: self.registration_id,
            signed_pre_key_id: Some(self.signed_pre_key_id),
        };
        let mut out = Vec::with_capacity(1 + m.encoded_len());
        out.push(VERSION);
        m.encode(&mut out).expect("Vec grows");
        out
    }

    pub fn parse(bytes: &[u8]) -> Result<Self, Error> {
        let m = PreKeyWhisperMessage::decode(check_version(bytes)?)
            .map_err(|_| Error::Malformed("legacy PreKeyWhisperMessage"))?;
        Ok(KeyExchange {
            registration_id: m.registration_id,
            pre_key_id: m.pre_key_id,
            signed_pre_key_id: m
                .signed_pre_key_id
                .ok_or(Error::Malformed("signedPreKeyId"))?,
            base_key: decode_public(Namespace::Legacy, m.base_key.as_deref().unwrap_or_default())?,
            identity_key: decode_public(
                Namespace::Legacy,
                m.identity_key.as_deref().unwrap_or_default(),
            )?,
            message: m.message.ok_or(Error::Malformed("legacy inner message"))?,
        })
    }
}

/// AES-128-GCM of the body; returns (ciphertext, tag).
pub(crate) fn encrypt_payload(
    key: &[u8; KEY_LEN],
    iv: &[u8; 12],
    plaintext: &[u8],
) -> (Vec<u8>, [u8; TAG_LEN]) {
    let mut ct = Aes128Gcm::new(key.into())
        .encrypt(Nonce::from_slice(iv), plaintext)
        .expect("GCM encryption of a message-sized input");
    let mut tag = [0u8; TAG_LEN];
    tag.copy_from_slice(&ct[ct.len() - TAG_LEN..]);
    ct.truncate(ct.len() - TAG_LEN);
    (ct, tag)
}

/// Decrypts the body. `material` is what the ratchet gave: key||tag (32 bytes or more), or a
/// bare key whose tag is then the payload's last 16 bytes (pre-2018 clients).
pub(crate) fn decrypt_payload(
    material: &[u8],
    iv: &[u8],
    payload: &[u8],
) -> Result<Zeroizing<Vec<u8>>, Error> {
    let (key, ct_and_tag) = match material.len() {
        KEY_LEN => (material, payload.to_vec()),
        n if n >= KEY_LEN + TAG_LEN => {
            let mut v = Vec::with_capacity(payload.len() + TAG_LEN);
            v.extend_from_slice(payload);
            v.extend_from_slice(&material[KEY_LEN..KEY_LEN + TAG_LEN]);
            (&material[..KEY_LEN], v)
        }
        _ => return Err(Error::Malformed("legacy key material length")),
    };
    if ct_and_tag.len() < TAG_LEN {
        return Err(Error::Malformed("legacy payload too short"));
    }
    let payload = Payload {
        msg: &ct_and_tag,
        aad: b"",
    };
    let out = match iv.len() {
        12 => Aes128Gcm::new(key.into()).decrypt(Nonce::from_slice(iv), payload),
        16 => AesGcm::<aes::Aes128, U16>::new(key.into()).decrypt(iv.into(), payload),
        _ => return Err(Error::Malformed("legacy IV length")),
    };
    out.map(Zeroizing::new).map_err(|_| Error::DecryptFailed)
}

/// Vectors shared with the session tests.
#[cfg(test)]
pub(crate) mod tests_vectors {
    // From /tmp/omemo-kat/kat.py, python-omemo 2.1.0 / oldmemo 2.1.0.
    pub const KEX1: &str = "33082a1221059b6d9e84cdd58b6de4adf54cc8c28e387917a5a6736c2ff87b3d009f21b5f1111a2105ef03f1c28b53c38685ff8cc4634ae91e03ca3fdf6f0240f3e9da5580b9a171212262330a210573117970ac7aab0083bdda0ac4971a834705138cd0f49978247676e31087e63d100018002230cf82cbedb07fc3f40baec8ae6ab76fe46ffbf0b0dd148cc80242b3fbd22efc04c4397f387d9d7b64b84a9fe9cb42b1877c47f8af83ffeb473007";
}

#[cfg(test)]
mod tests {
    use super::tests_vectors::KEX1;
    use super::*;
    use crate::omemo::testutil::{h, rng};
    use rand::Rng;

    // From /tmp/omemo-kat/kat.py, python-omemo 2.1.0 / oldmemo 2.1.0.
    const MSG1: &str = "330a210573117970ac7aab0083bdda0ac4971a834705138cd0f49978247676e31087e63d100018002230cf82cbedb07fc3f40baec8ae6ab76fe46ffbf0b0dd148cc80242b3fbd22efc04c4397f387d9d7b64b84a9fe9cb42b1877c47f8af83ffeb47";

    #[test]
    fn parses_and_reencodes_python_messages() {
        let bytes = h(MSG1);
        let p = parse_message(&bytes).unwrap();
        assert_eq!((p.header.n, p.header.pn), (0, 0));
        assert_eq!(p.mac.len(), 8);
        let again = encode_message(&p.header, &p.ciphertext);
        assert_eq!(again, &p.authenticated[..]);

        let kex = KeyExchange::parse(&h(KEX1)).unwrap();
        assert_eq!(
            (kex.pre_key_id, kex.signed_pre_key_id, kex.registration_id),
            (Some(42), 7, None)
        );
        assert_eq!(kex.message, bytes);
        assert_eq!(kex.encode(), h(KEX1));
    }

    #[test]
    fn payload_matches_python() {
        let key: [u8; 16] = h("304ec2ebd424a0206a07003e788b7f31").try_into().unwrap();
        let iv: [u8; 12] = h("dd32543e452f58304ae2d101").try_into().unwrap();
        let pt = "Hello from python-omemo \u{2713}".as_bytes();
        let (ct, tag) = encrypt_payload(&key, &iv, pt);
        assert_eq!(
            ct,
            h("57ad17c8e003d276da380881a69c74189cdb18bfda444f5ee32b18")
        );
        assert_eq!(tag.to_vec(), h("f36359768ce613572699c16d890ef027"));
        let material = [&key[..], &tag[..]].concat();
        assert_eq!(&decrypt_payload(&material, &iv, &ct).unwrap()[..], pt);
        // old layout: bare key, tag appended to the payload
        assert_eq!(
            &decrypt_payload(&key, &iv, &[&ct[..], &tag[..]].concat()).unwrap()[..],
            pt
        );
        let mut bad = ct.clone();
        bad[0] ^= 1;
        assert_eq!(
            decrypt_payload(&material, &iv, &bad).err(),
            Some(Error::DecryptFailed)
        );
    }

    #[test]
    fn sixteen_byte_ivs_decrypt() {
        use aes_gcm::aead::AeadInPlace;
        let key = [9u8; 16];
        let iv = [7u8; 16];
        let mut buf = b"from an old client".to_vec();
        let tag = AesGcm::<aes::Aes128, U16>::new((&key).into())
            .encrypt_in_place_detached((&iv).into(), b"", &mut buf)
            .unwrap();
        let material = [&key[..], &tag[..]].concat();
        assert_eq!(
            &decrypt_payload(&material, &iv, &buf).unwrap()[..],
            b"from an old client"
        );
        assert!(decrypt_payload(&material, &iv[..8], &buf).is_err());
    }

    #[test]
    fn fuzz_parsers_never_panic() {
        let mut r = rng(21);
        let kex = h(KEX1);
        for i in 0..10_000 {
            let bytes: Vec<u8> = if i % 2 == 0 {
                let len = r.random_range(0..160);
                (0..len).map(|_| r.random()).collect()
            } else {
                let mut g = kex.clone();
                let k = r.random_range(0..g.len());
                g[k] = r.random();
                g.truncate(r.random_range(0..=g.len()));
                g
            };
            let _ = parse_message(&bytes);
            let _ = KeyExchange::parse(&bytes);
            let iv_len = [12, 16, 3][i % 3];
            let _ = decrypt_payload(&bytes[..bytes.len().min(40)], &vec![0; iv_len], &bytes);
        }
        assert!(parse_message(&[]).is_err());
        assert!(KeyExchange::parse(&[0x33]).is_err());
    }
}
