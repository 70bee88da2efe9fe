//! Per-device state kept sparsely, keyed by node position in the schema.
//!
//! A device differs from its model file in a handful of values (serial number, MAC addresses,
//! uptime, what the ACS configured) and attributes, so each is stored only where it differs:
//! a sorted vector of `(position, item)` is a few words for a fresh device and stays
//! O(log n) to read. When the schema gains or loses nodes (AddObject, DeleteObject) the
//! positions after the change move, and so do the keys here.

#[derive(Debug, Clone)]
pub(crate) struct Sparse<T> {
    entries: Vec<(u32, T)>,
}

impl<T> Default for Sparse<T> {
    fn default() -> Self {
        Sparse {
            entries: Vec::new(),
        }
    }
}

impl<T> Sparse<T> {
    fn find(&self, key: u32) -> Result<usize, usize> {
        self.entries.binary_search_by_key(&key, |(k, _)| *k)
    }

    pub(crate) fn get(&self, key: u32) -> Option<&T> {
        self.find(key).ok().map(|i| &self.entries[i].1)
    }

    pub(crate) fn insert(&mut self, key: u32, item: T) {
        match self.find(key) {
            Ok(i) => self.entries[i].1 = item,
            Err(i) => self.entries.insert(i, (key, item)),
        }
    }

    pub(crate) fn remove(&mut self, key: u32) -> Option<T> {
        self.find(key).ok().map(|i| self.entries.remove(i).1)
    }

    pub(crate) fn iter(&self) -> impl Iterator<Item = (u32, &T)> {
        self.entries.iter().map(|(k, v)| (*k, v))
    }

    pub(crate) fn take(&mut self) -> Vec<(u32, T)> {
        std::mem::take(&mut self.entries)
    }

    /// `count` nodes were inserted at position `at`: keys from `at` on move up.
    pub(crate) fn shift_up(&mut self, at: u32, count: u32) {
        for (k, _) in &mut self.entries {
            if *k >= at {
                *k += count;
            }
        }
    }

    /// Nodes `start..end` were removed: their entries go, later keys move down.
    pub(crate) fn remove_range(&mut self, start: u32, end: u32) {
        self.entries.retain(|(k, _)| !(start..end).contains(k));
        let gone = end - start;
        for (k, _) in &mut self.entries {
            if *k >= end {
                *k -= gone;
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn keys_follow_structural_changes() {
        let mut s = Sparse::default();
        for k in [9, 1, 5] {
            s.insert(k, k * 10);
        }
        s.insert(5, 55);
        assert_eq!(s.iter().collect::<Vec<_>>(), [(1, &10), (5, &55), (9, &90)]);
        s.shift_up(5, 3);
        assert_eq!(s.iter().map(|(k, _)| k).collect::<Vec<_>>(), [1, 8, 12]);
        s.remove_range(2, 10);
        assert_eq!(s.iter().collect::<Vec<_>>(), [(1, &10), (4, &90)]);
        assert_eq!(s.remove(1), Some(10));
        assert_eq!(s.get(4), Some(&90));
        assert_eq!(s.take(), vec![(4, 90)]);
        assert_eq!(s.iter().count(), 0);
    }
}
