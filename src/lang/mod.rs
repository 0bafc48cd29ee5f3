//! The PowerShell language: source text, the syntax tree and the parser. Nothing here knows
//! about values or evaluation.

pub mod ast;
pub mod error;
pub mod parser;
pub mod source;
pub mod variables;

pub use error::ParseError;
pub use parser::{Syntax, parse_script, parse_script_with};
pub use source::{Source, Span};
