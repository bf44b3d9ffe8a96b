//! Text pipeline of sverka: from the bytes of a file to sentences and word
//! tokens, every piece carrying byte offsets into the decoded text.
//!
//! - [`decode`](mod@decode) turns bytes into text (UTF-8, UTF-16 with BOM, Windows-1251,
//!   KOI8-R) and refuses binary data with a reason.
//! - [`normalize`] builds matching forms (NFKC, case, ё/е, quotes, dashes,
//!   invisible characters); the text shown to users is never changed.
//! - [`structure`] finds paragraphs, headings and speaker turns.
//! - [`segment`] splits a paragraph into sentences (Russian, English, or
//!   language-neutral rules); [`headline`] cuts a headline run into the
//!   first sentence, from one text or with both texts of a pair in view;
//!   [`soft`] finds the places where a sentence may be cut after all,
//!   which the aligner takes when the other text supports them.
//! - [`tokenize`] yields words, numbers and punctuation with normalized forms.
//! - [`Document`] ties it together: a decoded text with its sentences.
//!
//! ```
//! use sverka_text::{Document, Lang};
//!
//! let doc = Document::from_text(
//!     "Вопрос: Когда? Т.е. в 2017 г. или позже?\n\nС.В.Лавров: В июне.".to_string(),
//!     Lang::Ru,
//! );
//! let sentences: Vec<&str> = doc.sentences.iter().map(|s| doc.sentence_text(s)).collect();
//! assert_eq!(sentences, ["Вопрос: Когда?", "Т.е. в 2017 г. или позже?", "С.В.Лавров: В июне."]);
//! assert_eq!(doc.sentences[2].speaker.as_deref(), Some("С.В.Лавров"));
//! ```
#![deny(missing_docs)]

pub mod chars;
pub mod decode;
mod document;
pub mod hash;
pub mod headline;
mod lang;
pub mod normalize;
pub mod segment;
pub mod soft;
pub mod structure;
mod token;

pub use decode::{check_text, decode, decode_markup, DecodeError, Decoded};
pub use document::{Document, Sentence};
pub use lang::Lang;
pub use soft::SoftBoundary;
pub use token::{tokenize, Token, TokenKind};
