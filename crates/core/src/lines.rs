//! The lines of an output text, each with an identity that an edit keeps while the line
//! does not change: the web form draws every line as an element of its own, keyed by that
//! identity, so a keystroke rewrites the lines it changed and the browser lays out, paints
//! and rasterises those, not the whole block (measured in the README, "Keystrokes").
//!
//! The matching is a common head and a common tail: an edit changes one stretch of the
//! text (a value's line, or a map's lines when its `=` signs realign); the lines before it
//! and after it keep their identities, and the lines in between get new ones. Linear in
//! the number of lines, no hashing, and no line can be taken for another: a new identity
//! comes from a counter the caller keeps, so it was never given before (not only not to the
//! lines just before the edit: a view that skipped a text in between still sees no
//! identity it drew with other text).

/// One line of output, with its line break (the last line may have none).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Line {
    /// Stable while the line is unchanged and its neighbours on one side are too.
    pub id: u32,
    /// The line's text, including its `\n`.
    pub text: String,
}

/// The lines of `text` (split after each `\n`), keeping the identities of `old`'s unchanged
/// head and tail; lines in between get new identities from `next` (the first one not yet
/// given: 0 for a new view, then what the last call left there).
pub fn relabel(old: &[Line], text: &str, next: &mut u32) -> Vec<Line> {
    let new: Vec<&str> = text.split_inclusive('\n').collect();
    let head = old.iter().zip(&new).take_while(|(a, b)| a.text == **b).count();
    let (old_rest, new_rest) = (old.get(head..).unwrap_or_default(), new.get(head..).unwrap_or_default());
    let tail = old_rest.iter().rev().zip(new_rest.iter().rev()).take_while(|(a, b)| a.text == **b).count();
    // Not exhausted: only changed lines take new identities, about one a keystroke.
    let mut fresh = || {
        let id = *next;
        *next = next.wrapping_add(1);
        id
    };
    let kept = |i: usize| -> Option<u32> {
        if i < head {
            return old.get(i).map(|l| l.id);
        }
        // The tail's lines, counted from the end of both texts.
        let from_end = new.len() - i;
        (from_end <= tail).then(|| old.len().checked_sub(from_end).and_then(|j| old.get(j)).map(|l| l.id)).flatten()
    };
    new.iter().enumerate().map(|(i, t)| Line { id: kept(i).unwrap_or_else(&mut fresh), text: (*t).to_string() }).collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Relabels with a counter of its own that starts past every id in `old`.
    fn relabel(old: &[Line], text: &str) -> Vec<Line> {
        let mut next = old.iter().map(|l| l.id + 1).max().unwrap_or(0);
        super::relabel(old, text, &mut next)
    }

    fn ids(lines: &[Line]) -> Vec<u32> {
        lines.iter().map(|l| l.id).collect()
    }

    fn joined(lines: &[Line]) -> String {
        lines.iter().map(|l| l.text.as_str()).collect()
    }

    #[test]
    fn first_text_is_numbered_from_zero_and_joins_back() {
        let text = "a {\n  x = 1\n\n}\n";
        let lines = relabel(&[], text);
        assert_eq!(ids(&lines), [0, 1, 2, 3]);
        assert_eq!(joined(&lines), text);
        assert_eq!(relabel(&[], "").len(), 0);
        // A last line without a line break is a line too.
        let open = relabel(&[], "a\nb");
        assert_eq!(joined(&open), "a\nb");
        assert_eq!(open.last().map(|l| l.text.as_str()), Some("b"));
    }

    #[test]
    fn an_edited_line_is_new_and_the_others_keep_their_ids() {
        let old = relabel(&[], "a {\n  x = 1\n  y = 2\n}\n");
        let new = relabel(&old, "a {\n  x = 10\n  y = 2\n}\n");
        assert_eq!(ids(&new), [0, 4, 2, 3]);
        assert_eq!(joined(&new), "a {\n  x = 10\n  y = 2\n}\n");
    }

    #[test]
    fn inserted_and_removed_lines_leave_both_sides_alone() {
        let old = relabel(&[], "a\nb\nc\n");
        let more = relabel(&old, "a\nb\nnew\nc\n");
        assert_eq!(ids(&more), [0, 1, 3, 2]);
        let fewer = relabel(&more, "a\nc\n");
        assert_eq!(ids(&fewer), [0, 2]);
        // Identical lines (blank lines, closing braces) are told apart by position.
        let same = relabel(&[], "}\n}\n}\n");
        assert_eq!(ids(&relabel(&same, "}\n}\n")), [0, 1]);
    }

    #[test]
    fn an_unchanged_text_keeps_every_id_and_a_new_one_reuses_none() {
        let old = relabel(&[], "a\nb\n");
        assert_eq!(relabel(&old, "a\nb\n"), old);
        // A line that comes back after it was replaced is new: its old DOM is gone.
        let replaced = relabel(&old, "c\nd\n");
        assert_eq!(ids(&replaced), [2, 3]);
        let back = relabel(&replaced, "a\nb\n");
        assert_eq!(ids(&back), [4, 5]);
    }

    /// proptest is a native dev-dependency (tests/ runs it; the wasm tests do not).
    #[cfg(not(target_arch = "wasm32"))]
    mod properties {
        use super::*;
        use proptest::prelude::*;

        /// Texts of a few short lines from a small alphabet, so that edits keep some lines.
        fn text() -> impl Strategy<Value = String> {
            proptest::collection::vec(proptest::sample::select(vec!["", "a", "b", "  }", "x = 1"]), 0..12)
                .prop_flat_map(|lines| (Just(lines), any::<bool>()))
                .prop_map(|(lines, open)| {
                    let mut t: String = lines.iter().map(|l| format!("{l}\n")).collect();
                    if open && t.ends_with('\n') {
                        t.pop();
                    }
                    t
                })
        }

        proptest! {
            /// Over a sequence of texts: the lines always join back to the text, no identity
            /// is used twice in one text, a new identity was never used before, and an unchanged
            /// line in the common head or tail keeps its identity.
            #[test]
            fn identities_are_unique_fresh_and_kept(texts in proptest::collection::vec(text(), 1..8)) {
                let mut old: Vec<Line> = Vec::new();
                let mut seen = std::collections::BTreeSet::new();
                let mut next = 0;
                for t in &texts {
                    let new = crate::lines::relabel(&old, t, &mut next);
                    prop_assert_eq!(joined(&new), t.clone());
                    let mut here = std::collections::BTreeSet::new();
                    for l in &new {
                        prop_assert!(here.insert(l.id), "id {} twice in {:?}", l.id, t);
                        let was = old.iter().find(|o| o.id == l.id);
                        match was {
                            Some(o) => prop_assert_eq!(&o.text, &l.text, "a kept id shows its old text"),
                            None => prop_assert!(!seen.contains(&l.id), "id {} reused", l.id),
                        }
                    }
                    let head = old.iter().zip(&new).take_while(|(a, b)| a.text == b.text).count();
                    prop_assert!(old.iter().zip(&new).take(head).all(|(a, b)| a.id == b.id));
                    seen.extend(new.iter().map(|l| l.id));
                    old = new;
                }
            }
        }
    }
}
