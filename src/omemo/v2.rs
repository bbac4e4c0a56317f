//! `urn:xmpp:omemo:2` wire formats (XEP-0384 v0.8+, python-twomemo's twomemo.proto) and
//! payload encryption.
//!
//! - OMEMOMessage {1 n, 2 pn, 3 dh_pub (raw 32), 4 ciphertext}; no version byte.
//! - OMEMOAuthenticatedMessage {1 mac (16), 2 message (OMEMOMessage bytes)}; the MAC is
//!   HMAC-SHA-256 over initiator identity || responder identity (Ed25519, 64 bytes, the same
//!   in both directions) || the OMEMOMessage bytes, truncated to 16.
//! - OMEMOKeyExchange {1 pk_id, 2 spk_id, 3 ik (Ed25519), 4 ek, 5 message
//!   (OMEMOAuthenticatedMessage)}. An embedded message is length-delimited like a bytes field,
//!   so field 5 is carried as the authenticated message's bytes.
//! - Payload: 32 random bytes; HKDF-SHA-256(zero salt, info "OMEMO Payload") to 80 bytes =
//!   AES-256 key || HMAC key || IV; AES-256-CBC with PKCS#7; HMAC-SHA-256 of the ciphertext
//!   truncated to 16. Per device the ratchet carries key(32) || hmac(16); an empty message
//!   carries 32 zero bytes and no payload.

use std::borrow::Cow;

use prost::Message;
use zeroize::Zeroizing;

use super::Error;
use super::ratchet::{
    Header, Parsed, cbc_decrypt, cbc_encrypt, derive_80, hmac_sha256, hmac_verify,
};

pub const MAC_LEN: usize = 16;
pub const KEY_LEN: usize = 32;
const PAYLOAD_INFO: &[u8] = b"OMEMO Payload";

#[derive(Clone, PartialEq, Message)]
struct OmemoMessage {
    #[prost(uint32, required, tag = "1")]
    n: u32,
    #[prost(uint32, required, tag = "2")]
    pn: u32,
    #[prost(bytes = "vec", required, tag = "3")]
    dh_pub: Vec<u8>,
    #[prost(bytes = "vec", optional, tag = "4")]
    ciphertext: Option<Vec<u8>>,
}

#[derive(Clone, PartialEq, Message)]
struct OmemoAuthenticatedMessage {
    #[prost(bytes = "vec", required, tag = "1")]
    mac: Vec<u8>,
    #[prost(bytes = "vec", required, tag = "2")]
    message: Vec<u8>,
}

#[derive(Clone, PartialEq, Message)]
struct OmemoKeyExchange {
    #[prost(uint32, required, tag = "1")]
    pk_id: u32,
    #[prost(uint32, required, tag = "2")]
    spk_id: u32,
    #[prost(bytes = "vec", required, tag = "3")]
    ik: Vec<u8>,
    #[prost(bytes = "vec", required, tag = "4")]
    ek: Vec<u8>,
    #[prost(bytes = "vec", required, tag = "5")]
    message: Vec<u8>,
}

/// The OMEMOMessage bytes: what the MAC covers after the associated data.
pub(crate) fn encode_message(h: &Header, ciphertext: &[u8]) -> Vec<u8> {
    OmemoMessage {
        n: h.n,
        pn: h.pn,
        dh_pub: h.dh.to_vec(),
        ciphertext: Some(ciphertext.to_vec()),
    }
    .encode_to_vec()
}

pub(crate) fn frame_message(body: &[u8], mac: &[u8; 32]) -> Vec<u8> {
    OmemoAuthenticatedMessage {
        mac: mac[..MAC_LEN].to_vec(),
        message: body.to_vec(),
    }
    .encode_to_vec()
}

pub(crate) fn parse_message(bytes: &[u8]) -> Result<Parsed<'_>, Error> {
    let auth = OmemoAuthenticatedMessage::decode(bytes)
        .map_err(|_| Error::Malformed("OMEMOAuthenticatedMessage"))?;
    if auth.mac.len() != MAC_LEN {
        return Err(Error::Malformed("OMEMO 2 MAC length"));
    }
    let m =
        OmemoMessage::decode(&auth.message[..]).map_err(|_| Error::Malformed("OMEMOMessage"))?;
    let dh: [u8; 32] = m.dh_pub[..]
        .try_into()
        .map_err(|_| Error::Malformed("OMEMO 2 ratchet key"))?;
    Ok(Parsed {
        header: Header {
            dh,
            n: m.n,
            pn: m.pn,
        },
        ciphertext: m.ciphertext.ok_or(Error::Malformed("OMEMO 2 ciphertext"))?,
        mac: Cow::Owned(auth.mac),
        authenticated: Cow::Owned(auth.message),
    })
}

/// An OMEMOKeyExchange.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct KeyExchange {
    pub pre_key_id: u32,
    pub signed_pre_key_id: u32,
    /// The initiator's Ed25519 identity.
    pub identity_key: [u8; 32],
    pub ephemeral_key: [u8; 32],
    /// A whole OMEMOAuthenticatedMessage.
    pub message: Vec<u8>,
}

impl KeyExchange {
    pub fn encode(&self) -> Vec<u8> {
        OmemoKeyExchange {
            pk_id: self.pre_key_id,
            spk_id: self.signed_pre_key_id,
            ik: self.identity_key.to_vec(),
            ek: self.ephemeral_key.to_vec(),
            message: self.message.clone(),
        }
        .encode_to_vec()
    }

    pub fn parse(bytes: &[u8]) -> Result<Self, Error> {
        let m =
            OmemoKeyExchange::decode(bytes).map_err(|_| Error::Malformed("OMEMOKeyExchange"))?;
        let key = |v: &[u8]| -> Result<[u8; 32], Error> {
            v.try_into()
                .map_err(|_| Error::Malformed("OMEMOKeyExchange key length"))
        };
        Ok(KeyExchange {
            pre_key_id: m.pk_id,
            signed_pre_key_id: m.spk_id,
            identity_key: key(&m.ik)?,
            ephemeral_key: key(&m.ek)?,
            message: m.message,
        })
    }
}

/// Encrypts the SCE envelope bytes; returns (ciphertext, mac).
pub(crate) fn encrypt_payload(key: &[u8; KEY_LEN], plaintext: &[u8]) -> (Vec<u8>, [u8; MAC_LEN]) {
    let k = derive_80(key, PAYLOAD_INFO);
    let ct = cbc_encrypt(&k[..32], &k[64..], plaintext);
    let mut mac = [0u8; MAC_LEN];
    mac.copy_from_slice(&hmac_sha256(&k[32..64], &[&ct])[..MAC_LEN]);
    (ct, mac)
}

/// `material` is key(32) || mac(16) as the ratchet gave it.
pub(crate) fn decrypt_payload(
    material: &[u8],
    payload: &[u8],
) -> Result<Zeroizing<Vec<u8>>, Error> {
    if material.len() != KEY_LEN + MAC_LEN {
        return Err(Error::Malformed("OMEMO 2 key material length"));
    }
    let k = derive_80(&material[..KEY_LEN], PAYLOAD_INFO);
    hmac_verify(&k[32..64], &[payload], &material[KEY_LEN..])?;
    cbc_decrypt(&k[..32], &k[64..], payload)
}

/// Vectors shared with the session tests.
#[cfg(test)]
pub(crate) mod tests_vectors {
    // From /tmp/omemo-kat/kat.py, python-omemo 2.1.0 / twomemo 2.1.0.
    pub const KEX1: &str = "082a10071a2041c82a2f4925c587c67391c3065c443ca1a820ad542aae99a3b571ca531e60f322209b6d9e84cdd58b6de4adf54cc8c28e387917a5a6736c2ff87b3d009f21b5f1112a7c0a10966ee70f42d5440500e61e949105dcb21268080010001a2073117970ac7aab0083bdda0ac4971a834705138cd0f49978247676e31087e63d2240f3701f78fdc9e91bd9e2a325d1fe509dcdd69021c9b1179756f8fb07b744a9da7b41bd7ff7f3f1ddc52952bb81cd1a95fa9e79a3a1a8c89cfa9cdfc5b5616942";
}

#[cfg(test)]
mod tests {
    use super::tests_vectors::KEX1;
    use super::*;
    use crate::omemo::testutil::{h, rng};
    use rand::Rng;

    // From /tmp/omemo-kat/kat.py, python-omemo 2.1.0 / twomemo 2.1.0.
    const MSG1: &str = "0a10966ee70f42d5440500e61e949105dcb21268080010001a2073117970ac7aab0083bdda0ac4971a834705138cd0f49978247676e31087e63d2240f3701f78fdc9e91bd9e2a325d1fe509dcdd69021c9b1179756f8fb07b744a9da7b41bd7ff7f3f1ddc52952bb81cd1a95fa9e79a3a1a8c89cfa9cdfc5b5616942";

    #[test]
    fn parses_and_reencodes_python_messages() {
        let bytes = h(MSG1);
        let p = parse_message(&bytes).unwrap();
        assert_eq!((p.header.n, p.header.pn), (0, 0));
        assert_eq!(&p.mac[..], &bytes[2..18]);
        assert_eq!(
            encode_message(&p.header, &p.ciphertext),
            &p.authenticated[..]
        );
        let mut mac = [0u8; 32];
        mac[..16].copy_from_slice(&p.mac);
        assert_eq!(frame_message(&p.authenticated, &mac), bytes);

        let kex = KeyExchange::parse(&h(KEX1)).unwrap();
        assert_eq!((kex.pre_key_id, kex.signed_pre_key_id), (42, 7));
        assert_eq!(kex.message, bytes);
        assert_eq!(kex.encode(), h(KEX1));
    }

    #[test]
    fn payload_matches_python() {
        let key: [u8; 32] = h("d69a2b7e5150d8f6a2d510312f6088b7b63b4d75890ef2a58a4bfc779464034a")
            .try_into()
            .unwrap();
        let pt = "Hello from python-omemo \u{2713}".as_bytes();
        let (ct, mac) = encrypt_payload(&key, pt);
        assert_eq!(
            ct,
            h("52ae455926bdcade50ae1a41783cb0529f3c747a93766d1d7daa82f3185ee9aa")
        );
        assert_eq!(mac.to_vec(), h("2809bb1a6df0bb6c3b05ee90d31b4776"));
        let material = [&key[..], &mac[..]].concat();
        assert_eq!(&decrypt_payload(&material, &ct).unwrap()[..], pt);
        let mut bad = ct.clone();
        bad[3] ^= 1;
        assert_eq!(decrypt_payload(&material, &bad).err(), Some(Error::BadMac));
        assert!(decrypt_payload(&material[..40], &ct).is_err());
    }

    #[test]
    fn fuzz_parsers_never_panic() {
        let mut r = rng(31);
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
            let _ = decrypt_payload(&bytes[..bytes.len().min(48)], &bytes);
        }
    }
}
