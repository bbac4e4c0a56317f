//! Identity, signed prekeys, one-time prekeys, bundles and fingerprints.
//!
//! One identity serves both namespaces, as python-omemo does: a 32-byte Ed25519 seed. Its
//! Ed25519 public key is the OMEMO 2 identity; the birationally equivalent Curve25519 key
//! (`0x05`-prefixed on the wire) is the legacy identity. Both DH and signing use the scalar
//! `clamp(SHA-512(seed)[..32])`, so the two forms are the same key.
//!
//! Signed prekey signatures are plain Ed25519 signatures by the identity over the prekey's
//! public encoding: OMEMO 2 signs the raw 32 bytes, legacy signs `0x05 || key`. Legacy
//! verifiers only know the Curve25519 identity, which fixes the Ed25519 key up to its sign,
//! so libsignal (curve_sigs) and python-oldmemo carry the identity's Ed25519 sign bit in bit 7
//! of signature byte 63 (always 0 in a valid Ed25519 `s`). We do the same; an XEdDSA signature
//! is the special case with that bit clear, so XEdDSA signers verify too.

use curve25519_dalek::edwards::CompressedEdwardsY;
use curve25519_dalek::montgomery::MontgomeryPoint;
use curve25519_dalek::scalar::clamp_integer;
use ed25519_dalek::{Signature, Signer, SigningKey, VerifyingKey};
use rand::CryptoRng;
use sha2::{Digest, Sha512};
use zeroize::{Zeroize, ZeroizeOnDrop};

use super::{Error, Namespace};

/// Wire encoding of a Curve25519 public key in `ns`: legacy prefixes libsignal's key type 0x05.
pub fn encode_public(ns: Namespace, key: &[u8; 32]) -> Vec<u8> {
    match ns {
        Namespace::Legacy => {
            let mut v = Vec::with_capacity(33);
            v.push(0x05);
            v.extend_from_slice(key);
            v
        }
        Namespace::V2 => key.to_vec(),
    }
}

/// Inverse of [`encode_public`]; also used for the identity key (legacy: Curve25519 form,
/// OMEMO 2: Ed25519 form, both 32 bytes after decoding).
pub fn decode_public(ns: Namespace, bytes: &[u8]) -> Result<[u8; 32], Error> {
    let raw = match ns {
        Namespace::Legacy => match bytes.split_first() {
            Some((0x05, rest)) => rest,
            _ => return Err(Error::Malformed("public key (expected 0x05 prefix)")),
        },
        Namespace::V2 => bytes,
    };
    raw.try_into()
        .map_err(|_| Error::Malformed("public key length"))
}

/// The Curve25519 form of a peer's identity key as sent in `ns` (OMEMO 2 sends Ed25519).
pub(crate) fn identity_dh_public(ns: Namespace, ik: &[u8; 32]) -> Result<[u8; 32], Error> {
    match ns {
        Namespace::Legacy => Ok(*ik),
        Namespace::V2 => {
            let point = CompressedEdwardsY(*ik)
                .decompress()
                .ok_or(Error::InvalidKey)?;
            if point.is_small_order() {
                return Err(Error::InvalidKey);
            }
            Ok(point.to_montgomery().to_bytes())
        }
    }
}

/// Generates a Curve25519 key pair (secret, public).
pub(crate) fn generate_x25519<R: CryptoRng + ?Sized>(rng: &mut R) -> ([u8; 32], [u8; 32]) {
    let mut secret = [0u8; 32];
    rng.fill_bytes(&mut secret);
    let secret = clamp_integer(secret);
    let public = x25519_public(&secret);
    (secret, public)
}

pub(crate) fn x25519_public(secret: &[u8; 32]) -> [u8; 32] {
    x25519_dalek::x25519(*secret, x25519_dalek::X25519_BASEPOINT_BYTES)
}

/// The long-term identity: an Ed25519 seed plus the keys derived from it (cached, since
/// deriving public keys costs a scalar multiplication).
#[derive(Clone, Zeroize, ZeroizeOnDrop)]
pub struct IdentityKeyPair {
    seed: [u8; 32],
    dh_secret: [u8; 32],
    curve_public: [u8; 32],
    ed_public: [u8; 32],
}

impl IdentityKeyPair {
    pub fn generate<R: CryptoRng + ?Sized>(rng: &mut R) -> Self {
        let mut seed = [0u8; 32];
        rng.fill_bytes(&mut seed);
        Self::from_seed(seed)
    }

    pub fn from_seed(seed: [u8; 32]) -> Self {
        let mut h: [u8; 64] = Sha512::digest(seed).into();
        let mut scalar = [0u8; 32];
        scalar.copy_from_slice(&h[..32]);
        h.zeroize();
        let dh_secret = clamp_integer(scalar);
        scalar.zeroize();
        // SigningKey zeroizes itself on drop.
        let ed_public = SigningKey::from_bytes(&seed).verifying_key().to_bytes();
        IdentityKeyPair {
            seed,
            dh_secret,
            curve_public: x25519_public(&dh_secret),
            ed_public,
        }
    }

    /// The seed, for storage only.
    pub fn seed(&self) -> &[u8; 32] {
        &self.seed
    }

    pub fn curve_public(&self) -> [u8; 32] {
        self.curve_public
    }

    pub fn ed_public(&self) -> [u8; 32] {
        self.ed_public
    }

    /// The identity as peers in `ns` see it (what bundles carry and fingerprints show).
    pub fn public(&self, ns: Namespace) -> [u8; 32] {
        match ns {
            Namespace::Legacy => self.curve_public,
            Namespace::V2 => self.ed_public,
        }
    }

    pub(crate) fn dh_secret(&self) -> &[u8; 32] {
        &self.dh_secret
    }

    /// Signs a signed prekey's public key for `ns` (see the module docs for the sign bit).
    pub(crate) fn sign_prekey(&self, ns: Namespace, spk_public: &[u8; 32]) -> [u8; 64] {
        let mut sig = SigningKey::from_bytes(&self.seed)
            .sign(&encode_public(ns, spk_public))
            .to_bytes();
        if ns == Namespace::Legacy {
            sig[63] |= self.ed_public[31] & 0x80;
        }
        sig
    }
}

impl std::fmt::Debug for IdentityKeyPair {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("IdentityKeyPair")
            .field("ed_public", &hex_string(&self.ed_public))
            .finish_non_exhaustive()
    }
}

/// Verifies a signed prekey signature as it appears on the wire of `ns`.
pub fn verify_prekey_signature(
    ns: Namespace,
    identity: &[u8; 32],
    spk_public: &[u8; 32],
    signature: &[u8; 64],
) -> Result<(), Error> {
    let mut sig = *signature;
    let ed_public = match ns {
        Namespace::V2 => *identity,
        Namespace::Legacy => {
            let sign = sig[63] >> 7;
            sig[63] &= 0x7f;
            let point = MontgomeryPoint(*identity)
                .to_edwards(sign)
                .ok_or(Error::InvalidKey)?;
            point.compress().to_bytes()
        }
    };
    let key = VerifyingKey::from_bytes(&ed_public).map_err(|_| Error::InvalidKey)?;
    key.verify_strict(&encode_public(ns, spk_public), &Signature::from_bytes(&sig))
        .map_err(|_| Error::BadSignature)
}

/// A signed prekey; one serves both namespaces, with a signature for each.
#[derive(Clone, Zeroize, ZeroizeOnDrop)]
pub struct SignedPreKey {
    pub(crate) id: u32,
    pub(crate) secret: [u8; 32],
    pub(crate) public: [u8; 32],
    pub(crate) signature_legacy: [u8; 64],
    pub(crate) signature_v2: [u8; 64],
    /// Unix seconds.
    pub(crate) created_at: u64,
}

impl SignedPreKey {
    pub fn generate<R: CryptoRng + ?Sized>(
        rng: &mut R,
        identity: &IdentityKeyPair,
        id: u32,
        now: u64,
    ) -> Self {
        let (secret, public) = generate_x25519(rng);
        SignedPreKey {
            id,
            secret,
            public,
            signature_legacy: identity.sign_prekey(Namespace::Legacy, &public),
            signature_v2: identity.sign_prekey(Namespace::V2, &public),
            created_at: now,
        }
    }

    pub fn id(&self) -> u32 {
        self.id
    }

    pub fn public(&self) -> [u8; 32] {
        self.public
    }

    pub fn created_at(&self) -> u64 {
        self.created_at
    }

    pub fn signature(&self, ns: Namespace) -> [u8; 64] {
        match ns {
            Namespace::Legacy => self.signature_legacy,
            Namespace::V2 => self.signature_v2,
        }
    }
}

impl std::fmt::Debug for SignedPreKey {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("SignedPreKey")
            .field("id", &self.id)
            .field("public", &hex_string(&self.public))
            .field("created_at", &self.created_at)
            .finish_non_exhaustive()
    }
}

/// A one-time prekey.
#[derive(Clone, Zeroize, ZeroizeOnDrop)]
pub struct PreKey {
    pub(crate) id: u32,
    pub(crate) secret: [u8; 32],
    pub(crate) public: [u8; 32],
}

impl PreKey {
    pub fn generate<R: CryptoRng + ?Sized>(rng: &mut R, id: u32) -> Self {
        let (secret, public) = generate_x25519(rng);
        PreKey { id, secret, public }
    }

    pub fn id(&self) -> u32 {
        self.id
    }

    pub fn public(&self) -> [u8; 32] {
        self.public
    }
}

impl std::fmt::Debug for PreKey {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("PreKey")
            .field("id", &self.id)
            .field("public", &hex_string(&self.public))
            .finish_non_exhaustive()
    }
}

/// The public half of a device as published in PEP, decoded from its namespace's wire form:
/// `identity_key` is Curve25519 for legacy and Ed25519 for OMEMO 2; `signature` is as sent.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Bundle {
    pub identity_key: [u8; 32],
    pub signed_prekey_id: u32,
    pub signed_prekey: [u8; 32],
    pub signature: [u8; 64],
    pub prekeys: Vec<(u32, [u8; 32])>,
}

impl Bundle {
    /// Builds a bundle from the base64-decoded bytes of the XML elements.
    pub fn from_wire<B: AsRef<[u8]>>(
        ns: Namespace,
        identity_key: &[u8],
        signed_prekey_id: u32,
        signed_prekey: &[u8],
        signature: &[u8],
        prekeys: impl IntoIterator<Item = (u32, B)>,
    ) -> Result<Self, Error> {
        Ok(Bundle {
            identity_key: decode_public(ns, identity_key)?,
            signed_prekey_id,
            signed_prekey: decode_public(ns, signed_prekey)?,
            signature: signature
                .try_into()
                .map_err(|_| Error::Malformed("signature length"))?,
            prekeys: prekeys
                .into_iter()
                .map(|(id, k)| Ok((id, decode_public(ns, k.as_ref())?)))
                .collect::<Result<_, Error>>()?,
        })
    }

    /// Checks the signed prekey signature against the identity key.
    pub fn verify(&self, ns: Namespace) -> Result<(), Error> {
        verify_prekey_signature(ns, &self.identity_key, &self.signed_prekey, &self.signature)
    }
}

/// The fingerprint users compare: lowercase hex of the identity as `ns` shows it (legacy:
/// the 32-byte Curve25519 key without 0x05, as Conversations and Dino show it and put in
/// `xmpp:jid?omemo-sid-<id>=<hex>`; OMEMO 2: the Ed25519 key).
pub fn fingerprint(identity: &[u8; 32]) -> String {
    hex_string(identity)
}

/// The fingerprint trust is kept under and people compare, for an identity key as `ns` sends
/// it: the Curve25519 form in both namespaces, so that one identity seen through both is one
/// key to verify, and it matches the `omemo-sid-` URIs of Conversations and Dino.
pub fn identity_fingerprint(ns: Namespace, identity_key: &[u8; 32]) -> Result<String, Error> {
    Ok(fingerprint(&identity_dh_public(ns, identity_key)?))
}

fn hex_string(bytes: &[u8]) -> String {
    hex::encode(bytes)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::omemo::testutil::{fixed, h, h32, rng};

    // Vectors from /tmp/omemo-kat/kat.py with python-omemo 2.1.0 (x3dh 1.3.0, xeddsa 1.2.0).
    const BOB_ED: &str = "21aac73bef8d73d42f64a7a5248137ed87e1fe00f6498df38ec6b45c4e097d8c";
    const BOB_CURVE: &str = "fb16ee9842803aa3b9e1a2e38ffa83cd2c56551a81a281ba7a56155cc9d37b08";
    const BOB_SPK_SIG_LEGACY: &str = "589260ce5c5cc0d109dabeacd05e61692a2a534afe307621f6e3aa71f89eec4161f3e311091989d5cbe728ff5f2406d9ac563bbef89f4a0f60d23cd080780902";
    const BOB_SPK_SIG_V2: &str = "2ebda2dd6a2ed53e90ae20b061cf17ab8952b9180641560d7d7493405c38b20eb85115f10be721b39b3692ac1067e4370d6772624c1f9e8e991756a166098e0d";

    #[test]
    fn identity_forms_match_python_xeddsa() {
        let bob = IdentityKeyPair::from_seed(fixed("bob identity seed"));
        assert_eq!(bob.ed_public(), h32(BOB_ED));
        assert_eq!(bob.curve_public(), h32(BOB_CURVE));
        let alice = IdentityKeyPair::from_seed(fixed("alice identity seed"));
        assert_eq!(
            alice.curve_public(),
            h32("ef03f1c28b53c38685ff8cc4634ae91e03ca3fdf6f0240f3e9da5580b9a17121")
        );
        assert_eq!(
            identity_dh_public(Namespace::V2, &bob.ed_public()),
            Ok(bob.curve_public())
        );
    }

    #[test]
    fn signatures_match_python_and_verify() {
        let bob = IdentityKeyPair::from_seed(fixed("bob identity seed"));
        let spk = x25519_public(&clamp_integer(fixed("bob signed prekey")));
        // python-x3dh's signature, before python-oldmemo puts the sign bit in byte 63
        let mut legacy = bob.sign_prekey(Namespace::Legacy, &spk);
        let v2 = bob.sign_prekey(Namespace::V2, &spk);
        assert_eq!(v2.to_vec(), h(BOB_SPK_SIG_V2));
        assert_eq!(
            bob.ed_public()[31] & 0x80,
            0x80,
            "this vector exercises the sign bit"
        );
        assert_eq!(legacy[63] & 0x80, 0x80);
        verify_prekey_signature(Namespace::Legacy, &bob.curve_public(), &spk, &legacy).unwrap();
        verify_prekey_signature(Namespace::V2, &bob.ed_public(), &spk, &v2).unwrap();
        legacy[63] &= 0x7f;
        assert_eq!(legacy.to_vec(), h(BOB_SPK_SIG_LEGACY));
        // without the sign bit the legacy verifier derives the other Ed25519 key: must fail
        assert_eq!(
            verify_prekey_signature(Namespace::Legacy, &bob.curve_public(), &spk, &legacy),
            Err(Error::BadSignature)
        );
    }

    #[test]
    fn bundle_verification_rejects_tampering() {
        let mut r = rng(7);
        let id = IdentityKeyPair::generate(&mut r);
        let spk = SignedPreKey::generate(&mut r, &id, 1, 0);
        for ns in [Namespace::Legacy, Namespace::V2] {
            let good = Bundle {
                identity_key: id.public(ns),
                signed_prekey_id: 1,
                signed_prekey: spk.public(),
                signature: spk.signature(ns),
                prekeys: vec![],
            };
            good.verify(ns).unwrap();
            let mut bad = good.clone();
            bad.signed_prekey[0] ^= 1;
            assert!(bad.verify(ns).is_err());
            let mut bad = good.clone();
            bad.signature[5] ^= 1;
            assert!(bad.verify(ns).is_err());
            let mut bad = good.clone();
            bad.identity_key = IdentityKeyPair::generate(&mut r).public(ns);
            assert!(bad.verify(ns).is_err());
            // the other namespace's signature does not verify here
            let mut other = good.clone();
            other.signature = spk.signature(if ns == Namespace::V2 {
                Namespace::Legacy
            } else {
                Namespace::V2
            });
            assert!(other.verify(ns).is_err());
        }
    }

    #[test]
    fn many_identities_verify_in_both_namespaces() {
        // half of all identities have the Ed25519 sign bit set; both halves must work
        let mut r = rng(8);
        for _ in 0..32 {
            let id = IdentityKeyPair::generate(&mut r);
            let spk = SignedPreKey::generate(&mut r, &id, 1, 0);
            for ns in [Namespace::Legacy, Namespace::V2] {
                verify_prekey_signature(ns, &id.public(ns), &spk.public(), &spk.signature(ns))
                    .unwrap();
            }
        }
    }

    #[test]
    fn wire_encoding() {
        let k = [7u8; 32];
        assert_eq!(encode_public(Namespace::Legacy, &k).len(), 33);
        assert_eq!(
            decode_public(Namespace::Legacy, &encode_public(Namespace::Legacy, &k)),
            Ok(k)
        );
        assert!(decode_public(Namespace::Legacy, &k).is_err());
        assert!(decode_public(Namespace::Legacy, &[]).is_err());
        assert_eq!(decode_public(Namespace::V2, &k), Ok(k));
        assert!(decode_public(Namespace::V2, &[0x05; 33]).is_err());
        let b = Bundle::from_wire(
            Namespace::Legacy,
            &[5; 33],
            3,
            &[5; 33],
            &[0; 64],
            [(1u32, vec![5u8; 33])],
        )
        .unwrap();
        assert_eq!(b.prekeys, vec![(1, [5; 32])]);
        assert!(
            Bundle::from_wire(
                Namespace::V2,
                &[5; 32],
                3,
                &[5; 32],
                &[0; 63],
                [(1u32, [0u8; 32])]
            )
            .is_err()
        );
    }

    #[test]
    fn one_identity_has_one_fingerprint_in_both_namespaces() {
        let bob = IdentityKeyPair::from_seed(fixed("bob identity seed"));
        let legacy = identity_fingerprint(Namespace::Legacy, &bob.public(Namespace::Legacy));
        let v2 = identity_fingerprint(Namespace::V2, &bob.public(Namespace::V2));
        assert_eq!(legacy.unwrap(), BOB_CURVE);
        assert_eq!(v2.unwrap(), BOB_CURVE);
    }

    #[test]
    fn fingerprints() {
        let fp = fingerprint(&h32(BOB_CURVE));
        assert_eq!(fp, BOB_CURVE);
        let blocks = crate::core::fingerprint_blocks(&fp);
        assert_eq!(&blocks[..17], "fb16ee98 42803aa3");
        assert_eq!(blocks.split(' ').count(), 8);
    }

    #[test]
    fn debug_never_prints_secrets() {
        let id = IdentityKeyPair::from_seed(fixed("bob identity seed"));
        let seed_hex = fingerprint(&fixed("bob identity seed"));
        let mut r = rng(1);
        let spk = SignedPreKey::generate(&mut r, &id, 1, 0);
        let pk = PreKey::generate(&mut r, 1);
        let all = format!("{id:?}{spk:?}{pk:?}");
        assert!(!all.contains(&seed_hex));
        assert!(!all.contains(&fingerprint(&spk.secret)));
        assert!(!all.contains(&fingerprint(&pk.secret)));
        assert!(!all.contains(&format!("{:?}", spk.secret)));
    }

    #[test]
    fn fuzz_decoders_never_panic() {
        use rand::Rng;
        let mut r = rng(99);
        for _ in 0..10_000 {
            let len = r.random_range(0..80);
            let bytes: Vec<u8> = (0..len).map(|_| r.random()).collect();
            for ns in [Namespace::Legacy, Namespace::V2] {
                if let Ok(k) = decode_public(ns, &bytes) {
                    let _ = identity_dh_public(ns, &k);
                    let mut sig = [0u8; 64];
                    r.fill(&mut sig[..]);
                    assert!(verify_prekey_signature(ns, &k, &k, &sig).is_err());
                }
            }
        }
    }
}
