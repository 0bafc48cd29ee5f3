//! The PowerShell language: source text, the syntax tree and the parser. Nothing here knows
//! about values or evaluation.

pub mod ast;
pub mod error;
pub mod parser;
pub mod source;

pub use error::ParseError;
pub use parser::parse_script;
pub use source::{Source, Span};
