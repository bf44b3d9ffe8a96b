pub mod eval;
pub mod split;
