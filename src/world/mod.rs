//! The simulated computer. For now a small in-memory C: drive; the world issue grows it into
//! a whole Windows machine with its neighbours.

pub mod computer;
pub mod drive;
pub mod eventlog;
pub mod fs;
pub mod network;
pub mod processes;
pub mod registry;
pub mod services;
