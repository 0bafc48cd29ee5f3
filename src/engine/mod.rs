//! The engine: values and types, conversions and operators, scopes, errors, and the
//! resumable evaluator.

pub mod budget;
pub mod category_info;
pub mod clock;
pub mod command;
pub mod convert;
pub mod data_collection;
pub mod error;
pub mod globals;
pub mod interp;
pub mod job;
pub mod job_props;
pub mod journal;
pub mod live;
pub mod machine;
pub mod numfmt;
pub mod ops;
pub mod paths;
pub mod records;
pub mod runtime;
pub mod scheduler;
pub mod scope;
pub mod sort;
pub mod time;
pub mod types;
pub mod value;
