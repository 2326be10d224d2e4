//! The one integration-test binary: the built `copydesk` over stdio (`lsp`) and as a CLI (`cli`).

mod util;

mod cli;
mod corpus;
mod editors;
mod lsp;
