//! Stable sorting with one copy of the sorting code for the whole program. Each
//! `slice::sort_by` call with its own closure type is a new instantiation of the standard
//! library's driftsort (about 3.5 KB of wasm each; 19 of them were 70 KB of the module).
//! Here every sort orders a list of positions through a `dyn` comparison, then moves the
//! items into that order: one instantiation, at the cost of one indirection per comparison.

use std::cmp::Ordering;

/// The positions `0..len` in the order `cmp` puts the items at them, stable.
fn stable_order(len: usize, cmp: &mut dyn FnMut(usize, usize) -> Ordering) -> Vec<usize> {
    let mut order: Vec<usize> = (0..len).collect();
    order.sort_by(|a, b| cmp(*a, *b));
    order
}

/// Puts `items[order[i]]` at position `i`, by swaps (each places one item for good).
fn arrange<T>(items: &mut [T], order: &[usize]) {
    // Where each item goes.
    let mut target = vec![0; order.len()];
    for (to, from) in order.iter().enumerate() {
        if let Some(t) = target.get_mut(*from) {
            *t = to;
        }
    }
    for i in 0..items.len() {
        while let Some(&j) = target.get(i) {
            if j == i || j >= items.len() {
                break;
            }
            items.swap(i, j);
            target.swap(i, j);
        }
    }
}

/// `slice::sort_by`, stable.
pub fn by<T>(items: &mut [T], mut cmp: impl FnMut(&T, &T) -> Ordering) {
    let order = {
        let view: &[T] = items;
        stable_order(view.len(), &mut |a, b| match (view.get(a), view.get(b)) {
            (Some(x), Some(y)) => cmp(x, y),
            _ => Ordering::Equal,
        })
    };
    arrange(items, &order);
}

/// `slice::sort_by_key`, stable.
pub fn by_key<T, K: Ord>(items: &mut [T], mut key: impl FnMut(&T) -> K) {
    by(items, |a, b| key(a).cmp(&key(b)));
}

/// `slice::sort_by_cached_key`: each key made once.
pub fn by_cached_key<T, K: Ord>(items: &mut [T], key: impl FnMut(&T) -> K) {
    let keys: Vec<K> = items.iter().map(key).collect();
    let order = stable_order(keys.len(), &mut |a, b| keys.get(a).cmp(&keys.get(b)));
    arrange(items, &order);
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn stable_and_the_same_as_the_standard_sort() {
        let mut seed: u64 = 0x9E37_79B9_7F4A_7C15;
        for len in [0usize, 1, 2, 3, 7, 20, 100, 1000] {
            let items: Vec<(u8, usize)> = (0..len)
                .map(|i| {
                    seed ^= seed << 13;
                    seed ^= seed >> 7;
                    seed ^= seed << 17;
                    ((seed % 5) as u8, i)
                })
                .collect();
            let mut mine = items.clone();
            by_key(&mut mine, |x| x.0);
            let mut std_sorted = items.clone();
            std_sorted.sort_by_key(|x| x.0);
            assert_eq!(mine, std_sorted, "len {len}");
            let mut cached = items.clone();
            by_cached_key(&mut cached, |x| std::cmp::Reverse(x.0));
            let mut std_cached = items;
            std_cached.sort_by_key(|x| std::cmp::Reverse(x.0));
            assert_eq!(cached, std_cached, "len {len}");
        }
    }
}
