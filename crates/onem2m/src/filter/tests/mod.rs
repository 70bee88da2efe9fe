//! Tests of the query string parser and the filter evaluation.

mod matching;
mod parse;
mod props;
mod spec_tables;
