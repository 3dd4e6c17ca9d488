//! Figures that share words: a measure borrowed by a parallel subject, 分别 lists that
//! distribute subjects over values.

use super::phrase::{parse_left, strip_spaces};
use super::Context;
use crate::extract::quantities::Quantity;
use crate::extract::text::sentence_around;

pub(super) fn measure_like(name: &[char]) -> bool {
    name.iter().any(|c| matches!(c, '率' | '比' | '占' | '幅' | '度' | '重' | '数' | '额' | '费' | '金' | '价'))
}

/// "旗县级医疗机构" after "三级医疗机构执行“两票制”的品规": the measure of the
/// earlier name continues after the part the two subjects share.
pub(super) fn borrow_measure(prev: &[char], cur: &[char]) -> Option<Vec<char>> {
    if cur.len() < 2 || measure_like(cur) {
        return None;
    }
    for m in (2..=cur.len().min(8)).rev() {
        let tail = &cur[cur.len() - m..];
        if let Some(pos) = prev.windows(m).position(|w| w == tail) {
            let rest = &prev[pos + m..];
            if !rest.is_empty() && pos + m < prev.len() {
                let mut out = cur.to_vec();
                out.extend_from_slice(rest);
                return Some(out);
            }
            return None;
        }
    }
    None
}

/// Split the subjects of a 分别 sentence: "城镇职工、居民参保率" → [城镇职工参保率, 居民参保率].
pub(super) fn distribute(subject: &[char], n: usize) -> Option<Vec<Vec<char>>> {
    let split = |with_conj: bool| -> Vec<Vec<char>> {
        let mut items: Vec<Vec<char>> = Vec::new();
        let mut cur = Vec::new();
        for &c in subject {
            if c == '、' || (with_conj && matches!(c, '和' | '与' | '及') && !cur.is_empty()) {
                items.push(std::mem::take(&mut cur));
            } else {
                cur.push(c);
            }
        }
        items.push(cur);
        items.retain(|i| !i.is_empty());
        items
    };
    // 、 separates the subjects; 和/及/与 only when 、 alone does not give enough
    let mut items = split(false);
    if items.len() != n {
        items = split(true);
    }
    if items.len() != n || n < 2 {
        return None;
    }
    let last = items[n - 1].clone();
    // 卫技岗位高、中、初级及以下职称: one-character elements share the first item's
    // subject (卫技岗位) and the last item's tail (级及以下职称).
    if items[1..n - 1].iter().all(|i| i.len() == 1) && last.len() > 1 && items[0].len() > 1 && n >= 3 {
        let prefix = items[0][..items[0].len() - 1].to_vec();
        let tail = last[1..].to_vec();
        let elems: Vec<char> =
            items.iter().enumerate().map(|(k, i)| if k == 0 { *i.last().unwrap() } else { i[0] }).collect();
        return Some(
            elems
                .into_iter()
                .map(|e| {
                    let mut v = prefix.clone();
                    v.push(e);
                    v.extend_from_slice(&tail);
                    v
                })
                .collect(),
        );
    }
    let (head, tail): (Vec<char>, Vec<char>) = if let Some(p) = last.iter().rposition(|&c| c == '的') {
        (last[..p].to_vec(), last[p + 1..].to_vec())
    } else if items[..n - 1].iter().all(|i| i.len() == 1) && last.len() > 1 {
        (last[..1].to_vec(), last[1..].to_vec())
    } else if last.last() == Some(&'率') && last.len() >= 4 {
        (last[..last.len() - 3].to_vec(), last[last.len() - 3..].to_vec())
    } else {
        (last.clone(), Vec::new())
    };
    let mut out: Vec<Vec<char>> = items[..n - 1]
        .iter()
        .map(|i| {
            let mut v = i.clone();
            if !v.ends_with(&tail) {
                v.extend_from_slice(&tail);
            }
            v
        })
        .collect();
    let mut l = head;
    l.extend_from_slice(&tail);
    out.push(l);
    Some(out)
}

/// 分别: "城镇职工、居民参保率分别达x%、x%" and "…,分别占86.2%、5.48%、8.32%".
/// When quantity `k` starts such a run, the names of every value in it.
pub(super) fn distributive_names(
    cx: &Context,
    qs: &[Quantity],
    k: usize,
    names: &[Vec<char>],
) -> Option<Vec<(usize, Vec<char>)>> {
    let chars = cx.chars;
    let q = &qs[k];
    let (ss, _) = sentence_around(chars, q.start);
    let mut lb = q.start;
    while lb > ss && !matches!(chars[lb - 1], ',' | ':' | ';' | '。' | '\n') {
        lb -= 1;
    }
    let left: Vec<char> = strip_spaces(&chars[lb..q.start]);
    let pos = left.windows(2).position(|w| w == ['分', '别'])?;
    let mut run = vec![k];
    while let Some(&last) = run.last() {
        let nk = last + 1;
        if nk >= qs.len() {
            break;
        }
        let gap: Vec<char> = strip_spaces(&chars[qs[last].after..qs[nk].start]);
        if gap.is_empty() || (gap.len() == 1 && matches!(gap[0], '、' | '和' | '及' | '与' | '或')) {
            run.push(nk);
        } else {
            break;
        }
    }
    let n = run.len();
    if n < 2 {
        return None;
    }
    let subject = &left[..pos];
    let subject = {
        let p = parse_left(cx.kb, subject).name;
        if p.is_empty() {
            subject.to_vec()
        } else {
            p
        }
    };
    let new_names = distribute(&subject, n).or_else(|| {
        // the subjects are the values listed just before: "其中A岗位N个、B岗位M个、C岗位K人,分别占…"
        let first = run[0];
        if first < n {
            return None;
        }
        let prev: Vec<usize> = (first - n..first).collect();
        let linked = prev.windows(2).all(|w| {
            let gap: Vec<char> = strip_spaces(&chars[qs[w[0]].after..qs[w[1]].start]);
            gap.len() <= 8 && !gap.contains(&'。')
        });
        if !linked {
            return None;
        }
        // "分别占…": shares of the listed values; "分别增长A%和B%": their growth, no share
        let verb = &left[pos + 2..];
        let growth = cx.kb.vocab.change_up.contained_in(verb) || cx.kb.vocab.change_down.contained_in(verb);
        let share = qs[first].unit == "%" && qs[prev[0]].unit != "%" && !growth;
        Some(
            prev.iter()
                .map(|&j| {
                    let mut v = names[j].clone();
                    if share && !v.ends_with(&['占', '比']) {
                        v.extend("占比".chars());
                    }
                    v
                })
                .collect(),
        )
    })?;
    Some(run.into_iter().zip(new_names).collect())
}
