// HTML to plain text: what a reader would see of a feed description, a spool file's body or a
// whole page, as paragraphs of folded text for matching and fact extraction.
// Built on libxml2's forgiving HTML parser. Thread-safety: pure functions, safe from any thread.
#pragma once

#include <string>
#include <string_view>

namespace newswatch {

// Converts UTF-8 HTML to plain text. Removed with their content: <head> (title, meta, styles),
// <script>, <style>, <noscript>, <template>, <iframe>, <object>, <svg>, comments. Entities are
// decoded. Block elements (p, div, br, li, h1-h6, tr, section, article, blockquote, pre lines, ...)
// become paragraph breaks; table cells are separated by a space. Within a paragraph, whitespace
// (incl. &nbsp; U+00A0, U+3000 ideographic space, U+2000-U+200A) folds to one ASCII space, a line
// break between two CJK characters folds to nothing (as CSS does), zero-width spaces vanish, and
// the ends are trimmed. Paragraphs are joined with '\n'; empty ones are dropped. Input for which
// LooksLikeHtml() is false is treated as plain text: entities decoded, whitespace folded per
// line, empty lines dropped. Never fails; unparseable input yields "" or its text.
std::string HtmlToText(std::string_view html_utf8);

// True if `text` contains a start or end tag of a known HTML element (<p>, <div class=..>,
// <br/>, </span>, <html>, <!DOCTYPE html>, ...). "a < b" and "<3" are not HTML.
bool LooksLikeHtml(std::string_view text);

}  // namespace newswatch
