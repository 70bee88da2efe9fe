//! Identifiers the CSE assigns: resourceIDs, resource names, AE-IDs, request ids.

use rand::Rng;

const ALPHABET: &[u8] = b"0123456789abcdefghijklmnopqrstuvwxyz";

fn random_suffix(len: usize) -> String {
    let mut rng = rand::rng();
    (0..len)
        .map(|_| char::from(ALPHABET[rng.random_range(0..ALPHABET.len())]))
        .collect()
}

/// A new unstructured resourceID: a type prefix and 12 random characters (36^12 ≈ 4.7e18,
/// so a collision is not a practical concern; the caller still checks).
pub(crate) fn resource_id(prefix: &str) -> String {
    format!("{prefix}{}", random_suffix(12))
}

/// An AE-ID the CSE assigns for an originator of `C` or `S` (TS-0001 7.2).
pub(crate) fn ae_id(initial: char) -> String {
    format!("{initial}{}", random_suffix(12))
}
