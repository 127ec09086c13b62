//! Stable sorts for slices, as std's `sort`, `sort_by` and `sort_by_key`. Natively they are
//! std's. In the wasm module (wasm32-unknown-unknown) std's sort is compiled once per element
//! type and comparator, about 4.5 KB each and 90 KB of the module over the sorts of core and the
//! workspace; there the order is found by sorting the elements' indices (one compiled sort for
//! every call) and then applied. A stable sort has one result, so both give the same order.

use std::cmp::Ordering;

pub trait StableSort<T> {
    /// `sort()`: stable, by `Ord`.
    fn stable_sort(&mut self)
    where
        T: Ord;

    /// `sort_by(compare)`: stable.
    fn stable_sort_by<F: FnMut(&T, &T) -> Ordering>(&mut self, compare: F);

    /// `sort_by_key(key)`: stable.
    fn stable_sort_by_key<K: Ord, F: FnMut(&T) -> K>(&mut self, key: F);
}

#[cfg(not(all(target_arch = "wasm32", target_os = "unknown")))]
impl<T> StableSort<T> for [T] {
    #[inline]
    fn stable_sort(&mut self)
    where
        T: Ord,
    {
        self.sort();
    }

    #[inline]
    fn stable_sort_by<F: FnMut(&T, &T) -> Ordering>(&mut self, compare: F) {
        self.sort_by(compare);
    }

    #[inline]
    fn stable_sort_by_key<K: Ord, F: FnMut(&T) -> K>(&mut self, key: F) {
        self.sort_by_key(key);
    }
}

#[cfg(all(target_arch = "wasm32", target_os = "unknown"))]
impl<T> StableSort<T> for [T] {
    fn stable_sort(&mut self)
    where
        T: Ord,
    {
        by_indices(self, &mut T::cmp);
    }

    fn stable_sort_by<F: FnMut(&T, &T) -> Ordering>(&mut self, mut compare: F) {
        by_indices(self, &mut compare);
    }

    fn stable_sort_by_key<K: Ord, F: FnMut(&T) -> K>(&mut self, mut key: F) {
        by_indices(self, &mut |a: &T, b: &T| key(a).cmp(&key(b)));
    }
}

/// Sort `items` through their indices: one compiled sort ([`sort_indices`]) for every type.
#[cfg(any(test, all(target_arch = "wasm32", target_os = "unknown")))]
fn by_indices<T>(items: &mut [T], compare: &mut dyn FnMut(&T, &T) -> Ordering) {
    let mut order: Vec<usize> = (0..items.len()).collect();
    sort_indices(&mut order, &mut |a, b| compare(&items[a], &items[b]));
    apply(items, &mut order);
}

#[cfg(any(test, all(target_arch = "wasm32", target_os = "unknown")))]
#[inline(never)]
fn sort_indices(order: &mut [usize], compare: &mut dyn FnMut(usize, usize) -> Ordering) {
    order.sort_by(|&a, &b| compare(a, b));
}

/// Put `items[order[i]]` at `i`, cycle by cycle with swaps (`order` is used up as the marks).
#[cfg(any(test, all(target_arch = "wasm32", target_os = "unknown")))]
fn apply<T>(items: &mut [T], order: &mut [usize]) {
    for start in 0..order.len() {
        let mut current = start;
        while order[current] != start {
            let next = order[current];
            items.swap(current, next);
            order[current] = current;
            current = next;
        }
        order[current] = current;
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The index sort gives std's stable order, equal keys in their first order.
    #[test]
    fn index_sort_is_std_stable_sort() {
        let mut seed = 7u64;
        for len in [0, 1, 2, 3, 10, 33, 200] {
            let items: Vec<(u8, usize)> = (0..len)
                .map(|i| {
                    seed = seed
                        .wrapping_mul(6364136223846793005)
                        .wrapping_add(1442695040888963407);
                    ((seed >> 60) as u8, i)
                })
                .collect();
            let mut by_std = items.clone();
            by_std.sort_by_key(|item| item.0);
            let mut by_index = items.clone();
            by_indices(&mut by_index, &mut |a, b| a.0.cmp(&b.0));
            assert_eq!(by_index, by_std, "{len} items");
            let mut reversed = items.clone();
            reversed.reverse();
            let mut by_std = reversed.clone();
            by_std.sort();
            by_indices(&mut reversed, &mut Ord::cmp);
            assert_eq!(reversed, by_std);
        }
        let mut words = vec!["b", "a", "c", "a"];
        words.stable_sort();
        assert_eq!(words, ["a", "a", "b", "c"]);
        words.stable_sort_by(|a, b| b.cmp(a));
        assert_eq!(words, ["c", "b", "a", "a"]);
        words.stable_sort_by_key(|word| word.len());
        assert_eq!(words, ["c", "b", "a", "a"]);
    }
}
