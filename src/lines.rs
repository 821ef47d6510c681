//! The lines of an output text, each with an identity that an edit keeps while the line
//! does not change: the web form draws every line as an element of its own, keyed by that
//! identity, so a keystroke rewrites the lines it changed and the browser lays out, paints
//! and rasterises those, not the whole block (measured in the README, "Keystrokes").
//!
//! The matching is a common head and a common tail: an edit changes one stretch of the
//! text (a value's line, or a map's lines when its `=` signs realign); the lines before it
//! and after it keep their identities, and the lines in between get new ones. Linear in
//! the number of lines, no hashing, and no line can be taken for another: a new identity
//! is larger than every identity of the lines before the edit.

/// One line of output, with its line break (the last line may have none).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Line {
    /// Stable while the line is unchanged and its neighbours on one side are too.
    pub id: u32,
    /// The line's text, including its `\n`.
    pub text: String,
}

/// The lines of `text` (split after each `\n`), keeping the identities of `old`'s unchanged
/// head and tail; lines in between get identities no line of `old` has.
pub fn relabel(old: &[Line], text: &str) -> Vec<Line> {
    let new: Vec<&str> = text.split_inclusive('\n').collect();
    let head = old.iter().zip(&new).take_while(|(a, b)| a.text == **b).count();
    let (old_rest, new_rest) = (old.get(head..).unwrap_or_default(), new.get(head..).unwrap_or_default());
    let tail = old_rest.iter().rev().zip(new_rest.iter().rev()).take_while(|(a, b)| a.text == **b).count();
    // Not exhausted: only changed lines take new identities, about one a keystroke.
    let mut next = old.iter().map(|l| l.id).max().map_or(0, |m| m.wrapping_add(1));
    let mut fresh = || {
        let id = next;
        next = next.wrapping_add(1);
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
}
