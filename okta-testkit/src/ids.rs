//! Okta-looking ids (`00u…`, `00g…`, `0oa…`, `mfa…`: a three-character prefix and
//! seventeen base-62 characters) and opaque tokens.

use std::collections::hash_map::RandomState;
use std::hash::BuildHasher;

use sha2::{Digest, Sha256};

const ALPHABET: &[u8; 62] = b"0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz";

/// Makes ids unique within one fake org and unpredictable across orgs (a
/// per-org seed), so a test cannot come to depend on a particular id.
pub(crate) struct Ids {
    seed: u64,
    counter: u64,
}

impl Ids {
    pub fn new() -> Ids {
        Ids {
            seed: RandomState::new().hash_one(0x6f6b7461_u64),
            counter: 0,
        }
    }

    fn digest(&mut self) -> [u8; 32] {
        self.counter += 1;
        let mut hasher = Sha256::new();
        hasher.update(self.seed.to_le_bytes());
        hasher.update(self.counter.to_le_bytes());
        hasher.finalize().into()
    }

    /// A new id: `prefix` followed by base-62 characters up to 20 in all.
    pub fn next(&mut self, prefix: &str) -> String {
        let digest = self.digest();
        let mut id = String::with_capacity(20);
        id.push_str(prefix);
        for byte in digest.iter().take(20_usize.saturating_sub(prefix.len())) {
            id.push(ALPHABET[usize::from(*byte) % ALPHABET.len()] as char);
        }
        id
    }

    /// A new opaque secret-looking string (access tokens, nonces, pass codes
    /// are made from other helpers).
    pub fn token(&mut self) -> String {
        let digest = self.digest();
        digest
            .iter()
            .map(|b| ALPHABET[usize::from(*b) % ALPHABET.len()] as char)
            .collect()
    }

    /// A six-digit pass code.
    pub fn passcode(&mut self) -> String {
        let digest = self.digest();
        let n = u32::from_le_bytes([digest[0], digest[1], digest[2], digest[3]]) % 1_000_000;
        format!("{n:06}")
    }
}
