//! HTML and XHTML pages: the visible text of the main content, parsed by
//! html5ever (through `scraper`) as a browser would, with entities
//! decoded. Block elements (paragraphs, headings, list items, table cells,
//! …) make paragraphs; inline elements run on. Scripts, styles, forms,
//! navigation, asides and hidden elements are dropped; when the page has
//! one `<main>` (or else one `<article>`) only that is read, otherwise the
//! body without its page header and footer.
//!
//! The tree is walked with an explicit stack (ego-tree's traversal), so a
//! page of 50,000 nested elements reads like any other.

use ego_tree::iter::Edge;
use ego_tree::NodeRef;
use scraper::{Html, Node};

use crate::{FormatError, Limits, Paragraphs, LINE_BREAK};

/// Elements whose content is never shown as text.
const INVISIBLE: [&str; 20] = [
    "head", "title", "script", "style", "noscript", "template", "svg", "math", "iframe", "object",
    "embed", "canvas", "audio", "video", "map", "button", "select", "textarea", "form", "datalist",
];

/// Page furniture rather than content.
const FURNITURE: [&str; 2] = ["nav", "aside"];

/// ARIA roles of page furniture.
const FURNITURE_ROLES: [&str; 5] = [
    "navigation",
    "banner",
    "contentinfo",
    "complementary",
    "search",
];

/// Elements that make a paragraph break around them.
const BLOCKS: [&str; 37] = [
    "address",
    "article",
    "blockquote",
    "body",
    "caption",
    "center",
    "dd",
    "details",
    "dialog",
    "dir",
    "div",
    "dl",
    "dt",
    "fieldset",
    "figcaption",
    "figure",
    "footer",
    "h1",
    "h2",
    "h3",
    "h4",
    "h5",
    "h6",
    "header",
    "hgroup",
    "hr",
    "legend",
    "li",
    "main",
    "menu",
    "ol",
    "p",
    "pre",
    "section",
    "summary",
    "table",
    "td",
];

/// Table rows and header cells break paragraphs too.
const MORE_BLOCKS: [&str; 5] = ["th", "tr", "ul", "tbody", "thead"];

pub(crate) fn read(text: &str, limits: &Limits) -> Result<Paragraphs, FormatError> {
    let page = Html::parse_document(text);
    let root = main_content(&page);
    // Inside <main>/<article>, their own header and footer are content.
    let chrome_dropped = root
        .value()
        .as_element()
        .is_some_and(|e| e.name() == "body")
        || root.value().is_document();
    let mut out = Paragraphs::new(limits);
    let mut current = String::new();
    let mut heading = false;
    // The node whose subtree is being skipped.
    let mut skipping: Option<ego_tree::NodeId> = None;
    for edge in root.traverse() {
        match edge {
            Edge::Open(node) => {
                if skipping.is_some() {
                    continue;
                }
                match node.value() {
                    Node::Text(text) => current.push_str(text),
                    Node::Element(element) => {
                        let name = element.name();
                        if is_hidden(name, element, chrome_dropped) {
                            skipping = Some(node.id());
                        } else if name == "br" {
                            current.push(LINE_BREAK);
                        } else if is_block(name) {
                            flush(&mut out, &mut current, heading)?;
                            heading = is_heading(name);
                        }
                    }
                    _ => {}
                }
            }
            Edge::Close(node) => {
                if skipping == Some(node.id()) {
                    skipping = None;
                    continue;
                }
                if skipping.is_some() {
                    continue;
                }
                if let Node::Element(element) = node.value() {
                    if is_block(element.name()) {
                        flush(&mut out, &mut current, heading)?;
                        heading = false;
                    } else if matches!(element.name(), "img" | "input") {
                        // An image or field between words separates them.
                        current.push(' ');
                    }
                }
            }
        }
    }
    flush(&mut out, &mut current, heading)?;
    Ok(out)
}

fn flush(out: &mut Paragraphs, current: &mut String, heading: bool) -> Result<(), FormatError> {
    out.push(current, heading.then_some(true))?;
    current.clear();
    Ok(())
}

fn is_block(name: &str) -> bool {
    BLOCKS.contains(&name) || MORE_BLOCKS.contains(&name)
}

fn is_heading(name: &str) -> bool {
    matches!(name, "h1" | "h2" | "h3" | "h4" | "h5" | "h6")
}

fn is_hidden(name: &str, element: &scraper::node::Element, chrome_dropped: bool) -> bool {
    if INVISIBLE.contains(&name) || FURNITURE.contains(&name) {
        return true;
    }
    if chrome_dropped && matches!(name, "header" | "footer") {
        return true;
    }
    if element.attr("hidden").is_some() || element.attr("aria-hidden") == Some("true") {
        return true;
    }
    if element
        .attr("role")
        .is_some_and(|role| FURNITURE_ROLES.contains(&role.trim()) || is_note(role))
    {
        return true;
    }
    // Footnotes and their markers, as LibreOffice (`sdfootnote1`,
    // `sdfootnoteanc`), pandoc (`footnote-ref`, `footnotes`) and DPUB-ARIA
    // roles (`doc-noteref`, `doc-endnotes`) mark them: a marker glued to a
    // word changes the word, and the notes are not running text.
    if element.attr("class").is_some_and(is_note) || element.attr("id").is_some_and(is_note) {
        return true;
    }
    element.attr("style").is_some_and(|style| {
        let style: String = style
            .chars()
            .filter(|c| !c.is_whitespace())
            .collect::<String>()
            .to_ascii_lowercase();
        style.contains("display:none") || style.contains("visibility:hidden")
    })
}

fn is_note(name: &str) -> bool {
    let lower = name.to_ascii_lowercase();
    lower.contains("footnote") || lower.contains("endnote") || lower.contains("noteref")
}

/// The one `<main>` of the page, or else its one `<article>`, or else its
/// body (or the whole document when it has none).
fn main_content(page: &Html) -> NodeRef<'_, Node> {
    let mut mains = Vec::new();
    let mut articles = Vec::new();
    let mut body = None;
    for node in page.tree.root().descendants() {
        if let Some(element) = node.value().as_element() {
            match element.name() {
                "main" => mains.push(node),
                "article" => articles.push(node),
                "body" if body.is_none() => body = Some(node),
                _ => {}
            }
        }
    }
    match (mains.as_slice(), articles.as_slice()) {
        ([main], _) => *main,
        (_, [article]) if mains.is_empty() => *article,
        _ => body.unwrap_or_else(|| page.tree.root()),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::Format;

    fn paragraphs(html: &str) -> Vec<(String, Option<bool>)> {
        let extracted = read(html, &Limits::default())
            .unwrap()
            .into_extracted(Format::Html);
        extracted
            .blocks
            .unwrap()
            .iter()
            .map(|b| (extracted.text[b.span.clone()].to_string(), b.heading))
            .collect()
    }

    fn texts(html: &str) -> Vec<String> {
        paragraphs(html).into_iter().map(|(t, _)| t).collect()
    }

    #[test]
    fn visible_main_text_in_blocks() {
        let html = r##"<!DOCTYPE html><html><head><title>Заголовок окна</title>
<style>p { color: red }</style><script>var x = "<p>не текст</p>";</script></head>
<body><header><a href="/">МИД России</a></header><nav><ul><li>Главная</li></ul></nav>
<h1>Интервью &laquo;Лаврова&raquo;</h1>
<p>Первый <b>абзац</b><a class="sdfootnoteanc" href="#sdfootnote1sym"><sup>1</sup></a>,<br>с переносом&nbsp;строки &amp; сущностями.</p>
<div>Блок<div>вложенный</div>хвост</div>
<ul><li>Пункт один</li><li>Пункт <i>два</i></li></ul>
<table><tr><td>Ячейка 1</td><td>Ячейка 2</td></tr></table>
<p hidden>Скрытый.</p><p style="display: none">Тоже скрытый.</p><div aria-hidden="true">И этот.</div>
<aside>Реклама</aside><footer>© 2017</footer>
<p>Незакрытый абзац<p>и следующий
<div id="sdfootnote1"><p class="sdfootnote">1 Сноска.</p></div>
</body></html>"##;
        assert_eq!(
            paragraphs(html),
            [
                ("Интервью «Лаврова»".to_string(), Some(true)),
                (
                    "Первый абзац,\nс переносом\u{A0}строки & сущностями.".to_string(),
                    None
                ),
                ("Блок".to_string(), None),
                ("вложенный".to_string(), None),
                ("хвост".to_string(), None),
                ("Пункт один".to_string(), None),
                ("Пункт два".to_string(), None),
                ("Ячейка 1".to_string(), None),
                ("Ячейка 2".to_string(), None),
                ("Незакрытый абзац".to_string(), None),
                ("и следующий".to_string(), None),
            ]
        );
    }

    #[test]
    fn main_or_article_is_the_content() {
        let html = "<body><div>Меню сайта</div><main><header><h2>Статья</h2></header><p>Текст.</p></main><div>Подвал</div></body>";
        assert_eq!(texts(html), ["Статья", "Текст."]);
        let html = "<body><div>Меню</div><article><p>Текст статьи.</p></article></body>";
        assert_eq!(texts(html), ["Текст статьи."]);
        let html =
            "<body><article><p>Первая.</p></article><article><p>Вторая.</p></article></body>";
        assert_eq!(texts(html), ["Первая.", "Вторая."]);
    }

    #[test]
    fn xhtml_and_fragments() {
        let xhtml = r#"<?xml version="1.0" encoding="UTF-8"?><html xmlns="http://www.w3.org/1999/xhtml"><body><p>Один.</p><p>Два.</p></body></html>"#;
        assert_eq!(texts(xhtml), ["Один.", "Два."]);
        assert_eq!(
            texts("Просто текст <b>с тегом</b>."),
            ["Просто текст с тегом."]
        );
    }

    #[test]
    fn fifty_thousand_nested_divs_do_not_overflow_the_stack() {
        let depth = 50_000;
        let mut html = String::from("<!DOCTYPE html><html><body>");
        for _ in 0..depth {
            html.push_str("<div>");
        }
        html.push_str("Глубоко внутри.");
        for _ in 0..depth {
            html.push_str("</div>");
        }
        html.push_str("<p>После.</p></body></html>");
        // A thread with a small stack: recursion over the depth would overflow it.
        let found = std::thread::Builder::new()
            .stack_size(256 * 1024)
            .spawn(move || texts(&html))
            .unwrap()
            .join()
            .unwrap();
        assert_eq!(found, ["Глубоко внутри.", "После."]);
    }
}
