//! Number words: Chinese numerals (两, 一千二百, 三万四千) and Arabic numbers
//! (1,100 / 96.% / 3万4000). Pure functions, property-tested.

pub fn cn_digit(c: char) -> Option<u64> {
    Some(match c {
        '零' | '〇' => 0,
        '一' | '壹' => 1,
        '二' | '两' | '贰' => 2,
        '三' | '叁' => 3,
        '四' | '肆' => 4,
        '五' | '伍' => 5,
        '六' | '陆' => 6,
        '七' | '柒' => 7,
        '八' | '捌' => 8,
        '九' | '玖' => 9,
        _ => return None,
    })
}

pub fn cn_unit(c: char) -> Option<u64> {
    Some(match c {
        '十' | '拾' => 10,
        '百' | '佰' => 100,
        '千' | '仟' => 1000,
        _ => return None,
    })
}

pub fn cn_big_unit(c: char) -> Option<u64> {
    Some(match c {
        '万' => 10_000,
        '亿' => 100_000_000,
        _ => return None,
    })
}

pub fn is_cn_numeral_char(c: char) -> bool {
    cn_digit(c).is_some() || cn_unit(c).is_some() || cn_big_unit(c).is_some()
}

/// A Chinese numeral with an optional decimal part read digit by digit:
/// 九十二 → 92, 三点五 → 3.5, 十二点零五 → 12.05.
pub fn parse_cn_decimal(s: &[char]) -> Option<f64> {
    let Some(p) = s.iter().position(|&c| c == '点') else {
        return parse_cn(s).map(|v| v as f64);
    };
    let whole = parse_cn(&s[..p])? as f64;
    let digits = &s[p + 1..];
    if digits.is_empty() {
        return None;
    }
    let mut frac = 0.0;
    let mut scale = 0.1;
    for &c in digits {
        frac += cn_digit(c)? as f64 * scale;
        scale /= 10.0;
    }
    // 3.5, not 3.5000000000000004
    Some(((whole + frac) * 1e6).round() / 1e6)
}

/// Value of a whole Chinese numeral such as 一千二百, 二十三, 三万四千, 十五, 两.
/// Returns None when the characters do not form a numeral.
pub fn parse_cn(s: &[char]) -> Option<u64> {
    if s.is_empty() {
        return None;
    }
    // Digit strings read positionally: 二〇〇七 → 2007.
    if s.len() > 1
        && s.iter().all(|&c| cn_digit(c).is_some())
        && (s.len() >= 3 || s.iter().any(|&c| c == '〇' || c == '零'))
    {
        if s.contains(&'两') {
            return None;
        }
        return s.iter().try_fold(0u64, |acc, &c| acc.checked_mul(10)?.checked_add(cn_digit(c)?));
    }
    let mut total: u64 = 0; // value of completed 亿 groups and 万 groups
    let mut section: u64 = 0; // value below the current big unit
    let mut digit: Option<u64> = None;
    let mut last_unit = u64::MAX; // units inside a section must decrease
    for (k, &c) in s.iter().enumerate() {
        if let Some(d) = cn_digit(c) {
            if digit.is_some_and(|p| p != 0) {
                return None; // 二三 is not a numeral
            }
            digit = Some(d);
        } else if let Some(u) = cn_unit(c) {
            if u >= last_unit {
                return None;
            }
            let d = match digit.take() {
                Some(d) => d,
                None if u == 10 && (k == 0 || cn_big_unit(s[k - 1]).is_some() || s[k - 1] == '零') => 1,
                None => return None,
            };
            section += d * u;
            last_unit = u;
        } else if let Some(b) = cn_big_unit(c) {
            let part = section + digit.take().unwrap_or(0);
            if part == 0 && total == 0 {
                return None;
            }
            if b == 100_000_000 {
                total = (total + part).checked_mul(b)?;
            } else {
                if total % 100_000_000 >= 10_000 && total >= 100_000_000 {
                    return None; // 万 twice in one 亿 group
                }
                total = total.checked_add(part.checked_mul(b)?)?;
            }
            section = 0;
            last_unit = u64::MAX;
        } else {
            return None;
        }
    }
    if let Some(d) = digit {
        // Colloquial abbreviation: 三万四 → 34000, 两千五 → 2500, 一百五 → 150.
        let prev = s.len().checked_sub(2).map(|i| s[i]);
        let scale = match prev {
            Some(p) if cn_unit(p).is_some_and(|u| u >= 100) => cn_unit(p).unwrap() / 10,
            Some(p) if cn_big_unit(p).is_some() => cn_big_unit(p).unwrap() / 10,
            _ => 1,
        };
        section += d * scale;
    }
    Some(total + section)
}

/// Write `n` as a Chinese numeral (the inverse of `parse_cn` for the usual forms).
pub fn to_cn(n: u64) -> String {
    const D: [char; 10] = ['零', '一', '二', '三', '四', '五', '六', '七', '八', '九'];
    fn below_10k(n: u64, out: &mut String, leading: bool) {
        let units = [(1000, '千'), (100, '百'), (10, '十')];
        let mut zero = false;
        let mut started = !leading;
        let mut rest = n;
        for (u, ch) in units {
            let d = rest / u;
            rest %= u;
            if d > 0 {
                if zero {
                    out.push('零');
                    zero = false;
                }
                if !(u == 10 && d == 1 && !started && out.is_empty()) {
                    out.push(D[d as usize]);
                }
                out.push(ch);
                started = true;
            } else if started {
                zero = true;
            }
        }
        if rest > 0 {
            if zero {
                out.push('零');
            }
            out.push(D[rest as usize]);
        }
    }
    if n == 0 {
        return "零".into();
    }
    let mut out = String::new();
    let yi = n / 100_000_000;
    let wan = (n / 10_000) % 10_000;
    let low = n % 10_000;
    if yi > 0 {
        below_10k(yi, &mut out, true);
        out.push('亿');
    }
    if wan > 0 {
        if yi > 0 && wan < 1000 {
            out.push('零');
        }
        below_10k(wan, &mut out, yi == 0);
        out.push('万');
    }
    if low > 0 {
        if (yi > 0 || wan > 0) && low < 1000 {
            out.push('零');
        }
        below_10k(low, &mut out, yi == 0 && wan == 0);
    }
    out
}

/// An Arabic number written at `chars[at..]`: digits with optional thousands
/// commas and decimals. Returns (value, chars consumed). "96.%" reads as 96.
pub fn parse_arabic(chars: &[char], at: usize) -> Option<(f64, usize)> {
    let mut i = at;
    let mut int = String::new();
    while i < chars.len() && chars[i].is_ascii_digit() {
        int.push(chars[i]);
        i += 1;
    }
    if int.is_empty() {
        return None;
    }
    // Thousands separators: 1,100 / 12,345,678 (groups of exactly three digits).
    if int.len() <= 3 {
        while i + 4 <= chars.len()
            && chars[i] == ','
            && chars[i + 1..i + 4].iter().all(|c| c.is_ascii_digit())
            && !(i + 4 < chars.len() && chars[i + 4].is_ascii_digit())
        {
            int.extend(&chars[i + 1..i + 4]);
            i += 4;
        }
    }
    let mut s = int;
    if i < chars.len() && chars[i] == '.' {
        let mut j = i + 1;
        let mut frac = String::new();
        while j < chars.len() && chars[j].is_ascii_digit() {
            frac.push(chars[j]);
            j += 1;
        }
        if !frac.is_empty() {
            s.push('.');
            s.push_str(&frac);
            i = j;
        } else if j < chars.len() && !chars[j].is_ascii_digit() && chars[j] != '.' {
            // malformed "96.%": keep the integer part, consume the dot
            i = j;
        }
    }
    s.parse::<f64>().ok().map(|v| (v, i - at))
}

/// Ordinal of a list marker written in Chinese numerals (一 … 二十九).
pub fn parse_ordinal(s: &[char]) -> Option<u32> {
    if s.is_empty() || s.len() > 3 {
        return None;
    }
    parse_cn(s).and_then(|v| u32::try_from(v).ok()).filter(|v| *v >= 1 && *v <= 99)
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    fn cn(s: &str) -> Option<u64> {
        parse_cn(&s.chars().collect::<Vec<_>>())
    }

    #[test]
    fn chinese_numerals() {
        assert_eq!(cn("两"), Some(2));
        assert_eq!(cn("十"), Some(10));
        assert_eq!(cn("十五"), Some(15));
        assert_eq!(cn("二十三"), Some(23));
        assert_eq!(cn("一千二百"), Some(1200));
        assert_eq!(cn("一百零五"), Some(105));
        assert_eq!(cn("三万四千"), Some(34000));
        assert_eq!(cn("三万四"), Some(34000));
        assert_eq!(cn("两千五"), Some(2500));
        assert_eq!(cn("一亿二千万"), Some(120_000_000));
        assert_eq!(cn("二〇〇七"), Some(2007));
        assert_eq!(cn("二三"), None);
        assert_eq!(cn("百"), None);
    }

    #[test]
    fn arabic_numbers() {
        let c = |s: &str| parse_arabic(&s.chars().collect::<Vec<_>>(), 0);
        assert_eq!(c("1,100人"), Some((1100.0, 5)));
        assert_eq!(c("369.7万人"), Some((369.7, 5)));
        assert_eq!(c("96.%"), Some((96.0, 3)));
        assert_eq!(c("1,2"), Some((1.0, 1)));
        assert_eq!(c("12,345,678元"), Some((12_345_678.0, 10)));
    }

    proptest! {
        #[test]
        fn chinese_round_trip(n in 0u64..1_000_000_000_000) {
            prop_assert_eq!(parse_cn(&to_cn(n).chars().collect::<Vec<_>>()), Some(n));
        }

        #[test]
        fn chinese_decimal_round_trip(n in 0u64..100_000, frac in 1u32..1000) {
            // 三百零二点零七: the whole number in words, the decimals digit by digit
            const D: [char; 10] = ['零', '一', '二', '三', '四', '五', '六', '七', '八', '九'];
            let digits = format!("{frac:03}");
            let digits = digits.trim_end_matches('0');
            let words: String = to_cn(n).chars().chain(std::iter::once('点')).chain(digits.chars().map(|d| D[d.to_digit(10).unwrap() as usize])).collect();
            let expect: f64 = format!("{n}.{digits}").parse().unwrap();
            let got = parse_cn_decimal(&words.chars().collect::<Vec<_>>()).unwrap();
            prop_assert!((got - expect).abs() < 1e-9, "{} → {} not {}", words, got, expect);
        }

        #[test]
        fn arabic_round_trip(n in 0u64..10_000_000_000, frac in 0u32..100) {
            let s = format!("{n}.{frac:02}");
            let v = parse_arabic(&s.chars().collect::<Vec<_>>(), 0).unwrap().0;
            prop_assert!((v - s.parse::<f64>().unwrap()).abs() < 1e-6);
        }

        #[test]
        fn thousands_separators(n in 1000u64..1_000_000_000) {
            let plain = n.to_string();
            let mut grouped = String::new();
            for (i, ch) in plain.chars().enumerate() {
                if i > 0 && (plain.len() - i) % 3 == 0 { grouped.push(','); }
                grouped.push(ch);
            }
            let (v, used) = parse_arabic(&grouped.chars().collect::<Vec<_>>(), 0).unwrap();
            prop_assert_eq!(v as u64, n);
            prop_assert_eq!(used, grouped.chars().count());
        }
    }
}
