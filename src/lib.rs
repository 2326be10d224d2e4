//! copydesk checks news articles as they are written: figures that disagree, paragraphs pasted
//! twice, sentences cut by a scraper, names written two ways.
//!
//! The crate is one engine with two front ends. [`analysis`] is pure: article text and
//! configuration in, findings out, in byte offsets. [`lsp`] serves it to editors over the
//! Language Server Protocol and [`cli`] runs it over files for pipelines. [`config`] and
//! [`files`] are shared by both front ends.
#![deny(clippy::print_stdout)]

pub mod analysis;
pub mod cli;
pub mod config;
pub mod files;
pub mod lsp;
