//! A saved web page: parse it with an HTML parser (scraper/html5ever), drop
//! scripts, styles, navigation, sidebars and footers, keep the article body
//! with one line per block element; <h1> or <title> gives the title.

use scraper::{ElementRef, Html, Node};

use crate::extract::encoding::decode_text;
use crate::extract::input::DecodeError;
use crate::extract::text::{count_cjk, is_cjk};

const SKIP_TAGS: [&str; 14] = [
    "script", "style", "noscript", "nav", "header", "footer", "aside", "form", "iframe", "svg", "button", "select",
    "template", "head",
];
const BLOCK_TAGS: [&str; 26] = [
    "p",
    "div",
    "h1",
    "h2",
    "h3",
    "h4",
    "h5",
    "h6",
    "li",
    "tr",
    "section",
    "article",
    "table",
    "ul",
    "ol",
    "blockquote",
    "pre",
    "dd",
    "dt",
    "dl",
    "main",
    "td",
    "th",
    "center",
    "hr",
    "body",
];
const NOISE_HINTS: [&str; 16] = [
    "nav",
    "menu",
    "sidebar",
    "footer",
    "header",
    "breadcrumb",
    "share",
    "comment",
    "related",
    "recommend",
    "copyright",
    "advert",
    "banner",
    "toolbar",
    "crumb",
    "links",
];

/// Markup nested deeper than this is refused before parsing: an HTML tree builder spends time
/// growing with the square of the depth (100,000 nested <div>s took 36 s), and no real page
/// comes near it (a few dozen levels).
pub const MAX_NESTING: usize = 1000;

/// Elements that never hold others or whose end tag may be left out (a parser closes them
/// itself): they do not deepen the tree.
const NOT_NESTING: [&str; 31] = [
    "area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "param", "source", "track", "wbr", "p",
    "li", "dt", "dd", "tr", "td", "th", "option", "optgroup", "thead", "tbody", "tfoot", "colgroup", "caption", "html",
    "head", "body",
];

/// The deepest nesting of elements in the markup, in one pass over it.
pub fn nesting_depth(html: &str) -> usize {
    let b = html.as_bytes();
    let (mut depth, mut max, mut i) = (0usize, 0usize, 0usize);
    while let Some(off) = b[i..].iter().position(|&c| c == b'<') {
        i += off + 1;
        let closing = b.get(i) == Some(&b'/');
        let start = if closing { i + 1 } else { i };
        let len = b[start..].iter().take_while(|c| c.is_ascii_alphanumeric()).count();
        if len == 0 {
            continue; // <!-- -->, <!DOCTYPE>, a bare <
        }
        let name = html[start..start + len].to_ascii_lowercase();
        if NOT_NESTING.contains(&name.as_str()) {
            continue;
        }
        if closing {
            depth = depth.saturating_sub(1);
            continue;
        }
        let end = b[i..].iter().position(|&c| c == b'>').map_or(b.len(), |e| i + e);
        if end > 0 && b[end - 1] != b'/' {
            depth += 1;
            max = max.max(depth);
        }
    }
    max
}

/// Refuses markup nested beyond MAX_NESTING, in time linear in its size.
pub fn check_nesting(html: &str) -> Result<(), DecodeError> {
    let depth = nesting_depth(html);
    if depth > MAX_NESTING {
        return Err(DecodeError::Undecodable(format!(
            "the HTML nests elements {depth} levels deep; pages of up to {MAX_NESTING} levels are read"
        )));
    }
    Ok(())
}

/// The page's bytes → text, honouring <meta charset> when no charset was declared.
pub fn decode_bytes(bytes: &[u8], content_type: Option<&str>) -> Result<(String, String), DecodeError> {
    let declared = content_type.filter(|c| c.to_ascii_lowercase().contains("charset="));
    if declared.is_none() && std::str::from_utf8(bytes).is_err() {
        let head = String::from_utf8_lossy(&bytes[..bytes.len().min(2048)]).to_ascii_lowercase();
        if let Some(i) = head.find("charset=") {
            let cs: String = head[i + 8..]
                .trim_start_matches(['"', '\''])
                .chars()
                .take_while(|c| c.is_ascii_alphanumeric() || *c == '-' || *c == '_')
                .collect();
            if let Some(enc) = encoding_rs::Encoding::for_label(cs.as_bytes()) {
                let (t, _, had_errors) = enc.decode(bytes);
                if !had_errors {
                    return Ok((t.into_owned(), enc.name().to_string()));
                }
            }
        }
    }
    decode_text(bytes, declared)
}

fn is_noise_element(el: &ElementRef) -> bool {
    let v = el.value();
    if SKIP_TAGS.contains(&v.name()) {
        return true;
    }
    let attrs = format!("{} {}", v.id().unwrap_or(""), v.classes().collect::<Vec<_>>().join(" ")).to_ascii_lowercase();
    !attrs.trim().is_empty()
        && NOISE_HINTS
            .iter()
            .any(|h| attrs.split(|c: char| !c.is_ascii_alphanumeric()).any(|w| w == *h || w.starts_with(h)))
}

fn walk(el: ElementRef, out: &mut String) {
    for child in el.children() {
        match child.value() {
            Node::Text(t) => {
                let s: String =
                    t.text.chars().map(|c| if c == '\n' || c == '\r' || c == '\t' { ' ' } else { c }).collect();
                out.push_str(&s);
            }
            Node::Element(e) => {
                let Some(ce) = ElementRef::wrap(child) else { continue };
                if is_noise_element(&ce) {
                    continue;
                }
                let name = e.name();
                if name == "br" {
                    out.push('\n');
                    continue;
                }
                let block = BLOCK_TAGS.contains(&name);
                if block && !out.ends_with('\n') {
                    out.push('\n');
                }
                walk(ce, out);
                if name == "td" || name == "th" {
                    out.push(' ');
                }
                if block && !out.ends_with('\n') {
                    out.push('\n');
                }
            }
            _ => {}
        }
    }
}

fn text_of(el: ElementRef) -> String {
    el.text().collect::<String>().split_whitespace().collect::<Vec<_>>().join(" ")
}

/// (text with one line per block, title)
pub fn to_text(html: &str) -> (String, Option<String>) {
    let doc = Html::parse_document(html);
    let sel = |s: &str| scraper::Selector::parse(s).expect("static selector");
    let title = doc
        .select(&sel("h1"))
        .map(text_of)
        .find(|t| count_cjk(&t.chars().collect::<Vec<_>>()) >= 4)
        .or_else(|| {
            doc.select(&sel("title")).next().map(text_of).map(|t| {
                // "报告标题 - 网站名" / "报告标题_网站名"
                t.split([' ', '_', '|', '-'])
                    .find(|p| p.chars().filter(|c| is_cjk(*c)).count() >= 4)
                    .unwrap_or(&t)
                    .trim()
                    .to_string()
            })
        })
        .filter(|t| !t.is_empty());

    // The article body: the candidate container holding the most Chinese text in paragraphs.
    let root = doc.select(&sel("body")).next().unwrap_or_else(|| doc.root_element());
    let mut best: Option<(usize, ElementRef)> = None;
    for el in root.select(&sel("article, main, div, section, td")) {
        if is_noise_element(&el) {
            continue;
        }
        let direct: usize = el
            .children()
            .filter_map(ElementRef::wrap)
            .filter(|c| {
                matches!(
                    c.value().name(),
                    "p" | "br" | "span" | "font" | "h2" | "h3" | "h4" | "strong" | "b" | "section"
                )
            })
            .map(|c| count_cjk(&c.text().collect::<String>().chars().collect::<Vec<_>>()))
            .sum::<usize>()
            + el.children()
                .filter_map(|c| c.value().as_text().map(|t| count_cjk(&t.chars().collect::<Vec<_>>())))
                .sum::<usize>();
        if best.as_ref().is_none_or(|(s, _)| direct > *s) {
            best = Some((direct, el));
        }
    }
    let total = count_cjk(&root.text().collect::<String>().chars().collect::<Vec<_>>());
    let body = match best {
        Some((score, el)) if score * 3 >= total => el,
        _ => root,
    };
    let mut out = String::new();
    walk(body, &mut out);
    let text: Vec<String> =
        out.lines().map(|l| l.split_whitespace().collect::<Vec<_>>().join(" ")).filter(|l| !l.is_empty()).collect();
    let mut text = text.join("\n\n");
    // Keep the title at the top so the text reads like the report.
    if let Some(t) = &title {
        if !text.starts_with(t.as_str()) {
            text = format!("{t}\n\n{text}");
        }
    }
    (text, title)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn markup_nested_beyond_the_limit_is_refused_in_linear_time() {
        let deep = format!("<html><body>{}正文{}</body></html>", "<div>".repeat(100_000), "</div>".repeat(100_000));
        assert_eq!(nesting_depth(&deep), 100_000);
        assert!(matches!(check_nesting(&deep), Err(DecodeError::Undecodable(_))));
        // unclosed paragraphs and list items, void and self-closed elements do not deepen it
        let flat = format!("<div>{}{}<img src=x><br/><x/></div>", "<p>段落".repeat(5000), "<li>条目".repeat(5000));
        assert_eq!(nesting_depth(&flat), 1);
        assert!(check_nesting(&flat).is_ok());
    }

    #[test]
    fn keeps_the_article_and_drops_the_page() {
        let html = r#"<html><head><title>2007年杭州市医改工作总结_范文网</title><script>var x=1;</script><style>p{}</style></head>
<body><div class="nav"><a>首页</a><a>范文大全</a></div>
<div id="content"><h1>2007年杭州市医改工作总结</h1><p>2007年,我市医改工作在市委、市政府的带领下取得明显成效。</p><p>全市参合农民达到369.7万人,农民参合率达到97.2%。</p></div>
<div class="footer">copyright 2008</div></body></html>"#;
        let (text, title) = to_text(html);
        assert_eq!(title.as_deref(), Some("2007年杭州市医改工作总结"));
        assert!(text.contains("农民参合率达到97.2%"));
        assert!(!text.contains("var x"));
        assert!(!text.contains("首页"));
        assert!(!text.contains("copyright"));
        assert!(text.lines().filter(|l| !l.is_empty()).count() >= 3);
    }
}
